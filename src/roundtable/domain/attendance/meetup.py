"""Meetup attendee list (an event's Attendees > Download attendee list).

Columns Name, User ID, Title, Event Host, RSVP (Yes, No, Waitlist), Guests, RSVPed on, Joined
Group on, URL of Member Profile, Notes, and Attendance as the organiser marked it (Y, attended,
noshow, absent, or blank when nobody marked it). Answers to the event's RSVP questions come as
more columns. Meetup gives no e-mail; the User ID is kept as the participant id.
"""

from .model import AttendanceRow, Meeting
from .source import (
    AttendanceFormat,
    Collector,
    Parsed,
    Source,
    answers,
    body,
    located,
    other_columns,
    require_rows,
)
from .text import HeaderTest, cell, cleaned, find_header
from .values import yes_no

KEY = "meetup"
LABEL = "Meetup attendee list"
KNOWN = {
    "name",
    "user id",
    "member id",
    "title",
    "event host",
    "rsvp",
    "guests",
    "rsvped on",
    "joined group on",
    "url of member profile",
    "notes",
    "attendance",
    "mobile number",
    "email",
}
_TABLE = HeaderTest(("name",), ("user id", "member id"), ("rsvp",))
_ABSENT = ("noshow", "no show", "no-show", "absent", "n", "no")


def sniff(source: Source) -> int:
    found = find_header(source.records, _TABLE, limit=5)
    if found is None:
        return 0
    _, header = found
    return 90 if header.has("attendance", "url of member profile", "rsvped on") else 50


def parse(source: Source) -> Parsed:
    at, header = located(find_header(source.records, _TABLE, limit=5), "attendee list")
    name_at, id_at = header.find("name"), header.find("user id", "member id")
    attendance_at = header.find("attendance")
    host_at = header.find("event host")
    email_at = header.find("email")
    questions = other_columns(header, KNOWN)
    collector = Collector()
    rows = []
    for record in body(source.records, at + 1):
        cells, line = record.cells, record.line
        collector.width(record, header)
        mark = cell(cells, attendance_at).casefold()
        attended = False if mark in _ABSENT else (yes_no(mark) if mark else None)
        rows.append(
            AttendanceRow(
                line=line,
                name=" ".join(cell(cells, name_at).split()),
                email=cleaned(cell(cells, email_at)).casefold(),
                minutes=0,
                first_join=None,
                last_leave=None,
                role="host" if yes_no(cell(cells, host_at)) else "attendee",
                answer=answers(header, cells, questions),
                upn=cell(cells, id_at),
                attended=attended,
            )
        )
    require_rows(rows, header, "attendee list")
    return Parsed(Meeting(), rows, collector.problems)


FORMAT = AttendanceFormat(KEY, LABEL, sniff, parse)
