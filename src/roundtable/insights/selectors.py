"""Reads for the Insights pages: the filters' choices, the group of members the filters
select, and each panel's figures (everyone chosen, and the segment compared with)."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from roundtable.communities.models import Community
from roundtable.domain.insights import month_end
from roundtable.domain.places import countries_in_region, country_name
from roundtable.insights.figures import MemberCondition, community_insight_figures
from roundtable.insights.panels import Panel, move_key, panel_build
from roundtable.insights.snapshots import snapshot, view
from roundtable.members.member_filters import MemberGroup
from roundtable.members.models import Member
from roundtable.members.selectors import (
    community_insights,
    directory_choices,
    member_names,
    member_organisations,
)
from roundtable.web.charts import Table

ORGANISATION_CHOICES = 300


@dataclass(frozen=True)
class InsightFilters:
    """What the filter form chose: the period's first and last months (their first days), and
    the members to count."""

    start: date
    end: date
    country: str = ""
    region: str = ""
    organisation: str = ""
    joined_from: date | None = None
    joined_to: date | None = None
    segment: MemberGroup | None = None
    compare: MemberGroup | None = None  # a segment to show beside ``segment``
    groups: list[MemberGroup] = field(default_factory=list)  # of other registered filters

    def described(self) -> list[str]:
        """The member filters in words, e.g. ["country: Peru", "segment: Newcomers"]."""
        words = []
        if self.country:
            words.append(f"country: {country_name(self.country)}")
        if self.region:
            words.append(f"region: {self.region}")
        if self.organisation:
            words.append(f"organisation: {self.organisation}")
        if self.joined_from or self.joined_to:
            since = f"{self.joined_from:%Y-%m}" if self.joined_from else "the start"
            until = f"{self.joined_to:%Y-%m}" if self.joined_to else "now"
            words.append(f"joined from {since} to {until}")
        words += [group.label for group in self.groups]
        if self.segment:
            words.append(f"segment: {self.segment.label}")
        return words


def insight_choices(*, community: Community) -> dict[str, Any]:
    """The values the filters offer: the countries present, each registered filter's groups
    (segments), and up to 300 organisations for the organisation field's suggestions."""
    choices = directory_choices(community=community)
    return {
        "countries": choices["countries"],
        "filters": choices["filters"],
        "organisations": member_organisations(community=community, limit=ORGANISATION_CHOICES),
    }


def condition_of(filters: InsightFilters, groups: list[MemberGroup]) -> MemberCondition | None:
    if not (
        filters.country
        or filters.region
        or filters.organisation
        or filters.joined_from
        or filters.joined_to
        or groups
    ):
        return None

    def condition(prefix: str) -> Q:
        q = Q()
        if filters.country:
            q &= Q(**{f"{prefix}country": filters.country})
        if filters.region:
            q &= Q(**{f"{prefix}country__in": countries_in_region(filters.region)})
        if filters.organisation:
            q &= Q(**{f"{prefix}organisation__iexact": filters.organisation.strip()})
        if filters.joined_from:
            q &= Q(**{f"{prefix}joined_on__gte": filters.joined_from})
        if filters.joined_to:
            q &= Q(**{f"{prefix}joined_on__lte": month_end(filters.joined_to)})
        for group in groups:
            q &= group.condition(prefix)
        return q

    return condition


def _members_of(community: Community, condition: MemberCondition | None) -> int:
    members = Member.objects.filter(community=community)
    return members.filter(condition("")).count() if condition else members.count()


@dataclass(frozen=True)
class InsightsPage:
    as_of: date
    computed_at: datetime
    start: date
    end: date
    # A sentence saying why there is nothing to show at all (an empty community, a period
    # still to come), or "".
    empty: str
    panels: list[Panel]
    today: dict[str, Any]  # members.selectors.community_insights: today's counts
    today_tables: dict[str, Table]

    def table(self, name: str, panel: str) -> Table | None:
        """The table called ``name`` of the panel ``panel`` ("" or "compare"), or None."""
        if name in self.today_tables:
            return self.today_tables[name]
        for each in self.panels:
            if each.key == panel:
                return each.tables.get(name)
        return None


