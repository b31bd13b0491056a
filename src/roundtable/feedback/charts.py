"""The feedback pages' charts, drawn by :mod:`roundtable.web.charts`: a series' trend of one
figure per edition, its pluses and deltas, and an activity's ratings. Each chart comes with the
table behind it; the pages show its title as a heading at their own type scale."""

from collections.abc import Sequence

from roundtable.web.charts import (
    Chart,
    Table,
    chart_make,
    diverging_bars,
    horizontal_bars,
    line_chart,
)


def _shown(value: float | None, percent: bool) -> str:
    if value is None:
        return "no data"
    if percent:
        return f"{value * 100:.0f}%"
    return f"{value:g}" if isinstance(value, int) else f"{value:.1f}".removesuffix(".0")


def trend_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    maximum: float | None = None,
    percent: bool = False,
) -> Chart:
    """One value per edition, joined by a line, each written above its point; a gap where a
    value is missing."""
    described = ", ".join(
        f"{label}: {_shown(v, percent)}" for label, v in zip(labels, values, strict=True)
    )
    return chart_make(
        line_chart(labels=labels, values=values, maximum=maximum, percent=percent),
        title=title,
        description=f"A line over the editions. {described}.",
        table=Table(
            name=title.lower().replace(" ", "-"),
            caption=f"{title} by edition",
            headers=["Edition", title],
            rows=[[label, _shown(v, percent)] for label, v in zip(labels, values, strict=True)],
        ),
    )


def plus_delta_chart(labels: Sequence[str], pluses: Sequence[int], deltas: Sequence[int]) -> Chart:
    """Pluses above the axis and deltas below it, one pair of bars per edition."""
    described = ", ".join(
        f"{label}: {p} plus, {d} delta" for label, p, d in zip(labels, pluses, deltas, strict=True)
    )
    return chart_make(
        diverging_bars(labels=labels, up=("pluses", pluses), down=("deltas", deltas)),
        title="Pluses and deltas",
        description=f"Bars over the editions, pluses above the line, deltas below. {described}.",
        table=Table(
            name="pluses-and-deltas",
            caption="Pluses and deltas by edition",
            headers=["Edition", "Pluses", "Deltas"],
            rows=[
                [label, str(p), str(d)] for label, p, d in zip(labels, pluses, deltas, strict=True)
            ],
        ),
    )


def rating_chart(counts: dict[int, int]) -> Chart:
    """How many people gave each rating, 5 to 1, as horizontal bars."""
    ratings = range(5, 0, -1)
    described = ", ".join(f"{r} stars: {counts.get(r, 0)}" for r in ratings)
    return chart_make(
        horizontal_bars(
            labels=[f"{r} ★" for r in ratings], values=[counts.get(r, 0) for r in ratings]
        ),
        title="Ratings",
        description=f"Bars of the number of people who gave each rating. {described}.",
        table=Table(
            name="ratings",
            caption="Ratings",
            headers=["Rating", "People"],
            rows=[[f"{r} stars", str(counts.get(r, 0))] for r in ratings],
        ),
    )
