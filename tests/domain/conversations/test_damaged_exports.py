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


_post_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "username",
                    "user_id",
                    "created_at",
                    "post_number",
                    "post_type",
                    "reply_to_post_number",
                    "reply_to_user",
                    "topic_id",
                    "raw",
                    "cooked",
                    "post_stream",
                    "posts",
                    "latest_posts",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@FUZZ
@given(value=_post_json)
def test_strange_json_as_discourse_posts(tmp_path_factory, value) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("posts") / "posts.json"
    path.write_text(json.dumps(value))
    _read_all(path)


_VALID_POST = {
    "id": 5,
    "username": "ana",
    "user_id": 3,
    "created_at": "2024-03-01T09:30:00Z",
    "post_number": 2,
    "post_type": 1,
    "reply_to_post_number": 1,
    "reply_to_user": {"username": "lars"},
    "topic_id": 7,
    "topic_title": "Tariffs",
    "raw": "hello @lars",
}


@FUZZ
@given(field=st.sampled_from(sorted(_VALID_POST)), value=_post_json)
def test_one_strange_field_in_a_discourse_post(tmp_path_factory, field: str, value) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("post") / "posts.json"
    path.write_text(json.dumps({"latest_posts": [{**_VALID_POST, field: value}]}))
    _read_all(path)


@FUZZ
@given(
    field=st.sampled_from(["user", "ts", "text", "subtype", "thread_ts", "parent_user_id"]),
    value=_json,
)
def test_one_strange_field_in_a_slack_message(tmp_path_factory, field: str, value) -> None:  # type: ignore[no-untyped-def]
    day = [{**message("U01", "1.0", thread_ts="0.5", parent_user_id="U02"), field: value}]
    path = write_zip(
        tmp_path_factory.mktemp("msg") / "export.zip",
        export_files({"general/2023-11-14.json": day}),
    )
    _read_all(path)
