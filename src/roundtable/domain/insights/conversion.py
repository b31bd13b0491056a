"""Newcomer conversion: of the people who came for the first time, how many came back.

Follows CHAOSS's "Conversion Rate" (the rate at which new members become more sustained ones),
with its first step: from "attended once" to "attended again":

- ``newcomers``: the members whose first attendance ever falls in the period
  ``[start, end]`` (attendances before the period count: someone who came before is no newcomer);
- ``converted``: those of them with an attendance on a later day than their first (two
  attendances on the same day are one visit);
- ``rate = converted / newcomers``, 0.0 when there are no newcomers;
- ``median_days_to_second``: the median of (day of second visit - day of first visit) in days
  over the converted, None when nobody converted.

Contributions are not visits here. A newcomer late in the period has had less time to come back.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median

from roundtable.domain.insights.inputs import Event, MemberJoin
from roundtable.domain.participation import ATTENDANCE


@dataclass(frozen=True)
class Conversion:
    newcomers: int
    converted: int
    rate: float
    median_days_to_second: float | None


def newcomer_conversion(
    members: Iterable[MemberJoin], events: Iterable[Event], *, start: date, end: date
) -> Conversion:
    """The conversion of ``members``' newcomers whose first attendance is in ``[start, end]``.
    Events of people not among ``members`` are left out. A period with ``start`` after ``end``
    has no newcomers."""
    known = {member_id for member_id, _joined_on in members}
    visit_days: dict[int, set[date]] = defaultdict(set)
    for member_id, on, kind in events:
        if kind == ATTENDANCE and member_id in known:
            visit_days[member_id].add(on)
    newcomers = 0
    days_to_second = []
    for days in visit_days.values():
        first, *later = sorted(days)
        if not start <= first <= end:
            continue
        newcomers += 1
        if later:
            days_to_second.append((later[0] - first).days)
    converted = len(days_to_second)
    return Conversion(
        newcomers=newcomers,
        converted=converted,
        rate=converted / newcomers if newcomers else 0.0,
        median_days_to_second=float(median(days_to_second)) if days_to_second else None,
    )
