"""The Engagement page's figures as a stored insights view (see ``insights.snapshots``): one per
panel (everyone chosen, or the segment compared with) of a filter query.

The view's parameters are the page's filter query with its period written out (so that "the
last twelve months" stored on 3 March is not read on 3 April as the same months) and the panel's
key; computing it runs the filter form again over the community's current choices. Names are
not stored: the members slipping away are named again when the page is shown."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.http import QueryDict

from roundtable.communities.models import Community
from roundtable.domain.insights import month_end
from roundtable.insights.figures import community_insight_figures
from roundtable.insights.forms import InsightFilterForm
from roundtable.insights.selectors import (
    InsightFilters,
    condition_of,
    insight_choices,
    panel_groups,
)
from roundtable.insights.snapshots import SnapshotGone, view


def engagement_query(query: QueryDict, filters: InsightFilters) -> str:
    """The filter part of a page's query, its period written out, in a stable order."""
    kept = QueryDict(mutable=True)
    for key in sorted(query):
        if key in ("format", "table", "panel", "move", "page"):
            continue
        value = query.get(key, "")
        if value:
            kept[key] = value
    kept["from_month"] = f"{filters.start:%Y-%m}"
    kept["to_month"] = f"{filters.end:%Y-%m}"
    return "&".join(f"{k}={v}" for k, v in sorted(kept.items()))


@view("engagement")
def _engagement(community: Community, params: Mapping[str, str], now: datetime) -> dict[str, Any]:
    choices = insight_choices(community=community)
    form = InsightFilterForm(
        QueryDict(params["query"]), countries=choices["countries"], filters=choices["filters"]
    )
    if not form.is_valid():  # a segment deleted since, for instance
        raise SnapshotGone(params["query"])
    filters = form.chosen(today=now.astimezone(UTC).date())
    groups = {key: chosen for key, _name, chosen in panel_groups(filters)}.get(params["panel"])
    if groups is None:
        raise SnapshotGone(params["panel"])
    figures = community_insight_figures(
        community=community,
        start=filters.start,
        end=month_end(filters.end),
        now=now,
        group=condition_of(filters, groups),
        level_history=True,
    )
    for slipping in figures["slipping_away"]:
        slipping.pop("name", None)
    return figures
