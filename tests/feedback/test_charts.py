"""The server-drawn SVG charts are marked safe for the page, so every text in them is escaped."""

import pytest

from roundtable.feedback import charts

PAYLOAD = "<script>alert(1)</script>\"'"


@pytest.mark.parametrize(
    "chart",
    [
        lambda: charts.line_chart(PAYLOAD, [PAYLOAD, "B"], [1, None]),
        lambda: charts.plus_delta_chart([PAYLOAD], [2], [1]),
    ],
    ids=["line", "plus-delta"],
)
def test_chart_text_is_escaped(chart) -> None:
    svg = str(chart())
    assert "<script" not in svg and "alert(1)</script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;" in svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")
