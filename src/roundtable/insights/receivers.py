"""How insights reacts to events of the apps below it (connected in ``InsightsConfig.ready``)."""

from typing import Any

from roundtable.activities.events import with_activity
from roundtable.activities.models import Activity
from roundtable.after_commit import enqueue_on_commit
from roundtable.insights.models import MemberEngagement
from roundtable.insights.tasks import engagement_scores_refresh_task


@with_activity
def refresh_scores_after_live(activity: Activity) -> None:
    """Members who joined a live session have new participation records: their community's
    scores are recomputed in a task (a whole community's records, so not in the request)."""
    enqueue_on_commit(engagement_scores_refresh_task, activity.community_id)


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
