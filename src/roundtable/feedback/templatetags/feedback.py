"""Template tags other pages use to show feedback: the decisions carried over from earlier
editions."""

from typing import Any

from django import template

from roundtable.activities.models import Activity
from roundtable.feedback import selectors
from roundtable.feedback.models import Decision

register = template.Library()


@register.inclusion_tag("feedback/_carried_over.html", takes_context=True)
def carried_over(context: template.Context, activity: Activity) -> dict[str, Any]:
    """Decisions of earlier editions carried into ``activity``, as design notes with status."""
    return {
        "activity": activity,
        "decisions": selectors.decisions_carried_to(activity),
        "statuses": Decision.Status.choices,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "community": context.get("community"),
    }
