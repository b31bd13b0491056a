"""Reading activities: always through the community, so another community's id is a 404; the
plan as the pure planner sees it, its audience, and the next edition."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.activities.models import Activity, Series
from roundtable.communities.access import CommunityRequest
from roundtable.communities.models import Community, Role
from roundtable.domain.planning.plan import MAX_MINUTES, Audience, Plan, PurposeChoice, plan_dump
from roundtable.domain.planning.plan import AgendaBlock as PlanBlock
from roundtable.domain.planning.plan import SuccessIndicator as PlanIndicator
from roundtable.domain.planning.rules import PlanContext, PlanReport, plan_check
from roundtable.members.models import Member
from roundtable.needs.models import Need
from roundtable.segments.selectors import member_segments, segment_members

RECENT = timedelta(hours=12)  # an activity that began this recently still counts as upcoming


def activity_get(*, community: Community, activity_id: int) -> Activity:
    activity = (
        Activity.objects.filter(community=community, pk=activity_id)
        .select_related("segment", "series", "owner")
        .first()
    )
    if activity is None:
        raise Http404("No such activity in this community.")
    activity.community = community  # already loaded: no second read through the foreign key
    return activity


def activity_of(request: CommunityRequest, activity_id: int) -> Activity:
    """The activity ``activity_id`` of the request's community (404 otherwise), for the views of
    every app whose pages hang off an activity."""
    return activity_get(community=request.community, activity_id=activity_id)


def series_get(*, community: Community, series_id: int) -> Series:
    series = Series.objects.filter(community=community, pk=series_id).first()
    if series is None:
        raise Http404("No such series in this community.")
    return series


@dataclass(frozen=True)
class ActivityLists:
    upcoming: list[Activity]
    past: list[Activity]
    series: list[Any]  # Series annotated with editions_count


def _annotated(community: Community) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(community=community)
        .select_related("segment", "series")
        .annotate(
            attending=Count(
                "registrations", filter=Q(registrations__response="attending"), distinct=True
            ),
            attended=Count(
                "registrations", filter=Q(registrations__attended_at__isnull=False), distinct=True
            ),
        )
    )


def activity_lists(*, community: Community, limit: int = 200) -> ActivityLists:
    """Upcoming and draft activities (soonest first), and past ones (latest first)."""
    now = timezone.now()
    past_statuses = (Activity.Status.DONE, Activity.Status.EVALUATED)
    base = _annotated(community)
    upcoming = list(
        base.filter(starts_at__gte=now - RECENT)
        .exclude(status__in=past_statuses)
        .order_by("starts_at")[:limit]
    )
    past = list(
        base.filter(Q(starts_at__lt=now - RECENT) | Q(status__in=past_statuses))
        .exclude(pk__in=[a.pk for a in upcoming])
        .order_by("-starts_at")[:limit]
    )
    series = list(
        Series.objects.filter(community=community)
        .annotate(editions_count=Count("editions"))
        .order_by("title")
    )
    return ActivityLists(upcoming, past, series)


def series_editions(*, series: Series) -> list[Activity]:
    return list(series.editions.order_by("starts_at"))


def edition_number(activity: Activity) -> int | None:
    """1 for the first edition of its series, and so on; None outside a series."""
    if activity.series_id is None:
        return None
    return (
        Activity.objects.filter(
            series_id=activity.series_id, starts_at__lt=activity.starts_at
        ).count()
        + 1
    )


def staff_users(community: Community | int) -> Any:
    """The community's managers and facilitators: who can own or facilitate an activity or a
    checklist item. ``community`` may be given by its id."""
    return User.objects.filter(
        community_roles__community=community,
        community_roles__kind__in=(Role.Kind.MANAGER, Role.Kind.FACILITATOR),
    ).order_by("full_name", "email")


def target_value(text: str) -> float | str:
    """A stored target as the plan holds it: a number when it reads as one."""
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def audience_members(activity: Activity) -> Any:
    """The target audience: the segment's members, or every active member of the community."""
    if activity.segment is not None:
        return segment_members(segment=activity.segment)
    return Member.objects.filter(community=activity.community).active()


AudienceZones = tuple[tuple[str, int], ...]
"""(time zone, members) pairs sorted by zone, as :func:`audience_timezones` returns them."""


def audience_timezones(activity: Activity) -> AudienceZones:
    """How many members of the target audience live in each time zone (members without one are
    left out), sorted by zone.

    One GROUP BY over the audience's members, which costs 80–250 ms at 100,000 members: a page
    that needs the zones in several places reads them once and passes them on (``timezones=``
    of :func:`activity_check` and :func:`activity_plan`).
    """
    rows = (
        audience_members(activity)
        .exclude(timezone="")
        .order_by()
        .values_list("timezone")
        .annotate(n=Count("pk"))
    )
    return tuple(sorted((zone, n) for zone, n in rows))


