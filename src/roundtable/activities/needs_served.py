"""The activities that serve a member's needs, for their own page (``needs.serving``): the
planner's matching (:mod:`roundtable.activities.matching`) of each open need against the
activities meant for the member, upcoming ones and those held since the need was stated.

The same match and threshold as the plan page and the needs coverage page, so that the member
reads "coming up on this" exactly where the community team reads "planned for".
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from roundtable.activities.matching import community_needs_index
from roundtable.activities.models import Activity
from roundtable.activities.selectors import activities_meant_for, member_segment_ids
from roundtable.domain.needs_match import MATCH_THRESHOLD, activity_text
from roundtable.members.models import Member
from roundtable.needs.models import Need
from roundtable.needs.serving import Serving

COMPARED = 20  # upcoming activities, and as many held ones
HELD_WITHIN = timedelta(days=180)
SHOWN_PER_NEED = 3


def _day_text(moment: datetime, zone: str) -> str:
    try:
        local = moment.astimezone(ZoneInfo(zone or "UTC"))
    except (KeyError, ValueError):  # a zone this machine does not know: say it in UTC
        local, zone = moment.astimezone(ZoneInfo("UTC")), "UTC"
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({zone})"


def _held_for(member: Member, since: datetime) -> list[Activity]:
    """Activities held for the member's audience since ``since`` (within HELD_WITHIN)."""
    now = timezone.now()
    theirs = member_segment_ids(member)
    return list(
        Activity.objects.filter(
            community_id=member.community_id,
            status__in=(Activity.Status.DONE, Activity.Status.EVALUATED),
            starts_at__gte=max(since, now - HELD_WITHIN),
            starts_at__lte=now,
        )
        .filter(Q(segment__isnull=True) | Q(segment__in=theirs))
        .order_by("-starts_at", "-pk")[:COMPARED]
    )


def needs_served(member: Member, needs: Sequence[Need]) -> dict[int, list[Serving]]:
    """The activities (at most SHOWN_PER_NEED, soonest first) that serve each of the member's
    needs not yet addressed, by need id; an activity held before a need was stated serves
    it not."""
    wanted = [need for need in needs if need.status != Need.Status.ADDRESSED]
    if not wanted:
        return {}
    upcoming = activities_meant_for(member, limit=COMPARED)
    held = _held_for(member, min(need.created_at for need in wanted))
    activities = upcoming + held
    if not activities:
        return {}
    index = community_needs_index(member.community)
    rows = index.rows_of([need.pk for need in wanted])
    known = [need for need, row in zip(wanted, rows, strict=True) if row >= 0]
    if not known:
        return {}
    texts = [activity_text(a.title, a.purpose_expressed, a.description) for a in activities]
    similar = index.similarities(texts, rows[rows >= 0])
    now = timezone.now()
    zone = member.timezone
    found: dict[int, list[Serving]] = {}
    for need, scores in zip(known, similar, strict=True):
        served = [
            Serving(
                title=activity.title,
                starts_at=activity.starts_at,
                when=_day_text(activity.starts_at, zone or activity.timezone),
                held=activity.starts_at <= now,
            )
            for activity, score in zip(activities, scores, strict=True)
            if score >= MATCH_THRESHOLD and activity.starts_at >= need.created_at
        ]
        if served:
            found[need.pk] = sorted(served, key=lambda s: s.starts_at)[:SHOWN_PER_NEED]
    return found
