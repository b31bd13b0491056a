"""Segments: named parts of a community, by rule or by a static list."""

from django.conf import settings
from django.db import models

from roundtable.communities.models import Community
from roundtable.members.models import Member


class Segment(models.Model):
    class Kind(models.TextChoices):
        RULE = "rule", "Rule"
        STATIC = "static", "Static list"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="segments")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=1000)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RULE)
    rule = models.JSONField(
        default=dict, blank=True, help_text="See docs/segments.md for the rule format."
    )
    static_members = models.ManyToManyField(Member, blank=True, related_name="static_segments")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="unique_segment_name")
        ]

    def __str__(self) -> str:
        return self.name
