"""The execution part of a member's home (``members.sections``, place ``own_page``), registered in
``ExecutionConfig.ready``: the upcoming activities meant for them, with their answer and the
one-tap buttons to give or change it, and the activities they took part in.

"Meant for them": :func:`roundtable.activities.selectors.activities_meant_for`.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from roundtable.activities.models import Activity, Registration
from roundtable.activities.selectors import activities_meant_for
from roundtable.execution.mail import place_text, when_text
from roundtable.execution.registrations import (
    RegistrationError,
    registration_closed_reason,
    registration_submit,
)
from roundtable.members.models import Member, ParticipationRecord
from roundtable.members.sections import Section

UPCOMING_SHOWN = 20  # the next activities; a community rarely plans more than that ahead
PAST_SHOWN = 10

ANSWER_DONE = {
    Registration.Response.ATTENDING: "You are registered for “{title}”. A confirmation is on "
    "its way to {email}, with the calendar file.",
    Registration.Response.MAYBE: "Noted as “maybe” for “{title}”. Change it any time here.",
    Registration.Response.NOT_ATTENDING: "Noted: you will not attend “{title}”. Thank you for "
    "telling us.",
}


@dataclass(frozen=True)
class Upcoming:
    activity: Activity
    when: str  # in the activity's zone, and the member's when it differs
    place: str
    registration: Registration | None
    closed: str  # why nobody can answer any more, or ""

    @property
    def response(self) -> str:
        return self.registration.response if self.registration else ""


def _registrations(member: Member, activities: list[Activity]) -> dict[int, Registration]:
    """The member's registration for each of ``activities``, by activity id: the one linked to
    them, or else the one under their e-mail address."""
    mine = Q(member=member)
    if member.email:
        mine |= Q(email__iexact=member.email)
    found: dict[int, Registration] = {}
    for registration in Registration.objects.filter(
        mine, activity__in=[a.pk for a in activities]
    ).order_by("-updated_at"):
        current = found.get(registration.activity_id)
        if current is None or (current.member_id != member.pk and registration.member_id):
            found[registration.activity_id] = registration
    return found


def _answer(request: HttpRequest, member: Member, upcoming: list[Activity]) -> HttpResponse:
    """Register the member for the activity posted, or change their answer."""
    back = redirect(request.get_full_path())
    activity_id = request.POST.get("activity", "")
    activity = next((a for a in upcoming if str(a.pk) == activity_id), None)
    if activity is None:
        messages.error(
            request,
            "That activity is no longer on your list: it may have been cancelled, moved or "
            "already held. Nothing was changed.",
        )
        return back
    if not member.email:
        messages.error(
            request, "Add your e-mail address to your profile below first: it is how you register."
        )
        return back
    response = request.POST.get("response", "")
    try:
        done = registration_submit(
            activity=activity, name=member.full_name, email=member.email, response=response
        )
    except RegistrationError as error:
        messages.error(request, f"“{activity.title}”: {error.message}")
        return back
    text = ANSWER_DONE[Registration.Response(done.registration.response)]
    messages.success(request, text.format(title=activity.title, email=member.email))
    if not done.confirmation_sent and response == Registration.Response.ATTENDING:
        messages.warning(request, "The confirmation e-mail could not be sent; your answer is kept.")
    return back


def own_activities(request: HttpRequest, member: Member) -> dict[str, Any] | HttpResponse:
    """The member's upcoming activities with their answers, and their past participation; the
    form ``action=answer`` (``activity``, ``response``) registers them or changes the answer."""
    activities = activities_meant_for(member, limit=UPCOMING_SHOWN)
    if request.method == "POST" and request.POST.get("action") == "answer":
        return _answer(request, member, activities)
    registrations = _registrations(member, activities)
    zone = member.timezone
    upcoming = [
        Upcoming(
            activity=activity,
            when=when_text(activity, zone),
            place=place_text(activity),
            registration=registrations.get(activity.pk),
            closed=registration_closed_reason(activity),
        )
        for activity in activities
    ]
    past = ParticipationRecord.objects.filter(
        member=member, kind=ParticipationRecord.Kind.ATTENDANCE
    ).order_by("-occurred_at")
    return {
        "upcoming": upcoming,
        "answers": Registration.Response.choices,
        "attended": past[:PAST_SHOWN],
        "attended_more": max(past.count() - PAST_SHOWN, 0),
    }


SECTIONS = [
    Section(
        place="own_page",
        template="execution/_own_activities.html",
        context=own_activities,
        order=10,  # what is coming up comes first on a member's home
    ),
]
