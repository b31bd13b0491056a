"""Eventbrite attendee report (Reporting > Attendee summary, or Orders > Export).

Columns such as Order #, Order Date, First Name, Last Name, Email, Ticket Type, Attendee
Status (Attending, Checked In, Not Attending, Deleted, Refunded...) and Checked In (Yes/No);
columns Eventbrite does not define are the order form's questions. A person attended when
Checked In says Yes or the status is Checked In; not when Checked In says No or the order
was cancelled; otherwise the file does not say.
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

KEY = "eventbrite"
LABEL = "Eventbrite attendee report"
CHECKED_IN = ("checked in", "checked in?", "check-in status", "check in status")
KNOWN = {
    "order #",
    "order no.",
    "order id",
    "order date",
    "first name",
    "last name",
    "email",
    "email address",
    "quantity",
    "price tier",
    "ticket type",
    "attendee #",
    "attendee id",
    "barcode #",
    "group",
    "order type",
    "currency",
    "total paid",
    "fees paid",
    "eventbrite fees",
    "eventbrite payment processing",
    "attendee status",
    "event name",
    "event id",
    "buyer first name",
    "buyer last name",
    "buyer email",
    "check-in date",
    "device name",
    *CHECKED_IN,
}
_NOT_COMING = ("deleted", "not attending", "refunded", "cancelled", "canceled", "transferred")
_TABLE = HeaderTest(
    ("first name",),
    ("last name",),
    ("email", "email address"),
    ("attendee status", *CHECKED_IN, "order #", "ticket type"),
)


def sniff(source: Source) -> int:
    found = find_header(source.records, _TABLE, limit=5)
    if found is None:
        return 0
    _, header = found
    return 90 if header.has("attendee status", "order #", "attendee #") else 50


def parse(source: Source) -> Parsed:
    at, header = located(find_header(source.records, _TABLE, limit=5), "attendee list")
    first_at, last_at = header.find("first name"), header.find("last name")
    email_at = header.find("email", "email address")
    status_at = header.find("attendee status")
    checked_at = header.find(*CHECKED_IN)
    event_at = header.find("event name")
    questions = other_columns(header, KNOWN)
    collector = Collector()
    rows = []
    records = list(body(source.records, at + 1))
    for record in records:
        cells, line = record.cells, record.line
        collector.width(record, header)
        status = cell(cells, status_at).casefold()
        checked = yes_no(cell(cells, checked_at)) if checked_at is not None else None
        if checked is None and status == "checked in":
            checked = True
        if status.startswith(_NOT_COMING):
            checked = False if checked is None else checked
        rows.append(
            AttendanceRow(
                line=line,
                name=" ".join(" ".join((cell(cells, first_at), cell(cells, last_at))).split()),
                email=cleaned(cell(cells, email_at)).casefold(),
                minutes=0,
                first_join=None,
                last_leave=None,
                role="attendee",
                answer=answers(header, cells, questions),
                attended=checked,
            )
        )
    require_rows(rows, header, "attendee list")
    topic = cleaned(cell(records[0].cells, event_at)) if event_at is not None else ""
    return Parsed(Meeting(topic=topic), rows, collector.problems)


FORMAT = AttendanceFormat(KEY, LABEL, sniff, parse)
