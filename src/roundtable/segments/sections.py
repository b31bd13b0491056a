"""The segments part of a member's profile (``members.sections``), registered in
``SegmentsConfig.ready``: the segments the member belongs to, as links."""

from typing import Any

from django.http import HttpRequest

from roundtable.members.models import Member
from roundtable.members.sections import Section
from roundtable.segments.selectors import member_segments


def profile_segments(request: HttpRequest, member: Member) -> dict[str, Any]:
    """The segments of an active member (archived and deleted members are in none)."""
    return {"segments": member_segments(member=member) if member.is_active else []}


SECTIONS = [
    Section(
        place="profile_card", template="segments/_profile_segments.html", context=profile_segments
    ),
]
