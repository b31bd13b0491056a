"""Reading Slack workspace exports: the real sample, and hand-built ones as ZIP and folder."""

import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from roundtable.domain.conversations import (
    Author,
    Contribution,
    ExportError,
    Interaction,
    Problem,
    read_slack,
)
from tests.domain.conversations.slack_builder import (
    GENERAL,
    export_files,
    message,
    write_folder,
    write_zip,
)

SAMPLE = Path(__file__).parents[2] / "data" / "slack" / "testarchive.zip"


def _kinds(items: list[Contribution | Interaction]) -> Counter[tuple[str, str]]:
    return Counter((type(item).__name__, item.kind) for item in items)


@pytest.fixture(params=["zip", "folder"])
def build(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Writes an export's files as a ZIP or as a folder and opens it."""

    def opened(files: dict[str, bytes]):  # type: ignore[no-untyped-def]
        if request.param == "zip":
            return read_slack(write_zip(tmp_path / "export.zip", files))
        return read_slack(write_folder(tmp_path / "export", files))

    return opened


# -- the real export ------------------------------------------------------------------------------


def test_real_export_people_and_counts() -> None:
    export = read_slack(SAMPLE)
    items = list(export.items())

    assert export.format == "slack"
    assert sorted(author.username for author in export.authors()) == [
        "abilinski",
        "doubledeez",
        "hamza",
        "heroeshannibal",
    ]
    # 158 messages: 94 bot posts, 8 joins, 3 integrations added and one file comment are not
    # contributions; 49 plain messages and 3 file shares are. 14 messages mention someone else
    # (the file shares' "<@U…> uploaded a file" mention their own author).
    assert _kinds(items) == {("Contribution", "message"): 52, ("Interaction", "mention"): 14}
    assert export.problems == []


def test_real_export_first_message() -> None:
    first = next(iter(read_slack(SAMPLE).items()))

    assert first == Contribution(
        key="slack:C0JGLMMNX:1452837352.000006",
        author="slack:U0BMQB6JE",
        channel="enrique",
        at=datetime(2016, 1, 15, 5, 55, 52, 6, tzinfo=UTC),
        kind="message",
        chars=len(
            "<@U0BMYT2FL>: Created an issue for a setup.py so that it can be installed to a "
            "standard place"
        ),
    )


def test_real_export_unzipped_reads_the_same(tmp_path: Path) -> None:
    with zipfile.ZipFile(SAMPLE) as archive:
        archive.extractall(tmp_path / "unzipped")  # noqa: S202 -- our own test file

    assert list(read_slack(tmp_path / "unzipped").items()) == list(read_slack(SAMPLE).items())


# -- people -------------------------------------------------------------------------------------


def test_people_with_names_and_emails_and_no_bots(build) -> None:  # type: ignore[no-untyped-def]
    export = build(export_files({}))

    assert export.authors() == [
        Author("slack:U01", "Alice Okafor", "alice@example.org", "alice"),
        Author("slack:U02", "Bob Nair", "bob@example.org", "bob"),
        Author("slack:U03", "carla", "", "carla"),
    ]


# -- what counts --------------------------------------------------------------------------------


def test_subtypes_and_bots(build) -> None:  # type: ignore[no-untyped-def]
    day = [
        message("U01", "1700000000.000100", "plain"),
        message("U01", "1700000001.000100", "joined", subtype="channel_join"),
        message("U01", "1700000002.000100", "topic", subtype="channel_topic"),
        message("U01", "1700000003.000100", "pinned", subtype="pinned_item"),
        message(None, "1700000004.000100", "ci passed", subtype="bot_message", bot_id="B1"),
        message("U09", "1700000005.000100", "bot as user"),
        message("USLACKBOT", "1700000006.000100", "reminder"),
        message("U02", "1700000007.000100", "a file", subtype="file_share"),
        message("U02", "1700000008.000100", "waves", subtype="me_message"),
    ]
    export = build(export_files({"general/2023-11-14.json": day}))
    items = list(export.items())

    assert [(item.author, item.chars) for item in items if isinstance(item, Contribution)] == [
        ("slack:U01", 5),
        ("slack:U02", 6),
        ("slack:U02", 5),
    ]
    assert export.problems == []


def test_thread_replies_answer_the_thread_starter(build) -> None:  # type: ignore[no-untyped-def]
    day_one = [
        message("U01", "1700000000.000100", "question", thread_ts="1700000000.000100"),
        message("U01", "1700000050.000100", "not a thread"),
    ]
    day_two = [
        message("U02", "1700090000.000100", "answer", thread_ts="1700000000.000100"),
        message("U01", "1700090001.000100", "thanks", thread_ts="1700000000.000100"),
        message(
            "U03",
            "1700090002.000100",
            "also to channel",
            thread_ts="1700000000.000100",
            subtype="thread_broadcast",
        ),
        # The thread's start is outside the export; parent_user_id still names its author.
        message("U02", "1700090003.000100", "late", thread_ts="1600000000.1", parent_user_id="U01"),
        # Neither the start nor parent_user_id: the reply counts, the interaction cannot be known.
        message("U02", "1700090004.000100", "lost", thread_ts="1600000000.2"),
    ]
    export = build(
        export_files({"general/2023-11-14.json": day_one, "general/2023-11-15.json": day_two})
    )
    items = list(export.items())

    replies = [item for item in items if isinstance(item, Interaction)]
    assert [(r.source, r.target, r.kind) for r in replies] == [
        ("slack:U02", "slack:U01", "reply"),
        ("slack:U03", "slack:U01", "reply"),
        ("slack:U02", "slack:U01", "reply"),
    ]
    assert replies[0].key == "slack:C01:1700090000.000100>slack:U01>reply"
    assert replies[0].at == datetime(2023, 11, 15, 23, 13, 20, 100, tzinfo=UTC)
    assert [item.kind for item in items if isinstance(item, Contribution)] == [
        "message",
        "message",
        "reply",
        "reply",
        "reply",
        "reply",
        "reply",
    ]


def test_mentions_of_people_not_of_self_or_bots(build) -> None:  # type: ignore[no-untyped-def]
    text = "<@U02> and <@U03|carla>, <@U02> again, me <@U01>, bot <@U09>, stranger <@U77>"
    export = build(export_files({"general/2023-11-14.json": [message("U01", "1.5", text)]}))

    mentions = [item for item in export.items() if isinstance(item, Interaction)]

    assert [(m.source, m.target, m.kind) for m in mentions] == [
        ("slack:U01", "slack:U02", "mention"),
        ("slack:U01", "slack:U03", "mention"),
    ]
    assert len({mention.key for mention in mentions}) == 2


def test_private_channels_group_and_direct_messages(build) -> None:  # type: ignore[no-untyped-def]
    files = export_files(
        {
            "general/2023-11-14.json": [message("U01", "1.0")],
            "design-team/2023-11-14.json": [message("U02", "2.0")],
            "mpdm-alice--bob-1/2023-11-14.json": [message("U01", "3.0")],
            "D0123/2023-11-14.json": [message("U02", "4.0")],
        },
        extra={
            "groups.json": [{"id": "G01", "name": "design-team"}],
            "mpims.json": [{"id": "G02", "name": "mpdm-alice--bob-1"}],
            "dms.json": [{"id": "D0123", "members": ["U01", "U02"]}],
        },
    )
    items = list(build(files).items())

    assert [(item.key, item.channel) for item in items] == [
        ("slack:C01:1.0", "general"),
        ("slack:G01:2.0", "design-team"),
        ("slack:G02:3.0", "mpdm-alice--bob-1"),
        ("slack:D0123:4.0", "direct message"),
    ]


def test_entries_that_cannot_be_read_are_problems(build) -> None:  # type: ignore[no-untyped-def]
    files = export_files(
        {
            "general/2023-11-14.json": [
                message("U01", "yesterday"),
                message(None, "1.0"),
                message("U55", "2.0"),
                "not a message",
                message("U02", "3.0"),
                message("U55", "4.0"),
                message("U66", "5.0"),
            ],
            "general/2023-11-15.json": {"not": "a list"},
        }
    )
    files["general/2023-11-16.json"] = b"[{broken"
    export = build(files)

    assert [item.key for item in export.items()] == ["slack:C01:3.0"]
    assert export.problems == [
        Problem(
            "general/2023-11-14.json",
            "message 1 (ts yesterday)",
            ("ts 'yesterday' is not a Slack timestamp"),
        ),
        Problem("general/2023-11-14.json", "message 2 (ts 1.0)", "has no user; skipped"),
        Problem("general/2023-11-14.json", "message 4", "not a message object"),
        Problem(
            "general/2023-11-14.json", "messages 3, 6", "user U55 is not in the user list; skipped"
        ),
        Problem(
            "general/2023-11-14.json", "message 7", "user U66 is not in the user list; skipped"
        ),
        Problem("general/2023-11-15.json", "", "should hold a list of messages; skipped"),
        Problem(
            "general/2023-11-16.json",
            "",
            "not valid JSON (Expecting property name enclosed in double quotes: line 1 column 3 "
            "(char 2)); file skipped",
        ),
    ]
    list(export.items())
    assert len(export.problems) == 7  # a second reading starts afresh


def test_zip_with_the_export_in_a_folder(tmp_path: Path) -> None:
    files = export_files({"general/2023-11-14.json": [message("U01", "1.0")]})
    export = read_slack(write_zip(tmp_path / "export.zip", files, prefix="My Workspace Slack/"))

    assert [item.key for item in export.items()] == ["slack:C01:1.0"]


def test_folder_not_in_any_list_is_still_read(build) -> None:  # type: ignore[no-untyped-def]
    files = export_files({"random/2023-11-14.json": [message("U01", "1.0")]}, channels=[])

    assert [(i.key, i.channel) for i in build(files).items()] == [("slack:random:1.0", "random")]


def test_stream_is_lazy(build) -> None:  # type: ignore[no-untyped-def]
    files = export_files({"general/2023-11-14.json": [message("U01", "1.0")]})
    files["general/2023-11-15.json"] = b"[{broken"
    export = build(files)
    items = export.items()

    assert next(items).key == "slack:C01:1.0"
    assert export.problems == []  # the second day is not read yet


# -- exports that cannot be read -------------------------------------------------------------------


def test_missing_users_json(build) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExportError, match=r"is not a Slack export: it has no users\.json"):
        build(export_files({"general/2023-11-14.json": []}, users=None))


