"""Recognising Google Forms and Microsoft Forms columns, and validating their rows."""

import pytest

from roundtable.domain.feedback_rows import (
    answer_text,
    form_of,
    guess_mapping,
    mapping_problem,
    rating_of,
    rows_read,
    unused_columns,
)

GOOGLE = [
    "Timestamp",
    "Email Address",
    "What went well?",
    "What could be even better if…?",
    "How would you rate this session? (1-5)",
    "One thing I will do next",
    "Which country are you from?",
]
MICROSOFT = ["ID", "Start time", "Completion time", "Email", "Name", "Plus", "Delta", "Rating"]


def test_google_forms_headers() -> None:
    mapping = guess_mapping(GOOGLE)
    assert mapping == {
        "plus": "What went well?",
        "delta": "What could be even better if…?",
        "rating": "How would you rate this session? (1-5)",
        "next_step": "One thing I will do next",
    }
    skipped, unknown = unused_columns(GOOGLE, mapping)
    assert skipped == ["Timestamp", "Email Address"]
    assert unknown == ["Which country are you from?"]


def test_microsoft_forms_headers_never_import_who_answered() -> None:
    mapping = guess_mapping(MICROSOFT)
    assert mapping == {"plus": "Plus", "delta": "Delta", "rating": "Rating"}
    assert "Email" not in mapping.values() and "Name" not in mapping.values()


def test_a_file_without_feedback_columns_is_refused_with_its_columns_named() -> None:
    problem = mapping_problem(["Q1", "Q2"], guess_mapping(["Q1", "Q2"]))
    assert problem and "“Q1”, “Q2”" in problem
    assert "twice" not in (mapping_problem(["A", "B"], {"plus": "A", "delta": "B"}) or "")
    assert "two fields" in (mapping_problem(["A"], {"plus": "A", "delta": "A"}) or "")
    assert "no column “Z”" in (mapping_problem(["A"], {"plus": "Z"}) or "")


@pytest.mark.parametrize(
    ("text", "value"), [("4", 4), ("5 stars", 5), ("3/5", 3), ("★★", 2), ("", None), ("2 - ok", 2)]
)
def test_ratings(text: str, value: int | None) -> None:
    assert rating_of(text) == value


@pytest.mark.parametrize("text", ["7", "0", "good", "3.5"])
def test_bad_ratings(text: str) -> None:
    with pytest.raises(ValueError, match=text):
        rating_of(text)


def test_rows_report_every_problem_with_line_and_column() -> None:
    mapping = {"plus": "P", "rating": "R"}
    rows = [
        (2, {"P": "Great", "R": "5"}),
        (3, {"P": "", "R": ""}),
        (4, {"P": "x" * 2001, "R": "9"}),
    ]
    valid, problems, blank = rows_read(rows, mapping)
    assert [r.line for r in valid] == [2] and blank == 1
    assert [(p.line, p.column) for p in problems] == [(4, "P"), (4, "R")]
    assert "2001 characters" in str(problems[0]) and "Line 4" in str(problems[0])


def test_the_form_tool_is_recognised_by_its_first_columns() -> None:
    assert form_of(MICROSOFT) == "microsoft-forms"
    assert form_of(["Id", "Start time", "Completion time", "Email", "Name", "Q"]) == (
        "microsoft-forms"
    )
    assert form_of(GOOGLE) == "google-forms"
    assert form_of(["Horodateur", "Qu'est-ce qui a bien marché ?"]) == "google-forms"
    assert form_of(["Carimbo de data/hora", "O que correu bem?"]) == "google-forms"
    assert form_of(["Full name", "E-mail", "What went well?"]) is None
    assert form_of(["What went well?", "Timestamp"]) is None


def test_optional_email_and_quiz_score_columns_are_left_out() -> None:
    headers = ["Timestamp", "Email Address (optional)", "Score", "What went well?", "Rate it"]
    mapping = guess_mapping(headers)
    assert mapping == {"plus": "What went well?", "rating": "Rate it"}
    skipped, unknown = unused_columns(headers, mapping)
    assert skipped == ["Timestamp", "Email Address (optional)", "Score"] and unknown == []


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("Pairs;Demos;", "Pairs; Demos"),
        ("Pairs;", "Pairs"),
        (" Pairs ; Demos ;", "Pairs; Demos"),
        ("Loved it ;)", "Loved it ;)"),  # free text keeps its semicolons
        ("Good, short", "Good, short"),
    ],
)
def test_multiple_choice_answers_read_as_a_list(cell: str, text: str) -> None:
    assert answer_text(cell) == text


def test_checkbox_answers_and_anonymous_respondents_in_rows() -> None:
    mapping = guess_mapping(MICROSOFT)
    cells = {"ID": "1", "Email": "anonymous", "Name": "anonymous", "Plus": "Pairs;Demos;",
             "Rating": "4;"}  # fmt: skip
    valid, problems, blank = rows_read([(2, cells)], mapping)
    assert problems == [] and blank == 0
    assert (valid[0].plus, valid[0].rating) == ("Pairs; Demos", 4)
