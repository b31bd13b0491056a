"""How segments react to member events (connected in ``SegmentsConfig.ready``)."""

from typing import Any

from roundtable.members.models import Member
from roundtable.segments.selectors import member_segments


def segments_of_member(*, member_id: int, **_: Any) -> dict[str, Any]:
    """The segments the member belongs to today (by rule or on a static list), for their data
    export; two queries whatever the number of segments."""
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        return {"segments": []}
    return {"segments": [{"name": s.name, "kind": s.kind} for s in member_segments(member=member)]}