def test_users_json_that_is_not_a_list(build) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExportError, match=r"users\.json should hold a list of users, found dict"):
        build(export_files({}, users={"members": []}))


def test_channels_json_that_is_not_json(tmp_path: Path) -> None:
    files = export_files({})
    files["channels.json"] = b"\xff\xfe garbage"
    with pytest.raises(ExportError, match=r"export\.zip: channels\.json is not valid JSON"):
        read_slack(write_zip(tmp_path / "export.zip", files))


def test_truncated_zip(tmp_path: Path) -> None:
    truncated = tmp_path / "testarchive.zip"
    truncated.write_bytes(SAMPLE.read_bytes()[:20_000])

    with pytest.raises(ExportError, match=r"testarchive\.zip is not a readable ZIP archive"):
        read_slack(truncated)


def test_zip_of_something_else(tmp_path: Path) -> None:
    other = write_zip(tmp_path / "photos.zip", {"IMG_0001.jpg": b"\xff\xd8\xff"})

    with pytest.raises(ExportError, match=r"photos\.zip is not a Slack export"):
        read_slack(other)


def test_damaged_member_is_an_export_error(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "export.zip",
        export_files({"general/2023-11-14.json": [message("U01", "1.0", "x" * 5000)]}),
    )
    data = bytearray(path.read_bytes())
    start = data.index(b"general/2023-11-14.json") + len("general/2023-11-14.json")
    data[start + 10 : start + 40] = b"\x00" * 30  # inside the day file's compressed bytes
    path.write_bytes(bytes(data))
    export = read_slack(path)

    with pytest.raises(ExportError, match=r"general/2023-11-14\.json cannot be read from the arc"):
        list(export.items())


