"""Reading Discourse: the admin user-list CSV export and topics/posts JSON from its API."""

import gzip
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from roundtable.domain.conversations import (
    Author,
    Contribution,
    ExportError,
    Interaction,
    Problem,
    read_discourse,
)

DATA = Path(__file__).parents[2] / "data" / "discourse"
HEADER = (
    "id,name,username,email,title,created_at,last_seen_at,last_posted_at,last_emailed_at,"
    "trust_level,approved,suspended_at,suspended_till,silenced_till,active,admin,moderator,"
    "ip_address,staged,secondary_emails,topics_entered,posts_read_count,time_read,topic_count,"
    "post_count,likes_given,likes_received,location,website,views,group_names\n"
)
ROWS = (
    "-1,system,system,no_email,,2024-01-01 00:00:00 UTC,,,,4,,,,,true,true,true,,false,,0,0,0,"
    "0,0,0,0,,,0,\n"
    '1,"""Smith, Jane""",jane,Jane.Smith@Example.org,"""Lead, water""",2024-01-02 10:00:00 UTC,'
    ',,,2,,,,,true,false,false,,false,,5,20,300,2,9,1,4,"""Nairobi, Kenya""",,3,staff\n'
    "2,Omar Haddad,omar,omar@example.org,,2024-01-03 10:00:00 UTC,,,,1,,,,,true,false,false,,"
    "false,,1,2,30,0,1,0,0,,,0,\n"
    "3,Nobody,,nobody@example.org,,,,,,,,,,,,,,,,,,,,,,,,,,,\n"
)


def _post(ident: int, username: str, number: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "username": username,
        "name": username.title(),
        "user_id": ident + 100,
        "created_at": "2024-03-01T09:30:00.000Z",
        "post_number": number,
        "post_type": 1,
        "reply_to_post_number": None,
        "topic_id": 7,
        "topic_slug": "leak-detection",
        "topic_title": "Leak detection",
        "raw": f"post {ident}",
        **fields,
    }


def _write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value))
    return path


@pytest.fixture
def user_list(tmp_path: Path) -> Path:
    path = tmp_path / "user-list-240301-093000-1.csv"
    path.write_text(HEADER + ROWS)
    return path


# -- the user list -------------------------------------------------------------------------------


def test_user_list_with_extra_quoted_cells(user_list: Path) -> None:
    export = read_discourse([user_list])

    assert export.format == "discourse"
    assert export.authors() == [
        Author("discourse:jane", "Smith, Jane", "jane.smith@example.org", "jane"),
        Author("discourse:omar", "Omar Haddad", "omar@example.org", "omar"),
    ]
    assert export.problems == [Problem(user_list.name, "line 5", "no username; skipped")]


def test_user_list_zipped_as_discourse_sends_it(tmp_path: Path) -> None:
    path = tmp_path / "user-list-240301-093000-1.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("user-list-240301-093000.csv", HEADER + ROWS)

    assert [author.username for author in read_discourse([path]).authors()] == ["jane", "omar"]


def test_user_list_gzipped_by_older_versions(tmp_path: Path) -> None:
    path = tmp_path / "user-list-170301-093000-1.csv.gz"
    path.write_bytes(gzip.compress((HEADER + ROWS).encode()))

    assert [author.username for author in read_discourse([path]).authors()] == ["jane", "omar"]


def test_csv_that_is_not_a_user_list(tmp_path: Path) -> None:
    path = tmp_path / "attendance.csv"
    path.write_text("Name,Email,Join time\nAna,ana@example.org,10:00\n")

    with pytest.raises(ExportError, match=r"attendance\.csv, line 1: not a Discourse user list"):
        read_discourse([path])


def test_user_list_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    path.write_bytes(HEADER.encode() + "1,Jos\xe9,jose,j@example.org\n".encode("latin-1"))

    with pytest.raises(ExportError, match=r"users\.csv is not UTF-8 text"):
        read_discourse([path])


# -- posts ----------------------------------------------------------------------------------------


QUESTION = "Who has tried loggers? @omar, @Omar and @nobody9"
THANKS = "thanks @jane. email me at omar@example.org"


