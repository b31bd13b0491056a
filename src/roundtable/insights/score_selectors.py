"""Reads for the engagement score: a community's participations as the plain inputs of
:func:`roundtable.domain.insights.engagement_scores`, and a summary of the scores for the
insights command."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from statistics import median
from typing import Any

from roundtable.communities.models import Community
from roundtable.domain.insights import EngagementScore, Participation, engagement_scores
from roundtable.domain.insights.engagement_score import WINDOW_DAYS
from roundtable.members.models import Member, ParticipationRecord

_CHUNK = 5000
BANDS = ((0, 0), (1, 24), (25, 49), (50, 74), (75, 100))
TOP = 10


def participations(
    *, community: Community, through: datetime, member_ids: list[int] | None = None
) -> Iterator[Participation]:
    """The community's participation records (or only those of ``member_ids``, at most a few
    thousand) of the score's window up to the instant ``through``, streamed: each on its UTC
    day, its place the activity's format, or else the record's source."""
    as_of = through.astimezone(UTC).date()
    since = datetime.combine(as_of - timedelta(days=WINDOW_DAYS - 1), datetime.min.time(), UTC)
    records = ParticipationRecord.objects.filter(
        community=community, occurred_at__gte=since, occurred_at__lte=through
    )
    if member_ids is not None:
        records = records.filter(member_id__in=member_ids)
    rows = (
        records.order_by()
        .values_list("member_id", "occurred_at", "kind", "activity__format", "source")
        .iterator(chunk_size=_CHUNK)
    )
    for member_id, at, kind, activity_format, source in rows:
        yield Participation(member_id, at.astimezone(UTC).date(), kind, activity_format or source)


def community_scores(
    *, community: Community, through: datetime, member_ids: list[int] | None = None
) -> list[EngagementScore]:
    """Every member's engagement score as of ``through`` (the members who had joined by its
    day, unless ``member_ids`` names them), computed from the records, not the stored rows."""
    as_of = through.astimezone(UTC).date()
    if member_ids is None:
        member_ids = list(
            Member.objects.filter(community=community, joined_on__lte=as_of)
            .order_by()
            .values_list("pk", flat=True)
        )
    # A few members' records are read by their ids; many members', in one pass over all.
    few = member_ids if len(member_ids) <= _CHUNK else None
    found = participations(community=community, through=through, member_ids=few)
    return engagement_scores(member_ids, found, as_of=as_of)


def engagement_summary(*, community: Community, through: datetime) -> dict[str, Any]:
    """The scores as of ``through`` in plain JSON values: how many members, the median, how
    many in each band of scores, and the ``TOP`` highest with their components."""
    scores = community_scores(community=community, through=through)
    top = sorted(scores, key=lambda s: (-s.score, s.member_id))[:TOP]
    names = dict(
        Member.objects.filter(pk__in=[s.member_id for s in top]).values_list("pk", "full_name")
    )
    return {
        "as_of": through.astimezone(UTC).date().isoformat(),
        "window_days": WINDOW_DAYS,
        "members": len(scores),
        "median": float(median(s.score for s in scores)) if scores else None,
        "bands": [
            {
                "from": low,
                "to": high,
                "members": sum(1 for s in scores if low <= s.score <= high),
            }
            for low, high in BANDS
        ],
        "top": [
            {
                "member_id": s.member_id,
                "name": names.get(s.member_id, ""),
                "score": s.score,
                "recency": s.recency,
                "frequency": s.frequency,
                "breadth": s.breadth,
            }
            for s in top
        ],
    }
