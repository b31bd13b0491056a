"""The older Microsoft Teams attendance list: one line per join or leave event.

``Full Name, User Action, Timestamp`` with actions "Joined", "Joined before" (already in the
meeting when the list was taken) and "Left"; no e-mail. Each Joined is paired with the same
person's next Left. A join never followed by a leave lasts until the last time in the file (the
list is taken during or at the end of the meeting); a leave with no join before it counts from
the first time in the file. One row per join.
"""

from datetime import datetime

from .model import AttendanceFileError, AttendanceRow, Meeting
from .source import (
    AttendanceFormat,
    Collector,
    Parsed,
    Source,
    body,
    file_date_order,
    located,
    minutes_between,
    require_rows,
)
from .text import HeaderTest, cell, find_header

KEY = "teams-log"
LABEL = "Microsoft Teams join and leave list"
_TABLE = HeaderTest(("full name", "name"), ("user action", "action"), ("timestamp", "time"))


def sniff(source: Source) -> int:
    found = find_header(source.records, _TABLE, limit=5)
    return 95 if found else 0


def parse(source: Source) -> Parsed:
    at, header = located(find_header(source.records, _TABLE, limit=5), "join and leave list")
    name_at = header.find("full name", "name")
    action_at = header.find("user action", "action")
    time_at = header.find("timestamp", "time")
    records = list(body(source.records, at + 1))
    collector = Collector(file_date_order(records))
    events: list[tuple[datetime, int, str, str, str]] = []
    for record in records:
        name = " ".join(cell(record.cells, name_at).split())
        action = cell(record.cells, action_at).casefold()
        when = collector.when(record.line, "Timestamp", cell(record.cells, time_at))
        if not action.startswith(("joined", "left")):
            collector.note(
                record.line,
                "User Action",
                f"“{cell(record.cells, action_at)}” is neither Joined nor Left",
            )
            continue
        if when is None:
            if not cell(record.cells, time_at):
                collector.note(record.line, "Timestamp", "no time")
            continue
        events.append(
            (
                when,
                record.line,
                name,
                "left" if action.startswith("left") else "joined",
                name.casefold(),
            )
        )
    if not events:
        raise AttendanceFileError(
            f"Line {header.line}: the join and leave list has its header but no Joined or Left "
            "line with a time after it; the file may be truncated."
        )
    # A file mixing times with and without a zone is ordered by the clock times as written.
    events.sort(key=lambda event: (event[0].replace(tzinfo=None), event[1]))
    first_time = events[0][0]
    last_time = max((event[0] for event in events), key=lambda when: when.replace(tzinfo=None))
    open_joins: dict[str, tuple[datetime, int, str]] = {}
    rows: list[AttendanceRow] = []

    def row(
        name: str, line: int, joined: datetime, left: datetime | None, until: datetime
    ) -> AttendanceRow:
        return AttendanceRow(
            line=line,
            name=name,
            email="",
            minutes=minutes_between(joined, left or until) or 0,
            first_join=joined,
            last_leave=left,
            role="attendee",
        )

    for when, line, name, action, key in events:
        if action == "joined":
            if key not in open_joins:
                open_joins[key] = (when, line, name)
            continue
        if key in open_joins:
            joined, join_line, join_name = open_joins.pop(key)
            rows.append(row(join_name, join_line, joined, when, when))
        else:
            rows.append(row(name, line, first_time, when, when))
    for joined, line, name in open_joins.values():
        rows.append(row(name, line, joined, None, last_time))
    rows.sort(key=lambda r: r.line)
    require_rows(rows, header, "join and leave list")
    return Parsed(Meeting(), rows, collector.problems)


FORMAT = AttendanceFormat(KEY, LABEL, sniff, parse)
