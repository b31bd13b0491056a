"""How execution reacts to activity and member events (connected in ``ExecutionConfig.ready``)."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone

from roundtable.activities.events import with_activity
from roundtable.activities.models import Activity
from roundtable.activities.receivers import same_person_q
from roundtable.execution.attendance import attendance_from_live
from roundtable.execution.models import Attendance, AttendanceFile, Invitation
from roundtable.execution.services import checklist_generate, checklist_reminders_reschedule


@with_activity
def generate_checklist_when_created(activity: Activity) -> None:
    """An upcoming activity gets its format's checklist as soon as it exists, so the team finds
    it ready and its reminders scheduled. An activity created after the fact (a past edition
    entered for the record) gets one only when someone asks ("Generate from the format")."""
    if activity.format and activity.starts_at > timezone.now():
        checklist_generate(activity=activity)


@with_activity
def reschedule_reminders_when_moved(activity: Activity) -> None:
    """Due times are offsets from the start, so moving the activity moves them: its reminders
    are scheduled again at the new times."""
    checklist_reminders_reschedule(activity=activity)


def erase_invitations(
    *,
    member_id: int,
    community_id: int,
    email: str,
    label: str,
    other_emails: Iterable[str] = (),
    **_: Any,
) -> None:
    """A deleted member's invitations stay (who was invited, when) without their name or e-mail;
    an invitation sent to one of their addresses in this community is erased too."""
    same_person = same_person_q(
        member_id=member_id, community_id=community_id, email=email, other_emails=other_emails
    )
    for invitation in Invitation.objects.filter(same_person):
        invitation.member_id = member_id
        invitation.name = label
        invitation.email = f"former-member-{member_id}@erased.invalid"
        invitation.save(update_fields=["member", "name", "email"])


def erase_attendance(
    *,
    member_id: int,
    community_id: int,
    name: str,
    email: str,
    label: str,
    other_emails: Iterable[str] = (),
    **_: Any,
) -> None:
    """A deleted member's attendances keep their times without name or e-mail; a report still
    waiting to be confirmed loses the rows that name them (by any of their addresses)."""
    same_person = same_person_q(
        member_id=member_id, community_id=community_id, email=email, other_emails=other_emails
    )
    addresses = {a.casefold() for a in (email, *other_emails) if a}
    Attendance.objects.filter(same_person).update(member_id=member_id, name=label, email="")
    waiting = AttendanceFile.objects.filter(
        activity__community_id=community_id, status=AttendanceFile.Status.PREVIEW
    )
    for file in waiting:
        people = file.preview.get("people", [])
        kept = [
            p
            for p in people
            if p.get("member") != member_id
            and not (addresses & {p["email"].casefold(), p["upn"].casefold()})
            and not (name and p["name"].casefold() == name.casefold())
        ]
        if len(kept) != len(people):
            file.preview = {**file.preview, "people": kept}
            file.save(update_fields=["preview"])


def attendance_previews_forget(*, cutoff: datetime, **_: Any) -> dict[str, int]:
    """Attendance reports read and never confirmed go after ``IMPORT_ABANDON_HOURS``, with the
    names and e-mails of their preview."""
    deleted, _ = AttendanceFile.objects.filter(
        status=AttendanceFile.Status.PREVIEW, created_at__lt=cutoff
    ).delete()
    return {"attendance_previews": deleted}


def attendance_of_member(*, member_id: int, **_: Any) -> dict[str, Any]:
    """Where the member's presence at activities came from, for their data export."""
    rows = Attendance.objects.filter(member_id=member_id).select_related("activity")
    return {
        "attendance": [
            {
                "activity": a.activity.title,
                "source": a.source,
                "name": a.name,
                "email": a.email,
                "minutes": a.minutes,
                "first_join": a.first_join.isoformat() if a.first_join else None,
                "last_leave": a.last_leave.isoformat() if a.last_leave else None,
                "attended": a.attended,
            }
            for a in rows.order_by("activity__starts_at", "pk")
        ]
    }


def attended_live(*, activity_id: int, member_ids: list[int], when: str, **_: Any) -> None:
    """Members who joined the live session attended the activity, counted once with the door
    check-in and imported reports."""
    activity = Activity.objects.filter(pk=activity_id).select_related("community").first()
    if activity is not None:
        attendance_from_live(
            activity=activity, member_ids=member_ids, when=datetime.fromisoformat(when)
        )


def invitations_of_member(*, member_id: int, **_: Any) -> dict[str, Any]:
    """The invitations sent to the member, for their data export."""
    rows = Invitation.objects.filter(member_id=member_id).select_related("activity")
    return {
        "invitations": [
            {
                "activity": i.activity.title,
                "name": i.name,
                "email": i.email,
                "sent_at": i.sent_at.isoformat(),
            }
            for i in rows.order_by("sent_at", "pk")
        ]
    }
