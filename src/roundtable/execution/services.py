"""Checklist services: generate an activity's checklist from its format, edit it, and remind
owners when an item comes due.

Every item that has an owner and a due time gets a reminder task (``tasks.py``) scheduled at its
due time when it is created or when its due time or owner changes; the task checks the item again
before sending, so a task made stale by an edit does nothing. ``roundtable remind`` sends every
reminder that is due, for installations that prefer cron to the worker. Either way an item is
reminded once: :func:`checklist_reminder_send` claims it with a conditional UPDATE first.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from roundtable.accounts.models import User
from roundtable.activities.models import Activity
from roundtable.activities.selectors import staff_users
from roundtable.after_commit import enqueue_on_commit, send_on_commit
from roundtable.domain.planning.formats import format_library
from roundtable.execution import events, tasks
from roundtable.execution.mail import reminder_email
from roundtable.execution.models import Checklist, ChecklistItem
from roundtable.service_error import ServiceError

MAX_OFFSET = timedelta(days=366)
DEFAULT_DUE: dict[str, timedelta] = {
    ChecklistItem.Phase.BEFORE: timedelta(days=-7),
    ChecklistItem.Phase.DURING: timedelta(0),
    ChecklistItem.Phase.AFTER: timedelta(days=1),
}
# Roles of the format templates: who they fall to in an activity.
FACILITATOR_ROLES = ("facilitator", "host", "producer")


class ChecklistError(ServiceError):
    """A checklist change that cannot be made; ``field`` names the form field, if one."""


def checklist_owner_choices(activity: Activity) -> list[User]:
    """Who may own an item: the community's staff (facilitators and managers)."""
    return list(staff_users(activity.community_id))


def _owner_for_role(activity: Activity, role: str) -> User | None:
    if role in FACILITATOR_ROLES:
        first = activity.facilitators.order_by("pk").first()
        if first is not None:
            return first
    return activity.owner


def _validate(
    activity: Activity,
    *,
    title: str,
    phase: str,
    due_offset: timedelta,
    owner: User | None,
    staff: list[User] | None = None,
) -> str:
    """The cleaned title, or ChecklistError; ``staff``: :func:`checklist_owner_choices` when the
    caller has read them already."""
    title = title.strip()
    if not title:
        raise ChecklistError("Title: say what has to be done.", "title")
    if len(title) > 200:
        raise ChecklistError(f"Title: at most 200 characters (this one has {len(title)}).", "title")
    if phase not in ChecklistItem.Phase.values:
        raise ChecklistError(
            f"Phase: “{phase}” is not one of {', '.join(ChecklistItem.Phase.values)}.", "phase"
        )
    if abs(due_offset) > MAX_OFFSET:
        raise ChecklistError("Due: within a year of the activity's start.", "due")
    if phase == ChecklistItem.Phase.BEFORE and due_offset > timedelta(0):
        raise ChecklistError(
            "Due: an item to do before the activity cannot be due after it starts.", "due"
        )
    if phase == ChecklistItem.Phase.AFTER and due_offset < timedelta(0):
        raise ChecklistError(
            "Due: an item to do after the activity cannot be due before it starts.", "due"
        )
    if owner is not None and owner not in (
        checklist_owner_choices(activity) if staff is None else staff
    ):
        raise ChecklistError("Owner: not a facilitator or manager of this community.", "owner")
    return title


def _due_offset(activity: Activity, due: timedelta | datetime | None, phase: str) -> timedelta:
    if due is None:
        return DEFAULT_DUE.get(phase, timedelta(0))
    if isinstance(due, datetime):
        if due.tzinfo is None:
            raise ChecklistError("Due: the date and time need a time zone.", "due")
        return due - activity.starts_at
    return due


