"""How feedback reacts to activity and checklist events (connected in ``FeedbackConfig.ready``)."""

from typing import Any

from roundtable.activities.models import Activity
from roundtable.feedback import services


def open_form_when_created(*, activity_id: int, **_: Any) -> None:
    """Every activity has a feedback form, and so a public link, from the moment it exists."""
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is not None:
        services.feedback_form_get(activity=activity)


def carry_decisions_into_edition(*, activity_id: int, **_: Any) -> None:
    """A new or moved edition of a series receives the decisions of the edition before it that
    were waiting for a next edition."""
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is not None:
        services.decisions_carry_into(activity=activity)


def decision_done_when_item_ticked(*, item_id: int, **_: Any) -> None:
    """A decision carried as a checklist item is done when its item is ticked off."""
    services.decisions_done_with_item(item_id=item_id)
