"""Breakouts: plan rounds of groups for an activity, adjust them, and remember who met whom.

Every function here changes state in one transaction, or changes nothing and raises
``BreakoutError`` naming the form field at fault. The solving itself is the pure engine in
``roundtable.domain.groups``; this module turns registrations into its players 0..n-1 and back.
"""

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from django.conf import settings
from django.db import transaction

from roundtable.activities.models import Activity, Encounter, Registration
from roundtable.breakouts.models import BreakoutAssignment, BreakoutPlan
from roundtable.breakouts.selectors import (
    MIX_CHOICES,
    attendance_known,
    participants,
    plan_latest,
    plan_rounds,
    repeat_count,
)
from roundtable.domain.groups import (
    ConstraintError,
    Constraints,
    group_sizes,
    history_weights,
    replan,
    solve,
)
from roundtable.domain.groups.solve import SolveInputError
from roundtable.segments.models import Segment
from roundtable.segments.selectors import segment_members
from roundtable.service_error import ServiceError

MAX_ROUNDS = 40
DEFAULT_TIME_LIMIT = 5.0


class BreakoutError(ServiceError):
    """Input no plan can be made from; ``field`` names the form field (None: the whole form)."""


@dataclass(frozen=True)
class BreakoutRequest:
    """What the manager asks for. People are registration ids of the activity.

    Give ``group_size`` or ``rooms`` (not both), and ``rounds`` or ``max_rounds``. ``mix`` is
    "", "organisation", "country" or "segment:<id>".
    """

    source: str = BreakoutPlan.Source.REGISTERED
    group_size: int | None = None
    rooms: int | None = None
    rounds: int | None = None
    max_rounds: bool = False
    facilitators: tuple[int, ...] = ()
    keep_apart: tuple[tuple[int, int], ...] = ()
    keep_together: tuple[tuple[int, ...], ...] = ()
    mix: str = ""
    use_history: bool = True
    seed: int | None = None

    def as_parameters(self) -> dict[str, Any]:
        data = asdict(self)
        data["keep_apart"] = [list(pair) for pair in self.keep_apart]
        data["keep_together"] = [list(group) for group in self.keep_together]
        data["facilitators"] = list(self.facilitators)
        return data

    @classmethod
    def from_parameters(cls, data: dict[str, Any]) -> "BreakoutRequest":
        return cls(
            source=data.get("source", BreakoutPlan.Source.REGISTERED),
            group_size=data.get("group_size"),
            rooms=data.get("rooms"),
            rounds=data.get("rounds"),
            max_rounds=bool(data.get("max_rounds")),
            facilitators=tuple(data.get("facilitators", ())),
            keep_apart=tuple((int(a), int(b)) for a, b in data.get("keep_apart", ())),
            keep_together=tuple(tuple(group) for group in data.get("keep_together", ())),
            mix=data.get("mix", ""),
            use_history=bool(data.get("use_history", True)),
            seed=data.get("seed"),
        )


def time_limit() -> float:
    """Seconds the solver may take in a web request (setting ``BREAKOUTS_TIME_LIMIT``, 5)."""
    return float(getattr(settings, "BREAKOUTS_TIME_LIMIT", DEFAULT_TIME_LIMIT))


def _label(registration: Registration) -> str:
    return registration.name or registration.email


def _group_size(people: int, request: BreakoutRequest) -> int:
    if request.group_size is not None and request.rooms is not None:
        raise BreakoutError("Give a group size or a number of rooms, not both.", "group_size")
    if request.rooms is not None:
        if request.rooms < 1:
            raise BreakoutError(f"{request.rooms} rooms: give at least 1 room.", "rooms")
        if request.rooms > people // 2:
            raise BreakoutError(
                f"{request.rooms} rooms for {people} participants would leave someone alone: "
                f"at most {max(people // 2, 1)} rooms.",
                "rooms",
            )
        return math.ceil(people / request.rooms)
    if request.group_size is None:
        raise BreakoutError("Give a group size or a number of rooms.", "group_size")
    if request.group_size < 2:
        raise BreakoutError(
            f"A group size of {request.group_size} is too small: groups need at least 2 people.",
            "group_size",
        )
    if request.group_size > people:
        raise BreakoutError(
            f"A group size of {request.group_size} is larger than the {people} participants.",
            "group_size",
        )
    return request.group_size


