"""Members of a community, their tags, and the participation records behind their level."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone as django_timezone

from roundtable.communities.models import Community
from roundtable.domain.participation import Level


class Tag(models.Model):
    """A topic word shared by members' expertise, interests and needs within one community."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=64)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="unique_tag_per_community")
        ]

    def __str__(self) -> str:
        return self.name


def _access_token() -> str:
    return secrets.token_urlsafe(24)


# The fields of a member's profile that people edit (forms) and services write.
PROFILE_FIELDS = (
    "full_name",
    "email",
    "organisation",
    "role",
    "country",
    "timezone",
    "languages",
    "bio",
    "joined_on",
    "listed_in_directory",
)


class MemberQuerySet(models.QuerySet["Member"]):
    def active(self) -> "MemberQuerySet":
        return self.filter(archived_at__isnull=True, anonymised_at__isnull=True)


class Member(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", "Added by staff"
        IMPORT = "import", "Imported"
        INTAKE = "intake", "Intake form"
        DEMO = "demo", "Demo data"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, null=True, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 two-letter code")
    timezone = models.CharField(
        max_length=64, blank=True, help_text="IANA zone, e.g. Africa/Nairobi"
    )
    languages = models.CharField(max_length=200, blank=True, help_text="Comma-separated")
    role = models.CharField(
        max_length=200, blank=True, help_text="Their role or job title in their organisation"
    )
    bio = models.TextField(blank=True, max_length=2000)
    listed_in_directory = models.BooleanField(
        "listed in the members' directory",
        default=False,
        help_text="They agreed that other members may find their name, organisation, country "
        "and expertise in the members' directory (never their e-mail).",
    )
    expertise = models.ManyToManyField(Tag, blank=True, related_name="experts")
    interests = models.ManyToManyField(Tag, blank=True, related_name="interested")
    joined_on = models.DateField(default=django_timezone.localdate)
    participation_level = models.CharField(
        max_length=12, choices=[(lv.value, lv.label) for lv in Level], default=Level.INACTIVE.value
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    access_token = models.CharField(max_length=64, unique=True, default=_access_token)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    search_text = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="Kept by members.services.member_search_refresh; see domain/search.py",
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "email"], name="unique_member_email_per_community"
            )
        ]
        indexes = [
            models.Index(fields=["community", "full_name"]),
            models.Index(fields=["community", "country"]),
            models.Index(fields=["community", "participation_level"]),
            models.Index(fields=["community", "joined_on"]),
            models.Index(fields=["community", "organisation"]),
            models.Index(fields=["community", "timezone"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.archived_at is None and self.anonymised_at is None


class ParticipationRecord(models.Model):
    """One time a member took part: attended something, or contributed (asked, posted, spoke...).

    Later capabilities (activities, live sessions) only add rows here; participation levels
    are computed from these records.
    """

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", "Attended"
        CONTRIBUTION = "contribution", "Contributed"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="participations")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_records",
    )
    activity_title = models.CharField(max_length=200)
    detail = models.CharField(max_length=200, blank=True, help_text="e.g. asked a question")
    occurred_at = models.DateTimeField()
    source = models.CharField(max_length=40, blank=True, help_text="Where the record came from")
    external_key = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="The message's id in the tool it was imported from (a Slack message, a "
        "Discourse post), so that importing an overlapping export adds only what is new",
    )

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["member", "occurred_at"]),
            models.Index(fields=["community", "occurred_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "external_key"],
                condition=~Q(external_key=""),
                name="unique_imported_contribution",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display().lower()} {self.activity_title}"


class MemberAlias(models.Model):
    """A name or address under which a member appears in another tool's export (a Zoom display
    name, a Teams UPN), remembered when a manager matched it to them by hand, so the next import
    matches it without asking. Stored normalised (lower case, single spaces)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["alias"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "alias"], name="unique_alias_per_community"
            )
        ]

    def __str__(self) -> str:
        return f"{self.alias} → {self.member}"


class MemberEmail(models.Model):
    """Another address of a member (a personal one beside the work one), stored lower-cased.

    Unique in the community, and never another member's primary address: the member service and
    the member import check both directions (``members.services.member_emails_set``). Imports
    match people by these as by the primary address."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="other_emails")
    email = models.EmailField(max_length=254)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "email"], name="unique_secondary_email_per_community"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.member})"


class Interaction(models.Model):
    """One member answered or mentioned another in the community's conversations (a Slack
    thread reply, a Discourse reply, an @-mention), imported from the tool's export. With the
    encounters of small groups, these draw the community's relationship network."""

    class Kind(models.TextChoices):
        REPLY = "reply", "Replied to"
        MENTION = "mention", "Mentioned"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    tool = models.CharField(max_length=20, help_text="slack or discourse")
    channel = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()
    external_key = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "external_key"], name="unique_imported_interaction"
            ),
            models.CheckConstraint(condition=~Q(source=F("target")), name="interaction_not_self"),
        ]
        indexes = [
            models.Index(fields=["community", "source"]),
            models.Index(fields=["community", "target"]),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display().lower()} {self.target}"
