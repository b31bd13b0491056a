"""How live sessions react to member events (connected in ``LiveConfig.ready``)."""

from typing import Any

from django.db.models import Q

from roundtable.live.models import Participant


def erase_participant_names(*, member_id: int, community_id: int, name: str, **_: Any) -> None:
    """A deleted member's live participations keep their counts (turns, contributions) and
    their link to the nameless member, and lose the name they joined with. A participant who
    joined this community's sessions under the same name without being linked to a member loses
    it too: the name is all that identifies them."""
    same_person = Q(member_id=member_id)
    if name.strip():
        same_person |= Q(
            member__isnull=True,
            session__activity__community_id=community_id,
            name__iexact=name.strip(),
        )
    Participant.objects.filter(same_person).update(name="")


def live_participation_of_member(*, member_id: int, **_: Any) -> dict[str, Any]:
    """The member's live participations, for their data export."""
    rows = Participant.objects.filter(member_id=member_id).select_related("session__activity")
    return {
        "live_participation": [
            {
                "activity": p.session.activity.title,
                "name": p.name,
                "joined_at": p.joined_at.isoformat(),
                "turns": p.turns,
                "contributions": p.contributions,
            }
            for p in rows.order_by("joined_at", "pk")
        ]
    }
