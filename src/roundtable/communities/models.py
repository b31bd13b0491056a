"""Communities, the roles people hold in them, and invitations to join their staff."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from roundtable.domain.participation import Thresholds


class Community(models.Model):
    slug = models.SlugField(
        max_length=50,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z0-9][a-z0-9-]*$", "Use lowercase letters, digits and hyphens.")
        ],
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    intake_open = models.BooleanField(
        default=True, help_text="Anyone with the link can state a need on the public intake form."
    )
    directory_open = models.BooleanField(
        "members' directory open",
        default=False,
        help_text="Members who log in can find one another by expertise in the members' "
        "directory. Only members who agreed to be listed appear; e-mails never do.",
    )
    # Participation-level thresholds (see docs/participation.md); the community may tune them.
    participation_window_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    core_min_attendances = models.PositiveSmallIntegerField(default=6)
    core_min_contributions = models.PositiveSmallIntegerField(default=3)
    active_min_participations = models.PositiveSmallIntegerField(default=4)
    occasional_min_participations = models.PositiveSmallIntegerField(default=2)
    attended_min_minutes = models.PositiveSmallIntegerField(
        default=5,
        validators=[MaxValueValidator(600)],
        help_text="In an imported attendance report, people who spent less time than this "
        "dropped in: they are not counted as having attended.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "communities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(
            window_months=self.participation_window_months,
            core_min_attendances=self.core_min_attendances,
            core_min_contributions=self.core_min_contributions,
            active_min=self.active_min_participations,
            occasional_min=self.occasional_min_participations,
        )


class Role(models.Model):
    class Kind(models.TextChoices):
        MANAGER = "manager", "Manager"
        FACILITATOR = "facilitator", "Facilitator"
        MEMBER = "member", "Member"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_roles"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_role_per_community")
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_kind_display()} of {self.community}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    kind = models.CharField(max_length=20, choices=Role.Kind.choices, default=Role.Kind.FACILITATOR)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.community}"

    @property
    def expires_at(self) -> datetime:
        return self.created_at + timedelta(days=settings.STAFF_INVITATION_DAYS)

    @property
    def is_expired(self) -> bool:
        return self.accepted_at is None and timezone.now() >= self.expires_at


class FormSubmission(models.Model):
    """A public form's one-time submission key, once used: going back and sending the same form
    again repeats nothing (see ``communities.submissions``). Only a hash of the key and the day
    are kept, and nothing that ties it to the answer it came with."""

    digest = models.CharField(max_length=64, unique=True)
    form = models.CharField(max_length=20)  # "registration", "intake", "feedback", "own_need"
    on = models.DateField(db_index=True)

    def __str__(self) -> str:
        return f"{self.form} {self.on}"


class PendingConfirmation(models.Model):
    """A public form's answer held until the owner of its e-mail address confirms it by the
    one-time link sent there (see ``communities.confirmations``). Until then it changes nothing:
    no member, registration or need is written. Only the SHA-256 of the link's token is kept."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", "Registration"
        NEED = "need", "Need"

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="pending_confirmations"
    )
    email = models.EmailField(max_length=254)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    payload = models.JSONField()  # the form's validated data, what the service is called with
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["community", "kind", "used_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.email} waiting for confirmation"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
