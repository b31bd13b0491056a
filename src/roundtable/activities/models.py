"""Activities and series: what a community runs, as planned on the three levels.

An activity carries its plan (purpose, audience, agenda, success indicators, feedback and
follow-up) in columns and child rows; :func:`roundtable.activities.selectors.activity_plan`
turns it into the pure :class:`~roundtable.domain.planning.plan.Plan` that the alignment rules
read. Registrations (who said they come, and who did come) and encounters (who met whom in a
small group) are stored here too, because every later step reads them: breakouts, live
sessions, feedback and evaluation.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from roundtable.communities.models import Community
from roundtable.domain.planning.indicators import INDICATORS
from roundtable.domain.planning.plan import MAX_MINUTES, MODES
from roundtable.domain.planning.taxonomy import purposes
from roundtable.members.models import Member
from roundtable.segments.models import Segment

MODE_LABELS = {
    "presentation": "Presentation",
    "panel": "Panel",
    "plenary_discussion": "Plenary discussion",
    "qa": "Q&A",
    "poll": "Poll",
    "small_groups": "Small groups",
    "pairs": "Pairs",
    "reflection": "Individual reflection",
    "share_back": "Share-back",
}
assert set(MODE_LABELS) == set(MODES)  # noqa: S101 - the two tables checked at import


def _token() -> str:
    return secrets.token_urlsafe(16)


class Series(models.Model):
    """Recurring editions of one activity (a monthly clinic, a yearly gathering)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="series")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "series"
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["community", "title"], name="unique_series_title")
        ]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    class Mode(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"
        HYBRID = "hybrid", "Hybrid"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PLANNED = "planned", "Planned"
        LIVE = "live", "Live"
        DONE = "done", "Done"
        EVALUATED = "evaluated", "Evaluated"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="activities")
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="editions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    format = models.CharField(max_length=40, blank=True, help_text="A format of the library")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.ONLINE)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)]
    )
    timezone = models.CharField(
        max_length=64, default="UTC", help_text="The time zone the activity is announced in"
    )
    place = models.CharField(max_length=300, blank=True)
    link = models.URLField(blank=True, max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_activities",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_activities"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Strategic level
    purpose_expressed = models.TextField(
        "expressed purpose", max_length=2000, help_text="In the words of the invitation"
    )
    purpose_deeper = models.CharField(
        "deeper purpose", max_length=30, choices=[(p.id, p.name) for p in purposes().values()]
    )
    segment = models.ForeignKey(
        Segment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        help_text="The target audience; empty for the whole community",
    )
    expected_headcount = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    # Design level
    feedback = models.BooleanField(default=False, help_text="A plus/delta feedback step")
    follow_up = models.TextField(blank=True, max_length=2000)
    registration_open = models.BooleanField(default=True)
    public_token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["community", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self):  # type: ignore[no-untyped-def]
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def purpose_name(self) -> str:
        purpose = purposes().get(self.purpose_deeper)
        return purpose.name if purpose else self.purpose_deeper

    @property
    def is_past(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.EVALUATED)


class AgendaBlock(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="agenda_blocks")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)]
    )
    mode = models.CharField(max_length=20, choices=list(MODE_LABELS.items()))
    group_size = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(2)]
    )
    speakers = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.title} ({self.minutes} min, {self.get_mode_display()})"


class SuccessIndicator(models.Model):
    """A target set at planning time; the evaluation fills in the actual value later."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(default=0)
    metric = models.CharField(max_length=30, choices=[(i.id, i.name) for i in INDICATORS.values()])
    target = models.CharField(max_length=200, help_text="A number, a share (0..1) or a text")
    description = models.CharField(max_length=300, blank=True)
    manual_actual = models.CharField(
        max_length=200, blank=True, help_text="Entered by hand for manual indicators"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} ≥ {self.target}"


class Registration(models.Model):
    """Someone's answer to the invitation, and whether they came (attendance)."""

    class Response(models.TextChoices):
        ATTENDING = "attending", "Attending"
        MAYBE = "maybe", "Maybe"
        NOT_ATTENDING = "not_attending", "Not attending"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    response = models.CharField(max_length=15, choices=Response.choices)
    whole_series = models.BooleanField(default=False)
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    attended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "email"], name="unique_registration")
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_response_display()}"


class Encounter(models.Model):
    """Two members who shared a small group in an activity (``member_a`` has the lower id)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="encounters"
    )
    member_a = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    member_b = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    met_at = models.DateTimeField()
    first = models.BooleanField(
        default=False, help_text="The first time these two met: a new connection"
    )

    class Meta:
        ordering = ["-met_at"]
        constraints = [
            models.CheckConstraint(condition=Q(member_a__lt=F("member_b")), name="encounter_order"),
            models.UniqueConstraint(
                fields=["activity", "member_a", "member_b"], name="unique_encounter"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "member_a"]),
            models.Index(fields=["community", "member_b"]),
        ]

    def __str__(self) -> str:
        return f"{self.member_a} met {self.member_b}"
