"""How segments react to member events (connected in ``SegmentsConfig.ready``)."""

from typing import Any

from django.db.models import Count

from roundtable.members.models import Member
from roundtable.segments.models import Segment
from roundtable.segments.selectors import segment_q


def segments_of_member(*, member_id: int, **_: Any) -> dict[str, Any]:
    """The segments the member belongs to today (by rule or on a static list), for their data
    export; two queries whatever the number of segments."""
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        return {"segments": []}
    segments = list(Segment.objects.filter(community_id=member.community_id).order_by("name"))
    if not segments:
        return {"segments": []}
    row = Member.objects.filter(pk=member_id).aggregate(
        **{f"s{s.pk}": Count("pk", filter=segment_q(segment=s)) for s in segments}
    )
    return {"segments": [{"name": s.name, "kind": s.kind} for s in segments if row[f"s{s.pk}"]]}
