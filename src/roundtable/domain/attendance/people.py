"""From rows to people: a person who rejoined is one person."""

from collections.abc import Iterable
from datetime import datetime

from .model import AttendanceRow, Person

# When rows of one person disagree on the role, the one with more say wins.
_ROLE_RANK = ("host", "co-host", "organiser", "presenter", "panelist", "attendee", "")


def person_key(row: AttendanceRow) -> str:
    """Rows of one person share this: the e-mail, else the UPN, else the name (case and spacing
    aside); a row with none of them is a person of its own."""
    if row.email:
        return "email:" + row.email.casefold()
    if row.upn:
        return "upn:" + row.upn.casefold()
    name = " ".join(row.name.casefold().split())
    return "name:" + name if name else f"line:{row.line}"


def _overlap_minutes(rows: Iterable[AttendanceRow]) -> float:
    """Minutes counted twice by rows whose join and leave overlap (a second device, a rejoin
    before the first leave was recorded)."""
    intervals: list[tuple[datetime, datetime]] = []
    for row in rows:
        start, end = row.first_join, row.last_leave
        if start is None or end is None or (start.tzinfo is None) != (end.tzinfo is None):
            continue
        if start <= end:
            intervals.append((start, end))
    if len(intervals) < 2 or len({start.tzinfo is None for start, _ in intervals}) > 1:
        return 0.0
    intervals.sort()
    total = sum((end - start).total_seconds() for start, end in intervals)
    union = 0.0
    current_start, current_end = intervals[0]
    for start, end in intervals[1:]:
        if start <= current_end:
            current_end = max(current_end, end)
        else:
            union += (current_end - current_start).total_seconds()
            current_start, current_end = start, end
    union += (current_end - current_start).total_seconds()
    return (total - union) / 60


def _merged(rows: list[AttendanceRow]) -> Person:
    joins = [row.first_join for row in rows if row.first_join is not None]
    leaves = [row.last_leave for row in rows if row.last_leave is not None]
    stated = [row.attended for row in rows if row.attended is not None]

    def first(values: Iterable[str]) -> str:
        return next((value for value in values if value), "")

    def earliest(values: list[datetime]) -> datetime | None:
        try:
            return min(values) if values else None
        except TypeError:  # aware and naive times mixed: keep the file's first
            return values[0]

    def latest(values: list[datetime]) -> datetime | None:
        try:
            return max(values) if values else None
        except TypeError:
            return values[-1]

    minutes = sum(row.minutes for row in rows) - _overlap_minutes(rows)
    return Person(
        name=first(row.name for row in rows),
        email=first(row.email for row in rows),
        upn=first(row.upn for row in rows),
        minutes=max(minutes, 0.0),
        first_join=earliest(joins),
        last_leave=latest(leaves),
        role=min(
            (row.role for row in rows),
            key=lambda r: _ROLE_RANK.index(r) if r in _ROLE_RANK else len(_ROLE_RANK),
        ),
        answer=first(row.answer for row in rows),
        lines=tuple(sorted(row.line for row in rows)),
        attended=any(stated) if stated else None,
    )


def merge_people(rows: list[AttendanceRow]) -> list[Person]:
    """One Person per person in ``rows``, in the order each first appears; minutes summed over
    their rows, less the time their rows overlap when join and leave are known."""
    groups: dict[str, list[AttendanceRow]] = {}
    for row in rows:
        groups.setdefault(person_key(row), []).append(row)
    return [_merged(group) for group in groups.values()]


def is_attended(person: Person, threshold_minutes: float) -> bool:
    """What the file states (a check-in), else whether the person stayed ``threshold_minutes``."""
    if person.attended is not None:
        return person.attended
    return person.minutes >= threshold_minutes
