"""Template tags other pages use to show feedback: carried-over decisions and the form's link."""

from typing import Any

from django import template

from roundtable.activities.models import Activity
from roundtable.feedback import selectors, services
from roundtable.feedback.models import Decision

register = template.Library()


@register.inclusion_tag("feedback/_carried_over.html", takes_context=True)
def carried_over(context: template.Context, activity: Activity) -> dict[str, Any]:
    """Decisions of earlier editions carried into ``activity``, as design notes with status.

    Decisions recorded before this edition existed are carried here, the first time it is shown.
    """
    services.decisions_carry_into(activity=activity)
    decisions = selectors.decisions_carried_to(activity)
    services.decisions_sync_checklist(decisions)
    return {
        "activity": activity,
        "decisions": decisions,
        "statuses": Decision.Status.choices,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "community": context.get("community"),
    }


@register.simple_tag
def feedback_link(activity: Activity) -> str:
    """The public URL of the activity's feedback form, e.g. for the end of a live session."""
    return selectors.feedback_url(activity)
