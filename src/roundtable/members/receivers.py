"""How members react to community events (connected in ``MembersConfig.ready``)."""

from typing import Any

from roundtable.communities.models import Community
from roundtable.members.services import participation_levels_refresh


def levels_follow_thresholds(*, community_id: int, **_: Any) -> None:
    """New thresholds: every member's participation level is computed again."""
    participation_levels_refresh(community=Community.objects.get(pk=community_id))