def _today_tables(today: dict[str, Any]) -> dict[str, Table]:
    return {
        "levels-today": Table(
            name="levels-today",
            caption="Active members by participation level today",
            headers=["Level", "Members"],
            rows=[[row["label"], str(row["count"])] for row in today["levels"]],
        ),
        "countries": Table(
            name="countries",
            caption="Top countries of the active members",
            headers=["Country", "Members"],
            rows=[[row["name"], str(row["count"])] for row in today["countries"]],
        ),
    }


def panel_groups(filters: InsightFilters) -> list[tuple[str, str, list[MemberGroup]]]:
    """(key, name, groups) of each panel: the filters' choice, then the same with the compared
    segment in place of the chosen one."""
    chosen = [*filters.groups, *([filters.segment] if filters.segment else [])]
    fallback = "Members matching the filters" if filters.described() else "Everyone"
    panels = [("", ", ".join(g.label for g in chosen) or fallback, chosen)]
    if filters.compare is not None:
        panels.append(("compare", filters.compare.label, [*filters.groups, filters.compare]))
    return panels


@view("today")
def _today_view(community: Community, params: Mapping[str, str], now: datetime) -> dict[str, Any]:
    """Today's headline counts (members by level and country) as a stored view."""
    counts = community_insights(community=community)
    counts.pop("joined", None)  # months as dates; the page does not show them
    return counts


def _today_counts(
    community: Community, *, now: datetime, query: str | None, recompute: bool
) -> dict[str, Any]:
    """Today's counts: stored like the panels when the page is (``query``), else read now."""
    if query is None:
        return community_insights(community=community)
    return snapshot(community=community, name="today", params={}, now=now,
                    recompute=recompute).payload  # fmt: skip


def _named(figures: dict[str, Any], named: int | None) -> dict[str, Any]:
    """Stored figures with the names of the members slipping away read again: of all of them,
    or of the first ``named`` (the others' names left empty)."""
    slipping = figures["slipping_away"]
    names = member_names(s["member_id"] for s in slipping[:named])
    for row in slipping:
        row["name"] = names.get(row["member_id"], "")
    return figures


def _figures(
    community: Community,
    filters: InsightFilters,
    groups: list[MemberGroup],
    *,
    key: str,
    query: str | None,
    now: datetime,
    recompute: bool = False,
    named: int | None = None,
) -> tuple[dict[str, Any], datetime]:
    """A panel's figures and when they were computed: the stored view of the filter ``query``
    (``insights.engagement``), or, without a query, computed now."""
    if query is None:
        figures = community_insight_figures(
            community=community, start=filters.start, end=month_end(filters.end), now=now,
            group=condition_of(filters, groups), level_history=True,
        )  # fmt: skip
        return figures, now
    shot = snapshot(community=community, name="engagement", params={"query": query, "panel": key},
                    now=now, recompute=recompute)  # fmt: skip
    return _named(shot.payload, named), shot.computed_at


