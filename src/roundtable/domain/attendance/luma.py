"""Luma guest export (Manage Event > Guests > Download as CSV).

Columns api_id, name, first_name, last_name, email, ..., approval_status, checked_in_at, ...,
ticket_name, then one column per custom registration question, headed by its text. A guest
attended when ``checked_in_at`` holds a time (ISO 8601 in UTC, "...Z").
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

KEY = "luma"
LABEL = "Luma guest export"
KNOWN = {
    "api_id",
    "name",
    "first_name",
    "last_name",
    "email",
    "phone_number",
    "created_at",
    "approval_status",
    "custom_source",
    "checked_in_at",
    "qr_code_url",
    "amount",
    "amount_tax",
    "amount_discount",
    "currency",
    "coupon_code",
    "eth_address",
    "solana_address",
    "survey_response_rating",
    "survey_response_feedback",
    "ticket_type_id",
    "ticket_name",
    "user_api_id",
}
_TABLE = HeaderTest(("checked_in_at",), ("email",), ("approval_status", "api_id", "name"))


def sniff(source: Source) -> int:
    found = find_header(source.records, _TABLE, limit=3)
    return 95 if found else 0


def parse(source: Source) -> Parsed:
    at, header = located(find_header(source.records, _TABLE, limit=3), "guest list")
    name_at, first_at, last_at = (
        header.find("name"),
        header.find("first_name"),
        header.find("last_name"),
    )
    email_at = header.find("email")
    checked_at = header.find("checked_in_at")
    questions = other_columns(header, KNOWN)
    collector = Collector()
    rows = []
    for record in body(source.records, at + 1):
        cells, line = record.cells, record.line
        collector.width(record, header)
        name = cell(cells, name_at) or " ".join(
            filter(None, (cell(cells, first_at), cell(cells, last_at)))
        )
        checked_in = collector.when(line, "checked_in_at", cell(cells, checked_at))
        rows.append(
            AttendanceRow(
                line=line,
                name=" ".join(name.split()),
                email=cleaned(cell(cells, email_at)).casefold(),
                minutes=0,
                first_join=checked_in,
                last_leave=None,
                role="attendee",
                answer=answers(header, cells, questions),
                attended=bool(cleaned(cell(cells, checked_at))),
            )
        )
    require_rows(rows, header, "guest list")
    return Parsed(Meeting(), rows, collector.problems)


FORMAT = AttendanceFormat(KEY, LABEL, sniff, parse)
