"""Reads for community insights: a community's members and participation records as the plain
inputs of :mod:`roundtable.domain.insights`, and the figures computed from them for a period.

Days are UTC days (a record's day is the UTC date of ``occurred_at``). Every member of the
community counts, archived and anonymised ones included: they were part of its history.
"""

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.domain.insights import (
    Event,
    LevelFlow,
    MemberJoin,
    active_by_month,
    add_months,
    level_flows,
    levels_at,
    month_end,
    month_of,
    months_between,
    newcomer_conversion,
    quarter_start,
    retention_cohorts,
    slipping_away,
)
from roundtable.domain.participation import LEVELS_BY_ENGAGEMENT, Thresholds, window_start
from roundtable.members.models import Member, ParticipationRecord

_CHUNK = 5000
LEVEL_HISTORY_MONTHS = 24

# A group of members: its condition over Member, or over a model reaching Member through the
# prefix given ("member__" for participation records), as the member filters give it.
MemberCondition = Callable[[str], Q]


@dataclass(frozen=True)
class InsightInputs:
    members: list[MemberJoin]
    events: list[Event]


def insight_inputs(
    *, community: Community, through: datetime, group: MemberCondition | None = None
) -> InsightInputs:
    """The community's members who joined by ``through``'s day (of ``group`` only, when given)
    and their participation records up to the instant ``through`` (later ones, planned or
    mistyped, do not count yet), streamed from two queries."""
    last_day = through.astimezone(UTC).date()
    member_q = group("") if group else Q()
    record_q = group("member__") if group else Q()
    members = [
        MemberJoin(member_id, joined_on)
        for member_id, joined_on in Member.objects.filter(
            member_q, community=community, joined_on__lte=last_day
        )
        .order_by()
        .values_list("pk", "joined_on")
        .iterator(chunk_size=_CHUNK)
    ]
    events = [
        Event(member_id, occurred_at.astimezone(UTC).date(), kind)
        for member_id, occurred_at, kind in ParticipationRecord.objects.filter(
            record_q, community=community, occurred_at__lte=through, member__joined_on__lte=last_day
        )
        .order_by()
        .values_list("member_id", "occurred_at", "kind")
        .iterator(chunk_size=_CHUNK)
    ]
    return InsightInputs(members=members, events=events)


def _last_quarter_end(day: date) -> date:
    """The last day of the latest calendar quarter that is over by the end of ``day``."""
    next_day = day + timedelta(days=1)
    return quarter_start(next_day) - timedelta(days=1)


def _flow_json(flow: LevelFlow) -> dict[str, Any]:
    return {
        "from": flow.from_level.value if flow.from_level else None,
        "to": flow.to_level.value,
        "count": flow.count,
        "member_ids": flow.member_ids,
    }


def _level_history(
    inputs: InsightInputs, *, as_of: date, thresholds: Thresholds
) -> list[dict[str, Any]]:
    """The members at each participation level at the end of each of the last
    ``LEVEL_HISTORY_MONTHS`` months up to ``as_of`` (its own month counted at ``as_of``).

    Each month end is handed only the events its window can hold (a slice of the events sorted
    by day): an event is looked at by the few month ends whose window holds it, not by all 24.
    Every member's level is still worked out 24 times, which is why the command leaves this
    out and the page asks for it."""
    events = sorted(inputs.events, key=lambda e: e.on)
    days = [e.on for e in events]
    last_month = month_of(as_of)
    history = []
    for back in range(LEVEL_HISTORY_MONTHS - 1, -1, -1):
        month = add_months(last_month, -back)
        at = min(month_end(month), as_of)
        # The first day levels_at counts from, as it works it out.
        first = window_start(datetime.combine(at, time.max, tzinfo=UTC), thresholds.window_months)
        window = events[bisect_left(days, first.date()) : bisect_right(days, at)]
        counts = Counter(
            level
            for level in levels_at(inputs.members, window, at=at, thresholds=thresholds).values()
            if level is not None
        )
        history.append(
            {
                "month": month.strftime("%Y-%m"),
                "at": at.isoformat(),
                "levels": {level.value: counts.get(level, 0) for level in LEVELS_BY_ENGAGEMENT},
            }
        )
    return history


def community_insight_figures(
    *,
    community: Community,
    start: date,
    end: date,
    now: datetime | None = None,
    group: MemberCondition | None = None,
    level_history: bool = False,
) -> dict[str, Any]:
    """Every insight figure of ``community`` for the period from ``start`` to ``end`` (both
    days included, ``start <= end``), as plain JSON values.

    The figures are as they stood at the end of ``end``, or now if that is still to come:
    records after that instant are left out. Months are the calendar months the period
    touches, each counted whole; retention cohorts are the members who joined in those months;
    newcomers are those whose first attendance falls in the period; slipping away and the level
    flows are as of the period's last day (the flows between the ends of the last two calendar
    quarters over by then), with the community's participation thresholds. With
    ``level_history``, also the members at each level at the ends of the 24 months up to the
    period's last day (``levels_by_month``). With ``group``, only the members of that group
    count, as if they were the community.
    """
    now = now or timezone.now()
    through = min(datetime.combine(end, time.max, tzinfo=UTC), now)
    as_of = through.astimezone(UTC).date()
    # A month is over for retention once its last day is behind the end of the data.
    retention_today = as_of + timedelta(days=1) if through < now else as_of
    inputs = insight_inputs(community=community, through=through, group=group)
    months = list(months_between(start, end))
    first_month = month_of(start)
    cohort_members = [m for m in inputs.members if month_of(m.joined_on) >= first_month]

    later_end = _last_quarter_end(as_of)
    earlier_end = quarter_start(later_end) - timedelta(days=1)
    thresholds = community.thresholds
    before = levels_at(inputs.members, inputs.events, at=earlier_end, thresholds=thresholds)
    after = levels_at(inputs.members, inputs.events, at=later_end, thresholds=thresholds)
    flows = level_flows({member_id: (before[member_id], after[member_id]) for member_id in after})

    slipping = slipping_away(inputs.events, as_of)
    names = dict(
        Member.objects.filter(community=community, pk__in=[s.member_id for s in slipping])
        .order_by()
        .values_list("pk", "full_name")
    )
    conversion = newcomer_conversion(inputs.members, inputs.events, start=start, end=end)
    figures: dict[str, Any] = {
        "community": community.slug,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "as_of": as_of.isoformat(),
        "active_by_month": [
            {**asdict(row), "month": row.month.strftime("%Y-%m")}
            for row in active_by_month(inputs.events, inputs.members, months)
        ],
        "retention_cohorts": [
            {
                "month": cohort.month.strftime("%Y-%m"),
                "size": cohort.size,
                "horizons": [asdict(h) for h in cohort.horizons],
            }
            for cohort in retention_cohorts(cohort_members, inputs.events, today=retention_today)
        ],
        "newcomer_conversion": asdict(conversion),
        "slipping_away": [
            {
                "member_id": s.member_id,
                "name": names.get(s.member_id, ""),
                "last_active": s.last_active.isoformat(),
            }
            for s in slipping
        ],
        "level_flows": {
            "from_quarter_end": earlier_end.isoformat(),
            "to_quarter_end": later_end.isoformat(),
            "flows": [_flow_json(flow) for flow in flows],
        },
    }
    if level_history:
        figures["levels_by_month"] = _level_history(inputs, as_of=as_of, thresholds=thresholds)
    return figures
