"""Needs: what members are trying to solve, in their own words."""

from django.db import models

from roundtable.communities.models import Community
from roundtable.members.models import Member, Tag


class Need(models.Model):
    class Urgency(models.IntegerChoices):
        LOW = 1, "Can wait"
        MEDIUM = 2, "Soon"
        HIGH = 3, "Urgent"
        BURNING = 4, "Burning"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        BEING_ADDRESSED = "being_addressed", "Being addressed"
        ADDRESSED = "addressed", "Addressed"

    class Source(models.TextChoices):
        INTAKE = "intake", "Intake form"
        SURVEY = "survey", "Survey"
        CONVERSATION = "conversation", "Conversation"
        SELF_SERVICE = "self_service", "Member's personal page"
        IMPORT = "import", "Import"
        STAFF = "staff", "Entered by staff"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="needs")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="needs")
    text = models.TextField(max_length=2000)
    tags = models.ManyToManyField(Tag, blank=True, related_name="needs")
    urgency = models.PositiveSmallIntegerField(choices=Urgency.choices, default=Urgency.MEDIUM)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When it last became addressed (None while it is not): the insights' "addressed" and
    # "open at the end of a month" follow it.
    addressed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-urgency", "-created_at"]
        indexes = [
            models.Index(fields=["community", "status", "urgency"]),
            models.Index(fields=["member", "status"]),
        ]

    def __str__(self) -> str:
        return self.text[:60]
