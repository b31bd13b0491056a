"""Reminders: each due item's owner gets one e-mail, from the task or from `roundtable remind`."""

from dataclasses import replace
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from roundtable.activities.models import Activity
from roundtable.activities.services import activity_start_set, activity_update
from roundtable.execution.models import ChecklistItem
from roundtable.execution.services import (
    checklist_item_add,
    checklist_item_done_set,
    checklist_reminder_send,
    reminders_due_ids,
)
from roundtable.execution.tasks import checklist_reminder_task
from tests.factories import activity_fields

pytestmark = pytest.mark.django_db


def _due_item(activity, **changes):
    """An item that is due: its reminder is sent by the (immediate) task on creation."""
    return checklist_item_add(
        activity=activity,
        title="Send the agenda",
        due=activity.starts_at - timedelta(days=30),
        **changes,
    )


def test_an_item_already_due_is_reminded_by_its_task_once(activity, manager):
    item = _due_item(activity)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [manager.email]
    assert "Send the agenda" in message.subject
    assert activity.title in message.body
    assert f"/activities/{activity.pk}/checklist/" in message.body
    item.refresh_from_db()
    assert item.reminded_at is not None
    # the task again, the command, the service: nothing more is sent
    checklist_reminder_task.enqueue(item.pk)
    call_command("remind", stdout=StringIO())
    assert checklist_reminder_send(item_id=item.pk) is False
    assert len(mail.outbox) == 1


def test_the_command_sends_what_became_due_once(activity, manager):
    item = checklist_item_add(activity=activity, title="Confirm the room", due=timedelta(days=-1))
    assert mail.outbox == []  # not due yet: the immediate backend cannot wait, cron can
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() + timedelta(hours=1))
    out = StringIO()
    call_command("remind", stdout=out)
    assert "1 reminder(s) sent." in out.getvalue()
    assert [m.to for m in mail.outbox] == [[manager.email]]
    call_command("remind", stdout=out)
    assert len(mail.outbox) == 1
    item.refresh_from_db()
    assert item.reminded_at is not None


def test_no_reminder_before_the_due_time_or_when_done(activity):
    later = checklist_item_add(activity=activity, title="Later", due=timedelta(days=-1))
    assert checklist_reminder_send(item_id=later.pk) is False
    assert reminders_due_ids(now=timezone.now()) == []
    done = checklist_item_add(activity=activity, title="Done already", due=timedelta(days=-1))
    checklist_item_done_set(item=done, done=True, by=None)
    assert checklist_reminder_send(item_id=done.pk, now=activity.starts_at) is False
    assert reminders_due_ids(now=activity.starts_at) == [later.pk]


def test_items_without_an_owner_or_of_finished_activities_are_not_reminded(activity, community):
    checklist_item_add(activity=activity, title="Orphan", due=timedelta(days=-1))
    ChecklistItem.objects.update(owner=None)
    assert reminders_due_ids(now=activity.starts_at) == []
    activity.status = Activity.Status.DONE
    activity.save()
    ChecklistItem.objects.all().delete()
    before = _due_item(activity)
    after = checklist_item_add(activity=activity, title="Thank people", phase="after")
    assert mail.outbox == []
    assert reminders_due_ids(now=activity.starts_at + timedelta(days=2)) == [after.pk]
    assert before.reminded_at is None


def test_a_reminder_that_cannot_be_sent_is_tried_again(activity, manager):
    item = checklist_item_add(activity=activity, title="Invite", due=timedelta(days=-1))
    err = StringIO()
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now())
    with (
        override_settings(EMAIL_BACKEND="tests.execution.failing_mail.Backend"),
        pytest.raises(CommandError, match="1 reminder.s. could not be sent"),
    ):
        call_command("remind", stdout=StringIO(), stderr=err)
    assert "could not be sent" in err.getvalue()
    item.refresh_from_db()
    assert item.reminded_at is None
    call_command("remind", stdout=StringIO())
    assert len(mail.outbox) == 1


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_with_the_database_worker_the_task_waits_for_the_due_time(activity):
    item = checklist_item_add(activity=activity, title="Send the agenda", due=timedelta(days=-2))
    task = DBTaskResult.objects.get(task_path__endswith="checklist_reminder_task")
    assert task.args_kwargs["args"] == [item.pk]
    assert task.run_after == item.due_at
    assert mail.outbox == []


def test_moving_the_activity_reschedules_the_reminders(activity, manager):
    item = checklist_item_add(activity=activity, title="Confirm the room", due=timedelta(days=-1))
    assert mail.outbox == []
    # The item is now due: the rescheduled task sends its reminder.
    activity_start_set(activity=activity, starts_at=timezone.now() + timedelta(hours=2))
    assert [m.to for m in mail.outbox] == [[manager.email]]
    item.refresh_from_db()
    assert item.reminded_at is not None


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_with_the_worker_a_moved_activity_gets_tasks_at_the_new_times(activity):
    item = checklist_item_add(activity=activity, title="Send the agenda", due=timedelta(days=-2))
    activity_start_set(activity=activity, starts_at=activity.starts_at + timedelta(days=3))
    item.refresh_from_db()
    runs = sorted(DBTaskResult.objects.values_list("run_after", flat=True))
    assert runs == [item.due_at - timedelta(days=3), item.due_at]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_an_edit_that_keeps_the_start_schedules_nothing(activity):
    checklist_item_add(activity=activity, title="Send the agenda", due=timedelta(days=-2))
    fields = replace(
        activity_fields(format=activity.format, timezone=activity.timezone),
        title="Renamed",
        starts_at=activity.starts_at,
    )
    activity_update(activity=activity, fields=fields)
    assert DBTaskResult.objects.count() == 1  # the item's own task, none rescheduled


def test_the_command_refuses_an_unknown_community(activity):
    with pytest.raises(CommandError, match="No community with the slug 'nope'."):
        call_command("remind", "--community", "nope", stdout=StringIO())
    out = StringIO()
    call_command("remind", "--community", activity.community.slug, stdout=out)
    assert "0 reminder(s) sent." in out.getvalue()
