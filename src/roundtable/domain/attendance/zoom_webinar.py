"""Zoom webinar attendee report (Reports > Webinar > Attendee report).

A sectioned file: the report's title and generation time, a summary table (Topic, Webinar ID,
Actual Start Time, Actual Duration (minutes), ...), then "Host Details", "Panelist Details",
"Attendee Details" and "Other Attended", each a title line followed by its own header line and
rows. ``--``, ``NA`` and empty cells are nothing. "Attended" says Yes or No; the role comes from
the section. Columns of the attendee section that Zoom does not define are the registration
questions. A report of an account in Spanish is read by its translated headers
(``languages.ZOOM_WEBINAR``); its section titles were not found in a real export, so its tables
are found by their headers instead, and only the attendees' table (with first and last names)
has a role.
"""

from datetime import timedelta

from .model import AttendanceFileError, AttendanceRow, Meeting
from .source import (
    AttendanceFormat,
    Collector,
    Parsed,
    Source,
    answers,
    file_date_order,
    localized_date_order,
    other_columns,
)
from .text import Header, Record, cell, cleaned, header_key
from .values import current_name, yes_no

KEY = "zoom-webinar"
LABEL = "Zoom webinar attendee report"
SECTIONS = {
    "host details": "host",
    "panelist details": "panelist",
    "attendee details": "attendee",
    "other attended": "attendee",
}
_TITLES = {"attendee report", "webinar attendee report", "report generated", "registration report"}
KNOWN = {
    "attended",
    "user name (original name)",
    "user name",
    "name (original name)",
    "first name",
    "last name",
    "email",
    "join time",
    "leave time",
    "time in session (minutes)",
    "is guest",
    "country/region name",
    "registration time",
    "approval status",
    "source name",
    "unsubscribed",
    "attendee id",
    "nombre",
}


def _section_of(record: Record) -> str | None:
    filled = record.filled
    if len(filled) == 1 and (key := header_key(filled[0])) in SECTIONS:
        return key
    return None


def sniff(source: Source) -> int:
    score = 0
    for record in source.records[:400]:
        if _section_of(record) in ("attendee details", "panelist details", "host details"):
            score += 40
        elif Header(record).has("time in session (minutes)"):
            score += 30
        elif record.filled and header_key(record.filled[0]) in _TITLES:
            score += 10
    return min(score, 99)


def _meeting(records: list[Record]) -> Meeting:
    for index, record in enumerate(records):
        header = Header(record)
        if not header.has("webinar id", "topic"):
            continue
        data = records[index + 1].cells if index + 1 < len(records) else []
        collector = Collector(file_date_order(records))
        start = collector.when(
            0, "Actual Start Time", cell(data, header.find("actual start time", "start time"))
        )
        minutes = collector.minutes(
            0,
            "Actual Duration",
            cell(data, header.find("actual duration (minutes)", "duration (minutes)")),
        )
        end = (
            start + timedelta(minutes=minutes)
            if start and minutes is not None and minutes < 10**6
            else None
        )
        return Meeting(
            topic=cleaned(cell(data, header.find("topic"))),
            meeting_id=cleaned(cell(data, header.find("webinar id"))),
            start=start,
            end=end,
        )
    return Meeting()


def _tables_by_header(records: list[Record]) -> list[tuple[str, Header, list[Record]]]:
    """The tables of a report whose section titles are in a language not covered: each header
    with "Time in Session (minutes)" (as translated) and its rows, up to the next title line.
    The one with first and last names is the attendees'; the others' role is not known."""
    tables = []
    for index, record in enumerate(records):
        header = Header(record)
        if not header.has("time in session (minutes)"):
            continue
        rows = []
        for following in records[index + 1 :]:
            if len(following.filled) == 1 or Header(following).has("time in session (minutes)"):
                break
            if not following.blank:
                rows.append(following)
        named = header.has("first name", "last name")
        tables.append(("attendee details" if named else "", header, rows))
    return tables


def parse(source: Source) -> Parsed:
    records = source.records
    tables: list[tuple[str, Header, list[Record]]] = []
    index = 0
    while index < len(records):
        section = _section_of(records[index])
        if section is None:
            index += 1
            continue
        index += 1
        while index < len(records) and records[index].blank:
            index += 1
        if index >= len(records) or _section_of(records[index]) is not None:
            continue
        header = Header(records[index])
        rows: list[Record] = []
        index += 1
        while index < len(records) and _section_of(records[index]) is None:
            if not records[index].blank:
                rows.append(records[index])
            index += 1
        tables.append((section, header, rows))

    if not tables:
        tables = _tables_by_header(records)
    language = next((header.language for _, header, _ in tables if header.language), "")
    collector = Collector(localized_date_order(records, language))
    result: list[AttendanceRow] = []
    for section, header, rows in tables:
        name_at = header.find(
            "user name (original name)", "name (original name)", "user name", "name"
        )
        # Spanish "Nombre" beside "Apellido": the first name (not translated for every format)
        first_at, last_at = header.find("first name", "nombre"), header.find("last name")
        email_at = header.find("email")
        attended_at = header.find("attended")
        join_at, leave_at = header.find("join time"), header.find("leave time")
        minutes_at = header.find("time in session (minutes)", "duration (minutes)")
        questions = other_columns(header, KNOWN) if section == "attendee details" else []
        for record in rows:
            cells, line = record.cells, record.line
            collector.width(record, header)
            name = current_name(cleaned(cell(cells, name_at)))
            if not name:
                name = " ".join(
                    filter(None, (cleaned(cell(cells, first_at)), cleaned(cell(cells, last_at))))
                )
            if section == "other attended":
                attended: bool | None = True
            else:
                attended = (
                    yes_no(cleaned(cell(cells, attended_at))) if attended_at is not None else None
                )
            result.append(
                AttendanceRow(
                    line=line,
                    name=name,
                    email=cleaned(cell(cells, email_at)).casefold(),
                    minutes=collector.minutes(
                        line, "Time in Session (minutes)", cell(cells, minutes_at)
                    )
                    or 0,
                    first_join=collector.when(line, "Join Time", cell(cells, join_at)),
                    last_leave=collector.when(line, "Leave Time", cell(cells, leave_at)),
                    role=SECTIONS.get(section, ""),
                    answer=answers(header, cells, questions),
                    attended=attended,
                )
            )
    if not result:
        raise AttendanceFileError(
            "The webinar report has no rows under Host Details, Panelist Details, Attendee "
            "Details or Other Attended; the file may be truncated."
        )
    return Parsed(_meeting(records), result, collector.problems, language)


FORMAT = AttendanceFormat(KEY, LABEL, sniff, parse)
