"""The insights part of the demo: every member's engagement score, computed from the
participation the apps before this one seeded, so the profile, the directory's sort and the
segment condition have scores to show."""

from datetime import datetime

from roundtable.communities.models import Community
from roundtable.insights.score_services import engagement_scores_refresh


def seed(*, community: Community, now: datetime) -> None:
    engagement_scores_refresh(community=community, now=now)
