"""Whatever bytes arrive, reading them gives items or an ExportError, never another error."""

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roundtable.domain.conversations import ExportError, read_conversations, read_slack
from tests.domain.conversations.slack_builder import export_files, message, write_zip

SAMPLE = Path(__file__).parents[2] / "data" / "slack" / "testarchive.zip"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_all(path: Path) -> None:
    try:
        export = read_conversations(path)
        list(export.authors())
        list(export.items())
    except ExportError as error:
        assert str(error)


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".zip", ".json", ".csv", ".csv.gz"]))
def test_random_bytes(tmp_path_factory, data: bytes, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("random") / f"export{suffix}"
    path.write_bytes(data)
    _read_all(path)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=SAMPLE.stat().st_size - 1))
def test_truncated_real_export(tmp_path_factory, cut: int) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cut") / "testarchive.zip"
    path.write_bytes(SAMPLE.read_bytes()[:cut])
    _read_all(path)


@FUZZ
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
def test_one_damaged_byte_in_the_real_export(tmp_path_factory, position: int, value: int) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(SAMPLE.read_bytes())
    data[position % len(data)] = value
    path = tmp_path_factory.mktemp("byte") / "testarchive.zip"
    path.write_bytes(bytes(data))
    _read_all(path)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "user", "ts", "text", "subtype", "thread_ts", "name", "is_bot"]),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@FUZZ
@given(users=_json, channels=_json, day=_json)
def test_strange_json_in_a_slack_export(tmp_path_factory, users, channels, day) -> None:  # type: ignore[no-untyped-def]
    files = export_files({"general/2023-11-14.json": [message("U01", "1.0")]})
    files["users.json"] = json.dumps(users).encode()
    files["channels.json"] = json.dumps(channels).encode()
    files["general/2023-11-15.json"] = json.dumps(day).encode()
    path = write_zip(tmp_path_factory.mktemp("json") / "export.zip", files)
    try:
        export = read_slack(path)
        list(export.items())
    except ExportError as error:
        assert str(error)