def test_topic_and_posts_with_replies_and_mentions(tmp_path: Path, user_list: Path) -> None:
    topic = {
        "id": 7,
        "title": "Leak detection with acoustic loggers",
        "post_stream": {
            "posts": [
                _post(70, "jane", 1, raw=QUESTION),
                _post(71, "omar", 2, reply_to_post_number=1),
                _post(72, "jane", 3, reply_to_post_number=2, reply_to_user={"username": "omar"}),
                _post(73, "jane", 4, post_type=3, raw="closed this topic"),
                _post(74, "system", 5, user_id=-1),
                _post(75, "omar", 6, raw=THANKS),
            ]
        },
    }
    export = read_discourse([user_list, _write(tmp_path / "t-7.json", topic)])
    items = list(export.items())

    at = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert items == [
        Contribution(
            "discourse:post:70", "discourse:jane", topic["title"], at, "topic", len(QUESTION)
        ),
        Interaction(
            "discourse:post:70>discourse:omar>mention",
            "discourse:jane",
            "discourse:omar",
            "mention",
            at,
        ),
        Contribution("discourse:post:71", "discourse:omar", topic["title"], at, "post", 7),
        Interaction(
            "discourse:post:71>discourse:jane>reply",
            "discourse:omar",
            "discourse:jane",
            "reply",
            at,
        ),
        Contribution("discourse:post:72", "discourse:jane", topic["title"], at, "post", 7),
        Interaction(
            "discourse:post:72>discourse:omar>reply",
            "discourse:jane",
            "discourse:omar",
            "reply",
            at,
        ),
        Contribution(
            "discourse:post:75", "discourse:omar", topic["title"], at, "post", len(THANKS)
        ),
        Interaction(
            "discourse:post:75>discourse:jane>mention",
            "discourse:omar",
            "discourse:jane",
            "mention",
            at,
        ),
    ]
    assert export.problems == [Problem(user_list.name, "line 5", "no username; skipped")]


def test_latest_posts_take_titles_and_authors_from_each_other(tmp_path: Path) -> None:
    latest = {
        "latest_posts": [_post(81, "ana", 2, reply_to_post_number=1, topic_id=8, topic_title=None)]
    }
    first = [
        _post(
            80, "lars", 1, topic_id=8, topic_title="Tariffs", created_at="2024-03-01T10:30:00+01:00"
        )
    ]
    export = read_discourse(
        [_write(tmp_path / "posts.json", latest), _write(tmp_path / "list.json", first)]
    )
    items = list(export.items())

    assert sorted(author.key for author in export.authors()) == [
        "discourse:ana",
        "discourse:lars",
    ]
    assert [(item.key, getattr(item, "channel", item.kind)) for item in items] == [
        ("discourse:post:81", "Tariffs"),
        ("discourse:post:81>discourse:lars>reply", "reply"),
        ("discourse:post:80", "Tariffs"),
    ]
    assert items[2].at == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def test_cooked_mentions_when_raw_is_absent(tmp_path: Path) -> None:
    post = _post(90, "ana", 2, raw=None)
    del post["raw"]
    post["cooked"] = '<p>Ask <a class="mention" href="/u/lars">@lars</a> &amp; co</p>'
    other = _post(91, "lars", 1)
    export = read_discourse([_write(tmp_path / "posts.json", [post, other])])
    items = list(export.items())

    assert [item.key for item in items][:2] == [
        "discourse:post:90",
        "discourse:post:90>discourse:lars>mention",
    ]
    assert items[0].chars == len("Ask @lars & co")  # type: ignore[union-attr]


def test_posts_missing_fields_are_problems(tmp_path: Path) -> None:
    bad = _post(95, "ana", 2, created_at="yesterday")
    del bad["topic_id"]
    path = _write(tmp_path / "posts.json", [bad, _post(96, "ana", 3)])
    export = read_discourse([path])

    assert [item.key for item in export.items()] == ["discourse:post:96"]
    assert export.problems == [
        Problem("posts.json", "post 95", "missing or invalid topic_id, created_at; skipped")
    ]


