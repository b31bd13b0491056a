"""How insights reacts to events of the apps below it (connected in ``InsightsConfig.ready``)."""

from roundtable.activities.events import with_activity
from roundtable.activities.models import Activity
from roundtable.after_commit import enqueue_on_commit
from roundtable.insights.tasks import engagement_scores_refresh_task


@with_activity
def refresh_scores_after_live(activity: Activity) -> None:
    """Members who joined a live session have new participation records: their community's
    scores are recomputed in a task (a whole community's records, so not in the request)."""
    enqueue_on_commit(engagement_scores_refresh_task, activity.community_id)