def _schedule_reminder(item: ChecklistItem) -> None:
    """Enqueue the reminder task for the item's due time (see the module docstring)."""
    if item.owner_id is None or item.done_at is not None or item.reminded_at is not None:
        return
    due = item.due_at
    backend = tasks.checklist_reminder_task.get_backend()
    if due <= timezone.now():
        enqueue_on_commit(tasks.checklist_reminder_task, item.pk)
    elif backend.supports_defer:
        enqueue_on_commit(tasks.checklist_reminder_task, item.pk, run_after=due)
    # Otherwise the backend cannot wait (the immediate backend under test): `roundtable remind`
    # sends the reminder once it is due.


@transaction.atomic
def checklist_item_add(
    *,
    activity: Activity,
    title: str,
    phase: str = "before",
    due: timedelta | datetime | None = None,
    origin: str = "",
    owner: User | None = None,
    owner_role: str = "",
) -> ChecklistItem:
    """Add an item to the activity's checklist and schedule its reminder.

    ``due`` is an offset from the start (a timedelta, negative before it), an aware datetime, or
    None for the phase's default (a week before, at the start, a day after). ``origin`` says where
    the item came from, e.g. "carried over from Clinic #3"; without an ``owner`` the activity's
    owner gets it. Raises ChecklistError naming the field when the item cannot be added.
    """
    return _item_create(
        activity,
        title=title,
        phase=phase,
        offset=_due_offset(activity, due, phase),
        origin=origin,
        owner=owner if owner is not None else activity.owner,
        owner_role=owner_role,
    )


def _item_create(
    activity: Activity,
    *,
    title: str,
    phase: str,
    offset: timedelta,
    origin: str,
    owner: User | None,
    owner_role: str,
    staff: list[User] | None = None,
    position: int | None = None,
) -> ChecklistItem:
    """Validate, create and schedule one item; ``staff`` and ``position`` (the number of items
    the checklist has) are read here unless the caller, adding many, keeps them itself."""
    title = _validate(
        activity, title=title, phase=phase, due_offset=offset, owner=owner, staff=staff
    )
    if position is None:
        position = activity.checklist_items.count()
    item = ChecklistItem.objects.create(
        activity=activity,
        phase=phase,
        title=title,
        due_offset=offset,
        owner=owner,
        owner_role=owner_role[:20],
        origin=origin.strip()[:300],
        position=position,
    )
    _schedule_reminder(item)
    return item


@dataclass(frozen=True)
class Generated:
    added: int
    kept: int  # template items the checklist already had


@transaction.atomic
def checklist_generate(*, activity: Activity) -> Generated:
    """Add the format's checklist template items the activity does not have yet (same phase and
    title), so pressing "generate" twice never duplicates anything."""
    Checklist.objects.update_or_create(
        activity=activity,
        defaults={"generated_at": timezone.now(), "generated_from": activity.format},
    )
    found = format_library().get(activity.format)
    if found is None:
        return Generated(0, 0)
    rows = list(activity.checklist_items.values_list("phase", "title"))
    existing = {(phase, title.casefold()) for phase, title in rows}
    # Read once for the whole template, not once per item.
    staff = checklist_owner_choices(activity)
    owners: dict[str, User | None] = {}
    added = kept = 0
    for template in found.checklist:
        if (template.phase, template.title.casefold()) in existing:
            kept += 1
            continue
        if template.owner not in owners:
            owners[template.owner] = _owner_for_role(activity, template.owner)
        _item_create(
            activity,
            title=template.title,
            phase=template.phase,
            offset=_due_offset(activity, template.due, template.phase),
            origin=f"{found.name} format",
            owner=owners[template.owner],
            owner_role=template.owner,
            staff=staff,
            position=len(rows) + added,
        )
        existing.add((template.phase, template.title.casefold()))
        added += 1
    return Generated(added, kept)


