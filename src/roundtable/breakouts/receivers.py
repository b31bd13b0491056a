"""How breakouts react to activity and member events (connected in ``BreakoutsConfig.ready``)."""

from typing import Any

from roundtable.activities.events import with_activity
from roundtable.activities.models import Activity
from roundtable.breakouts.models import BreakoutPlan, CoffeeChatPair
from roundtable.breakouts.services import encounters_record
from roundtable.domain.erasure import scrub


@with_activity
def record_encounters_when_done(activity: Activity) -> None:
    """Who shared a breakout room is stored once the activity is done, so profiles count people
    met and the evaluation counts new connections."""
    encounters_record(activity=activity)


def erase_names_in_pairs(
    *,
    member_id: int,
    community_id: int,
    name: str,
    email: str,
    label: str,
    other_emails: list[str] | tuple[str, ...] = (),
    **_: Any,
) -> None:
    """The reasons a deleted member was paired for a coffee chat ("Ana needs ..., which Ben
    knows") and a breakout plan's unmet wishes ("Ana and Ben share a room") name them: the name
    becomes their label; the pair and the plan stay."""
    words = [w for w in (name, email, *other_emails) if w]
    if name.strip():
        plans = BreakoutPlan.objects.filter(
            activity__community_id=community_id, message__icontains=name.strip()
        )
        for plan in plans:
            plan.message = scrub(plan.message, words, label)[:500]
            plan.save(update_fields=["message"])
    for pair in CoffeeChatPair.objects.filter(members__id=member_id):
        cleaned = scrub(pair.reasons, words, label)
        if cleaned != pair.reasons:
            pair.reasons = cleaned
            pair.save(update_fields=["reasons"])
