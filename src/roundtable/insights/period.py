"""The period an insights page covers, from its query string: ``from`` and ``to`` as months
(``YYYY-MM``, what ``<input type="month">`` sends), by default the twelve months up to this one."""

from dataclasses import dataclass
from datetime import date

from django.http import QueryDict

from roundtable.domain.insights import add_months, month_end, month_of

EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 1)
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class Period:
    start: date  # the first day of the first month
    end: date  # the last day of the last month
    errors: tuple[str, ...] = ()  # what was wrong with the query; the default period is used

    @property
    def first_month(self) -> str:
        return self.start.strftime("%Y-%m")

    @property
    def last_month(self) -> str:
        return self.end.strftime("%Y-%m")

    def in_future(self, today: date) -> bool:
        return self.start > today


def _month(name: str, value: str) -> date | str:
    """The month written in ``value``, or the message saying what is wrong with it."""
    try:
        year, month = (int(part) for part in value.split("-"))
        day = date(year, month, 1)
    except ValueError:
        return f"{name}: “{value}” is not a month; write it as YYYY-MM, for example 2026-03."
    if not EARLIEST <= day <= LATEST:
        return f"{name}: {value} is out of range; choose a month from 1900 to 2199."
    return day


def period_from(query: QueryDict, *, today: date) -> Period:
    """The period asked for in ``query``; with a wrong month, or ``from`` after ``to``, the
    default period with the messages that say why."""
    default_end = month_of(today)
    default = (add_months(default_end, 1 - DEFAULT_MONTHS), default_end)
    errors = []
    found: list[date] = []
    for key, name, fallback in (("from", "From", default[0]), ("to", "To", default[1])):
        value = (query.get(key) or "").strip()
        month = _month(name, value) if value else fallback
        if isinstance(month, str):
            errors.append(month)
            month = fallback
        found.append(month)
    start, end = found
    if not errors and start > end:
        errors.append(
            f"From {start:%Y-%m} is after to {end:%Y-%m}: the period must start on or before "
            "its last month."
        )
    if errors:
        start, end = default
    return Period(start, month_end(end), tuple(errors))