@transaction.atomic
def checklist_item_update(
    *,
    item: ChecklistItem,
    title: str,
    phase: str,
    due: timedelta | datetime,
    owner: User | None,
) -> ChecklistItem:
    """Change an item; a new due time or owner means a new reminder."""
    activity = item.activity
    offset = _due_offset(activity, due, phase)
    title = _validate(activity, title=title, phase=phase, due_offset=offset, owner=owner)
    rescheduled = offset != item.due_offset or owner != item.owner
    item.title, item.phase, item.due_offset, item.owner = title, phase, offset, owner
    fields = ["title", "phase", "due_offset", "owner", "updated_at"]
    if rescheduled:
        item.reminded_at = None
        fields.append("reminded_at")
    item.save(update_fields=fields)
    if rescheduled:
        _schedule_reminder(item)
    return item


def checklist_item_done_set(*, item: ChecklistItem, done: bool, by: User | None) -> ChecklistItem:
    """Tick the item off (``done``) or reopen it; ticking off sends ``checklist_item_done``."""
    ticked = done and item.done_at is None
    if ticked:
        item.done_at, item.done_by = timezone.now(), by
    elif not done:
        item.done_at, item.done_by = None, None
    item.save(update_fields=["done_at", "done_by", "updated_at"])
    if ticked:
        send_on_commit(events.checklist_item_done, item_id=item.pk)
    return item


def checklist_item_remove(*, item: ChecklistItem) -> None:
    item.delete()


def _remindable(item: ChecklistItem, now: datetime) -> bool:
    owner = item.owner
    if owner is None or not owner.email or not owner.is_active:
        return False
    if item.done_at is not None or item.reminded_at is not None or item.due_at > now:
        return False
    # Once the activity is over, only the follow-up items (after) are still worth a reminder.
    return not (item.activity.is_past and item.phase != ChecklistItem.Phase.AFTER)


def checklist_reminder_send(*, item_id: int, now: datetime | None = None) -> bool:
    """E-mail the item's owner that it is due, once. True when this call sent the reminder.

    Nothing is sent when the item is gone, done, already reminded, has no owner with an e-mail
    address, is not due yet at ``now``, or belongs to an activity that is over (after-items
    excepted). Sending failures leave the item unreminded, so the next run tries again.
    """
    now = now or timezone.now()
    item = (
        ChecklistItem.objects.select_related("activity__community", "owner")
        .filter(pk=item_id)
        .first()
    )
    if item is None or not _remindable(item, now):
        return False
    claimed = ChecklistItem.objects.filter(
        pk=item.pk, reminded_at__isnull=True, done_at__isnull=True
    ).update(reminded_at=now)
    if not claimed:
        return False
    try:
        reminder_email(item).send()
    except Exception:
        ChecklistItem.objects.filter(pk=item.pk).update(reminded_at=None)
        raise
    return True


def reminders_due_ids(*, now: datetime, community_id: int | None = None) -> list[int]:
    """Ids of items whose reminder is due at ``now`` (checked again when sent)."""
    from django.db.models import DateTimeField, ExpressionWrapper, F

    items = ChecklistItem.objects.filter(
        done_at__isnull=True, reminded_at__isnull=True, owner__isnull=False
    ).annotate(
        due=ExpressionWrapper(
            F("activity__starts_at") + F("due_offset"), output_field=DateTimeField()
        )
    )
    items = items.filter(due__lte=now).exclude(
        Q(activity__status__in=(Activity.Status.DONE, Activity.Status.EVALUATED))
        & ~Q(phase=ChecklistItem.Phase.AFTER)
    )
    if community_id is not None:
        items = items.filter(activity__community_id=community_id)
    return list(items.order_by("pk").values_list("pk", flat=True))


def checklist_reminders_reschedule(*, activity: Activity) -> int:
    """The activity moved: schedule the reminders of its open items at their new due times.

    Tasks scheduled for the old times find the item not due yet and send nothing. Returns how
    many were scheduled.
    """
    items = activity.checklist_items.filter(
        done_at__isnull=True, reminded_at__isnull=True, owner__isnull=False
    )
    count = 0
    for item in items:
        item.activity = activity
        _schedule_reminder(item)
        count += 1
    return count
