"""State changes of members, their tags and their participation levels."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.domain.participation import (
    Counts,
    participation_level,
    window_start,
)
from roundtable.members.models import Member, ParticipationRecord, Tag


def tags_get_or_create(*, community: Community, names: Iterable[str]) -> list[Tag]:
    """The community's tags with these (already normalised) names, creating missing ones.

    Two queries whatever the number of names; safe against a concurrent creation of the same tag.
    """
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return []
    existing = {t.name: t for t in Tag.objects.filter(community=community, name__in=wanted)}
    missing = [Tag(community=community, name=n) for n in wanted if n not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(community=community, name__in=wanted)}
    return [existing[n] for n in wanted]


@transaction.atomic
def participation_levels_refresh(
    *, community: Community, member_ids: Iterable[int] | None = None, now: datetime | None = None
) -> int:
    """Recompute the participation level of the community's members (or only ``member_ids``).

    Counts each member's records inside the window with one aggregate query, applies the pure
    :func:`participation_level`, and writes only the levels that changed. Returns that number.
    """
    now = now or timezone.now()
    thresholds = community.thresholds
    start = window_start(now, thresholds.window_months)
    in_window = Q(participations__occurred_at__gte=start, participations__occurred_at__lte=now)
    members = Member.objects.filter(community=community)
    if member_ids is not None:
        members = members.filter(pk__in=list(member_ids))
    rows = members.annotate(
        attendances=Count(
            "participations",
            filter=in_window & Q(participations__kind=ParticipationRecord.Kind.ATTENDANCE),
        ),
        contributions=Count(
            "participations",
            filter=in_window & Q(participations__kind=ParticipationRecord.Kind.CONTRIBUTION),
        ),
    ).values_list("pk", "participation_level", "attendances", "contributions")
    changed = []
    for pk, current, attendances, contributions in rows.iterator(chunk_size=5000):
        level = participation_level(Counts(attendances, contributions), thresholds).value
        if level != current:
            changed.append(Member(pk=pk, participation_level=level))
    Member.objects.bulk_update(changed, ["participation_level"], batch_size=2000)
    return len(changed)
