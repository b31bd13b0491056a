"""Needs coverage: are the members' needs met by what the community runs?

A need is **served** by an activity when the planner's matching ties them (the activity's title,
purpose and description are similar enough to the need's words, see
:mod:`roundtable.domain.needs_match`), the need's member is in the activity's audience, and the
activity starts on or after the day the need was stated (an activity before the need cannot
answer it). The caller finds those activities; this module counts. For each need it takes:

- ``created_on``: the day it was stated; ``addressed_on``: the day it was marked addressed, or
  None while it is not;
- ``serving``: the activities that serve it, each with the day it was planned (created) and the
  day it is held.

Per calendar month ``M`` (``end`` = its last day, capped at ``today``):

- ``new``: needs stated in ``M``;
- ``open``: needs stated by ``end`` and not addressed by then (addressed on a later day or never);
- ``planned_for``: of the open ones, those with a serving activity planned by ``end`` (held
  before or after ``end``);
- ``addressed``: needs marked addressed in ``M``;
- ``served``: needs whose first serving activity was held in ``M`` (by ``today``).

``median_days_to_activity``: over the needs whose first serving activity was held in the period
(by ``today``), the median number of days from the need to that activity; None when there are
none. This follows the idea of "time to first response" (CHAOSS), with an activity as the answer.

**Waiting** needs: open on ``today``, of the urgency asked (burning by default), that no activity
serves, planned or held; the longest waiting first (then the lowest id). They are the call to act:
"no activity serves this".

By group (a segment, a country: any named set of members): the open needs of its members on
``today``, how many have a serving activity, how many burning ones wait, and the longest wait.
"""

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from statistics import median

from roundtable.domain.insights.calendar_months import month_end, month_of

BURNING = 4  # the urgency of a burning need (needs.Need.Urgency.BURNING)


@dataclass(frozen=True)
class Serving:
    """An activity that serves a need: when it was planned and when it is held."""

    activity_id: int
    planned_on: date
    held_on: date


@dataclass(frozen=True)
class NeedFacts:
    need_id: int
    member_id: int
    created_on: date
    urgency: int
    addressed_on: date | None
    serving: tuple[Serving, ...] = ()  # in the order held (then by activity id)

    def open_on(self, day: date) -> bool:
        """Stated by ``day`` and not addressed by then."""
        return self.created_on <= day and (self.addressed_on is None or self.addressed_on > day)

    def planned_by(self, day: date) -> bool:
        """Some activity that serves it was planned by ``day``."""
        return any(s.planned_on <= day for s in self.serving)

    def first_held(self, today: date) -> Serving | None:
        """The first serving activity held by ``today`` (``serving`` is in the order held)."""
        if self.serving and self.serving[0].held_on <= today:
            return self.serving[0]
        return None


@dataclass(frozen=True)
class CoverageMonth:
    month: date
    new: int
    open: int
    planned_for: int
    addressed: int
    served: int

    @property
    def planned_share(self) -> float | None:
        """The share of the open needs that an activity was planned for; None with none open."""
        return self.planned_for / self.open if self.open else None


@dataclass(frozen=True)
class WaitingNeed:
    need_id: int
    member_id: int
    created_on: date
    days_waiting: int


@dataclass(frozen=True)
class GroupCoverage:
    name: str
    members: int
    open: int
    planned_for: int
    burning_waiting: int
    longest_wait_days: int | None  # of its burning waiting needs; None when none waits

    @property
    def planned_share(self) -> float | None:
        return self.planned_for / self.open if self.open else None


