"""Needs matching from the database: an activity against its audience's open needs, and the
burning needs of that audience that no planned activity serves yet.

The text work is :mod:`roundtable.domain.needs_match`; this module reads the needs and keeps,
per community, the prepared :class:`NeedsIndex` of all its needs (every status; the audience and
the open status are chosen per question). The cache lives in the process and is checked on every
use against a fingerprint of the community's needs: their number, highest id and latest
``updated_at``. Creating or deleting a need changes the first two, editing one through ``save()``
(``auto_now``) or ``members.services.member_delete`` (which sets ``updated_at``) the third, so a
stale index is never used; code that rewrites need text with ``QuerySet.update`` must set
``updated_at`` as well. Status changes need no rebuild: the status is read per question.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Max
from django.utils import timezone

from roundtable.activities.models import Activity
from roundtable.activities.selectors import RECENT, audience_open_needs
from roundtable.communities.models import Community
from roundtable.domain.needs_match import (
    MATCH_THRESHOLD,
    NeedsIndex,
    NeedsMatch,
    activity_text,
    needs_match,
)
from roundtable.needs.models import Need

CACHED_COMMUNITIES = 4  # prepared indexes kept per process (a few MB each at 50,000 needs)
FEW_BURNING = 5  # with fewer burning needs than this, urgent ones are listed as well
UNSERVED_SHOWN = 8
PLANNED_COMPARED = 200  # upcoming activities a need is compared with, soonest first

_indexes: OrderedDict[int, tuple[tuple[Any, ...], NeedsIndex]] = OrderedDict()
_lock = threading.Lock()


def _fingerprint(community: Community) -> tuple[Any, ...]:
    found = Need.objects.filter(community=community).aggregate(
        n=Count("pk"), last=Max("pk"), changed=Max("updated_at")
    )
    return (found["n"], found["last"], found["changed"])


def community_needs_index(community: Community) -> NeedsIndex:
    """The community's needs prepared for matching (ids ascending), rebuilt when they changed."""
    fingerprint = _fingerprint(community)
    with _lock:
        cached = _indexes.get(community.pk)
        if cached is not None and cached[0] == fingerprint:
            _indexes.move_to_end(community.pk)
            return cached[1]
    rows = list(Need.objects.filter(community=community).order_by("pk").values_list("pk", "text"))
    index = NeedsIndex([text for _, text in rows], [pk for pk, _ in rows])
    with _lock:
        _indexes[community.pk] = (fingerprint, index)
        _indexes.move_to_end(community.pk)
        while len(_indexes) > CACHED_COMMUNITIES:
            _indexes.popitem(last=False)
    return index


def needs_index_forget(community: Community | None = None) -> None:
    """Drop the cached index of ``community`` (of every community when None)."""
    with _lock:
        if community is None:
            _indexes.clear()
        else:
            _indexes.pop(community.pk, None)


def _known(index: NeedsIndex, pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Rows and urgencies of (need id, urgency) pairs that the index holds."""
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    table = np.array(pairs, dtype=np.int64)
    rows = index.rows_of(table[:, 0])
    held = rows >= 0
    return rows[held], table[held, 1]


def _text(activity: Activity) -> str:
    return activity_text(activity.title, activity.purpose_expressed, activity.description)


@dataclass(frozen=True)
class UnservedNeeds:
    """Open needs of the audience, of the urgencies named, that no upcoming activity touches."""

    needs: list[Need]  # the most urgent, then the newest, first; at most UNSERVED_SHOWN
    total: int
    considered: int  # needs of those urgencies in the audience
    urgencies: str  # "burning" or "burning and urgent"
    activities: int  # upcoming activities compared
    threshold: float = MATCH_THRESHOLD


@dataclass(frozen=True)
class AudienceNeeds:
    """What the plan page's audience card shows: the match and the unserved burning needs."""

    match: NeedsMatch
    unserved: UnservedNeeds


def planned_activities(community: Community) -> list[Activity]:
    """The community's upcoming activities that are not done (drafts included), soonest first."""
    return list(
        Activity.objects.filter(community=community, starts_at__gte=timezone.now() - RECENT)
        .exclude(status__in=(Activity.Status.DONE, Activity.Status.EVALUATED))
        .order_by("starts_at", "pk")
        .only("title", "purpose_expressed", "description")[:PLANNED_COMPARED]
    )


def _audience(activity: Activity) -> tuple[NeedsIndex, np.ndarray, np.ndarray]:
    """The community's index, and the rows and urgencies of the audience's open needs."""
    index = community_needs_index(activity.community)
    pairs = list(audience_open_needs(activity).order_by().values_list("pk", "urgency"))
    rows, urgencies = _known(index, pairs)
    return index, rows, urgencies


def _unserved(
    activity: Activity, index: NeedsIndex, rows: np.ndarray, urgencies: np.ndarray, shown: int
) -> UnservedNeeds:
    burning = urgencies == Need.Urgency.BURNING
    label = "burning"
    if burning.sum() < FEW_BURNING:
        burning |= urgencies == Need.Urgency.HIGH
        label = "burning and urgent"
    rows, urgencies = rows[burning], urgencies[burning]
    planned = planned_activities(activity.community)
    if not len(rows):
        return UnservedNeeds([], 0, 0, label, len(planned))
    if planned:
        best = index.similarities([_text(a) for a in planned], rows).max(axis=1)
    else:
        best = np.zeros(len(rows))
    left = best < MATCH_THRESHOLD
    # Most urgent first, then the newest (the highest id): only the shown ones are fetched.
    ids = index.ids[rows[left]]
    first = [int(pk) for pk in ids[np.lexsort((-ids, -urgencies[left]))][:shown]]
    found = Need.objects.filter(pk__in=first).select_related("member").in_bulk()
    return UnservedNeeds(
        [found[pk] for pk in first if pk in found],
        int(left.sum()),
        len(rows),
        label,
        len(planned),
    )


def audience_needs(activity: Activity, *, shown: int = UNSERVED_SHOWN) -> AudienceNeeds:
    """Both at once, reading the audience's needs once: :func:`activity_needs_match` and
    :func:`unserved_needs`."""
    index, rows, urgencies = _audience(activity)
    return AudienceNeeds(
        needs_match(_text(activity), index, rows=rows, urgencies=urgencies),
        _unserved(activity, index, rows, urgencies, shown),
    )


def activity_needs_match(activity: Activity) -> NeedsMatch:
    """How well the activity's title, purpose and description match its audience's open needs
    (the segment's, or the whole community's), weighted by urgency, with the best matches."""
    index, rows, urgencies = _audience(activity)
    return needs_match(_text(activity), index, rows=rows, urgencies=urgencies)


def unserved_needs(activity: Activity, *, shown: int = UNSERVED_SHOWN) -> UnservedNeeds:
    """The audience's burning open needs (urgent ones too when there are fewer than FEW_BURNING
    burning) whose similarity to every upcoming, not-done activity of the community is below the
    match threshold."""
    index, rows, urgencies = _audience(activity)
    return _unserved(activity, index, rows, urgencies, shown)
