"""Microsoft Teams meeting attendance report (the "Attendance" tab, "Download").

UTF-16 with a byte-order mark and tab-separated as Teams writes it, or UTF-8 and comma once a
spreadsheet program saved it. Sections titled "1. Summary", "2. Participants", "3. In-Meeting
Activities" (any case; the 2021 report has a "Meeting Summary" block instead). The Participants
table has one row per person: First Join, Last Leave, In-Meeting Duration ("1h 13m 42s"),
Email, Participant ID (UPN) and Role; those are the rows read, since Teams has already merged
each person's rejoins there. When a file has only the activities table, its rows are read, one
per join. Dates carry a comma ("7/20/23, 4:16:29 PM", "14/11/22, 09:29:07").
"""

import re

from .model import AttendanceFileError, AttendanceRow, Meeting
from .source import AttendanceFormat, Collector, Parsed, Source, file_date_order, require_rows
from .text import Header, HeaderTest, Record, cell, cleaned, header_key
from .values import role_of

KEY = "teams"
LABEL = "Microsoft Teams attendance report"
_SECTION = re.compile(
    r"^(?:\d+\.\s*)?(summary|participants|in-meeting activities|meeting summary)$"
)
NAMES = ("name", "full name", "participant name")
JOINS = ("first join", "join time", "first join time")
LEAVES = ("last leave", "leave time", "last leave time")
DURATIONS = ("in-meeting duration", "duration", "attendance duration")
_TABLE = HeaderTest(NAMES, JOINS, LEAVES, DURATIONS)


def _section_of(record: Record) -> str | None:
    filled = record.filled
    if len(filled) == 1 and (match := _SECTION.match(header_key(filled[0]))):
        return match.group(1)
    return None


def sniff(source: Source) -> int:
    score = 0
    for record in source.records[:60]:
        section = _section_of(record)
        if section in ("summary", "participants", "in-meeting activities", "meeting summary"):
            score += 30
        header = Header(record)
        if header.has("participant id (upn)", "in-meeting duration"):
            score += 40
        elif _TABLE(header) and header.has("role", "email"):
            score += 20
    return min(score, 98)


def _tables(records: list[Record]) -> list[tuple[Header, list[Record]]]:
    """Each participants-like table: its header and the rows up to a blank line or a section."""
    tables = []
    index = 0
    while index < len(records):
        header = Header(records[index])
        if not _TABLE(header):
            index += 1
            continue
        rows = []
        index += 1
        while (
            index < len(records)
            and not records[index].blank
            and _section_of(records[index]) is None
        ):
            rows.append(records[index])
            index += 1
        tables.append((header, rows))
    return tables


def _summary(records: list[Record], order: str) -> Meeting:
    pairs: dict[str, str] = {}
    for record in records:
        if _TABLE(Header(record)):
            break
        filled = record.filled
        if len(filled) >= 2:
            pairs.setdefault(header_key(filled[0]), filled[1])
    collector = Collector(order)

    def value(*names: str) -> str:
        return next((cleaned(pairs[name]) for name in names if name in pairs), "")

    return Meeting(
        topic=value("meeting title", "title"),
        meeting_id=value("meeting id"),
        start=collector.when(0, "Start time", value("start time", "meeting start time")),
        end=collector.when(0, "End time", value("end time", "meeting end time")),
    )


def parse(source: Source) -> Parsed:
    records = source.records
    tables = _tables(records)
    if not tables:
        raise AttendanceFileError(
            "The Teams report has no participants table (a header with Name, First Join, "
            "Last Leave and In-Meeting Duration)."
        )
    # The per-person table comes first and holds the UPN; the activities table stands in for it
    # when it has no rows.
    header, rows_records = next(((h, rows) for h, rows in tables if rows), tables[0])
    order = file_date_order(records)
    collector = Collector(order)
    name_at = header.find(*NAMES)
    join_at, leave_at = header.find(*JOINS), header.find(*LEAVES)
    duration_at = header.find(*DURATIONS)
    email_at = header.find("email", "email address")
    upn_at = header.find("participant id (upn)", "upn", "participant id", "user principal name")
    role_at = header.find("role")
    rows = []
    for record in rows_records:
        cells, line = record.cells, record.line
        collector.width(record, header)
        email = cleaned(cell(cells, email_at)).casefold()
        upn = cleaned(cell(cells, upn_at)).casefold()
        rows.append(
            AttendanceRow(
                line=line,
                name=" ".join(cell(cells, name_at).split()),
                email=email or upn,
                minutes=collector.minutes(
                    line, header.names[duration_at or 0], cell(cells, duration_at), plain="seconds"
                )
                or 0,
                first_join=collector.when(line, header.names[join_at or 0], cell(cells, join_at)),
                last_leave=collector.when(line, header.names[leave_at or 0], cell(cells, leave_at)),
                role=role_of(cell(cells, role_at)) if role_at is not None else "attendee",
                upn=upn if upn and upn != (email or upn) else "",
            )
        )
    require_rows(rows, header, "participants table")
    return Parsed(_summary(records, order), rows, collector.problems)


FORMAT = AttendanceFormat(KEY, LABEL, sniff, parse)