def coverage_by_month(
    needs: Iterable[NeedFacts], months: Iterable[date], *, today: date
) -> list[CoverageMonth]:
    """One row per distinct month of ``months`` (any day names its month), in order. A month
    still running is counted up to ``today``; a month after ``today`` counts nothing held yet.

    Counted from sorted days, not need by need per month: ``open`` at ``end`` is the needs stated
    by ``end`` less those addressed by ``end``; ``planned_for`` is those whose first planning
    (not before the need) is by ``end`` less those of them also addressed by ``end``.
    """
    stated, addressed, planned, planned_and_addressed = [], [], [], []
    new: Counter[date] = Counter()
    addressed_in: Counter[date] = Counter()
    served_in: Counter[date] = Counter()
    for need in needs:
        stated.append(need.created_on)
        new[month_of(need.created_on)] += 1
        # A need cannot be addressed before it was stated.
        done = None if need.addressed_on is None else max(need.addressed_on, need.created_on)
        if done is not None:
            addressed.append(done)
            addressed_in[month_of(need.addressed_on or done)] += 1
        if need.serving:
            first_planned = max(need.created_on, min(s.planned_on for s in need.serving))
            planned.append(first_planned)
            if done is not None:
                planned_and_addressed.append(max(first_planned, done))
            first = need.serving[0]
            if first.held_on <= today:
                served_in[month_of(first.held_on)] += 1
    for days in (stated, addressed, planned, planned_and_addressed):
        days.sort()
    rows = []
    for month in sorted({month_of(m) for m in months}):
        end = min(month_end(month), today)
        rows.append(
            CoverageMonth(
                month=month,
                new=new[month],
                open=bisect_right(stated, end) - bisect_right(addressed, end),
                planned_for=bisect_right(planned, end) - bisect_right(planned_and_addressed, end),
                addressed=addressed_in[month],
                served=served_in[month],
            )
        )
    return rows


def median_days_to_activity(
    needs: Iterable[NeedFacts], *, start: date, end: date, today: date
) -> float | None:
    """The median days from a need to its first serving activity, over the needs whose first
    serving activity was held in ``[start, end]`` and by ``today``."""
    days = []
    for need in needs:
        first = need.first_held(min(end, today))
        if first is not None and first.held_on >= start:
            days.append((first.held_on - need.created_on).days)
    return float(median(days)) if days else None


def waiting_needs(
    needs: Iterable[NeedFacts], *, today: date, urgency: int = BURNING, limit: int | None = None
) -> list[WaitingNeed]:
    """Open needs of ``urgency`` on ``today`` that no activity serves, planned or held, the
    longest waiting first; at most ``limit`` of them (all when None)."""
    waiting = [
        WaitingNeed(n.need_id, n.member_id, n.created_on, (today - n.created_on).days)
        for n in needs
        if n.urgency == urgency and n.open_on(today) and not n.planned_by(today)
    ]
    waiting.sort(key=lambda w: (-w.days_waiting, w.need_id))
    return waiting if limit is None else waiting[:limit]


def coverage_by_group(
    needs: Iterable[NeedFacts], groups: Mapping[str, Iterable[int]], *, today: date
) -> list[GroupCoverage]:
    """For each named group of member ids, in the order given: its open needs on ``today``, how
    many of them an activity was planned for, and its burning needs waiting."""
    needs = list(needs)
    waiting = waiting_needs(needs, today=today)
    rows = []
    for name, member_ids in groups.items():
        ids = set(member_ids)
        open_needs = [n for n in needs if n.member_id in ids and n.open_on(today)]
        waits = [w.days_waiting for w in waiting if w.member_id in ids]
        rows.append(
            GroupCoverage(
                name=name,
                members=len(ids),
                open=len(open_needs),
                planned_for=sum(1 for n in open_needs if n.planned_by(today)),
                burning_waiting=len(waits),
                longest_wait_days=max(waits) if waits else None,
            )
        )
    return rows


def serving_of(
    need_created: Mapping[int, date],
    matches: Iterable[tuple[int, int]],
    activities: Mapping[int, tuple[date, date]],
) -> dict[int, tuple[Serving, ...]]:
    """The serving activities of each need from the matching's ``(need_id, activity_id)`` pairs
    and each activity's ``(planned_on, held_on)``: an activity held before the day a need was
    stated does not serve it. Needs with no serving activity are left out."""
    found: dict[int, list[Serving]] = {}
    for need_id, activity_id in matches:
        created = need_created.get(need_id)
        if created is None or activity_id not in activities:
            continue
        planned_on, held_on = activities[activity_id]
        if held_on >= created:
            found.setdefault(need_id, []).append(Serving(activity_id, planned_on, held_on))
    return {
        need_id: tuple(sorted(s, key=lambda s: (s.held_on, s.activity_id)))
        for need_id, s in found.items()
    }
