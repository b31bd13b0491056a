"""Attendance from the tools where the activity happened: a report from Zoom, Teams, Meet,
Webex, Luma, Eventbrite or Meetup, read, matched to members, previewed, then imported.

Reading is the domain's (:mod:`roundtable.domain.attendance`: one small parser per format,
recognised from the content). Here the people it found are matched to the community's members:

1. by e-mail, the member's main or any other address, compared without case (for Teams also
   the UPN);
2. by an alias, a display name or address that a manager once matched to a member by hand;
3. never silently by name: alike names are only *proposed*.

:func:`attendance_preview` stores what was read and proposed (an :class:`AttendanceFile` to
confirm); nothing else is written. :func:`attendance_apply` writes, in one transaction, for each
person the manager kept: an :class:`Attendance` row, their registration where they had none, one
attendance record in their participation history, and the alias when they were matched by hand;
then participation levels follow. The same file imported twice changes nothing; another file for
the same activity (the second day, another session) adds to it.

:func:`attendance_mark` is what the imports and the live session use to mark members as come, and
:func:`attendance_record_once` what the door check-in uses, so that a person who checked in,
joined live and appears in the Zoom report counts once.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from roundtable.activities.models import Activity, Registration
from roundtable.domain import attendance as reports
from roundtable.domain.name_match import NameIndex, alias_key
from roundtable.execution.models import Attendance, AttendanceFile
from roundtable.members.models import Member, MemberAlias, ParticipationRecord
from roundtable.members.selectors import members_by_address
from roundtable.members.services import member_search_refresh, participation_levels_refresh
from roundtable.service_error import ServiceError

IMPORT_SOURCE = "attendance report"
LIVE_SOURCE = "live"
# A report whose meeting started further than this from the activity's start is probably of
# another meeting: the preview warns and asks.
MEETING_DATE_SLACK = timedelta(hours=36)
NEW = "new"
IGNORE = "ignore"


class AttendanceImportError(ServiceError):
    pass


@dataclass
class PreviewCounts:
    format: str
    label: str
    rows: int
    people: int
    attended: int
    dropped_in: int
    matched: int
    new: int
    unmatched: int
    minutes: float
    problems: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    already_imported: bool = False

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "minutes": round(self.minutes, 1)}


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def _active_members(community_id: int) -> tuple[dict[int, Member], dict[str, Member]]:
    """The community's active members by id, and by e-mail: their main or any other address,
    compared without case."""
    by_id = {m.pk: m for m in Member.objects.active().filter(community_id=community_id)}
    return by_id, members_by_address(community_id=community_id, members=by_id.values())


def _match(
    person: reports.Person,
    by_email: dict[str, Member],
    aliases: dict[str, int],
    names: NameIndex,
) -> dict[str, Any]:
    """How the person was matched: ``member`` and ``how`` ("email", "alias"), or proposals."""
    for address in (person.email, person.upn):
        if address and (member := by_email.get(address.casefold())):
            return {"member": member.pk, "how": "email", "proposals": []}
    for text in (person.upn, person.email, person.name):
        if text and (member_id := aliases.get(alias_key(text))):
            return {"member": member_id, "how": "alias", "proposals": []}
    proposals = names.proposals(person.name)
    return {
        "member": None,
        "how": "",
        "proposals": [{"member": p.key, "name": p.name, "score": p.score} for p in proposals],
    }


def _person_json(
    index: int, person: reports.Person, threshold: float, match: dict[str, Any]
) -> dict[str, Any]:
    attended = reports.is_attended(person, threshold)
    # A matched person stays matched; someone unknown with an e-mail becomes a new member, and
    # one without (a phone dial-in, a room system) is ignored unless the manager says otherwise.
    default = NEW if person.email else IGNORE
    if match["member"]:
        default = f"member:{match['member']}"
    return {
        "index": index,
        "name": person.name,
        "email": person.email,
        "upn": person.upn,
        "minutes": round(person.minutes, 1),
        "first_join": _iso(person.first_join),
        "last_leave": _iso(person.last_leave),
        "role": person.role,
        "lines": list(person.lines),
        "attended": attended,
        "default": default,
        **match,
    }


def _read(activity: Activity, data: bytes, file_name: str) -> reports.AttendanceFile:
    local_day = timezone.localtime(activity.starts_at).date()
    return read_report(data, file_name, meeting_date=local_day)


def read_report(
    data: bytes, file_name: str, meeting_date: date | None = None
) -> reports.AttendanceFile:
    """The report read by the domain's parsers; AttendanceImportError naming the file when it is
    of no known format (``code="unknown_format"``) or cannot be read."""
    try:
        return reports.read_attendance(data, file_name=file_name, meeting_date=meeting_date)
    except reports.UnknownFormat as error:
        raise AttendanceImportError(f"{file_name}: {error}", "file", "unknown_format") from None
    except reports.AttendanceFileError as error:
        raise AttendanceImportError(f"{file_name}: {error}", "file") from None


def _warnings(activity: Activity, meeting: reports.Meeting) -> list[str]:
    start = meeting.start
    if start is None:
        return []
    if start.tzinfo is None:
        start = timezone.make_aware(start, timezone.get_current_timezone())
    if abs(start - activity.starts_at) <= MEETING_DATE_SLACK:
        return []
    # Both in the activity's own time zone, as its page shows the start.
    zone = ZoneInfo(activity.timezone or "UTC")
    when = start.astimezone(zone).strftime("%d %b %Y %H:%M")
    planned = activity.starts_at.astimezone(zone).strftime("%d %b %Y %H:%M")
    topic = f" “{meeting.topic}”" if meeting.topic else ""
    return [
        f"This report is of a meeting{topic} that started on {when}, but the activity starts on "
        f"{planned}. Is it the right file for this activity?"
    ]


def attendance_preview(
    *,
    activity: Activity,
    data: bytes,
    file_name: str,
    by: Any = None,
    report: reports.AttendanceFile | None = None,
) -> AttendanceFile:
    """Read ``data`` (the file's bytes), match its people and store the preview to confirm.

    Raises AttendanceImportError naming the file when it is not a report of a known format or
    cannot be read; nothing is stored then. Rows with problems are listed in the preview (and
    the import cannot be confirmed until the file is fixed). ``report``: ``data`` already read
    (by :func:`read_report`), not to read it twice.
    """
    report = report or _read(activity, data, file_name)
    threshold = float(activity.community.attended_min_minutes)
    people = reports.merge_people(report.rows)
    community_id = activity.community_id
    by_id, by_email = _active_members(community_id)
    aliases = dict(
        MemberAlias.objects.filter(
            community_id=community_id, member__anonymised_at__isnull=True
        ).values_list("alias", "member_id")
    )
    names = NameIndex((pk, member.full_name) for pk, member in by_id.items())
    listed = [
        _person_json(index, person, threshold, _match(person, by_email, aliases, names))
        for index, person in enumerate(people)
    ]
    digest = hashlib.sha256(data).hexdigest()
    counts = PreviewCounts(
        format=report.format,
        label=report.label,
        rows=len(report.rows),
        people=len(people),
        attended=sum(p["attended"] for p in listed),
        dropped_in=sum(not p["attended"] for p in listed),
        matched=sum(bool(p["member"]) for p in listed),
        new=sum(p["default"] == NEW for p in listed),
        unmatched=sum(not p["member"] for p in listed),
        minutes=sum(p.minutes for p in people),
        problems=[
            {"line": p.line, "field": p.field, "message": p.message} for p in report.problems
        ],
        warnings=_warnings(activity, report.meeting),
        already_imported=AttendanceFile.objects.filter(
            activity=activity, digest=digest, status=AttendanceFile.Status.APPLIED
        ).exists(),
    )
    return AttendanceFile.objects.create(
        activity=activity,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        original_name=file_name[:255],
        format=report.format,
        label=report.label[:120],
        digest=digest,
        preview={
            "people": listed,
            "meeting": {
                "topic": report.meeting.topic,
                "meeting_id": report.meeting.meeting_id,
                "start": _iso(report.meeting.start),
                "end": _iso(report.meeting.end),
            },
        },
        summary=counts.as_json(),
    )


class _People:
    """The community's active members as the import resolves decisions: by id and by e-mail,
    with the new members it creates on the way (created together at the end of the loop)."""

    def __init__(self, community_id: int) -> None:
        self.community_id = community_id
        self.by_id, self.by_email = _active_members(community_id)
        self.new: list[Member] = []

    def decided(self, person: dict[str, Any], decision: str) -> Member | None:
        if decision == IGNORE:
            return None
        if decision == NEW:
            email = person["email"] or None
            if email and (known := self.by_email.get(email.casefold())):
                return known
            member = Member(
                community_id=self.community_id,
                full_name=(person["name"] or email or "Unnamed")[:200],
                email=email,
                source=Member.Source.IMPORT,
            )
            self.new.append(member)
            if email:
                self.by_email[email.casefold()] = member
            return member
        chosen = self.by_id.get(int(decision[7:])) if decision[7:].isdigit() else None
        if decision.startswith("member:") and chosen is not None:
            return chosen
        raise AttendanceImportError(
            f"{person['name'] or person['email']}: “{decision[:40]}” is not a member of this "
            "community, “new” or “ignore”.",
            f"person-{person['index']}",
        )


def _aliases_for(person: dict[str, Any], member: Member) -> list[str]:
    """A person matched by hand: their display name (and UPN, or an e-mail the member is not
    known by) will match the member next time."""
    own = {alias_key(member.full_name), alias_key(member.email or "")}
    keys = [alias_key(text or "") for text in (person["name"], person["upn"], person["email"])]
    return [key[:254] for key in dict.fromkeys(keys) if key and key not in own]


def attendance_record_once(
    *, activity: Activity, member: Member, source: str, occurred_at: datetime | None = None
) -> bool:
    """One attendance record in the member's participation history for the activity, whatever
    the number of sources that saw them; returns whether it was added now."""
    records = ParticipationRecord.objects.filter(
        member=member, activity=activity, kind=ParticipationRecord.Kind.ATTENDANCE
    )
    if records.exists():
        return False
    ParticipationRecord.objects.create(
        community_id=activity.community_id,
        member=member,
        kind=ParticipationRecord.Kind.ATTENDANCE,
        activity=activity,
        activity_title=activity.title[:200],
        occurred_at=occurred_at or activity.starts_at,
        source=source,
    )
    return True


def _parse_time(text: str) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = timezone.make_aware(value, timezone.get_current_timezone())
    return value


@dataclass(frozen=True)
class Applied:
    attended: int
    dropped_in: int
    new_members: int
    ignored: int
    records: int
    already_imported: bool


def attendance_apply(*, file: AttendanceFile, decisions: dict[int, str] | None = None) -> Applied:
    """Import a previewed report. ``decisions`` maps a person's index to ``"member:<id>"``,
    ``"new"`` or ``"ignore"``; a person without one keeps the preview's default (their match,
    else new when the file has their e-mail, else ignored). All or nothing, written in bulk (a
    webinar's thousands of people in a few statements)."""
    decisions = decisions or {}
    with transaction.atomic():
        file = (
            AttendanceFile.objects.select_for_update()
            .select_related("activity__community")
            .get(pk=file.pk)
        )
        activity = file.activity
        if file.status != AttendanceFile.Status.PREVIEW:
            raise AttendanceImportError("This report was imported already.", code="applied")
        if file.summary.get("problems"):
            raise AttendanceImportError(
                f"{file.original_name} has rows that cannot be read; fix them and upload the "
                "file again. Nothing was imported.",
                "file",
            )
        if AttendanceFile.objects.filter(
            activity=activity, digest=file.digest, status=AttendanceFile.Status.APPLIED
        ).exists():
            file.delete()
            return Applied(0, 0, 0, 0, 0, already_imported=True)

        people = _People(activity.community_id)
        kept: list[tuple[dict[str, Any], Member]] = []
        aliases: dict[str, Member] = {}
        ignored = 0
        for person in file.preview.get("people", []):
            decision = decisions.get(person["index"], person["default"])
            member = people.decided(person, decision)
            if member is None:
                ignored += 1
                continue
            if decision.startswith("member:") and not person["member"]:
                aliases.update((key, member) for key in _aliases_for(person, member))
            kept.append((person, member))
        Member.objects.bulk_create(people.new)
        if people.new:
            member_search_refresh(
                community=activity.community, member_ids=[m.pk for m in people.new]
            )
        for key, member in aliases.items():
            MemberAlias.objects.update_or_create(
                community_id=activity.community_id, alias=key, defaults={"member": member}
            )

        Attendance.objects.bulk_create(
            Attendance(
                activity=activity,
                member=member,
                file=file,
                source=file.format,
                name=person["name"][:200] or member.full_name,
                email=person["email"][:254],
                minutes=person["minutes"],
                first_join=_parse_time(person["first_join"]),
                last_leave=_parse_time(person["last_leave"]),
                attended=person["attended"],
            )
            for person, member in kept
        )
        # Minutes over every report of the activity: two days' files add up.
        minutes = dict(
            Attendance.objects.filter(activity=activity, member__isnull=False)
            .values("member")
            .annotate(total=Sum("minutes"))
            .values_list("member", "total")
        )
        threshold = float(activity.community.attended_min_minutes)
        came: dict[int, Came] = {}
        dropped_in = 0
        for person, member in kept:
            if person["attended"] or float(minutes.get(member.pk) or 0) >= threshold:
                when = _parse_time(person["first_join"]) or activity.starts_at
                came.setdefault(member.pk, Came(member, when, person["email"]))
            else:
                dropped_in += 1
        records = attendance_mark(activity=activity, came=list(came.values()), source=IMPORT_SOURCE)
        file.status = AttendanceFile.Status.APPLIED
        file.applied_at = timezone.now()
        file.preview = {}
        counts = {
            "attended": len(kept) - dropped_in,
            "dropped_in": dropped_in,
            "new_members": len(people.new),
            "ignored": ignored,
            "records": records,
        }
        file.summary = {**file.summary, "imported": counts}
        file.save(update_fields=["status", "applied_at", "preview", "summary"])
        if came:
            participation_levels_refresh(community=activity.community, member_ids=set(came))
    return Applied(**counts, already_imported=False)


@dataclass(frozen=True)
class Came:
    """A member seen at the activity: when they arrived, and the e-mail the source knew them by
    (for a registration when the member has none)."""

    member: Member
    when: datetime
    email: str = ""


def attendance_mark(
    *, activity: Activity, came: list[Came], source: str, occurred_at: datetime | None = None
) -> int:
    """These members attended: each one's registration is marked as come (created, *attending*,
    where they had none and an e-mail is known), and their participation history gets the
    activity once, whatever the number of sources. The records are dated ``occurred_at``, by
    default the activity's start. Returns the records added; levels are the caller's to refresh.
    A few queries whatever the number of members."""
    registrations = list(Registration.objects.filter(activity=activity))
    by_member = {r.member_id: r for r in registrations if r.member_id}
    by_email = {r.email.casefold(): r for r in registrations}
    new: dict[str, Registration] = {}
    changed: list[Registration] = []
    now = timezone.now()
    for seen in came:
        member = seen.member
        address = member.email or seen.email
        registration = by_member.get(member.pk) or by_email.get(address.casefold())
        if registration is None and address and address.casefold() not in new:
            new[address.casefold()] = Registration(
                activity=activity,
                member=member,
                name=member.full_name,
                email=address,
                response=Registration.Response.ATTENDING,
                attended_at=seen.when,
            )
        elif registration is not None and registration.attended_at is None:
            registration.attended_at = seen.when
            registration.member = member
            registration.updated_at = now
            changed.append(registration)
    Registration.objects.bulk_create(new.values())
    Registration.objects.bulk_update(changed, ["attended_at", "member", "updated_at"])
    recorded = set(
        ParticipationRecord.objects.filter(
            activity=activity, kind=ParticipationRecord.Kind.ATTENDANCE
        ).values_list("member_id", flat=True)
    )
    added = {
        seen.member.pk: ParticipationRecord(
            community_id=activity.community_id,
            member=seen.member,
            kind=ParticipationRecord.Kind.ATTENDANCE,
            activity=activity,
            activity_title=activity.title[:200],
            occurred_at=occurred_at or activity.starts_at,
            source=source,
        )
        for seen in came
        if seen.member.pk not in recorded
    }
    ParticipationRecord.objects.bulk_create(added.values())
    return len(added)


def attendance_from_live(*, activity: Activity, member_ids: Iterable[int], when: datetime) -> int:
    """Members who joined the activity's live session attended it (source: live); returns the
    attendance records added."""
    members = list(
        Member.objects.active().filter(community_id=activity.community_id, pk__in=list(member_ids))
    )
    if not members:
        return 0
    with transaction.atomic():
        seen_live = set(
            Attendance.objects.filter(activity=activity, source=LIVE_SOURCE).values_list(
                "member_id", flat=True
            )
        )
        Attendance.objects.bulk_create(
            Attendance(
                activity=activity,
                member=member,
                source=LIVE_SOURCE,
                name=member.full_name,
                email=member.email or "",
                first_join=when,
            )
            for member in members
            if member.pk not in seen_live
        )
        # Dated when the session ran, which may differ from the planned start.
        added = attendance_mark(
            activity=activity,
            came=[Came(member, when) for member in members],
            source=LIVE_SOURCE,
            occurred_at=when,
        )
        participation_levels_refresh(
            community=activity.community, member_ids=[m.pk for m in members]
        )
    return added


def attendance_file_discard(*, file: AttendanceFile) -> None:
    """Forget a report that was previewed and not imported."""
    AttendanceFile.objects.filter(pk=file.pk, status=AttendanceFile.Status.PREVIEW).delete()
