"""The tables and the chart of the needs coverage and activities compared pages, as the page
shows them and as their CSV downloads hold them."""

from roundtable.domain.insights.formats_compared import FormatPurpose
from roundtable.insights.activities_compared import ActivitiesCompared
from roundtable.insights.needs_coverage import NeedsCoverage
from roundtable.web.charts import Chart, Table, chart_make, stacked_bars


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f} %"


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def coverage_tables(coverage: NeedsCoverage) -> dict[str, Table]:
    """The page's tables by name: months, waiting and segments."""
    return {
        "months": Table(
            "needs-by-month",
            "Needs stated, open, planned for, addressed and met by an activity, by month",
            [
                "Month",
                "Stated",
                "Open at the month's end",
                "With an activity planned",
                "Share planned",
                "Marked addressed",
                "Met by an activity held",
            ],
            [
                [
                    f"{m.month:%b %Y}",
                    str(m.new),
                    str(m.open),
                    str(m.planned_for),
                    _percent(m.planned_share),
                    str(m.addressed),
                    str(m.served),
                ]
                for m in coverage.months
            ],
        ),  # fmt: skip
        "waiting": Table(
            "burning-needs-waiting",
            "Burning needs that no activity serves, the longest waiting first",
            ["Need", "Member", "Stated", "Days waiting"],
            [
                [
                    row.need.text,
                    row.need.member.full_name,
                    f"{row.need.created_at:%Y-%m-%d}",
                    str(row.days_waiting),
                ]
                for row in coverage.waiting
            ],
        ),  # fmt: skip
        "segments": Table(
            "needs-by-segment",
            f"Needs of each segment on {coverage.as_of:%d %b %Y}",
            [
                "Segment",
                "Members",
                "Open needs",
                "With an activity planned",
                "Share planned",
                "Burning, no activity",
                "Longest wait (days)",
            ],
            [
                [
                    g.name,
                    str(g.members),
                    str(g.open),
                    str(g.planned_for),
                    _percent(g.planned_share),
                    str(g.burning_waiting),
                    "–" if g.longest_wait_days is None else str(g.longest_wait_days),
                ]
                for g in coverage.groups
            ],
        ),  # fmt: skip
    }


def coverage_chart(coverage: NeedsCoverage, table: Table) -> Chart:
    """The open needs at each month's end: those with an activity planned, and the others."""
    labels = [f"{m.month:%b %Y}" for m in coverage.months]
    spec = stacked_bars(
        labels=labels,
        series=[
            ("Planned for", [m.planned_for for m in coverage.months]),
            ("Not yet", [m.open - m.planned_for for m in coverage.months]),
        ],
        y_title="Open needs",
    )
    last = coverage.months[-1]
    return chart_make(
        spec,
        title="Open needs at each month's end",
        description=(
            f"Open needs month by month, from {labels[0]} to {labels[-1]}, split into those "
            f"an activity was planned for and the others (not yet); at the end, {last.open} "
            f"open, {last.planned_for} planned for."
        ),
        table=table,
    )


def _format_rows(rows: list[FormatPurpose]) -> list[list[str]]:
    return [
        [r.format or "No format", r.purpose or "–", str(r.activities), _percent(r.turnout),
         _percent(r.voice_reach), _number(r.mean_rating), _percent(r.plus_share),
         _number(r.new_connections), _percent(r.indicators_met)]
        for r in rows
    ]  # fmt: skip


def compared_tables(compared: ActivitiesCompared) -> dict[str, Table]:
    """The page's tables by name: formats and activities."""
    return {
        "formats": Table(
            "formats-and-purposes",
            "Activities of the period grouped by format and deeper purpose",
            [
                "Format",
                "Purpose",
                "Activities",
                "Turnout",
                "Voice reach",
                "Mean rating",
                "Pluses",
                "New connections per activity",
                "Indicators met",
            ],
            _format_rows(compared.formats),
        ),  # fmt: skip
        "activities": Table(
            "activities",
            "Activities held in the period",
            [
                "Activity",
                "Date",
                "Format",
                "Purpose",
                "Registered",
                "Attended",
                "Turnout",
                "Voice reach",
                "Mean rating",
                "Ratings",
                "Pluses",
                "Deltas",
                "New connections",
                "Indicators judged",
                "Indicators met",
            ],
            [
                [
                    r.activity.title,
                    f"{r.activity.starts_at:%Y-%m-%d}",
                    r.outcome.format or "–",
                    r.outcome.purpose or "–",
                    str(r.outcome.registered),
                    str(r.outcome.attended),
                    _percent(r.outcome.turnout),
                    _percent(r.outcome.voice_reach),
                    _number(r.outcome.mean_rating),
                    str(len(r.outcome.ratings)),
                    str(r.outcome.pluses),
                    str(r.outcome.deltas),
                    str(r.outcome.new_connections),
                    str(r.outcome.indicators_judged),
                    str(r.outcome.indicators_met),
                ]
                for r in compared.rows
            ],
        ),  # fmt: skip
    }
