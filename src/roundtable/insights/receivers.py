"""How insights reacts to events of the apps below it (connected in ``InsightsConfig.ready``)."""

from typing import Any

from roundtable.insights.models import MemberEngagement
from roundtable.insights.tasks import engagement_scores_refresh_task

# Beyond this many members, the task recomputes the whole community (one pass over its
# records) rather than carrying every id.
MANY_MEMBERS = 5000


def refresh_scores_after_participation(
    *, community_id: int, member_ids: list[int], **_: Any
) -> None:
    """Members whose participation records changed (a check-in, an attendance import, a live
    session, imported conversations) get their engagement scores recomputed in a task, so that
    the profile, the directory's sort and score segments follow the same day. Sent after the
    commit, so the task is queued for records that exist."""
    chosen = member_ids if len(member_ids) <= MANY_MEMBERS else None
    engagement_scores_refresh_task.enqueue(community_id, chosen)


def engagement_of_member(*, member_id: int, **_: Any) -> dict[str, Any]:
    """The member's stored engagement score and its parts, for their data export (None before
    the first refresh)."""
    row = MemberEngagement.objects.filter(member_id=member_id).first()
    if row is None:
        return {"engagement_score": None}
    return {
        "engagement_score": {
            "score": row.score,
            "recency": row.recency,
            "frequency": row.frequency,
            "breadth": row.breadth,
            "last_participation_on": (
                row.last_participation_on.isoformat() if row.last_participation_on else None
            ),
            "computed_at": row.computed_at.isoformat(),
        }
    }