def _rounds(request: BreakoutRequest) -> int | None:
    if request.max_rounds:
        return None
    if request.rounds is None:
        raise BreakoutError("Give the number of rounds, or ask for as many as possible.", "rounds")
    if request.rounds < 1:
        raise BreakoutError(f"{request.rounds} rounds: give at least 1 round.", "rounds")
    if request.rounds > MAX_ROUNDS:
        raise BreakoutError(f"{request.rounds} rounds: at most {MAX_ROUNDS}.", "rounds")
    return request.rounds


def _check_people(ids: Iterable[int], index: Mapping[int, object], field: str) -> None:
    for registration_id in ids:
        if registration_id not in index:
            raise BreakoutError(
                f"Registration #{registration_id} is not one of the participants of this plan.",
                field,
            )


def _merged_sets(groups: Sequence[Sequence[int]]) -> list[set[int]]:
    sets: list[set[int]] = []
    for group in groups:
        merged = set(group)
        for other in [s for s in sets if s & merged]:
            merged |= other
            sets.remove(other)
        if len(merged) > 1:
            sets.append(merged)
    return sets


def _attributes(activity: Activity, people: Sequence[Registration], mix: str) -> dict[int, str]:
    if not mix:
        return {}
    if mix in ("organisation", "country"):
        values = {}
        for i, registration in enumerate(people):
            member = registration.member
            value = getattr(member, mix, "") if member else ""
            if value:
                values[i] = value.strip().lower()
        return values
    if mix.startswith("segment:"):
        segment_id = mix.partition(":")[2]
        segment = (
            Segment.objects.filter(community_id=activity.community_id, pk=segment_id).first()
            if segment_id.isdigit()
            else None
        )
        if segment is None:
            raise BreakoutError("That segment is not one of this community's segments.", "mix")
        member_ids = [r.member_id for r in people if r.member_id]
        inside = set(
            segment_members(segment=segment).filter(pk__in=member_ids).values_list("pk", flat=True)
        )
        return {
            i: "in" if registration.member_id in inside else "out"
            for i, registration in enumerate(people)
        }
    raise BreakoutError(f"Mix by {mix!r} is not one of {', '.join(MIX_CHOICES)}.", "mix")


def _history(activity: Activity, people: Sequence[Registration]) -> dict[tuple[int, int], float]:
    """Pair weights from the encounters of the participants' members in other activities."""
    positions: dict[int, list[int]] = {}
    for i, registration in enumerate(people):
        if registration.member_id:
            positions.setdefault(registration.member_id, []).append(i)
    if len(positions) < 2:
        return {}
    rows = (
        Encounter.objects.filter(
            community_id=activity.community_id,
            member_a__in=list(positions),
            member_b__in=list(positions),
            met_at__lt=activity.starts_at,
        )
        .exclude(activity=activity)
        .values_list("member_a", "member_b", "met_at")
    )
    past = []
    for member_a, member_b, met_at in rows:
        age = (activity.starts_at - met_at).total_seconds() / 86400
        for a in positions[member_a]:
            for b in positions[member_b]:
                past.append((a, b, age))
    return history_weights(past)


