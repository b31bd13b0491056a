"""The Execution level of an activity: its checklist, and the invitations sent to its audience.

Registrations and attendance live on :class:`roundtable.activities.models.Registration`, which
later capabilities read too; this app only adds what execution alone needs.
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