def test_no_such_path(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"missing\.zip: no such file or folder"):
        read_slack(tmp_path / "missing.zip")


def test_channel_list_entries_without_id_are_problems(build) -> None:  # type: ignore[no-untyped-def]
    export = build(export_files({}, channels=[GENERAL, {"name": "no-id"}]))

    assert export.problems == [Problem("channels.json", "entry 2", "no id; skipped")]


def test_users_without_id_are_problems(tmp_path: Path) -> None:
    files = export_files({}, users=[{"id": "U01", "name": "alice"}, {"name": "no id"}])
    export = read_slack(write_zip(tmp_path / "export.zip", files, prefix="Workspace/"))

    assert [author.key for author in export.authors()] == ["slack:U01"]
    assert export.problems == [Problem("users.json", "user 2", "no user id; skipped")]


def test_enterprise_grid_user_list(tmp_path: Path) -> None:
    files = export_files({"general/2023-11-14.json": [message("U01", "1.0")]})
    files["org_users.json"] = files.pop("users.json")
    export = read_slack(write_zip(tmp_path / "grid.zip", files))

    assert [author.key for author in export.authors()][:2] == ["slack:U01", "slack:U02"]
    assert [item.key for item in export.items()] == ["slack:C01:1.0"]


def test_many_messages_by_a_stranger_make_one_problem(tmp_path: Path) -> None:
    day = [message("U55", f"{n}.0") for n in range(1, 9)]
    export = read_slack(
        write_zip(tmp_path / "x.zip", export_files({"general/2023-11-14.json": day}))
    )
    list(export.items())

    assert export.problems == [
        Problem(
            "general/2023-11-14.json",
            "messages 1, 2, 3, 4, 5 and 3 more",
            "user U55 is not in the user list; skipped",
        )
    ]
