"""Template tags for the plan page: the needs match and the fair rotation of a series.

``{% load planning %}`` then ``{% audience_match activity %}`` (the audience card) and
``{% series_rotation activity %}`` (the time-zone card). Each reads what it shows through the
activities selectors and services; ``{% series_rotation activity zones %}`` takes the audience's
time zones the page has read already (``audience_timezones``) instead of reading them again.
"""

import calendar
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import template

from roundtable.activities import matching
from roundtable.activities.models import Activity
from roundtable.activities.selectors import AudienceZones, audience_timezones
from roundtable.domain.places import REGIONS, region_of, zone_countries
from roundtable.domain.planning.timezones import (
    is_inside_working_hours,
    series_rotation,
    start_fairness,
)
from roundtable.needs.models import Need

register = template.Library()

ROTATION_EDITIONS = 4  # dates suggested when the series has no further edition planned
MAX_EDITIONS = 8
CADENCES = ("weekly", "monthly")
_PREFIX_REGION = {
    "Africa": "Africa",
    "America": "Americas",
    "Asia": "Asia",
    "Europe": "Europe",
    "Australia": "Oceania",
    "Pacific": "Oceania",
}


def _community(context: template.Context, activity: Activity) -> Any:
    return context.get("community") or activity.community


@register.inclusion_tag("activities/_match.html", takes_context=True)
def audience_match(context: template.Context, activity: Activity) -> dict[str, Any]:
    """How well the activity matches its audience's open needs, and the burning needs that no
    upcoming activity serves yet."""
    found = matching.audience_needs(activity)
    labels = dict(Need.Urgency.choices)
    return {
        "activity": activity,
        "community": _community(context, activity),
        "match": found.match,
        "best": [{"need": m, "urgency": labels.get(m.urgency, "")} for m in found.match.best],
        "unserved": found.unserved,
    }


def zone_region(zone: str) -> str:
    """The world region (docs/members: UN geoscheme) of a time zone's country, else by its
    area prefix (Asia/Calcutta -> Asia); "Other" for zones such as UTC."""
    region = region_of(zone_countries().get(zone, ""))
    return region or _PREFIX_REGION.get(zone.split("/", 1)[0], "Other")


def _next_dates(first: date, cadence: str, count: int) -> list[date]:
    if cadence == "weekly":
        return [first + timedelta(weeks=n) for n in range(count)]
    days = []
    for n in range(count):
        month = first.month - 1 + n
        year, month = first.year + month // 12, month % 12 + 1
        days.append(date(year, month, min(first.day, calendar.monthrange(year, month)[1])))
    return days


def _planned_editions(activity: Activity) -> list[Activity]:
    if activity.series_id is None:
        return []
    return list(
        Activity.objects.filter(series_id=activity.series_id, starts_at__gte=activity.starts_at)
        .exclude(status__in=(Activity.Status.DONE, Activity.Status.EVALUATED))
        .order_by("starts_at", "pk")[:MAX_EDITIONS]
    )


def _region_shares(
    start: datetime, duration: int, zones: dict[str, int], regions: Iterable[str]
) -> list[dict[str, Any]]:
    inside: dict[str, int] = {}
    total: dict[str, int] = {}
    for zone, count in zones.items():
        region = zone_region(zone)
        total[region] = total.get(region, 0) + count
        if is_inside_working_hours(start, duration, zone):
            inside[region] = inside.get(region, 0) + count
    cells = []
    for region in regions:
        share = inside.get(region, 0) / total[region]
        cells.append(
            {
                "region": region,
                "inside": inside.get(region, 0),
                "members": total[region],
                "share": share,
            }
        )
    return cells


def _never_served(starts: list[datetime], duration: int, zones: dict[str, int]) -> int:
    return sum(
        count
        for zone, count in zones.items()
        if not any(is_inside_working_hours(start, duration, zone) for start in starts)
    )


@register.inclusion_tag("activities/_rotation.html", takes_context=True, name="series_rotation")
def series_rotation_tag(
    context: template.Context, activity: Activity, timezones: AudienceZones | None = None
) -> dict[str, Any]:
    """A start time per edition of the activity's series (its planned editions from this one
    on, or the next ROTATION_EDITIONS weekly or monthly dates), so that no region always gets
    the night slot; per edition, the share of each region inside working hours.

    ``timezones``: the audience's zones as :func:`audience_timezones` returns them, when the
    page has them; read from the members otherwise.
    """
    request = context.get("request")
    cadence = request.GET.get("rotation", "weekly") if request is not None else "weekly"
    cadence = cadence if cadence in CADENCES else "weekly"
    result: dict[str, Any] = {
        "activity": activity,
        "community": _community(context, activity),
        "cadence": cadence,
        "cadences": CADENCES,
        "editions": [],
    }
    # Not a tuple also when the template names a variable it does not have (it renders as "").
    if not isinstance(timezones, tuple):
        timezones = audience_timezones(activity)
    zones = dict(timezones)
    if not zones:
        return result
    planned = _planned_editions(activity)
    zone = ZoneInfo(activity.timezone)
    if len(planned) >= 2:
        days = [edition.starts_at.astimezone(UTC).date() for edition in planned]
        current = [edition.starts_at for edition in planned]
    else:
        planned = []
        first = activity.starts_at.astimezone(UTC)
        days = _next_dates(first.date(), cadence, ROTATION_EDITIONS)
        current = [datetime.combine(day, first.timetz()) for day in days]
    duration = activity.duration_minutes
    rotation = series_rotation(zones, days, duration)
    sizes: dict[str, int] = {}
    for name, count in zones.items():
        sizes[zone_region(name)] = sizes.get(zone_region(name), 0) + count
    regions = sorted(sizes, key=lambda r: (-sizes[r], REGIONS.index(r) if r in REGIONS else 99))
    editions = []
    for number, option in enumerate(rotation):
        edition = planned[number] if planned else None
        same = start_fairness(current[number], zones, duration)
        editions.append(
            {
                "edition": edition,
                "option": option,
                "local": option.start.astimezone(zone),
                "current": same,
                "current_local": current[number].astimezone(zone),
                "moved": option.start != current[number],
                "regions": _region_shares(option.start, duration, zones, regions),
            }
        )
    total = sum(zones.values())
    result.update(
        editions=editions,
        planned=bool(planned),
        regions=[{"name": r, "members": sizes[r]} for r in regions],
        total=total,
        never_rotation=_never_served([o.start for o in rotation], duration, zones),
        never_fixed=_never_served(current, duration, zones),
    )
    return result
