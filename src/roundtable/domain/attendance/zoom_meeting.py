"""Zoom meeting participant report (Reports > Usage > Participants).

Three layouts: the bare participants table; the table under a meeting block (Meeting ID, Topic,
Start Time, ... then a blank or all-comma row); and "export with meeting data", one header whose
first columns are the meeting's (with their own User Email and Duration (Minutes)) and whose
participant columns start at "Name (Original Name)". Headers are in Title Case (older) or
sentence case (2024 on); one row per join, so a person who rejoined appears again. Dates are
month-first unless a value shows otherwise. An account in another language writes the same
columns with translated headers (``languages.ZOOM_MEETING``), read as the English ones.
"""

from dataclasses import dataclass

from .model import AttendanceRow, Meeting
from .source import (
    AttendanceFormat,
    Collector,
    Parsed,
    Source,
    body,
    column_name,
    is_repeated_header,
    localized_date_order,
    located,
    minutes_between,
    require_rows,
)
from .text import Header, HeaderTest, Record, cell, cleaned, find_header
from .values import current_name, role_of, yes_no

KEY = "zoom-meeting"
LABEL = "Zoom meeting participant report"
NAMES = ("name (original name)", "participant", "name", "user name", "display name")
DURATIONS = ("duration (minutes)", "duration (mins)", "total duration (minutes)")
_JOINS = HeaderTest(("join time",), ("leave time",), DURATIONS)
_UNIQUE_USERS = HeaderTest(("name (original name)",), DURATIONS)


def _is_participants_header(header: Header) -> bool:
    """The participants header: with join and leave times, or the "show unique users" one,
    a row per person with their total duration."""
    return _JOINS(header) or _UNIQUE_USERS(header)


def _first_of(header: Header, names: tuple[str, ...], start: int = 0) -> int | None:
    for name in names:
        if (position := header.find(name, start=start)) is not None:
            return position
    return None


def sniff(source: Source) -> int:
    found = find_header(source.records, _is_participants_header)
    if found is None:
        return 0
    _, header = found
    return 90 if header.has("name (original name)", "user email", "email", "guest") else 60


def _participant_start(header: Header) -> int:
    """Where the participant columns start: 0, or, when the header begins with the meeting's
    own columns ("export with meeting data"), the name column after them."""
    name = header.find("name (original name)")
    if name is None:
        name = _first_of(header, ("participant", "name", "display name"))
    meeting = _first_of(header, ("meeting id", "topic", "id"))
    if name is None or meeting is None or meeting > name:
        return 0
    return name


@dataclass(frozen=True)
class Host:
    """Who hosted, as the meeting block says: by e-mail, or by name when it gives no e-mail."""

    email: str = ""
    name: str = ""

    def is_(self, email: str, name: str) -> bool:
        if self.email:
            return email == self.email
        return bool(self.name) and " ".join(name.casefold().split()) == self.name


def _meeting_block(records: list[Record], before: int, order: str) -> tuple[Meeting, Host]:
    """The meeting above the table, and its host."""
    for index in range(before):
        header = Header(records[index])
        if not header.has("meeting id", "topic", "id"):
            continue
        data = next((r for r in records[index + 1 : before] if not r.blank), None)
        if data is None:
            break
        return _meeting_of(header, data.cells, len(header.keys), order)
    return Meeting(), Host()


def _meeting_of(header: Header, cells: list[str], stop: int, order: str) -> tuple[Meeting, Host]:
    def value(*names: str) -> str:
        position = _first_of(header, names)
        return cleaned(cell(cells, position)) if position is not None and position < stop else ""

    collector = Collector(order)
    meeting = Meeting(
        topic=value("topic"),
        meeting_id=value("meeting id", "id"),
        start=collector.when(0, "Start Time", value("start time")),
        end=collector.when(0, "End Time", value("end time")),
    )
    host = Host(
        email=value("user email", "host email", "email").casefold(),
        name=" ".join(value("host", "host name", "user name").casefold().split()),
    )
    return meeting, host


def parse(source: Source) -> Parsed:
    records = source.records
    at, header = located(find_header(records, _is_participants_header), "participants table")
    start = _participant_start(header)

    def column(*names: str) -> int | None:
        return _first_of(header, names, start)

    name_at = column(*NAMES)
    email_at = column("user email", "email")
    join_at, leave_at = column("join time"), column("leave time")
    duration_at = column(*DURATIONS)
    waiting_at = column("in waiting room")
    role_at = column("role")
    rows_records = [r for r in body(records, at + 1) if not is_repeated_header(r, header)]

    order = localized_date_order(records, header.language)
    collector = Collector(order)
    if start:
        first = rows_records[0].cells if rows_records else []
        meeting, host = _meeting_of(header, first, start, order)
    else:
        meeting, host = _meeting_block(records, at, order)

    reduce_name = name_at is not None and "original name" in header.keys[name_at]
    rows: list[AttendanceRow] = []
    for record in rows_records:
        cells, line = record.cells, record.line
        collector.width(record, header)
        name = cell(cells, name_at)
        name = current_name(name) if reduce_name else " ".join(name.split())
        email = cleaned(cell(cells, email_at)).casefold()
        first_join = collector.when(
            line, column_name(header, join_at, "Join Time"), cell(cells, join_at)
        )
        last_leave = collector.when(
            line, column_name(header, leave_at, "Leave Time"), cell(cells, leave_at)
        )
        minutes = collector.minutes(
            line, column_name(header, duration_at, "Duration (Minutes)"), cell(cells, duration_at)
        )
        if minutes is None:
            minutes = minutes_between(first_join, last_leave)
        if role_at is not None:
            role = role_of(cell(cells, role_at))
        else:
            role = "host" if host.is_(email, name) else "attendee"
        if yes_no(cell(cells, waiting_at)):
            # Time in the waiting room is not time in the meeting.
            minutes, first_join, last_leave = 0, None, None
        rows.append(
            AttendanceRow(
                line=line,
                name=name,
                email=email,
                minutes=minutes or 0,
                first_join=first_join,
                last_leave=last_leave,
                role=role,
            )
        )
    require_rows(rows, header, "participants table")
    return Parsed(meeting, rows, collector.problems, header.language)


FORMAT = AttendanceFormat(KEY, LABEL, sniff, parse)
