"""`roundtable import feedback`: Forms exports from the command line, all or nothing, exit codes."""

import json
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from roundtable.feedback.models import FeedbackComment, FeedbackImport, FeedbackResponse

MICROSOFT_HEADERS = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "What went well? (choose all that apply)",
    "What could be even better if…?",
    "How would you rate this session?",
]


def microsoft_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """A workbook laid out as Microsoft Forms' "Open in Excel" writes it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(MICROSOFT_HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def answered(number: int, plus: str, delta: str, rating: object) -> list[object]:
    at = datetime(2024, 5, 2, 10, number)
    return [number, at, at, "anonymous", "anonymous", plus, delta, rating]


def run(activity, path: Path, *flags: str) -> None:
    call_command(
        "import",
        "feedback",
        "--community",
        activity.community.slug,
        "--activity",
        str(activity.pk),
        str(path),
        *flags,
    )


def test_a_microsoft_forms_workbook_is_previewed_then_imported_once(
    past_activity, tmp_path, capsys
) -> None:
    path = microsoft_xlsx(
        tmp_path / "Feedback(1-3).xlsx",
        [
            answered(1, "Pairs;Demos;", "Start on time", 5),
            answered(2, "", "More examples, please", 4),
            answered(3, "Pairs;", "", None),
        ],
    )
    run(past_activity, path, "--dry-run", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["format"] == "microsoft-forms"
    assert printed["mapping"] == {
        "plus": "What went well? (choose all that apply)",
        "delta": "What could be even better if…?",
        "rating": "How would you rate this session?",
    }
    assert (printed["rows"], printed["pluses"], printed["deltas"], printed["ratings"]) == (
        3,
        2,
        2,
        2,
    )
    assert printed["problems"] == [] and printed["imported"] == 0
    assert printed["left_out_columns"] == MICROSOFT_HEADERS[:5]
    assert not FeedbackResponse.objects.exists() and not FeedbackImport.objects.exists()

    run(past_activity, path)
    assert "Imported 3 responses" in capsys.readouterr().out
    assert FeedbackResponse.objects.filter(activity=past_activity).count() == 3
    pluses = set(FeedbackComment.objects.filter(kind="plus").values_list("text", flat=True))
    assert pluses == {"Pairs; Demos", "Pairs"}  # checkbox answers, without the trailing ";"
    assert sorted(r for r in FeedbackResponse.objects.values_list("rating", flat=True) if r) == [
        4,
        5,
    ]
    assert not FeedbackResponse.objects.exclude(respondent_name="").exists()

    run(past_activity, path, "--json")
    again = json.loads(capsys.readouterr().out)
    assert again["already_imported"] is True and again["imported"] == 0
    assert FeedbackResponse.objects.count() == 3


def test_a_google_forms_csv_leaves_the_optional_email_out(past_activity, tmp_path, capsys) -> None:
    path = tmp_path / "Session feedback (Responses) - Form responses 1.csv"
    path.write_text(
        "Timestamp,Email Address (optional),What did you like most?,What would you change?,"
        "Rate the session (1-5),Which topics? \n"
        '2024/05/02 10:01:00 AM GMT+2,ana@example.org,"The pairs, really",Shorter talks,5,'
        '"Leaks, Pumps"\n'
        "2024/05/02 10:03:00 AM GMT+2,,,More time,4 - Good,Pumps\n",
        encoding="utf-8",
    )
    run(past_activity, path, "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["format"] == "google-forms"
    assert "Email Address (optional)" in printed["left_out_columns"]
    assert printed["not_imported_columns"] == ["Which topics?"]
    assert printed["imported"] == 2
    assert FeedbackComment.objects.filter(kind="plus").get().text == "The pairs, really"
    assert "ana@example.org" not in json.dumps(list(FeedbackComment.objects.values("text")))


def test_invalid_rows_are_listed_and_nothing_is_written(past_activity, tmp_path, capsys) -> None:
    path = tmp_path / "forms.csv"
    path.write_text(
        "Id,Start time,Completion time,Email,Name,Plus,Delta,Rating\n"
        "1,5/2/24 10:00:00,5/2/24 10:01:00,anonymous,,Good,,4\n"
        "2,5/2/24 10:02:00,5/2/24 10:03:00,anonymous,,Fine,,9\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        run(past_activity, path, "--json")
    assert refused.value.returncode == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["format"] == "microsoft-forms"  # "Id" is Microsoft's ID column too
    assert printed["problems"] == [
        {
            "line": 3,
            "field": "rating",
            "column": "Rating",
            "message": "the rating “9” is not between 1 and 5",
        }
    ]
    assert not FeedbackResponse.objects.exists() and not FeedbackImport.objects.exists()


def test_columns_that_cannot_be_guessed_are_named(past_activity, tmp_path) -> None:
    path = tmp_path / "forms.csv"
    path.write_text("Timestamp,Q1,Q2\n2024/05/02 10:01:00,Loved it,3\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(past_activity, path)
    assert refused.value.returncode == 1
    message = str(refused.value)
    assert "forms.csv" in message and "“Q1”, “Q2”" in message and "rating" in message.lower()
    assert not FeedbackImport.objects.exists()


def test_a_file_that_is_not_a_forms_export_exits_2(past_activity, tmp_path) -> None:
    path = tmp_path / "members.csv"
    path.write_text("Full name,E-mail,What went well\nAna,ana@example.org,All\n")
    with pytest.raises(CommandError) as refused:
        run(past_activity, path)
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert "members.csv" in message and "“Full name”" in message
    assert "Microsoft Forms" in message and "Google Forms" in message
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError) as refused:
        run(past_activity, empty)
    assert refused.value.returncode == 2 and "empty.csv" in str(refused.value)
    assert not FeedbackImport.objects.exists()


def test_an_activity_of_another_community_is_not_found(
    past_activity, other_community, tmp_path
) -> None:
    path = microsoft_xlsx(tmp_path / "f.xlsx", [answered(1, "Good", "", 4)])
    with pytest.raises(CommandError, match="There is no activity"):
        call_command(
            "import",
            "feedback",
            "--community",
            other_community.slug,
            "--activity",
            str(past_activity.pk),
            str(path),
        )
    assert not FeedbackResponse.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    past_activity, tmp_path, monkeypatch
) -> None:
    path = microsoft_xlsx(tmp_path / "big.xlsx", [answered(1, "Good", "", 4)])
    monkeypatch.setattr("roundtable.feedback.services.MAX_IMPORT_BYTES", path.stat().st_size - 1)
    with pytest.raises(CommandError, match="big.xlsx is larger than"):
        run(past_activity, path)
    assert not FeedbackImport.objects.exists()