def _constraints(
    activity: Activity,
    people: Sequence[Registration],
    request: BreakoutRequest,
    sizes: Sequence[int],
) -> Constraints:
    """The engine's constraints over positions in ``people``, or ``BreakoutError``."""
    index = {registration.pk: i for i, registration in enumerate(people)}
    names = {registration.pk: _label(registration) for registration in people}
    _check_people(request.facilitators, index, "facilitators")
    _check_people([x for pair in request.keep_apart for x in pair], index, "keep_apart")
    _check_people([x for group in request.keep_together for x in group], index, "keep_together")
    largest = max(sizes)
    together = _merged_sets(request.keep_together)
    for group in together:
        if len(group) > largest:
            listed = ", ".join(sorted(names[x] for x in group))
            raise BreakoutError(
                f"Keep together: {len(group)} people ({listed}) cannot share a group of at "
                f"most {largest}.",
                "keep_together",
            )
    for a, b in request.keep_apart:
        if a == b:
            raise BreakoutError(
                f"Keep apart: {names[a]} cannot be kept apart from themself.", "keep_apart"
            )
        if any(a in group and b in group for group in together):
            raise BreakoutError(
                f"Keep apart: {names[a]} and {names[b]} are also to be kept together.",
                "keep_apart",
            )
    facilitators = set(request.facilitators)
    if facilitators and len(facilitators) < len(sizes):
        raise BreakoutError(
            f"{len(facilitators)} facilitators for {len(sizes)} rooms: mark "
            f"{len(sizes) - len(facilitators)} more, or make fewer, larger rooms.",
            "facilitators",
        )
    return Constraints(
        history=_history(activity, people) if request.use_history else {},
        keep_apart=[(index[a], index[b]) for a, b in request.keep_apart],
        keep_together=[[index[x] for x in group] for group in together],
        facilitators=sorted(index[x] for x in facilitators),
        attributes=_attributes(activity, people, request.mix),
    )


