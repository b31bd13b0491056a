"""Precomputed insights: each view's figures computed once, kept as JSON, and shown until the
next nightly refresh.

A view (``name``) is a function registered with :func:`view` that computes plain JSON from a
community, the view's parameters (the period and filters, as strings) and the moment ``now``.
:func:`snapshot` returns the stored figures when they were computed after the latest refresh
time (``INSIGHTS_REFRESH_HOUR`` UTC, 02:00 by default), and computes and stores them otherwise:
the first visitor of a view pays once, later visitors read one row. ``roundtable
refresh_insights`` (run nightly, like ``refresh_levels``; it hands each community to the task
worker) recomputes every view viewed in the last ``INSIGHTS_KEEP_DAYS`` days, so that in the
morning every page a manager uses is ready, and drops the others. The page states when its
figures were computed, and staff can recompute them at once.
"""

import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.insights.models import InsightSnapshot

Compute = Callable[[Community, Mapping[str, str], datetime], dict[str, Any]]

_views: dict[str, Compute] = {}


def view(name: str) -> Callable[[Compute], Compute]:
    """Register ``compute`` as the insights view ``name``."""

    def register(compute: Compute) -> Compute:
        _views[name] = compute
        return compute

    return register


class SnapshotGone(Exception):
    """A stored view that cannot be computed any more (the segment it filters on was
    deleted): the nightly refresh drops it."""


@dataclass(frozen=True)
class Snapshot:
    payload: dict[str, Any]
    computed_at: datetime
    seconds: float
    just_computed: bool


def _key(name: str, params: Mapping[str, str]) -> str:
    canonical = json.dumps([name, sorted(params.items())], ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def last_refresh(now: datetime) -> datetime:
    """The latest nightly refresh time at or before ``now``."""
    utc = now.astimezone(UTC)
    refresh = utc.replace(hour=settings.INSIGHTS_REFRESH_HOUR, minute=0, second=0, microsecond=0)
    return refresh if refresh <= utc else refresh - timedelta(days=1)


def _compute(
    community: Community, name: str, params: Mapping[str, str], now: datetime
) -> InsightSnapshot:
    started = time.perf_counter()
    payload = _views[name](community, params, now)
    seconds = time.perf_counter() - started
    defaults = {
        "name": name,
        "params": dict(params),
        "payload": payload,
        "computed_at": now,
        "seconds": seconds,
        "viewed_on": now.date(),
    }
    try:
        with transaction.atomic():
            row, _ = InsightSnapshot.objects.update_or_create(
                community=community, key=_key(name, params), defaults=defaults
            )
    except IntegrityError:  # another request stored it at the same moment: keep theirs
        row = InsightSnapshot.objects.get(community=community, key=_key(name, params))
    return row


def snapshot(
    *,
    community: Community,
    name: str,
    params: Mapping[str, str],
    now: datetime | None = None,
    recompute: bool = False,
) -> Snapshot:
    """The figures of the view ``name`` for ``params``: stored ones computed since the last
    refresh time, else (or with ``recompute``) computed now and stored."""
    now = now or timezone.now()
    row = None
    if not recompute:
        row = InsightSnapshot.objects.filter(
            community=community, key=_key(name, params), computed_at__gte=last_refresh(now)
        ).first()
    if row is not None:
        if row.viewed_on != now.date():
            InsightSnapshot.objects.filter(pk=row.pk).update(viewed_on=now.date())
        return Snapshot(row.payload, row.computed_at, row.seconds, just_computed=False)
    row = _compute(community, name, params, now)
    return Snapshot(row.payload, row.computed_at, row.seconds, just_computed=True)


def snapshots_refresh(*, community: Community, now: datetime | None = None) -> dict[str, int]:
    """Recompute every view of ``community`` viewed in the last INSIGHTS_KEEP_DAYS days and
    drop the others. Returns the counts."""
    now = now or timezone.now()
    kept_since = now.date() - timedelta(days=settings.INSIGHTS_KEEP_DAYS)
    stale = InsightSnapshot.objects.filter(community=community, viewed_on__lt=kept_since)
    dropped, _ = stale.delete()
    refreshed = 0
    for row in InsightSnapshot.objects.filter(community=community).order_by("pk"):
        try:
            if row.name not in _views:  # a view that no longer exists
                raise SnapshotGone(row.name)
            _compute(community, row.name, row.params, now)
            refreshed += 1
        except SnapshotGone:
            row.delete()
            dropped += 1
    return {"refreshed": refreshed, "dropped": dropped}


def snapshots_forget(*, community_id: int, **_: Any) -> None:
    """Drop every stored view of a community (a member's data was erased there)."""
    InsightSnapshot.objects.filter(community_id=community_id).delete()