def test_real_api_responses() -> None:
    export = read_discourse(
        [
            DATA / "user_list.json",
            DATA / "topic.json",
            DATA / "topic_posts.json",
            DATA / "posts_latest.json",
            DATA / "post.json",
        ]
    )
    items = list(export.items())

    # topic.json: 4 posts, one of them the "now pinned" notice; topic_posts.json: 1 post;
    # posts_latest.json: 4 posts, two by the system user; post.json: the system user's.
    contributions = [item for item in items if isinstance(item, Contribution)]
    assert [(c.key, c.kind) for c in contributions] == [
        ("discourse:post:83", "topic"),
        ("discourse:post:86", "post"),
        ("discourse:post:226", "post"),
        ("discourse:post:123456", "post"),
        ("discourse:post:15", "post"),
        ("discourse:post:14", "topic"),
    ]
    assert contributions[0].channel == "THIS SITE IS A SANDBOX -- it is reset every day"
    assert contributions[3].channel == contributions[0].channel  # same topic, title learnt
    assert [(i.source, i.target) for i in items if isinstance(i, Interaction)] == [
        ("discourse:splattne", "discourse:samsaffron")
    ]
    emails = {author.username: author.email for author in export.authors()}
    assert emails["test_user"] == "batman@gotham.com"
    assert emails["samsaffron"] == ""


# -- files that cannot be read -------------------------------------------------------------------


def test_json_that_is_not_posts(tmp_path: Path) -> None:
    path = _write(tmp_path / "badges.json", {"badges": []})

    with pytest.raises(ExportError, match=r"badges\.json: not a Discourse topic or posts file"):
        read_discourse([path])


def test_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "t-7.json"
    path.write_text("<html>Rate limited</html>")

    with pytest.raises(ExportError, match=r"t-7\.json is not valid JSON"):
        read_discourse([path])


def test_no_files() -> None:
    with pytest.raises(ExportError, match="No Discourse file given"):
        read_discourse([])


def test_label_names_the_first_files(tmp_path: Path) -> None:
    paths = [_write(tmp_path / f"t-{n}.json", [_post(n, "ana", 1, topic_id=n)]) for n in range(5)]

    assert read_discourse(paths).label == "Discourse t-0.json, t-1.json, t-2.json and 2 more files"


def test_user_list_zip_without_one_csv(tmp_path: Path) -> None:
    path = tmp_path / "user-list.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", HEADER)
        archive.writestr("b.csv", HEADER)

    with pytest.raises(ExportError, match=r"user-list\.zip: expected .* one \.csv file; found 2"):
        read_discourse([path])


def test_user_list_gzip_that_is_truncated(tmp_path: Path) -> None:
    path = tmp_path / "user-list.csv.gz"
    path.write_bytes(gzip.compress((HEADER + ROWS * 50).encode())[:200])

    with pytest.raises(ExportError, match=r"user-list\.csv\.gz cannot be read"):
        read_discourse([path])


def test_user_listed_in_admin_json_with_bots_left_out(tmp_path: Path) -> None:
    users = [
        {"id": -1, "username": "system", "email": "no_email"},
        {"id": 4, "username": "Ana", "name": "Ana Lima", "email": "ANA@example.org"},
    ]
    export = read_discourse([_write(tmp_path / "active.json", users)])

    assert export.authors() == [Author("discourse:ana", "Ana Lima", "ana@example.org", "Ana")]


def test_user_list_with_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    huge = "x" * 200_000
    path.write_text(HEADER + f"2,Omar,omar,omar@example.org\n3,{huge},bad,b@example.org\n")

    with pytest.raises(ExportError, match=r"users\.csv, line 3: field larger than field limit"):
        read_discourse([path])


def test_cooked_mentions_come_first_when_both_are_there(tmp_path: Path) -> None:
    post = _post(92, "ana", 2, raw="see `@lars` in code, ask @j\u00f6rg")
    post["cooked"] = (
        '<p>see <code>@lars</code> in code, ask <a class="mention" href="/forum/u/j%C3%B6rg">'
        "@jörg</a></p>"
    )
    others = [_post(93, "lars", 1), _post(94, "Jörg", 3)]
    export = read_discourse([_write(tmp_path / "posts.json", [post, *others])])

    mentions = [item for item in export.items() if isinstance(item, Interaction)]

    assert [(m.source, m.target) for m in mentions] == [("discourse:ana", "discourse:jörg")]