def insights_page(
    *,
    community: Community,
    filters: InsightFilters,
    now: datetime | None = None,
    query: str | None = None,
    recompute: bool = False,
    slipping_named: int | None = None,
) -> InsightsPage:
    """Every panel of the Insights page for ``filters``, as of ``now``: with the page's filter
    ``query`` (``engagement.engagement_query``), the stored figures (computed once until the
    nightly refresh, or again with ``recompute``), else computed now. The members slipping
    away are named, all of them or the first ``slipping_named`` (what the page lists)."""
    now = now or timezone.now()
    today = now.astimezone(UTC).date()
    start, end = filters.start, month_end(filters.end)
    as_of = min(end, today)
    today_counts = _today_counts(community, now=now, query=query, recompute=recompute)
    base = InsightsPage(
        as_of=as_of, computed_at=now, start=start, end=end, empty="", panels=[],
        today=today_counts, today_tables=_today_tables(today_counts),
    )  # fmt: skip
    if not Member.objects.filter(community=community).exists():
        return replace(
            base,
            empty="This community has no members yet, so there is nothing to chart. Add "
            "members or import them; their participation shows here once it is recorded.",
        )
    if start > today:
        return replace(
            base,
            empty=f"The period starts on {start:%-d %B %Y}, after today ({today:%-d %B %Y}): "
            f"nothing has happened in it yet. Choose months up to {today:%B %Y}.",
        )
    panels = []
    for key, name, groups in panel_groups(filters):
        condition = condition_of(filters, groups)
        size = _members_of(community, condition)
        lonely = ""
        if size == 0:
            lonely = _nobody_sentence(community, filters, groups)
        figures = None
        if size:
            figures, computed_at = _figures(community, filters, groups, key=key, query=query,
                                            now=now, recompute=recompute,
                                            named=slipping_named)  # fmt: skip
            base = replace(base, computed_at=min(base.computed_at, computed_at))
        panels.append(panel_build(key=key, name=name, size=size, figures=figures, nobody=lonely))
    return replace(base, panels=panels)


def _nobody_sentence(
    community: Community, filters: InsightFilters, groups: list[MemberGroup]
) -> str:
    for group in groups:
        if not Member.objects.filter(group.condition(""), community=community).exists():
            return (
                f"The segment “{group.label}” has no members, so there is nothing to chart. "
                "Change its rule or list, or choose another segment."
            )
    chosen = filters.described()
    return (
        f"No member matches these filters ({'; '.join(chosen)}), so there is nothing to "
        "chart. Remove a filter or choose other values."
    )


def move_members(*, community: Community, member_ids: list[int]) -> list[Member]:
    """The community's members among ``member_ids``, by name."""
    return list(
        Member.objects.filter(community=community, pk__in=member_ids).order_by("full_name", "pk")
    )


@dataclass(frozen=True)
class Move:
    panel_name: str
    flow: dict[str, Any] | None  # the move's flow in the figures (panels.move_key), or None
    from_quarter_end: date
    to_quarter_end: date
    members: list[Member]


def level_move(
    *,
    community: Community,
    filters: InsightFilters,
    panel: str,
    move: str,
    now: datetime | None = None,
    query: str | None = None,
) -> Move:
    """The members behind one move between levels (``move`` as :func:`panels.move_key` names
    it) in the panel ``panel`` of the Insights page for ``filters``; no flow when nobody made
    that move. Only members of ``community`` are ever listed."""
    now = now or timezone.now()
    groups = {key: (name, chosen) for key, name, chosen in panel_groups(filters)}
    name, chosen = groups.get(panel, groups[""])
    figures, _computed_at = _figures(community, filters, chosen, key=panel if panel in groups
                                     else "", query=query, now=now, named=0)  # fmt: skip
    flows = figures["level_flows"]
    flow = next((f for f in flows["flows"] if move_key(f) == move), None)
    return Move(
        panel_name=name,
        flow=flow,
        from_quarter_end=date.fromisoformat(flows["from_quarter_end"]),
        to_quarter_end=date.fromisoformat(flows["to_quarter_end"]),
        members=move_members(community=community, member_ids=flow["member_ids"]) if flow else [],
    )


def move_table(move: Move, *, from_label: str, to_label: str) -> Table:
    """The members of a move as a table: name, organisation, country, level today."""
    return Table(
        name="members",
        caption=f"Members who moved from {from_label} to {to_label}",
        headers=["Member", "Organisation", "Country", "Level today"],
        rows=[
            [m.full_name, m.organisation, country_name(m.country) if m.country else "",
             m.get_participation_level_display()]
            for m in move.members
        ],
    )  # fmt: skip
