"""The feedback charts: drawn by the chart module, their text escaped, each with the numbers
behind it, and their titles headings of the page rather than text inside the picture."""

import pytest
from django.urls import reverse

from roundtable.feedback import charts

PAYLOAD = "<script>alert(1)</script>\"'"


@pytest.mark.parametrize(
    "chart",
    [
        lambda: charts.trend_chart(PAYLOAD, [PAYLOAD, "B"], [1, None]),
        lambda: charts.plus_delta_chart([PAYLOAD], [2], [1]),
    ],
    ids=["trend", "plus-delta"],
)
def test_chart_text_is_escaped(chart) -> None:
    svg = str(chart().svg)
    assert "<script" not in svg and "alert(1)</script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_each_chart_carries_the_numbers_behind_it() -> None:
    trend = charts.trend_chart("Voice reach", ["#1", "#2"], [0.25, None], maximum=1, percent=True)
    assert trend.table.rows == [["#1", "25%"], ["#2", "no data"]]
    assert "#1: 25%, #2: no data" in trend.description
    pluses = charts.plus_delta_chart(["#1", "#2"], [4, 6], [2, 0])
    assert pluses.table.headers == ["Edition", "Pluses", "Deltas"]
    assert pluses.table.rows == [["#1", "4", "2"], ["#2", "6", "0"]]
    ratings = charts.rating_chart({5: 3, 4: 1})
    assert ratings.table.rows[0] == ["5 stars", "3"] and ratings.table.rows[-1] == ["1 stars", "0"]
    # Counts are written on the marks, so no one needs the colours or the axis to read them.
    svg = str(pluses.svg)
    assert ">6</text>" in svg and ">2</text>" in svg


def test_the_pluses_and_deltas_title_is_a_heading_of_the_page(
    manager_client, past_activity, community
) -> None:
    url = reverse("series_detail", args=[community.slug, past_activity.series_id])
    page = manager_client.get(url).content.decode()
    assert '<h3 class="chart-title">Pluses and deltas</h3>' in page
    # Not drawn inside the picture as well, where it would grow with the picture's width.
    svg = page.split('<h3 class="chart-title">Pluses and deltas</h3>', 1)[1].split("</svg>")[0]
    assert ">Pluses and deltas</text>" not in svg
    assert 'aria-label="Pluses and deltas"' in svg
    assert page.count("Table behind this chart") == 5
