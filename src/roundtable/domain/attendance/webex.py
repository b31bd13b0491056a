"""Webex Meetings attendee report (Webex site > Reports, or Control Hub).

UTF-16 and tab-separated as Webex writes it. Columns such as Name (or Attendee Name, Display
Name), Email (Attendee Email), Join time, Leave time, Attendance duration ("45 mins"), and a role
or participant type. One row per join.
"""

from .model import AttendanceRow, Meeting
from .source import (
    AttendanceFormat,
    Collector,
    Parsed,
    Source,
    body,
    file_date_order,
    is_repeated_header,
    located,
    minutes_between,
    require_rows,
)
from .text import HeaderTest, cell, cleaned, find_header
from .values import role_of

KEY = "webex"
LABEL = "Webex attendee report"
NAMES = ("name", "attendee name", "display name", "participant name", "full name")
JOINS = ("join time", "joined time", "start time", "join date")
LEAVES = ("leave time", "left time", "end time", "leave date")
DURATIONS = (
    "attendance duration",
    "duration",
    "duration (mins)",
    "duration (minutes)",
    "attendance duration (mins)",
)
_TABLE = HeaderTest(NAMES, JOINS, LEAVES, DURATIONS)


def sniff(source: Source) -> int:
    found = find_header(source.records, _TABLE)
    if found is None:
        return 0
    _, header = found
    if header.has(
        "attendance duration", "attendance duration (mins)", "attendee email", "connection type"
    ):
        return 85
    return 30


def parse(source: Source) -> Parsed:
    at, header = located(find_header(source.records, _TABLE), "attendee table")
    name_at = header.find(*NAMES)
    email_at = header.find("email", "attendee email", "email address")
    join_at, leave_at = header.find(*JOINS), header.find(*LEAVES)
    duration_at = header.find(*DURATIONS)
    role_at = header.find("role", "participant type", "attendee type")
    topic_at = header.find("meeting name", "meeting topic", "topic")
    records = [r for r in body(source.records, at + 1) if not is_repeated_header(r, header)]
    collector = Collector(file_date_order(records))
    rows = []
    for record in records:
        cells, line = record.cells, record.line
        collector.width(record, header)
        joined = collector.when(line, header.names[join_at or 0], cell(cells, join_at))
        left = collector.when(line, header.names[leave_at or 0], cell(cells, leave_at))
        minutes = collector.minutes(line, header.names[duration_at or 0], cell(cells, duration_at))
        role = role_of(cell(cells, role_at)) if role_at is not None else "attendee"
        rows.append(
            AttendanceRow(
                line=line,
                name=" ".join(cell(cells, name_at).split()),
                email=cleaned(cell(cells, email_at)).casefold(),
                minutes=minutes if minutes is not None else minutes_between(joined, left) or 0,
                first_join=joined,
                last_leave=left,
                role=role or "attendee",
            )
        )
    require_rows(rows, header, "attendee table")
    topic = cleaned(cell(records[0].cells, topic_at)) if topic_at is not None else ""
    return Parsed(Meeting(topic=topic), rows, collector.problems)


FORMAT = AttendanceFormat(KEY, LABEL, sniff, parse)
