"""What the insights app stores: the figures of insights views computed ahead, and each
member's engagement score, so that the directory can sort by it and segments can filter on it
(see docs/insights.md, "Precomputed figures" and "Engagement score")."""

from django.db import models

from roundtable.communities.models import Community
from roundtable.members.models import Member


class InsightSnapshot(models.Model):
    """The figures of one insights view (a page's figures for a period and filters), computed
    once and shown until the next nightly refresh (docs/insights.md, "Precomputed figures").

    ``payload`` is plain JSON of counts and ids: names and texts are read when a page is shown,
    so a member's erasure never leaves their name here (the community's snapshots are dropped
    then anyway)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=40)  # the view, e.g. "needs_coverage"
    key = models.CharField(max_length=64)  # SHA-256 of the view and its parameters
    params = models.JSONField(default=dict)
    payload = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0.0)  # how long computing it took
    viewed_on = models.DateField()  # kept while viewed; refreshed nightly while kept

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "key"], name="unique_snapshot_per_view")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.params} ({self.computed_at:%Y-%m-%d %H:%M})"


class MemberEngagement(models.Model):
    """A member's engagement score and its three components, each 0-100, as computed at
    ``computed_at`` by ``score_services.engagement_scores_refresh``."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="engagement")
    score = models.PositiveSmallIntegerField()
    recency = models.PositiveSmallIntegerField()
    frequency = models.PositiveSmallIntegerField()
    breadth = models.PositiveSmallIntegerField()
    last_participation_on = models.DateField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["community", "score"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.score}"
