"""Writes of the insights app: the stored engagement scores of a community's members."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.insights.models import MemberEngagement
from roundtable.insights.score_selectors import community_scores
from roundtable.members.models import Member

_BATCH = 5000


def engagement_scores_refresh(
    *, community: Community, now: datetime | None = None, member_ids: list[int] | None = None
) -> int:
    """Compute every member's engagement score (or only those of ``member_ids``) as of ``now``
    (default: now) from their participation records of the score's window up to ``now``, and
    store it, one row per member, written over the previous one. Returns the number of members
    scored.

    Every member counts, archived and anonymised ones too (their history is kept), so that a
    restored member has a score at once. Ids of members erased or of another community since
    are passed over.
    """
    now = now or timezone.now()
    members = Member.objects.filter(community=community).order_by()
    if member_ids is not None:
        members = members.filter(pk__in=member_ids)
    member_ids = list(members.values_list("pk", flat=True))
    rows = [
        MemberEngagement(
            community=community,
            member_id=s.member_id,
            score=s.score,
            recency=s.recency,
            frequency=s.frequency,
            breadth=s.breadth,
            last_participation_on=s.last_on,
            computed_at=now,
        )
        for s in community_scores(community=community, through=now, member_ids=member_ids)
    ]
    with transaction.atomic():
        MemberEngagement.objects.bulk_create(
            rows,
            batch_size=_BATCH,
            update_conflicts=True,
            unique_fields=["member"],
            update_fields=[
                "score",
                "recency",
                "frequency",
                "breadth",
                "last_participation_on",
                "computed_at",
            ],
        )
    return len(rows)
