"""The demo's execution level: checklists and registrations for the upcoming activities, an
invitation round for the first of them, and a few no-shows and declines for past ones (their
attendance comes from the activities' own demo)."""

import random
from datetime import datetime, timedelta

from django.db.models import Q

from roundtable.activities.models import Activity, Registration
from roundtable.activities.selectors import audience_members
from roundtable.communities.models import Community
from roundtable.execution.models import ChecklistItem, Invitation
from roundtable.execution.services import checklist_generate

ANSWERS = (
    [Registration.Response.ATTENDING] * 6
    + [Registration.Response.MAYBE] * 3
    + [Registration.Response.NOT_ATTENDING] * 1
)


def seed(*, community: Community, now: datetime) -> None:
    rng = random.Random(20261125)
    activities = list(
        Activity.objects.filter(community=community).select_related("segment", "owner")
    )
    upcoming = sorted(
        (a for a in activities if a.starts_at >= now and not a.is_past), key=lambda a: a.starts_at
    )
    past = [a for a in activities if a.is_past or a.starts_at < now]
    for activity in upcoming:
        _checklist(activity, now, rng)
        if activity.status != Activity.Status.DRAFT:
            _registrations(activity, now, rng)
    planned = [a for a in upcoming if a.status == Activity.Status.PLANNED]
    if planned:
        _invitations(planned[0], now)
    for activity in past[:12]:
        _no_shows(activity, now, rng)


def _checklist(activity: Activity, now: datetime, rng: random.Random) -> None:
    """The format's checklist; what was due has mostly been done, one thing is late."""
    if not activity.format:
        return
    checklist_generate(activity=activity)
    late_left = 1
    for item in activity.checklist_items.select_related("owner"):
        due = activity.starts_at + item.due_offset
        if due >= now:
            continue
        if late_left and rng.random() < 0.4:
            late_left -= 1
            ChecklistItem.objects.filter(pk=item.pk).update(reminded_at=due)
            continue
        ChecklistItem.objects.filter(pk=item.pk).update(
            done_at=due - timedelta(hours=rng.randint(1, 48)), done_by=item.owner
        )


def _with_email(activity: Activity) -> list:  # type: ignore[type-arg]
    return list(
        audience_members(activity)
        .exclude(Q(email__isnull=True) | Q(email=""))
        .order_by("pk")
        .only("pk", "full_name", "email")
    )


def _registrations(activity: Activity, now: datetime, rng: random.Random) -> None:
    people = _with_email(activity)
    if not people:
        return
    chosen = rng.sample(people, min(len(people), max(3, activity.expected_headcount // 2), 60))
    Registration.objects.bulk_create(
        [
            Registration(
                activity=activity,
                member=member,
                name=member.full_name,
                email=member.email,
                response=rng.choice(ANSWERS),
                whole_series=activity.series_id is not None and rng.random() < 0.2,
            )
            for member in chosen
        ],
        ignore_conflicts=True,
    )


def _invitations(activity: Activity, now: datetime) -> None:
    sent_at = now - timedelta(days=6)
    Invitation.objects.bulk_create(
        [
            Invitation(
                activity=activity,
                member=member,
                name=member.full_name,
                email=member.email,
                sent_at=sent_at,
            )
            for member in _with_email(activity)
        ],
        ignore_conflicts=True,
    )


def _no_shows(activity: Activity, now: datetime, rng: random.Random) -> None:
    """Past activities: some who said they would come did not, some had declined."""
    registered = set(activity.registrations.exclude(member=None).values_list("member", flat=True))
    if not registered:
        return
    others = [m for m in _with_email(activity) if m.pk not in registered]
    count = min(len(others), max(1, len(registered) // 5))
    Registration.objects.bulk_create(
        [
            Registration(
                activity=activity,
                member=member,
                name=member.full_name,
                email=member.email,
                response=rng.choice(
                    (Registration.Response.ATTENDING, Registration.Response.NOT_ATTENDING)
                ),
            )
            for member in rng.sample(others, count)
        ],
        ignore_conflicts=True,
    )
