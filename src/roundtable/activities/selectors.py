"""Reading activities: always through the community, so another community's id is a 404."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from roundtable.activities.models import Activity, Series
from roundtable.communities.models import Community

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
