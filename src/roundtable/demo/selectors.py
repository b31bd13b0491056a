"""Reads about the demo community: the figures the seeding commands print."""

from dataclasses import dataclass

from django.db.models import Count

from roundtable.communities.models import Community
from roundtable.domain.participation import LEVELS_BY_ENGAGEMENT
from roundtable.members.models import Member, ParticipationRecord
from roundtable.needs.models import Need
from roundtable.segments.models import Segment


@dataclass(frozen=True)
class DemoSummary:
    members: int
    countries: int
    time_zones: int
    organisations: int
    needs: int
    open_needs: int
    segments: int
    records: int
    levels: dict[str, int]  # every level, most engaged first, with its number of members


def demo_summary(*, community: Community) -> DemoSummary:
    """Counts of what the community holds (active members only), in a handful of queries."""
    members = Member.objects.active().filter(community=community)
    by_level = dict(members.values_list("participation_level").annotate(n=Count("pk")).order_by())
    needs = Need.objects.filter(community=community)
    return DemoSummary(
        members=members.count(),
        countries=members.exclude(country="").values("country").distinct().count(),
        time_zones=members.exclude(timezone="").values("timezone").distinct().count(),
        organisations=members.exclude(organisation="").values("organisation").distinct().count(),
        needs=needs.count(),
        open_needs=needs.filter(status=Need.Status.OPEN).count(),
        segments=Segment.objects.filter(community=community).count(),
        records=ParticipationRecord.objects.filter(community=community).count(),
        levels={level.value: by_level.get(level.value, 0) for level in LEVELS_BY_ENGAGEMENT},
    )
