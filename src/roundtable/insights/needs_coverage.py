"""Reads for needs coverage: the community's needs with the activities that serve them (the
planner's matching, over every activity of the community, to the need's member when the
activity targets a segment), counted by :mod:`roundtable.domain.insights.needs_coverage`.

Days are UTC days. The needs of members whose data was erased are left out, as on the needs board.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import numpy as np
from django.utils import timezone

from roundtable.activities.matching import community_needs_index
from roundtable.activities.models import Activity
from roundtable.communities.models import Community
from roundtable.domain.insights import months_between
from roundtable.domain.insights.needs_coverage import (
    CoverageMonth,
    GroupCoverage,
    NeedFacts,
    coverage_by_group,
    coverage_by_month,
    median_days_to_activity,
    serving_of,
    waiting_needs,
)
from roundtable.domain.needs_match import MATCH_THRESHOLD, activity_text
from roundtable.insights.snapshots import view
from roundtable.members.models import Member
from roundtable.needs.models import Need
from roundtable.segments.models import Segment
from roundtable.segments.selectors import segment_q

WAITING_SHOWN = 20
ACTIVITIES_AT_ONCE = 64  # activities compared with every need in one matrix (needs × 64 floats)


@dataclass(frozen=True)
class WaitingRow:
    need: Need
    days_waiting: int


@dataclass(frozen=True)
class NeedsCoverage:
    start: date
    end: date
    as_of: date
    needs: int  # every need counted (of members not erased), whatever its status
    activities: int  # activities compared with them
    months: list[CoverageMonth]
    median_days_to_activity: float | None
    waiting: list[WaitingRow]  # the longest-waiting burning needs, at most WAITING_SHOWN
    waiting_total: int
    groups: list[GroupCoverage]  # the whole community first, then each segment by name


def _day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def _matches(
    community: Community, activities: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """(need id, activity id) for every need of the community similar enough to an activity."""
    index = community_needs_index(community)
    if not len(index) or not activities:
        return []
    found = []
    for at in range(0, len(activities), ACTIVITIES_AT_ONCE):
        chunk = activities[at : at + ACTIVITIES_AT_ONCE]
        texts = [activity_text(a["title"], a["purpose_expressed"], a["description"]) for a in chunk]
        rows, columns = np.nonzero(index.similarities(texts) >= MATCH_THRESHOLD)
        found += [
            (int(need_id), chunk[int(column)]["pk"])
            for need_id, column in zip(index.ids[rows], columns, strict=True)
        ]
    return found


def _segment_members(segment: Segment) -> set[int]:
    return set(
        Member.objects.filter(community_id=segment.community_id)
        .filter(segment_q(segment=segment))
        .values_list("pk", flat=True)
    )


def needs_coverage(
    *, community: Community, start: date, end: date, now: datetime | None = None
) -> NeedsCoverage:
    """Needs coverage of ``community`` month by month from ``start`` to ``end`` (both days
    included), as it stood at the end of ``end`` or now if that is still to come."""
    now = now or timezone.now()
    through = min(datetime.combine(end, time.max, tzinfo=UTC), now)
    as_of = _day(through)
    rows = list(
        Need.objects.filter(
            community=community, member__anonymised_at__isnull=True, created_at__lte=through
        )
        .order_by()
        .values_list("pk", "member_id", "created_at", "urgency", "addressed_at")
    )
    activities = list(
        Activity.objects.filter(community=community, created_at__lte=through)
        .order_by("starts_at", "pk")
        .values(
            "pk", "title", "purpose_expressed", "description", "created_at", "starts_at",
            "segment_id",
        )
    )  # fmt: skip
    segments = {s.pk: s for s in Segment.objects.filter(community=community).order_by("name")}
    audiences = {pk: _segment_members(s) for pk, s in segments.items()}
    member_of = {need_id: member_id for need_id, member_id, *_ in rows}
    matches = [
        (need_id, activity_id)
        for need_id, activity_id in _matches(community, activities)
        if need_id in member_of
    ]
    by_id = {a["pk"]: a for a in activities}
    matches = [
        (need_id, activity_id)
        for need_id, activity_id in matches
        if by_id[activity_id]["segment_id"] is None
        or member_of[need_id] in audiences.get(by_id[activity_id]["segment_id"], set())
    ]
    serving = serving_of(
        {need_id: _day(created) for need_id, _m, created, _u, _a in rows},
        matches,
        # An activity recorded after it was held was planned by the day it was held.
        {
            a["pk"]: (_day(min(a["created_at"], a["starts_at"])), _day(a["starts_at"]))
            for a in activities
        },
    )
    facts = [
        NeedFacts(
            need_id,
            member_id,
            _day(created),
            urgency,
            None if addressed is None else _day(addressed),
            serving.get(need_id, ()),
        )
        for need_id, member_id, created, urgency, addressed in rows
    ]
    waiting = waiting_needs(facts, today=as_of)
    shown = waiting[:WAITING_SHOWN]
    found = Need.objects.select_related("member").in_bulk([w.need_id for w in shown])
    everyone = Member.objects.filter(community=community, anonymised_at__isnull=True)
    groups: dict[str, Iterable[int]] = {"Whole community": everyone.values_list("pk", flat=True)}
    groups |= {s.name: audiences[pk] for pk, s in segments.items()}
    return NeedsCoverage(
        start=start,
        end=end,
        as_of=as_of,
        needs=len(facts),
        activities=len(activities),
        months=coverage_by_month(facts, months_between(start, end), today=as_of),
        median_days_to_activity=median_days_to_activity(facts, start=start, end=end, today=as_of),
        waiting=[WaitingRow(found[w.need_id], w.days_waiting) for w in shown],
        waiting_total=len(waiting),
        groups=coverage_by_group(facts, groups, today=as_of),
    )


# Stored figures ---------------------------------------------------------------------------------


def coverage_payload(coverage: NeedsCoverage) -> dict[str, Any]:
    """The figures as plain JSON: counts, days and need ids (no words, no names)."""
    return {
        "start": coverage.start.isoformat(),
        "end": coverage.end.isoformat(),
        "as_of": coverage.as_of.isoformat(),
        "needs": coverage.needs,
        "activities": coverage.activities,
        "months": [{**asdict(m), "month": m.month.isoformat()} for m in coverage.months],
        "median_days_to_activity": coverage.median_days_to_activity,
        "waiting": [
            {"need_id": row.need.pk, "days_waiting": row.days_waiting} for row in coverage.waiting
        ],
        "waiting_total": coverage.waiting_total,
        "groups": [asdict(g) for g in coverage.groups],
    }


def coverage_from_payload(payload: Mapping[str, Any]) -> NeedsCoverage:
    """The figures back from :func:`coverage_payload`, the waiting needs read again (a need
    deleted since is left out)."""
    ids = [row["need_id"] for row in payload["waiting"]]
    found = Need.objects.select_related("member").in_bulk(ids)
    return NeedsCoverage(
        start=date.fromisoformat(payload["start"]),
        end=date.fromisoformat(payload["end"]),
        as_of=date.fromisoformat(payload["as_of"]),
        needs=payload["needs"],
        activities=payload["activities"],
        months=[
            CoverageMonth(**{**m, "month": date.fromisoformat(m["month"])})
            for m in payload["months"]
        ],
        median_days_to_activity=payload["median_days_to_activity"],
        waiting=[
            WaitingRow(found[row["need_id"]], row["days_waiting"])
            for row in payload["waiting"]
            if row["need_id"] in found
        ],
        waiting_total=payload["waiting_total"],
        groups=[GroupCoverage(**g) for g in payload["groups"]],
    )


@view("needs_coverage")
def _needs_coverage_view(
    community: Community, params: Mapping[str, str], now: datetime
) -> dict[str, Any]:
    start, end = date.fromisoformat(params["from"]), date.fromisoformat(params["to"])
    return coverage_payload(needs_coverage(community=community, start=start, end=end, now=now))
