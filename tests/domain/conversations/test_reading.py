"""Recognising Slack and Discourse exports from what they hold."""

import json
import zipfile
from pathlib import Path

import pytest

from roundtable.domain.conversations import ExportError, read_conversations
from tests.domain.conversations.slack_builder import export_files, message, write_folder, write_zip

DATA = Path(__file__).parents[2] / "data"


def test_slack_zip_whatever_its_name(tmp_path: Path) -> None:
    renamed = tmp_path / "download (3)"
    renamed.write_bytes((DATA / "slack" / "testarchive.zip").read_bytes())

    assert read_conversations(renamed).format == "slack"


def test_slack_folder_given_alone_or_in_a_list(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "export", export_files({"general/2023-11-14.json": []}))

    assert read_conversations(folder).format == "slack"
    assert read_conversations([folder]).format == "slack"


def test_discourse_files(tmp_path: Path) -> None:
    export = read_conversations(
        [DATA / "discourse" / "topic.json", DATA / "discourse" / "post.json"]
    )

    assert export.format == "discourse"
    assert export.label == "Discourse topic.json, post.json"


def test_slack_with_other_files_is_refused(tmp_path: Path) -> None:
    slack = write_zip(tmp_path / "slack.zip", export_files({}))

    with pytest.raises(ExportError, match=r"slack\.zip is a Slack export: give it alone"):
        read_conversations([slack, DATA / "discourse" / "topic.json"])


def test_zip_of_neither(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("IMG_0001.jpg", b"\xff\xd8")

    with pytest.raises(
        ExportError, match=r"photos\.zip is neither a Slack export \(no users\.json in it\) nor"
    ):
        read_conversations(path)


def test_folder_of_neither(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.json").write_text(json.dumps({"hello": "world"}))

    with pytest.raises(ExportError, match=r"notes is neither a Slack export"):
        read_conversations(tmp_path / "notes")


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"gone\.zip: no such file or folder"):
        read_conversations(tmp_path / "gone.zip")


def test_slack_items_through_the_recogniser(tmp_path: Path) -> None:
    files = export_files({"general/2023-11-14.json": [message("U01", "1.0")]})
    export = read_conversations(write_zip(tmp_path / "x.zip", files))

    assert [item.key for item in export.items()] == ["slack:C01:1.0"]


def test_discourse_user_list_zip(tmp_path: Path) -> None:
    path = tmp_path / "user-list-240301-093000-1.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "user-list-240301-093000.csv", "id,name,username,email\n5,Ana,ana,a@x.org\n"
        )

    export = read_conversations(path)

    assert (export.format, [a.key for a in export.authors()]) == ("discourse", ["discourse:ana"])
