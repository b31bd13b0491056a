"""Reading execution data: always through an activity already fetched for the community."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from roundtable.activities.models import Activity, Registration
from roundtable.execution.models import AttendanceFile, ChecklistItem, InvitationBatch
from roundtable.members.models import Member


def checklist_item_get(*, activity: Activity, item_id: int) -> ChecklistItem:
    item = (
        ChecklistItem.objects.filter(activity=activity, pk=item_id)
        .select_related("owner", "done_by")
        .first()
    )
    if item is None:
        raise Http404("No such checklist item in this activity.")
    item.activity = activity
    return item


@dataclass
class ChecklistRow:
    item: ChecklistItem
    due_local: datetime
    overdue: bool


@dataclass
class ChecklistPhase:
    phase: str
    label: str
    rows: list[ChecklistRow] = field(default_factory=list)


def checklist_row(item: ChecklistItem, now: datetime | None = None) -> ChecklistRow:
    now = now or timezone.now()
    due = item.due_at
    return ChecklistRow(
        item=item,
        due_local=due.astimezone(ZoneInfo(item.activity.timezone)),
        overdue=item.done_at is None and due < now,
    )


def checklist_phases(*, activity: Activity) -> list[ChecklistPhase]:
    """The checklist grouped before / during / after, each phase by due time."""
    now = timezone.now()
    phases = {value: ChecklistPhase(value, label) for value, label in ChecklistItem.Phase.choices}
    for item in activity.checklist_items.select_related("owner", "done_by"):
        item.activity = activity
        phases[item.phase].rows.append(checklist_row(item, now))
    return list(phases.values())


def registration_get(*, activity: Activity, registration_id: int) -> Registration:
    registration = (
        Registration.objects.filter(activity=activity, pk=registration_id)
        .select_related("member")
        .first()
    )
    if registration is None:
        raise Http404("No such registration for this activity.")
    return registration


@dataclass(frozen=True)
class RegistrationCounts:
    attending: int
    maybe: int
    not_attending: int
    attended: int

    @property
    def total(self) -> int:
        return self.attending + self.maybe + self.not_attending


def registration_counts(*, activity: Activity) -> RegistrationCounts:
    """The answers and attendance of the activity, in one aggregate query."""
    answers = Registration.Response
    return RegistrationCounts(
        **activity.registrations.aggregate(
            attending=Count("pk", filter=Q(response=answers.ATTENDING)),
            maybe=Count("pk", filter=Q(response=answers.MAYBE)),
            not_attending=Count("pk", filter=Q(response=answers.NOT_ATTENDING)),
            attended=Count("pk", filter=Q(attended_at__isnull=False)),
        )
    )


def registration_list(*, activity: Activity, query: str = "", response: str = "") -> Any:
    registrations = activity.registrations.select_related("member").order_by("name", "pk")
    if response in Registration.Response.values:
        registrations = registrations.filter(response=response)
    for word in query.split()[:5]:
        registrations = registrations.filter(Q(name__icontains=word) | Q(email__icontains=word))
    return registrations


def checkin_candidates(*, activity: Activity, query: str, limit: int = 5) -> list[Member]:
    """Members matching the search who have no registration: they can be checked in as walk-ins."""
    words = query.split()[:5]
    if not words:
        return []
    members = Member.objects.filter(community_id=activity.community_id).active()
    for word in words:
        members = members.filter(
            Q(full_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation__icontains=word)
        )
    registered = activity.registrations.exclude(member=None).values("member_id")
    return list(members.exclude(pk__in=registered).order_by("full_name")[:limit])


CSV_HEADER = ["name", "email", "member", "answer", "whole_series", "registered_at", "attended_at"]


def registration_csv_rows(*, activity: Activity, with_emails: bool) -> Iterator[list[str]]:
    """The activity's registrations as CSV rows; the e-mail column is left empty unless
    ``with_emails`` (the viewer may see this activity's addresses, ``members.email_access``)."""
    yield CSV_HEADER
    for r in registration_list(activity=activity):
        yield [
            r.name,
            r.email if with_emails else "",
            r.member.full_name if r.member else "",
            r.get_response_display(),
            "yes" if r.whole_series else "no",
            r.created_at.isoformat(timespec="seconds"),
            r.attended_at.isoformat(timespec="seconds") if r.attended_at else "",
        ]


def invitation_batch_latest(*, activity: Activity) -> InvitationBatch | None:
    return InvitationBatch.objects.filter(activity=activity).first()


def invitation_batch_get(*, activity: Activity, batch_id: int) -> InvitationBatch:
    batch = InvitationBatch.objects.filter(activity=activity, pk=batch_id).first()
    if batch is None:
        raise Http404("No such invitation send for this activity.")
    return batch


def activity_by_public_token(token: str) -> Activity:
    if len(token) > 32:  # longer than any token: no need to ask the database
        raise Http404("No such activity.")
    activity = (
        Activity.objects.filter(public_token=token).select_related("community", "series").first()
    )
    if activity is None:
        raise Http404("No such activity.")
    return activity


# Up to this many members, each unmatched person of an attendance report can be matched to any
# of them from a list; beyond it the page would repeat thousands of names for each person, so
# only the proposed names are offered (add the address to the member's profile for the others).
MEMBER_CHOICES_MAX = 200


@dataclass(frozen=True)
class ReportPeople:
    matched: list[dict[str, Any]]
    unmatched: list[dict[str, Any]]
    member_choices: list[tuple[int, str]]  # empty when the community is too large to list


def attendance_report_people(*, file: AttendanceFile) -> ReportPeople:
    """The people of a previewed report, with the names of the members they matched."""
    members = dict(
        Member.objects.active()
        .filter(community_id=file.activity.community_id)
        .values_list("pk", "full_name")
    )
    people = [
        {**person, "member_name": members.get(person["member"] or 0, "")}
        for person in file.preview.get("people", [])
    ]
    choices = sorted(members.items(), key=lambda item: item[1].casefold())
    return ReportPeople(
        matched=[p for p in people if p["member"]],
        unmatched=[p for p in people if not p["member"]],
        member_choices=choices if len(choices) <= MEMBER_CHOICES_MAX else [],
    )
