"""One panel of the Insights page: the charts, tables and sentences made from the figures of
one group of members (:func:`roundtable.insights.figures.community_insight_figures`).

Every table a panel shows is a :class:`~roundtable.web.charts.Table`, named for its CSV file;
every chart comes with the table behind it. A section with nothing to show has a sentence
saying so and what to do instead of a chart.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from roundtable.domain.insights import add_months, month_end, quarter_end, quarter_start
from roundtable.domain.participation import LEVELS_BY_ENGAGEMENT
from roundtable.web.charts import (
    Chart,
    Table,
    chart_make,
    heat_grid,
    stacked_areas,
    stacked_bars,
)

NOT_YET = "Not yet a member"
SLIPPING_LISTED = 200  # the members slipping away the page lists (all of them in the CSV)


@dataclass(frozen=True)
class RetentionCell:
    text: str
    shade: str  # a CSS class: heat-0 … heat-10, or heat-none while the month is not over


@dataclass
class Panel:
    key: str  # "" for the filters' choice, "compare" for the segment compared with
    name: str
    size: int  # members in the group
    nobody: str  # why the group is empty, or ""
    figures: dict[str, Any] | None = None
    charts: dict[str, Chart] = field(default_factory=dict)
    empty: dict[str, str] = field(default_factory=dict)  # section → sentence
    tables: dict[str, Table] = field(default_factory=dict)
    retention_rows: list[tuple[str, int, list[RetentionCell]]] = field(default_factory=list)
    horizons: list[int] = field(default_factory=list)
    flows: list[dict[str, Any]] = field(default_factory=list)
    slipping: list[dict[str, Any]] = field(default_factory=list)
    slipping_listed: list[dict[str, Any]] = field(default_factory=list)  # the first of them
    watched_quarter: str = ""
    flows_from: str = ""  # the earlier quarter's end, e.g. "31 Mar 2026"
    flows_to: str = ""

    @property
    def csv_suffix(self) -> str:
        """What a table's CSV link adds to name this panel."""
        return f"&panel={self.key}" if self.key else ""


def _month(text: str) -> str:
    return date.fromisoformat(f"{text}-01").strftime("%b %Y")


def _day(text: str) -> str:
    return date.fromisoformat(text).strftime("%-d %b %Y")


def _percent(share: float | None) -> str:
    return "not yet" if share is None else f"{share:.0%}"


def level_label(value: str | None) -> str:
    return NOT_YET if value is None else value.capitalize()


def move_key(flow: dict[str, Any]) -> str:
    """How a move is named in a link: "active-core", "new-occasional"."""
    return f"{flow['from'] or 'new'}-{flow['to']}"


def _active(panel: Panel, figures: dict[str, Any], period: str) -> None:
    months = figures["active_by_month"]
    table = Table(
        name="active-by-month",
        caption="Active members by month",
        headers=["Month", "Active", "New", "Returning", "Members", "Share active"],
        rows=[
            [_month(m["month"]), str(m["active"]), str(m["new"]), str(m["returning"]),
             str(m["community"]), _percent(m["share"])]
            for m in months
        ],
    )  # fmt: skip
    panel.tables[table.name] = table
    if not any(m["active"] for m in months):
        panel.empty["active"] = (
            f"Nobody took part from {period}. Record attendance or contributions (an imported "
            "attendance report, a check-in), or choose an earlier period."
        )
        return
    busiest = max(months, key=lambda m: m["active"])
    labels = [_month(m["month"]) for m in months]
    spec = stacked_bars(
        labels=labels,
        series=[
            ("returning", [m["returning"] for m in months]),
            ("new", [m["new"] for m in months]),
        ],
        totals_text=[f"{m['active']}\n{m['share']:.0%}" if m["active"] else "" for m in months],
        y_title="Members who took part",
    )
    as_of = date.fromisoformat(figures["as_of"])
    last = date.fromisoformat(f"{months[-1]['month']}-01")
    unfinished = [
        f"{as_of:%B %Y} is counted up to {as_of:%-d %B}: the month is not over."
    ] if last <= as_of < month_end(last) else []  # fmt: skip
    panel.charts["active"] = chart_make(
        spec,
        title="Active members by month",
        description=(
            f"Stacked bars, one a month from {period}: members who took part, returning ones "
            f"below and new ones above, with the total and the share of the members over each "
            f"bar. The busiest month is {_month(busiest['month'])}, with {busiest['active']} "
            f"members ({busiest['share']:.0%})."
        ),
        table=table,
        notes=unfinished,
    )


def _levels(panel: Panel, figures: dict[str, Any]) -> None:
    history = figures["levels_by_month"]
    names = [level.label for level in LEVELS_BY_ENGAGEMENT]
    table = Table(
        name="levels-by-month",
        caption="Members at each participation level, at each month's end",
        headers=["Month", *names],
        rows=[
            [_month(h["month"]), *(str(h["levels"][level.value]) for level in LEVELS_BY_ENGAGEMENT)]
            for h in history
        ],
    )
    panel.tables[table.name] = table
    if not any(sum(h["levels"].values()) for h in history):
        panel.empty["levels"] = (
            "No member had joined by the end of these months, so there are no levels to show."
        )
        return
    last = history[-1]
    spec = stacked_areas(
        labels=[_month(h["month"]) for h in history],
        series=[
            (level.label, [h["levels"][level.value] for h in history])
            for level in LEVELS_BY_ENGAGEMENT
        ],
        y_title="Members",
    )
    panel.charts["levels"] = chart_make(
        spec,
        title="Participation levels over the last 24 months",
        description=(
            f"Stacked areas of the members at each level at each month's end, from "
            f"{_month(history[0]['month'])} to {_month(last['month'])}, core at the bottom. "
            f"At the end: "
            + ", ".join(f"{level.label.lower()} {last['levels'][level.value]}"
                        for level in LEVELS_BY_ENGAGEMENT)
            + "."
        ),
        table=table,
    )  # fmt: skip