def _store(
    *,
    activity: Activity,
    request: BreakoutRequest,
    size: int,
    rounds: Sequence[Sequence[Sequence[int]]],
    result: Any,
    seed: int,
    by: Any,
    finished: int = 0,
    replanned_from: BreakoutPlan | None = None,
) -> BreakoutPlan:
    """Write a plan and its assignments; ``rounds`` hold registration ids, round 1 first."""
    facilitators = set(request.facilitators)
    message = result.message
    unmet = _unmet(rounds, request)
    if unmet:
        message = f"{message} Not met: {'; '.join(unmet[:3])}{' …' if len(unmet) > 3 else ''}."
    plan = BreakoutPlan.objects.create(
        activity=activity,
        source=request.source,
        group_size=size,
        rounds=len(rounds),
        max_rounds=request.max_rounds,
        parameters=request.as_parameters(),
        seed=seed,
        method=result.method[:300],
        message=message[:500],
        complete=result.complete and not unmet,
        repeat_pairs=repeat_count(rounds),
        seconds=result.seconds,
        finished_rounds=finished,
        replanned_from=replanned_from,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    BreakoutAssignment.objects.bulk_create(
        BreakoutAssignment(
            plan=plan,
            registration_id=registration_id,
            round=number,
            room=room,
            facilitator=registration_id in facilitators,
        )
        for number, round_ in enumerate(rounds, start=1)
        for room, group in enumerate(round_, start=1)
        for registration_id in group
    )
    return plan


def _unmet(rounds: Sequence[Sequence[Sequence[int]]], request: BreakoutRequest) -> list[str]:
    """The wishes a schedule (of registration ids) breaks, in words with names."""
    names = dict(
        Registration.objects.filter(pk__in={x for r in rounds for g in r for x in g}).values_list(
            "pk", "name"
        )
    )
    facilitators = set(request.facilitators)
    found = []
    for number, round_ in enumerate(rounds, start=1):
        rooms = [set(group) for group in round_]
        if facilitators & set(names) and any(not room & facilitators for room in rooms):
            found.append(f"a room without a facilitator in round {number}")
        for a, b in request.keep_apart:
            if any({a, b} <= room for room in rooms):
                found.append(f"{names.get(a)} and {names.get(b)} share a room in round {number}")
        for group in request.keep_together:
            present = set(group) & set(names)
            if len(present) > 1 and not any(present <= room for room in rooms):
                found.append(f"{', '.join(names[x] for x in present)} are apart in round {number}")
    return found


@transaction.atomic
def breakout_plan_create(
    *, activity: Activity, request: BreakoutRequest, by: Any = None, seconds: float | None = None
) -> BreakoutPlan:
    """Solve and store a breakout plan for the activity's participants (``request.source``).

    Raises ``BreakoutError`` (naming the field) on bad input; stores nothing then. The solver
    runs for at most ``seconds`` (default ``time_limit()``); when it could not avoid repeats
    the plan's ``message`` says so and ``complete`` is False.
    """
    if request.source not in BreakoutPlan.Source.values:
        raise BreakoutError("Choose checked-in or registered participants.", "source")
    people = list(participants(activity=activity, source=request.source))
    if not people:
        raise BreakoutError(
            "Nobody is checked in yet: choose the people registered as attending."
            if request.source == BreakoutPlan.Source.ATTENDED
            else "Nobody is registered as attending this activity yet.",
            "source",
        )
    if len(people) < 2:
        raise BreakoutError("Breakouts need at least 2 participants; there is 1.", "source")
    size = _group_size(len(people), request)
    rounds = _rounds(request)
    sizes = group_sizes(len(people), size)
    constraints = _constraints(activity, people, request, sizes)
    seed = request.seed if request.seed is not None else random.randrange(1, 1 << 30)  # noqa: S311 - a seed for reproducible group search, not a secret
    try:
        result = solve(
            people=len(people),
            size=size,
            rounds=rounds,
            max_rounds=request.max_rounds,
            time_limit=seconds if seconds is not None else time_limit(),
            seed=seed,
            constraints=constraints,
        )
    except (SolveInputError, ConstraintError) as error:
        raise BreakoutError(str(error)) from error
    labelled = [[[people[i].pk for i in group] for group in round_] for round_ in result.rounds]
    return _store(
        activity=activity,
        request=request,
        size=size,
        rounds=labelled,
        result=result,
        seed=seed,
        by=by,
    )


@transaction.atomic
def breakout_swap(*, plan: BreakoutPlan, first: int, second: int) -> BreakoutPlan:
    """Swap the rooms of two people (assignment ids) in one round of ``plan``.

    Both must be assignments of this plan, in the same round and in different rooms.
    """
    found = {
        a.pk: a
        for a in BreakoutAssignment.objects.select_for_update()
        .filter(plan=plan, pk__in=[first, second])
        .select_related("registration")
    }
    if first == second or len(found) != 2:
        raise BreakoutError("Select two different people of this plan to swap.", "swap")
    one, other = found[first], found[second]
    if one.round != other.round:
        raise BreakoutError(
            f"{_label(one.registration)} (round {one.round}) and {_label(other.registration)} "
            f"(round {other.round}) are in different rounds: swap within one round.",
            "swap",
        )
    if one.room == other.room:
        raise BreakoutError(
            f"{_label(one.registration)} and {_label(other.registration)} are already in the "
            "same room.",
            "swap",
        )
    one.room, other.room = other.room, one.room
    BreakoutAssignment.objects.bulk_update([one, other], ["room"])
    plan.repeat_pairs = repeat_count(plan_rounds(plan))
    plan.save(update_fields=["repeat_pairs"])
    return plan


@transaction.atomic
def breakout_replan(
    *, plan: BreakoutPlan, finished: int, present: Sequence[int], by: Any = None
) -> BreakoutPlan:
    """A new plan keeping rounds 1..``finished`` of ``plan`` and re-planning the rest for the
    registrations ``present`` now (late joiners in, leavers out). Pairs who met in the kept
    rounds count as met. Raises ``BreakoutError`` naming the field; stores nothing then."""
    activity = plan.activity
    if not 0 <= finished < plan.rounds:
        raise BreakoutError(
            f"Rounds already held must be between 0 and {plan.rounds - 1}: the plan has "
            f"{plan.rounds} rounds and at least one must be left to re-plan.",
            "finished",
        )
    registrations = {
        r.pk: r
        for r in Registration.objects.filter(
            activity=activity, pk__in=list(present)
        ).select_related("member")
    }
    _check_people(present, registrations, "present")
    people = [registrations[pk] for pk in dict.fromkeys(present)]
    if len(people) < 2:
        raise BreakoutError("Re-planning needs at least 2 people present.", "present")
    size = min(plan.group_size, len(people))
    stored = BreakoutRequest.from_parameters(plan.parameters)
    keep = set(registrations)
    request = BreakoutRequest(
        source=stored.source,
        group_size=size,
        rounds=plan.rounds - finished,
        facilitators=tuple(x for x in stored.facilitators if x in keep),
        keep_apart=tuple(p for p in stored.keep_apart if set(p) <= keep),
        keep_together=tuple(
            kept for g in stored.keep_together if len(kept := tuple(x for x in g if x in keep)) > 1
        ),
        mix=stored.mix,
        use_history=stored.use_history,
        seed=plan.seed,
    )
    sizes = group_sizes(len(people), size)
    facilitators = set(request.facilitators)
    if facilitators and len(facilitators) < len(sizes):
        request = replace(request, facilitators=())
    constraints = _constraints(activity, people, request, sizes)
    kept_rounds = plan_rounds(plan)[:finished]
    try:
        new_rounds, result = replan(
            finished=kept_rounds,
            people=[r.pk for r in people],
            size=size,
            rounds=plan.rounds - finished,
            time_limit=time_limit(),
            seed=plan.seed,
            constraints=constraints,
        )
    except (SolveInputError, ConstraintError) as error:
        raise BreakoutError(str(error)) from error
    request = replace(request, facilitators=tuple(set(stored.facilitators) | facilitators))
    return _store(
        activity=activity,
        request=request,
        size=size,
        rounds=[*kept_rounds, *new_rounds],
        result=result,
        seed=plan.seed,
        by=by,
        finished=finished,
        replanned_from=plan,
    )


@transaction.atomic
def encounters_record(*, activity: Activity) -> int:
    """Store an ``Encounter`` for every pair of members who shared a room in the activity's
    latest breakout plan; returns how many were created.

    Idempotent: pairs already stored for this activity are kept, pairs no longer in the plan
    (after a swap or re-plan) are removed. When attendance is known only people who attended
    count. ``first`` is true for the earliest encounter of each pair in the community, so
    recording activities out of order still leaves exactly one first per pair.
    """
    plan = plan_latest(activity=activity)
    if plan is None:
        return 0
    rows = BreakoutAssignment.objects.filter(plan=plan, registration__member__isnull=False)
    if attendance_known(activity=activity):
        rows = rows.filter(registration__attended_at__isnull=False)
    rooms: dict[tuple[int, int], set[int]] = {}
    for number, room, member_id in rows.values_list("round", "room", "registration__member_id"):
        rooms.setdefault((number, room), set()).add(member_id)
    pairs: set[tuple[int, int]] = set()
    for members in rooms.values():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs.add((a, b))
    existing = {
        (a, b): pk
        for pk, a, b in Encounter.objects.filter(activity=activity).values_list(
            "pk", "member_a", "member_b"
        )
    }
    stale = [pk for key, pk in existing.items() if key not in pairs]
    Encounter.objects.filter(pk__in=stale).delete()
    new = sorted(pairs - set(existing))
    Encounter.objects.bulk_create(
        Encounter(
            community_id=activity.community_id,
            activity=activity,
            member_a_id=a,
            member_b_id=b,
            met_at=activity.starts_at,
        )
        for a, b in new
    )
    touched = set(new) | {key for key in existing if key not in pairs}
    _firsts_refresh(activity, touched)
    return len(new)


def _firsts_refresh(activity: Activity, pairs: set[tuple[int, int]]) -> None:
    """Mark the earliest encounter of each pair (by time, then id) as its first."""
    if not pairs:
        return
    members = {m for pair in pairs for m in pair}
    rows = Encounter.objects.filter(
        community_id=activity.community_id, member_a__in=members, member_b__in=members
    ).values_list("pk", "member_a", "member_b", "met_at", "first")
    by_pair: dict[tuple[int, int], list[tuple[Any, int, bool]]] = {}
    for pk, a, b, met_at, first in rows:
        if (a, b) in pairs:
            by_pair.setdefault((a, b), []).append((met_at, pk, first))
    make_first, make_later = [], []
    for encounters in by_pair.values():
        encounters.sort()
        for position, (_, pk, first) in enumerate(encounters):
            if position == 0 and not first:
                make_first.append(pk)
            elif position > 0 and first:
                make_later.append(pk)
    Encounter.objects.filter(pk__in=make_first).update(first=True)
    Encounter.objects.filter(pk__in=make_later).update(first=False)
