"""What a format module is given, what it gives back, and the helpers they share."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from . import values
from .model import AttendanceFileError, AttendanceRow, Meeting, Problem
from .text import Header, Record, cleaned, header_key


@dataclass(frozen=True)
class Source:
    """A decoded file: its text, its records, and what the caller knows of it."""

    text: str
    records: list[Record]
    file_name: str = ""
    meeting_date: date | None = None


@dataclass(frozen=True)
class Parsed:
    meeting: Meeting
    rows: list[AttendanceRow]
    problems: list[Problem] = field(default_factory=list)
    language: str = ""  # the headers' language when not English ("German"), for the label


@dataclass(frozen=True)
class AttendanceFormat:
    """One format: ``sniff`` scores how surely a file is of it (0: not at all, 100: certain),
    from its content alone; ``parse`` reads it."""

    key: str
    label: str
    sniff: Callable[[Source], int]
    parse: Callable[[Source], Parsed]


class Collector:
    """Reads values of rows, noting a Problem for each that cannot be read."""

    def __init__(self, order: str = values.MONTH_FIRST) -> None:
        self.order = order
        self.problems: list[Problem] = []

    def note(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(line, field, message))

    def width(self, record: Record, header: Header) -> None:
        """A row with fewer cells than its header was cut short (a truncated file, a stray
        line break): say which column is the first one missing."""
        named = len(header.keys)
        while named and not header.keys[named - 1]:
            named -= 1
        if len(record.cells) < named:
            missing = header.names[len(record.cells)]
            self.note(
                record.line,
                missing,
                f"the row ends before the column “{missing}” ({len(record.cells)} of "
                f"{named} columns); the file may be truncated",
            )

    def when(self, line: int, field: str, value: str) -> datetime | None:
        if not cleaned(value):
            return None
        try:
            return values.date_time(value, self.order)
        except ValueError as error:
            self.note(line, field, str(error))
            return None

    def minutes(self, line: int, field: str, value: str, *, plain: str = "minutes") -> float | None:
        if not cleaned(value):
            return None
        try:
            return values.minutes_of(value, plain=plain)
        except ValueError as error:
            self.note(line, field, str(error))
            return None


def minutes_between(first: datetime | None, last: datetime | None) -> float | None:
    if first is None or last is None or (first.tzinfo is None) != (last.tzinfo is None):
        return None
    seconds = (last - first).total_seconds()
    return seconds / 60 if seconds >= 0 else None


def column_name(header: Header, position: int | None, default: str) -> str:
    if position is None or position >= len(header.names):
        return default
    return header.names[position] or default


def body(records: Sequence[Record], start: int) -> Iterator[Record]:
    """The records from index ``start`` on, blank ones skipped."""
    return (record for record in records[start:] if not record.blank)


def is_repeated_header(record: Record, header: Header) -> bool:
    """Whether ``record`` is ``header`` again (files joined end to end repeat it)."""
    wanted = header.filled_keys
    cells = record.cells
    if not wanted or not cells or header_key(cells[0]) != header.keys[0]:
        return False
    return [header_key(cell) for cell in cells if cell.strip()] == wanted


def require_rows(rows: list[AttendanceRow], header: Header, what: str) -> None:
    if not rows:
        raise AttendanceFileError(
            f"Line {header.line}: the {what} has its header but no rows after it; the file "
            "may be truncated."
        )


def answers(header: Header, cells: Sequence[str], positions: Sequence[int]) -> str:
    """ "Question: answer; ..." for the non-empty cells at ``positions``."""
    parts = []
    for position in positions:
        if position < len(cells) and (answer := cleaned(cells[position])):
            parts.append(f"{header.names[position]}: {' '.join(answer.split())}")
    return "; ".join(parts)


def other_columns(header: Header, known: set[str]) -> list[int]:
    """Positions of the named columns that are not ``known`` (registration questions)."""
    wanted = {header_key(name) for name in known}
    return [i for i, key in enumerate(header.keys) if key and key not in wanted]


def located(found: tuple[int, Header] | None, what: str) -> tuple[int, Header]:
    """``found`` from find_header, or AttendanceFileError when the table is not there."""
    if found is None:
        raise AttendanceFileError(f"The file has no {what}: its header line was not found.")
    return found


def file_date_order(records: Sequence[Record], default: str = values.MONTH_FIRST) -> str:
    """Day-first or month-first, from every date written anywhere in the file."""
    return values.date_order((value for record in records for value in record.cells), default)


def localized_date_order(records: Sequence[Record], language: str) -> str:
    """As :func:`file_date_order`, for a file whose headers are in ``language``: when no date
    tells, one in a language other than English is day first unless its times have AM/PM."""
    cells = [value for record in records for value in record.cells]
    if language and not values.twelve_hour_clock(cells):
        return values.date_order(cells, values.DAY_FIRST)
    return values.date_order(cells)