def _retention(panel: Panel, figures: dict[str, Any]) -> None:
    cohorts = figures["retention_cohorts"]
    panel.horizons = [h["months"] for h in cohorts[0]["horizons"]] if cohorts else [1, 3, 6, 12]
    headers = ["Joined", "Members", *(f"After {n} month{'s' if n > 1 else ''}"
                                      for n in panel.horizons)]  # fmt: skip
    rows = []
    for cohort in cohorts:
        cells = []
        for h in cohort["horizons"]:
            if h["share"] is None:
                cells.append(RetentionCell("not yet", "heat-none"))
            else:
                text = f"{h['share']:.0%} ({h['retained']})"
                cells.append(RetentionCell(text, f"heat-{round(h['share'] * 10)}"))
        panel.retention_rows.append((_month(cohort["month"]), cohort["size"], cells))
        rows.append([_month(cohort["month"]), str(cohort["size"]), *(c.text for c in cells)])
    panel.tables["retention"] = Table(
        name="retention", caption="Still taking part, by join month", headers=headers, rows=rows
    )
    if not cohorts:
        panel.empty["retention"] = (
            "Nobody joined in this period, so there is no cohort to follow. Choose a period "
            "in which members joined, or widen the join months."
        )


def _conversion(panel: Panel, figures: dict[str, Any]) -> None:
    c = figures["newcomer_conversion"]
    median = c["median_days_to_second"]
    panel.tables["newcomers"] = Table(
        name="newcomers",
        caption="Newcomers who came again",
        headers=["Came for the first time", "Came again", "Rate", "Median days to 2nd visit"],
        rows=[[str(c["newcomers"]), str(c["converted"]), _percent(c["rate"]),
               "—" if median is None else f"{median:g}"]],
    )  # fmt: skip
    if not c["newcomers"]:
        panel.empty["newcomers"] = (
            "Nobody attended for the first time in this period, so there is no conversion to "
            "measure. Choose a longer period."
        )


def _slipping(panel: Panel, figures: dict[str, Any]) -> None:
    as_of = date.fromisoformat(figures["as_of"])
    watched = add_months(quarter_start(as_of), -6)
    panel.watched_quarter = f"{watched:%-d %b} to {quarter_end(watched):%-d %b %Y}"
    panel.slipping = [
        {**s, "last_active_text": _day(s["last_active"])} for s in figures["slipping_away"]
    ]
    panel.slipping_listed = panel.slipping[:SLIPPING_LISTED]
    panel.tables["slipping-away"] = Table(
        name="slipping-away",
        caption="Members slipping away",
        headers=["Member", "Last took part"],
        rows=[[s["name"], s["last_active"]] for s in figures["slipping_away"]],
    )
    if not panel.slipping:
        panel.empty["slipping"] = (
            f"Nobody is slipping away: everyone who took part from {panel.watched_quarter} "
            "has taken part since."
        )


def _flows(panel: Panel, figures: dict[str, Any]) -> None:
    moves = figures["level_flows"]
    before, after = _day(moves["from_quarter_end"]), _day(moves["to_quarter_end"])
    panel.flows_from, panel.flows_to = before, after
    panel.flows = [
        {**f, "from_label": level_label(f["from"]), "to_label": level_label(f["to"]),
         "move": move_key(f)}
        for f in moves["flows"]
    ]  # fmt: skip
    table = Table(
        name="level-moves",
        caption=f"Moves between participation levels, {before} to {after}",
        headers=[f"Level on {before}", f"Level on {after}", "Members"],
        rows=[[f["from_label"], f["to_label"], str(f["count"])] for f in panel.flows],
    )
    panel.tables[table.name] = table
    if not panel.flows:
        panel.empty["flows"] = f"No member had joined by {after}, so nobody moved yet."
        return
    rows = [level.label for level in LEVELS_BY_ENGAGEMENT]
    if any(f["from"] is None for f in panel.flows):
        rows.append(NOT_YET)
    counts = {(f["from_label"], f["to_label"]): f["count"] for f in panel.flows}
    columns = [level.label for level in LEVELS_BY_ENGAGEMENT]
    spec = heat_grid(
        rows_labels=rows,
        column_labels=columns,
        cells=[(r, c, counts.get((r, c), 0)) for r in rows for c in columns],
        rows_title=f"Level on {before}",
        columns_title=f"Level on {after}",
    )
    stayed = sum(f["count"] for f in panel.flows if f["from"] == f["to"])
    total = sum(f["count"] for f in panel.flows)
    panel.charts["flows"] = chart_make(
        spec,
        title=f"Moves between levels, {before} to {after}",
        description=(
            f"A grid of members by their level on {before} (rows) and on {after} (columns), "
            f"each cell's count written in it. {stayed} of {total} members stayed at their "
            "level."
        ),
        table=table,
    )


def panel_build(
    *, key: str, name: str, size: int, figures: dict[str, Any] | None, nobody: str
) -> Panel:
    """The panel of one group of ``size`` members from its ``figures`` (None when the group
    is empty, and ``nobody`` says why)."""
    panel = Panel(key=key, name=name, size=size, nobody=nobody, figures=figures)
    if figures is None:
        return panel
    months = figures["active_by_month"]
    period = f"{_month(months[0]['month'])} to {_month(months[-1]['month'])}"
    _active(panel, figures, period)
    _levels(panel, figures)
    _retention(panel, figures)
    _conversion(panel, figures)
    _slipping(panel, figures)
    _flows(panel, figures)
    return panel
