"""Calendar months and quarters, each named by its first day (2026-03-01 is March 2026)."""

from collections.abc import Iterator
from datetime import date, timedelta


def month_of(day: date) -> date:
    """The month holding ``day``: its first day."""
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """The month ``count`` months after ``month`` (before it when ``count`` is negative)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    """The last day of the month holding ``month``."""
    return add_months(month_of(month), 1) - timedelta(days=1)


def months_between(first: date, last: date) -> Iterator[date]:
    """Every month from the one holding ``first`` to the one holding ``last``, both included;
    nothing when ``first`` is after ``last``."""
    month, stop = month_of(first), month_of(last)
    while month <= stop:
        yield month
        if month == stop:  # December 9999 has no next month
            return
        month = add_months(month, 1)


def quarter_start(day: date) -> date:
    """The first day of the calendar quarter holding ``day`` (January, April, July, October)."""
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_end(day: date) -> date:
    """The last day of the calendar quarter holding ``day``."""
    return month_end(add_months(quarter_start(day), 2))
