"""Feedback responses from Google Forms or Microsoft Forms exports: which column is which, and
whether each row is valid. No Django.

Form exports name their columns after the questions ("What went well?", "How would you rate this
session?"), so a column is recognised by words in its header. Columns that say who answered
(e-mail, name, "anonymous" when the form did not ask) and the forms' own bookkeeping (timestamp,
ID, start and completion time, a quiz's points) are never imported: feedback stays anonymous.
Any other column is reported as not imported.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MAX_COMMENT = 2000  # a plus or a delta
MAX_NEXT_STEP = 500

FIELDS: dict[str, str] = {
    "plus": "Plus (what went well)",
    "delta": "Delta (what could be even better)",
    "rating": "Rating (1–5)",
    "next_step": "One thing I will do next",
}

# Checked in this order: the first field whose words a header contains wins.
_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("delta", ("delta", "even better", "better if", "improve", "could be better", "change")),
    ("next_step", ("will do next", "one thing", "next step", "do next", "action", "take away")),
    ("plus", ("plus", "went well", "what worked", "liked", "like most", "best", "positive")),
    ("rating", ("rating", "rate", "score", "stars", "out of 5", "1-5", "1 to 5", "satisf")),
)
# Google Forms' first column, in the languages of its exports.
TIMESTAMPS = (
    "timestamp",
    "horodateur",
    "marca temporal",
    "marca de tiempo",
    "zeitstempel",
    "carimbo de data/hora",
    "informazioni cronologiche",
    "tijdstempel",
)
BOOKKEEPING = (
    *TIMESTAMPS,
    "id",
    "start time",
    "completion time",
    "last modified time",
    "email",
    "email address",
    "e-mail",
    "name",
    "your name",
    "full name",
    "responder",
    "total points",
    "quiz feedback",
    "score",  # a Google Forms quiz's total, not a rating question
)

# The columns each tool writes before the questions.
FORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "microsoft-forms": ("Microsoft Forms", ("ID", "Start time", "Completion time")),
    "google-forms": ("Google Forms", ("Timestamp",)),
}


class FeedbackFileError(ValueError):
    """The file as a whole cannot be imported (no recognisable column)."""


@dataclass(frozen=True)
class FeedbackRow:
    line: int
    plus: str
    delta: str
    rating: int | None
    next_step: str


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, column “{self.column}”: {self.message}"


def _normal(header: str) -> str:
    return re.sub(r"\s+", " ", header.strip().casefold())


# "Email Address (optional)": a column header with a parenthesised note after it.
_NOTE = re.compile(r"\s*\([^)]*\)$")


def _is_bookkeeping(header: str) -> bool:
    text = _normal(header)
    return text in BOOKKEEPING or _NOTE.sub("", text) in BOOKKEEPING


def form_of(headers: Iterable[str]) -> str | None:
    """ "microsoft-forms" or "google-forms" from the columns the tool writes first, or None.

    Microsoft Forms starts with ID, Start time, Completion time (then Email, Name); Google Forms
    with Timestamp (or its translation: Horodateur, Marca temporal, Zeitstempel...).
    """
    texts = [_normal(h) for h in headers]
    if all(_normal(first) in texts for first in FORMS["microsoft-forms"][1]):
        return "microsoft-forms"
    if texts and texts[0] in TIMESTAMPS:
        return "google-forms"
    return None


def answer_text(value: str) -> str:
    """A cell as a comment: Microsoft Forms ends multiple-choice answers with ";" ("A;B;")."""
    text = value.strip()
    if text.endswith(";"):
        return "; ".join(part.strip() for part in text.split(";") if part.strip())
    return text


def guess_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Field -> header for each field a header names; each header used at most once."""
    mapping: dict[str, str] = {}
    for header in headers:
        text = _normal(header)
        if _is_bookkeeping(header):
            continue
        for field, words in _SYNONYMS:
            if field not in mapping and any(w in text for w in words):
                mapping[field] = header
                break
    return mapping


def unused_columns(
    headers: Iterable[str], mapping: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """(bookkeeping and personal columns left out on purpose, other columns not imported)."""
    used = set(mapping.values())
    skipped = [h for h in headers if h not in used and _is_bookkeeping(h)]
    unknown = [h for h in headers if h not in used and not _is_bookkeeping(h)]
    return skipped, unknown


def mapping_problem(headers: Iterable[str], mapping: Mapping[str, str]) -> str | None:
    """Why ``mapping`` cannot be used with a file of ``headers``, or None."""
    known = list(headers)
    for field, header in mapping.items():
        if field not in FIELDS:
            return f"“{field}” is not a feedback field; use {', '.join(FIELDS)}."
        if header not in known:
            return f"The file has no column “{header}” (for {FIELDS[field].lower()})."
    columns = list(mapping.values())
    if len(set(columns)) != len(columns):
        return "One column is used for two fields; choose a different column for each."
    if not ({"plus", "delta", "rating"} & set(mapping)):
        listed = ", ".join(f"“{h}”" for h in known) or "none"
        return (
            "No column holds pluses, deltas or ratings. Columns found: "
            f"{listed}. Choose which column is which below."
        )
    return None


_STARS = re.compile(r"^[★⭐]+$")


def rating_of(text: str) -> int | None:
    """ "4", "4 stars", "4/5", "4 - Good", "★★★★" -> 4; empty -> None; ValueError otherwise."""
    value = text.strip()
    if not value:
        return None
    if _STARS.match(value):
        number = len(value)
    else:
        match = re.match(r"^(\d+(?:[.,]\d+)?)", value)
        if not match:
            raise ValueError(f"“{value}” is not a rating from 1 to 5")
        figure = float(match.group(1).replace(",", "."))
        if figure != int(figure):
            raise ValueError(f"“{value}” is not a whole number from 1 to 5")
        number = int(figure)
    if not 1 <= number <= 5:
        raise ValueError(f"the rating “{value}” is not between 1 and 5")
    return number


def rows_read(
    rows: Iterable[tuple[int, Mapping[str, str]]], mapping: Mapping[str, str]
) -> tuple[list[FeedbackRow], list[RowProblem], int]:
    """Valid rows, the problems of invalid ones, and how many rows were blank in every field."""
    valid: list[FeedbackRow] = []
    problems: list[RowProblem] = []
    blank = 0
    for line, cells in rows:
        values = {f: answer_text(cells.get(h) or "") for f, h in mapping.items()}
        if not any(values.values()):
            blank += 1
            continue
        row_problems: list[RowProblem] = []
        for field, limit in (
            ("plus", MAX_COMMENT),
            ("delta", MAX_COMMENT),
            ("next_step", MAX_NEXT_STEP),
        ):
            if len(values.get(field, "")) > limit:
                row_problems.append(
                    RowProblem(
                        line,
                        mapping[field],
                        f"{len(values[field])} characters, at most {limit} are allowed",
                    )
                )
        rating = None
        try:
            rating = rating_of(values.get("rating", ""))
        except ValueError as error:
            row_problems.append(RowProblem(line, mapping["rating"], str(error)))
        if row_problems:
            problems.extend(row_problems)
            continue
        valid.append(
            FeedbackRow(
                line,
                values.get("plus", ""),
                values.get("delta", ""),
                rating,
                values.get("next_step", ""),
            )
        )
    return valid, problems, blank
