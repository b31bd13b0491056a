"""The feedback parts of the members pages (``members.sections``), registered in
``FeedbackConfig.ready``: the feedback a member is asked for, on their own page."""

from typing import Any

from django.http import HttpRequest

from roundtable.feedback.selectors import feedback_asked, feedback_named
from roundtable.members.models import Member
from roundtable.members.sections import Section


def own_feedback_requests(request: HttpRequest, member: Member) -> dict[str, Any]:
    """The open feedback forms the member was sent a personal link for and, as far as the system
    knows, has not used (:func:`roundtable.feedback.selectors.feedback_asked`), and whether the
    community's feedback is named. Reads only: no request is made or marked here."""
    asked = feedback_asked(member=member)
    return {
        "feedback_asked": asked,
        "feedback_is_named": bool(asked) and feedback_named(community=member.community),
    }


SECTIONS = [
    Section(
        place="own_page",
        template="feedback/_own_feedback_requests.html",
        context=own_feedback_requests,
        order=20,  # asked for now and open for days only: right after what is coming up
    ),
]
