"""Background work of insights. Tasks take ids, never objects, and call one service."""

from django_tasks import task

from roundtable.communities.models import Community
from roundtable.insights.score_services import engagement_scores_refresh
from roundtable.insights.snapshots import snapshots_refresh


@task()
def insights_refresh_task(community_id: int) -> dict[str, int]:
    """Recompute the community's insights views that are in use (nightly)."""
    community = Community.objects.filter(pk=community_id).first()
    if community is None:  # deleted since the refresh was asked for
        return {"refreshed": 0, "dropped": 0}
    return snapshots_refresh(community=community)


@task()
def engagement_scores_refresh_task(community_id: int, member_ids: list[int] | None = None) -> int:
    """Recompute the engagement scores of a community's members, or only of ``member_ids``
    (none if the community was deleted)."""
    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return 0
    return engagement_scores_refresh(community=community, member_ids=member_ids)
