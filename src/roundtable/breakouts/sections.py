"""The breakouts parts of the members pages (``members.sections``), registered in
``BreakoutsConfig.ready``: the people a member has met, on their own page."""

from typing import Any

from django.http import HttpRequest

from roundtable.breakouts.people_met import people_met
from roundtable.members.models import Member
from roundtable.members.sections import Section


def own_people_met(request: HttpRequest, member: Member) -> dict[str, Any]:
    """The people the member met in breakout groups and coffee chats (see
    :func:`roundtable.breakouts.people_met.people_met`), and whether the community's members'
    directory is open to find more. Reads only; no form."""
    return {
        "people_met": people_met(member=member),
        "people_directory_open": member.community.directory_open,
    }


SECTIONS = [
    Section(place="own_page", template="breakouts/_own_people_met.html", context=own_people_met),
]
