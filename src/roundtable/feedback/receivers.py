"""How feedback reacts to activity, checklist and member events (connected in
``FeedbackConfig.ready``)."""

from typing import Any

from django.db.models import Q

from roundtable.activities.events import with_activity
from roundtable.activities.models import Activity
from roundtable.domain.erasure import mentions, scrub
from roundtable.feedback import services
from roundtable.feedback.models import FeedbackImport, FeedbackResponse


@with_activity
def open_form_when_created(activity: Activity) -> None:
    """Every activity has a feedback form, and so a public link, from the moment it exists."""
    services.feedback_form_get(activity=activity)


@with_activity
def carry_decisions_into_edition(activity: Activity) -> None:
    """A new or moved edition of a series receives the decisions of the edition before it that
    were waiting for a next edition."""
    services.decisions_carry_into(activity=activity)


def decision_done_when_item_ticked(*, item_id: int, **_: Any) -> None:
    """A decision carried as a checklist item is done when its item is ticked off."""
    services.decisions_done_with_item(item_id=item_id)


def erase_named_feedback(
    *,
    member_id: int,
    community_id: int,
    name: str,
    email: str,
    label: str,
    other_emails: list[str] | tuple[str, ...] = (),
    **_: Any,
) -> None:
    """A deleted member's named feedback keeps its rating and comments and loses the person's
    name and link to them; so does a named answer given under the same name in this community.
    Responses read from a forms export and still waiting keep no copy of the name or e-mail."""
    same_person = Q(member_id=member_id)
    if name.strip():
        same_person |= Q(activity__community_id=community_id, respondent_name__iexact=name.strip())
    FeedbackResponse.objects.filter(same_person).update(respondent_name="", member=None)
    words = [w for w in (name, email, *other_emails) if w]
    for pending in FeedbackImport.objects.filter(activity__community_id=community_id):
        if mentions([pending.rows, pending.original_name], words):
            pending.rows = scrub(pending.rows, words, label)
            pending.original_name = scrub(pending.original_name, words, label)
            pending.save(update_fields=["rows", "original_name"])


def named_feedback_of_member(*, member_id: int, **_: Any) -> dict[str, Any]:
    """The member's named feedback (anonymous answers are tied to nobody), for their export."""
    rows = FeedbackResponse.objects.filter(member_id=member_id).select_related("activity")
    return {
        "feedback": [
            {
                "activity": r.activity.title,
                "name": r.respondent_name,
                "rating": r.rating,
                "next_step": r.next_step,
                "submitted_on": r.submitted_on.isoformat(),
                "comments": [{"kind": c.kind, "text": c.text} for c in r.comments.all()],
            }
            for r in rows.prefetch_related("comments").order_by("submitted_on")
        ]
    }
