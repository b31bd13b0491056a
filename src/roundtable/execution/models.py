"""The Execution level of an activity: its checklist, and the invitations sent to its audience.

Registrations live on :class:`roundtable.activities.models.Registration`, whose ``attended_at``
says who came, which later capabilities read too. :class:`Attendance` keeps where each person's
presence came from (the door check-in, the live session, an imported report) and for how long.
"""

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models

from roundtable.activities.models import Activity
from roundtable.members.models import Member


def _token() -> str:
    return secrets.token_urlsafe(16)


class Checklist(models.Model):
    """Whether an activity's checklist was generated from its format, so that opening the
    checklist generates it once and never again (items removed by hand stay removed)."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, primary_key=True, related_name="checklist"
    )
    generated_at = models.DateTimeField(null=True, blank=True)
    generated_from = models.CharField(max_length=40, blank=True, help_text="The format id")

    def __str__(self) -> str:
        return f"Checklist of {self.activity}"


class ChecklistItem(models.Model):
    """A task of the execution checklist, due ``due_offset`` after the start (negative: before)."""

    class Phase(models.TextChoices):
        BEFORE = "before", "Before"
        DURING = "during", "During"
        AFTER = "after", "After"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="checklist_items")
    phase = models.CharField(max_length=6, choices=Phase.choices, default=Phase.BEFORE)
    title = models.CharField(max_length=200)
    due_offset = models.DurationField(help_text="From the start; negative is before it")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_items",
    )
    owner_role = models.CharField(
        max_length=20, blank=True, help_text="The role the format's template names"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    origin = models.CharField(
        max_length=300, blank=True, help_text="e.g. carried over from the previous edition"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_offset", "position", "pk"]
        indexes = [models.Index(fields=["done_at", "reminded_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def due_at(self) -> datetime:
        return self.activity.starts_at + self.due_offset


class InvitationBatch(models.Model):
    """One "invite the audience" send: how many were to be invited and how many were."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="invitation_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.sent} of {self.total} invitations for {self.activity}"

    @property
    def running(self) -> bool:
        return self.finished_at is None


class Invitation(models.Model):
    """One audience member invited to one activity; their personal registration link."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="invitations")
    batch = models.ForeignKey(
        InvitationBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="unique_invitation_member"),
            models.UniqueConstraint(fields=["activity", "email"], name="unique_invitation_email"),
        ]

    def __str__(self) -> str:
        return f"{self.name} invited to {self.activity}"


class AttendanceFile(models.Model):
    """An attendance report (Zoom, Teams, Meet, ...) for an activity: previewed, then imported.

    ``preview`` holds the people read from the file and what the manager may decide for each,
    until the import is confirmed; it is emptied then (only the counts in ``summary`` stay) and
    deleted with the row when a preview is abandoned (``IMPORT_ABANDON_HOURS``). ``digest`` (of
    the file's bytes) makes a second import of the same file change nothing.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", "To confirm"
        APPLIED = "applied", "Imported"

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendance_files"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    original_name = models.CharField(max_length=255)
    format = models.CharField(max_length=40)
    label = models.CharField(max_length=120)
    digest = models.CharField(max_length=64)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PREVIEW)
    preview = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "digest"],
                condition=models.Q(status="applied"),
                name="attendance_file_imported_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.label})"


class Attendance(models.Model):
    """One person's presence at an activity from one source: the door check-in (``checkin``),
    the live session (``live``) or an imported report (its format, with ``file``). ``attended``
    is false for someone who only dropped in (under the community's ``attended_min_minutes``)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.ForeignKey(
        AttendanceFile, on_delete=models.CASCADE, null=True, blank=True, related_name="attendances"
    )
    source = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    email = models.CharField(max_length=254, blank=True)
    minutes = models.FloatField(null=True, blank=True)
    first_join = models.DateTimeField(null=True, blank=True)
    last_leave = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["activity", "member"])]

    def __str__(self) -> str:
        return f"{self.name} at {self.activity} ({self.source})"
