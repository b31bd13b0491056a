"""Breakout plans for an activity, and coffee-chat rounds for a community.

A ``BreakoutPlan`` is one run of the group solver for an activity: its parameters, seed and
method, and one ``BreakoutAssignment`` per registration, round and room. The latest plan of an
activity is the one shown, exported and recorded as encounters; earlier plans stay as history.
Coffee-chat rounds pair the members who opted in (``CoffeeChatOptIn``); a round is a draft
(previewed) until its introduction e-mails are sent.
"""

from django.conf import settings
from django.db import models

from roundtable.activities.models import Activity, Registration
from roundtable.communities.models import Community
from roundtable.members.models import Member


class BreakoutPlan(models.Model):
    class Source(models.TextChoices):
        ATTENDED = "attended", "Checked in"
        REGISTERED = "registered", "Registered as attending"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="breakout_plans")
    source = models.CharField(max_length=12, choices=Source.choices)
    group_size = models.PositiveSmallIntegerField()
    rounds = models.PositiveSmallIntegerField()
    max_rounds = models.BooleanField(default=False, help_text="As many rounds as possible")
    parameters = models.JSONField(
        default=dict, blank=True, help_text="What the manager asked for (see services.py)"
    )
    seed = models.PositiveIntegerField(default=0)
    method = models.CharField(max_length=300, blank=True)
    message = models.CharField(max_length=500, blank=True)
    complete = models.BooleanField(default=True)
    repeat_pairs = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    finished_rounds = models.PositiveSmallIntegerField(
        default=0, help_text="Rounds kept from the plan this one re-planned"
    )
    replanned_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Breakouts for {self.activity}: {self.rounds} rounds of about {self.group_size}"


class BreakoutAssignment(models.Model):
    """One person in one room in one round (rounds and rooms count from 1)."""

    plan = models.ForeignKey(BreakoutPlan, on_delete=models.CASCADE, related_name="assignments")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    round = models.PositiveSmallIntegerField()
    room = models.PositiveSmallIntegerField()
    facilitator = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "room", "registration__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "registration", "round"], name="one_room_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration.name}: round {self.round}, room {self.room}"


class CoffeeChatOptIn(models.Model):
    """A member who wants coffee chats, with the hours they are free in their own time zone."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="coffee_chat")
    hours_start = models.PositiveSmallIntegerField(default=9, help_text="Local hour, 0-23")
    hours_end = models.PositiveSmallIntegerField(default=17, help_text="Local hour, 1-24")
    opted_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member__full_name"]

    def __str__(self) -> str:
        return f"{self.member} ({self.hours_start}:00-{self.hours_end}:00)"


class CoffeeChatRound(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Preview"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    seed = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Coffee-chat round of {self.created_at:%Y-%m-%d}"


class CoffeeChatPair(models.Model):
    """Two members (three for the one trio) of a round, with why they were matched."""

    round = models.ForeignKey(CoffeeChatRound, on_delete=models.CASCADE, related_name="pairs")
    members = models.ManyToManyField(Member, related_name="coffee_chat_pairs")
    reasons = models.JSONField(default=list)
    score = models.FloatField(default=0.0)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Pair {self.pk} of {self.round}"
