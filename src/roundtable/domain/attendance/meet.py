"""Google Meet attendance report (Workspace editions that track attendance).

Columns First name, Last name (or one Participant/Name column), Email, Duration ("1 hr 2 min",
"45 min"), Time joined, Time exited. The times are times of day only: the date is taken from
a "Date" line above the table when the report has one, else from the file name when it carries
one ("... 2024-03-05 ..."), else from the meeting date the caller gives; without any, the times
are left out and the first row with a time says the date is needed.
"""

from datetime import date, datetime, time, timedelta

from .model import AttendanceRow, Meeting
from .source import (
    AttendanceFormat,
    Collector,
    Parsed,
    Source,
    body,
    is_repeated_header,
    located,
    require_rows,
)
from .text import HeaderTest, Record, cell, cleaned, find_header, header_key
from .values import clock_time, date_in_file_name, date_time

KEY = "meet"
LABEL = "Google Meet attendance report"
NAMES = ("first name", "participant", "name", "full name", "participant name")
JOINS = ("time joined", "joined at", "first seen", "join time", "first joined")
LEAVES = ("time exited", "left at", "last seen", "leave time", "time left")
_TABLE = HeaderTest(NAMES, ("duration",), JOINS, LEAVES)


def sniff(source: Source) -> int:
    found = find_header(source.records, _TABLE)
    if found is None:
        return 0
    _, header = found
    return 85 if header.has("time joined", "time exited") else 40


def _preamble(records: list[Record]) -> tuple[Meeting, date | None]:
    """What the lines above the table say ("Meeting code", "Meeting title", "Date"), when the
    report has such lines."""
    pairs = {
        header_key(record.filled[0]): record.filled[1]
        for record in records
        if len(record.filled) == 2
    }

    def value(*names: str) -> str:
        return next((cleaned(pairs[name]) for name in names if name in pairs), "")

    start: datetime | None = None
    if written := value("date", "meeting date", "start time", "meeting start time"):
        try:
            start = date_time(written)
        except ValueError:
            start = None
    meeting = Meeting(
        topic=value("meeting title", "title", "calendar event", "event title"),
        meeting_id=value("meeting code", "meeting id"),
        start=start if start is not None and start.time() != time() else None,
    )
    return meeting, start.date() if start else None


def parse(source: Source) -> Parsed:
    at, header = located(find_header(source.records, _TABLE), "attendance table")
    meeting, date_in_file = _preamble(source.records[:at])
    meeting_date = date_in_file or date_in_file_name(source.file_name) or source.meeting_date
    first_at, last_at = header.find("first name"), header.find("last name")
    name_at = header.find("participant", "name", "full name", "participant name")
    email_at = header.find("email", "email address")
    duration_at = header.find("duration")
    join_at, leave_at = header.find(*JOINS), header.find(*LEAVES)
    collector = Collector()
    said_date_missing = False

    def when(line: int, field: str, value: str, day: date | None) -> datetime | None:
        nonlocal said_date_missing
        if not cleaned(value):
            return None
        try:
            clock, zone = clock_time(value)
        except ValueError:
            return collector.when(line, field, value)  # some exports write a full date
        if day is None:
            if not said_date_missing:
                collector.note(
                    line,
                    field,
                    "Google Meet writes times of day only; give the meeting's date (or a file "
                    "name with the date) to read join and leave times",
                )
                said_date_missing = True
            return None
        return datetime.combine(day, clock, zone)

    rows = []
    for record in body(source.records, at + 1):
        if is_repeated_header(record, header):
            continue
        cells, line = record.cells, record.line
        collector.width(record, header)
        if name_at is not None:
            name = cell(cells, name_at)
        else:
            name = " ".join(filter(None, (cell(cells, first_at), cell(cells, last_at))))
        joined = when(line, header.names[join_at or 0], cell(cells, join_at), meeting_date)
        left = when(line, header.names[leave_at or 0], cell(cells, leave_at), meeting_date)
        if joined and left and (joined.tzinfo is None) == (left.tzinfo is None) and left < joined:
            left += timedelta(days=1)  # the meeting went past midnight
        rows.append(
            AttendanceRow(
                line=line,
                name=" ".join(name.split()),
                email=cleaned(cell(cells, email_at)).casefold(),
                minutes=collector.minutes(line, "Duration", cell(cells, duration_at)) or 0,
                first_join=joined,
                last_leave=left,
                role="attendee",
            )
        )
    require_rows(rows, header, "attendance table")
    return Parsed(meeting, rows, collector.problems)


FORMAT = AttendanceFormat(KEY, LABEL, sniff, parse)