def audience_open_needs(activity: Activity) -> Any:
    """Open needs of the target audience, most urgent first."""
    members = audience_members(activity).order_by().values("pk")
    return (
        Need.objects.filter(community=activity.community, member__in=members)
        .exclude(status=Need.Status.ADDRESSED)
        .order_by("-urgency", "-created_at")
    )


def audience_need_tags(activity: Activity, *, needs: Any = None, top: int = 8) -> Any:
    """The tags most used by the audience's open needs: rows of ``tags__name`` and ``n``, most
    used first. ``needs``: :func:`audience_open_needs` if the caller has it already."""
    needs = audience_open_needs(activity) if needs is None else needs
    return (
        needs.values("tags__name")
        .exclude(tags__name=None)
        .annotate(n=Count("pk"))
        .order_by("-n", "tags__name")[:top]
    )


def activity_plan(activity: Activity, *, timezones: bool | AudienceZones = True) -> Plan:
    """The activity as the pure planner sees it.

    ``timezones`` sets the audience's time zones: ``True`` reads them from the members
    (:func:`audience_timezones`), ``False`` leaves them out (for callers that do not check start
    times), and a tuple from :func:`audience_timezones` is used as it is.
    """
    if isinstance(timezones, tuple):
        zones = timezones
    else:
        zones = audience_timezones(activity) if timezones else ()
    blocks = tuple(
        PlanBlock(b.title, b.minutes, b.mode, group_size=b.group_size, speakers=b.speakers)
        for b in activity.agenda_blocks.all()
    )
    indicators = tuple(
        PlanIndicator(i.metric, target_value(i.target), i.description)
        for i in activity.indicators.all()
    )
    return Plan(
        title=activity.title,
        description=activity.description,
        format=activity.format or None,
        purpose=PurposeChoice(activity.purpose_expressed, activity.purpose_deeper),
        audience=Audience(
            expected=activity.expected_headcount,
            segment=activity.segment.name if activity.segment else None,
            timezones=zones,
        ),
        start=activity.starts_at.astimezone(ZoneInfo(activity.timezone)),
        duration_minutes=activity.duration_minutes,
        agenda=blocks,
        success_indicators=indicators,
        feedback=activity.feedback,
        follow_up=activity.follow_up or None,
    )


NEEDS_FOR_RULES = 2000


def activity_check(activity: Activity, *, timezones: AudienceZones | None = None) -> PlanReport:
    """Voice budget and findings for the activity, with its audience's needs as context.

    ``timezones``: the audience's time zones if the caller has read them already with
    :func:`audience_timezones`; without them they are read here.
    """
    needs = None
    if activity.segment is not None:
        needs = list(audience_open_needs(activity).values_list("text", flat=True)[:NEEDS_FOR_RULES])
    plan = activity_plan(activity, timezones=True if timezones is None else timezones)
    return plan_check(plan, PlanContext(segment_needs=needs))


def activity_export(activity: Activity) -> str:
    """The activity as a plan file (docs/planning.md)."""
    return plan_dump(activity_plan(activity))


def edition_after(activity: Activity) -> Activity | None:
    """The next edition of the activity's series, if planned."""
    if activity.series_id is None:
        return None
    return (
        Activity.objects.filter(series_id=activity.series_id, starts_at__gt=activity.starts_at)
        .order_by("starts_at")
        .first()
    )


def member_segment_ids(member: Member) -> list[int]:
    """The ids of the segments ``member`` is in, read once per Member instance: a member's home
    asks in three of its sections, and evaluating every segment's rule is most of its time."""
    found: list[int] | None = getattr(member, "_segment_ids", None)
    if found is None:
        found = [segment.pk for segment in member_segments(member=member)]
        member._segment_ids = found  # type: ignore[attr-defined]
    return found


def activities_meant_for(member: Member, *, limit: int) -> list[Activity]:
    """The planned or live activities that have not ended and are meant for ``member``, soonest
    first, at most ``limit``: what their invitation would be for, an activity for the whole
    community or for a segment they are in today; and any they answered, whatever its audience,
    so that someone who registered can always change their mind. Drafts never."""
    now = timezone.now()
    audience = Q(segment__isnull=True) | Q(segment__in=member_segment_ids(member))
    answered = Q(registrations__member=member)
    if member.email:
        answered |= Q(registrations__email__iexact=member.email)
    found = (
        Activity.objects.filter(
            community_id=member.community_id,
            status__in=(Activity.Status.PLANNED, Activity.Status.LIVE),
            starts_at__gt=now - timedelta(minutes=MAX_MINUTES),
        )
        .filter(audience | answered)
        .distinct()
        .select_related("community", "segment")
        .order_by("starts_at", "pk")
    )
    upcoming: list[Activity] = []
    for activity in found.iterator(chunk_size=100):
        if activity.ends_at > now:  # a property: the database knows only the start
            upcoming.append(activity)
            if len(upcoming) == limit:
                break
    return upcoming
