"""Reading the attendance exports of meeting and event tools into one shape.

``read_attendance(data)`` decodes the bytes, asks every format in ``FORMATS`` how surely the
content is theirs (never the file name), and lets the surest read it into an AttendanceFile:
one AttendanceRow per row of the file (a join, for tools that repeat a person who rejoined),
with the row-level problems found. ``merge_people`` turns rows into people, ``is_attended``
decides who attended.

Adding a format is one module here with ``FORMAT = AttendanceFormat(key, label, sniff, parse)``,
one line in ``FORMATS``, and its tests (docs/attendance-formats.md). No Django here.
"""

from datetime import date

from . import eventbrite, luma, meet, meetup, teams, teams_log, webex, zoom_meeting, zoom_webinar
from .model import (
    AttendanceFile,
    AttendanceFileError,
    AttendanceRow,
    Meeting,
    Person,
    Problem,
    UnknownFormat,
)
from .people import is_attended, merge_people
from .source import AttendanceFormat, Source
from .text import decode, first_line, records

__all__ = [
    "FORMATS",
    "AttendanceFile",
    "AttendanceFileError",
    "AttendanceFormat",
    "AttendanceRow",
    "Meeting",
    "Person",
    "Problem",
    "UnknownFormat",
    "is_attended",
    "merge_people",
    "read_attendance",
]

FORMATS: dict[str, AttendanceFormat] = {
    each.key: each
    for each in (
        zoom_meeting.FORMAT,
        zoom_webinar.FORMAT,
        teams.FORMAT,
        teams_log.FORMAT,
        meet.FORMAT,
        webex.FORMAT,
        luma.FORMAT,
        eventbrite.FORMAT,
        meetup.FORMAT,
    )
}


def read_attendance(
    data: bytes, *, file_name: str = "", meeting_date: date | None = None
) -> AttendanceFile:
    """The attendance file in ``data``, whichever known tool wrote it.

    ``file_name`` and ``meeting_date`` only give Google Meet's times of day their date (the
    file name's date first). Raises UnknownFormat when no format recognises the content, and
    AttendanceFileError when the file cannot be read at all (binary, truncated, a table with no
    rows); both messages say what was seen and where.
    """
    text = decode(data)
    source = Source(text, records(text), file_name=file_name, meeting_date=meeting_date)
    score, chosen = max(
        ((each.sniff(source), each) for each in FORMATS.values()), key=lambda pair: pair[0]
    )
    if score <= 0:
        known = ", ".join(each.label for each in FORMATS.values())
        raise UnknownFormat(
            f"This is not an attendance export this product reads. Its first line is "
            f"“{first_line(text)}”. Known: {known}."
        )
    parsed = chosen.parse(source)
    return AttendanceFile(
        format=chosen.key,
        label=f"{chosen.label} ({parsed.language})" if parsed.language else chosen.label,
        meeting=parsed.meeting,
        rows=parsed.rows,
        problems=parsed.problems,
    )
