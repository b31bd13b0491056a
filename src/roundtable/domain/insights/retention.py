"""Cohort retention: of the members who joined in a month, how many still take part later.

Members are grouped into cohorts by the month they joined (``joined_on``). For a cohort that
joined in month ``c`` and a horizon of ``n`` months:

- ``retained(c, n)``: the cohort's members with at least one event in month ``c + n``;
- ``share(c, n) = retained(c, n) / size(c)``.

A horizon is reached once its month is over (``today`` is after its last day); before that,
its retained count and share are None. Read by rows, the cohorts form the usual cohort
triangle: recent cohorts have fewer horizons reached.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from roundtable.domain.insights.calendar_months import add_months, month_end, month_of
from roundtable.domain.insights.inputs import Event, MemberJoin


@dataclass(frozen=True)
class HorizonRetention:
    months: int
    retained: int | None
    share: float | None


@dataclass(frozen=True)
class Cohort:
    month: date
    size: int
    horizons: list[HorizonRetention]


def retention_cohorts(
    members: Iterable[MemberJoin],
    events: Iterable[Event],
    horizons: Sequence[int] = (1, 3, 6, 12),
    *,
    today: date,
) -> list[Cohort]:
    """The cohorts of ``members`` by join month, oldest first, each with one
    :class:`HorizonRetention` per horizon in the order given. Horizons must be at least 1.
    No members, no cohorts."""
    if any(n < 1 for n in horizons):
        raise ValueError(f"Retention horizons must be at least one month, not {list(horizons)}.")
    cohorts: dict[date, set[int]] = defaultdict(set)
    for member_id, joined_on in members:
        cohorts[month_of(joined_on)].add(member_id)
    active_in: dict[date, set[int]] = defaultdict(set)
    for member_id, on, _kind in events:
        active_in[month_of(on)].add(member_id)
    result = []
    for month in sorted(cohorts):
        cohort = cohorts[month]
        rows = []
        for n in horizons:
            target = add_months(month, n)
            if today <= month_end(target):
                rows.append(HorizonRetention(months=n, retained=None, share=None))
                continue
            retained = len(cohort & active_in.get(target, set()))
            rows.append(HorizonRetention(months=n, retained=retained, share=retained / len(cohort)))
        result.append(Cohort(month=month, size=len(cohort), horizons=rows))
    return result
