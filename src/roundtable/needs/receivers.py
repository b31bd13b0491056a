"""How needs react to member events (connected in ``NeedsConfig.ready``)."""

from collections import defaultdict
from typing import Any

from django.utils import timezone

from roundtable.needs.models import Need

ANONYMISED_NEED_TEXT = "(removed: the member's personal data was deleted)"


def erase_words_of_anonymised(*, member_id: int, **_: Any) -> None:
    """A deleted member's needs keep their tags, urgency and status but lose their words."""
    Need.objects.filter(member_id=member_id).update(
        text=ANONYMISED_NEED_TEXT, updated_at=timezone.now()
    )


def words_for_search(*, member_ids: list[int], **_: Any) -> dict[int, list[str]]:
    """The words of each member's needs, for their search document."""
    words: dict[int, list[str]] = defaultdict(list)
    rows = Need.objects.filter(member_id__in=member_ids).values_list("member_id", "text")
    for member_id, text in rows:
        words[member_id].append(text)
    return words


def needs_of_member(*, member_id: int, **_: Any) -> dict[str, Any]:
    """The member's needs with their tags, for their data export."""
    rows = Need.objects.filter(member_id=member_id).prefetch_related("tags").order_by("created_at")
    return {
        "needs": [
            {
                "text": need.text,
                "tags": sorted(tag.name for tag in need.tags.all()),
                "urgency": need.get_urgency_display(),
                "status": need.status,
                "source": need.source,
                "created_at": need.created_at.isoformat(),
                "updated_at": need.updated_at.isoformat(),
            }
            for need in rows
        ]
    }
