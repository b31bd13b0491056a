"""Reading breakout plans: participants, rounds and rooms, their quality, exports, and who met
whom. Every read goes through the activity or the member, which belong to one community."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import combinations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from roundtable.activities.models import Activity, Encounter, Registration
from roundtable.breakouts.models import BreakoutAssignment, BreakoutPlan
from roundtable.members.models import Member

MIX_CHOICES = ("organisation", "country", "segment:<id>")
ZOOM_HEADER = ["Pre-assign Room Name", "Email Address"]


def participants(*, activity: Activity, source: str) -> QuerySet[Registration]:
    """Checked-in registrations (``attended``), or those attending or checked in
    (``registered``), by name."""
    rows = Registration.objects.filter(activity=activity).select_related("member")
    if source == BreakoutPlan.Source.ATTENDED:
        rows = rows.filter(attended_at__isnull=False)
    else:
        rows = rows.filter(
            Q(response=Registration.Response.ATTENDING) | Q(attended_at__isnull=False)
        )
    return rows.order_by("name", "pk")


def attendance_known(*, activity: Activity) -> bool:
    """Whether anyone is checked in to the activity."""
    return Registration.objects.filter(activity=activity, attended_at__isnull=False).exists()


def default_source(*, activity: Activity) -> str:
    """Checked-in people once anyone is checked in, registered ones before."""
    if attendance_known(activity=activity):
        return BreakoutPlan.Source.ATTENDED
    return BreakoutPlan.Source.REGISTERED


def plan_latest(*, activity: Activity) -> BreakoutPlan | None:
    """The plan shown; read through ``activity`` so that ``plan.activity`` is that object."""
    return activity.breakout_plans.order_by("-created_at", "-pk").first()


def plan_rounds(plan: BreakoutPlan) -> list[list[list[int]]]:
    """The plan as rounds of rooms of registration ids (round 1 first, room 1 first)."""
    rounds: dict[int, dict[int, list[int]]] = {}
    for number, room, registration_id in (
        BreakoutAssignment.objects.filter(plan=plan)
        .order_by("round", "room", "registration_id")
        .values_list("round", "room", "registration_id")
    ):
        rounds.setdefault(number, {}).setdefault(room, []).append(registration_id)
    return [[rooms[r] for r in sorted(rooms)] for _, rooms in sorted(rounds.items())]


def repeat_count(rounds: Sequence[Sequence[Sequence[int]]]) -> int:
    """Meetings of a pair beyond its first, over all the rounds."""
    seen: set[tuple[int, int]] = set()
    repeats = 0
    for round_ in rounds:
        for group in round_:
            for a, b in combinations(sorted(group), 2):
                if (a, b) in seen:
                    repeats += 1
                else:
                    seen.add((a, b))
    return repeats


@dataclass
class Room:
    number: int
    people: list[BreakoutAssignment] = field(default_factory=list)

    @property
    def name(self) -> str:
        return room_name(self.number)


@dataclass
class Round:
    number: int
    rooms: list[Room]
    finished: bool = False


@dataclass(frozen=True)
class Quality:
    """How good a plan is: repeated pairs within it, pairs who met before in the community,
    and the new connections it creates (pairs who share a room and never met)."""

    repeat_pairs: int
    met_before: int
    new_connections: int


def room_name(number: int) -> str:
    return f"Room {number}"


def plan_view(plan: BreakoutPlan) -> list[Round]:
    """Rounds with their rooms and people (registration and member loaded), for the cards."""
    rounds: dict[int, dict[int, Room]] = {}
    for assignment in (
        BreakoutAssignment.objects.filter(plan=plan)
        .select_related("registration__member")
        .order_by("round", "room", "registration__name", "pk")
    ):
        rooms = rounds.setdefault(assignment.round, {})
        rooms.setdefault(assignment.room, Room(assignment.room)).people.append(assignment)
    return [
        Round(number, [rooms[r] for r in sorted(rooms)], number <= plan.finished_rounds)
        for number, rooms in sorted(rounds.items())
    ]


def plan_quality(plan: BreakoutPlan) -> Quality:
    """The figures shown with a plan (see ``Quality``); 'met before' reads the encounters of
    the participants' members in other activities of the community."""
    rooms: dict[tuple[int, int], list[int]] = {}
    members: dict[int, int] = {}
    for number, room, registration_id, member_id in BreakoutAssignment.objects.filter(
        plan=plan
    ).values_list("round", "room", "registration_id", "registration__member_id"):
        rooms.setdefault((number, room), []).append(registration_id)
        if member_id:
            members[registration_id] = member_id
    pairs: set[tuple[int, int]] = set()
    for group in rooms.values():
        pairs.update(combinations(sorted(group), 2))
    met: set[tuple[int, int]] = set()
    member_ids = set(members.values())
    if len(member_ids) > 1:
        met = set(
            Encounter.objects.filter(
                community_id=plan.activity.community_id,
                member_a__in=member_ids,
                member_b__in=member_ids,
            )
            .exclude(activity_id=plan.activity_id)
            .values_list("member_a", "member_b")
        )
    met_before = 0
    for a, b in pairs:
        ma, mb = members.get(a), members.get(b)
        if ma and mb and (min(ma, mb), max(ma, mb)) in met:
            met_before += 1
    return Quality(
        repeat_pairs=repeat_count([list(rooms.values())]),  # the count ignores the rounds
        met_before=met_before,
        new_connections=len(pairs) - met_before,
    )


def assignment_email(assignment: BreakoutAssignment) -> str:
    """The registration's e-mail, else the member's, else ""."""
    registration = assignment.registration
    if registration.email:
        return registration.email
    return (registration.member.email or "") if registration.member else ""


@dataclass(frozen=True)
class RoomExport:
    name: str
    names: list[str]
    emails: list[str]
    without_email: list[str]

    @property
    def emails_text(self) -> str:
        return "; ".join(self.emails)


def round_export(plan: BreakoutPlan, number: int) -> list[RoomExport]:
    """The rooms of round ``number`` with names and e-mails (Http404 for a round not in the
    plan); people without an e-mail are listed apart so they are not silently dropped."""
    rounds = plan_view(plan)
    if not 1 <= number <= len(rounds):
        raise Http404("No such round in this plan.")
    found = []
    for room in rounds[number - 1].rooms:
        emails = [assignment_email(a) for a in room.people]
        found.append(
            RoomExport(
                name=room.name,
                names=[a.registration.name for a in room.people],
                emails=[e for e in emails if e],
                without_email=[
                    a.registration.name for a, e in zip(room.people, emails, strict=True) if not e
                ],
            )
        )
    return found


def zoom_csv(rooms: Sequence[RoomExport]) -> str:
    """Zoom's breakout pre-assignment file: one row per person with an e-mail and room."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ZOOM_HEADER)
    for room in rooms:
        for email in room.emails:
            writer.writerow([room.name, email])
    return out.getvalue()


def member_connections(*, member: Member) -> tuple[int, int]:
    """(people the member has met in breakouts, first encounters in the last 12 months)."""
    mine = Encounter.objects.filter(community_id=member.community_id).filter(
        Q(member_a=member) | Q(member_b=member)
    )
    # Pairs are stored smaller id first (a check constraint), so each distinct pair is one person.
    people_met = mine.values_list("member_a", "member_b").distinct().count()
    recent = mine.filter(first=True, met_at__gte=timezone.now() - timedelta(days=365)).count()
    return people_met, recent
