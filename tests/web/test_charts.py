"""The chart module: text in a spec comes out escaped, an SVG holding anything but a drawing is
refused, every chart is an accessible image with its table, and renders are cached by spec."""

import pytest

from roundtable.web import charts
from roundtable.web.charts import ChartRefused, Table, chart_make

PAYLOADS = ("Eve <img src=x onerror=alert(1)>", "</text><script>alert(2)</script>", "\"&'")
TABLE = Table(name="t", caption="T", headers=["Label", "Value"], rows=[["a", "1"]])


def _specs(text: str) -> list[dict]:
    return [
        charts.stacked_bars(
            labels=[text, "Feb"], series=[(text, [1, 2]), ("new", [3, 0])], y_title=text
        ),
        charts.stacked_areas(labels=["Jan", text], series=[(text, [1, 2])], y_title=text),
        charts.line_chart(labels=[text, "#2"], values=[1.5, None], y_title=text),
        charts.diverging_bars(labels=[text], up=(text, [2]), down=("deltas", [1])),
        charts.horizontal_bars(labels=[text, "b"], values=[3, 1]),
        charts.heat_grid(
            rows_labels=[text], column_labels=["Core"], cells=[(text, "Core", 2)],
            rows_title=text, columns_title=text,
        ),
    ]  # fmt: skip


@pytest.mark.parametrize("text", PAYLOADS)
def test_text_in_a_spec_comes_out_escaped(text: str) -> None:
    for spec in _specs(text):
        svg = str(chart_make(spec, title=text, description=text, table=TABLE).svg)
        assert "<script" not in svg and "<img" not in svg
        assert "</text><script>" not in svg
        # The words are there, as text: escaped by Vega and by the wrapper.
        assert "&lt;" in svg or text == PAYLOADS[2]
        assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_every_element_of_a_rendered_chart_is_a_drawing() -> None:
    for spec in _specs(PAYLOADS[0]):
        charts._checked(charts.svg_render(spec))  # raises on anything else


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><g onload="alert(1)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<a x:href="javascript:alert(1)"><text>hi</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:red"/></svg>',
    ],
    ids=["script", "handler", "link", "foreign-object", "style"],
)
def test_an_svg_holding_more_than_a_drawing_is_refused(svg: str) -> None:
    with pytest.raises(ChartRefused):
        charts._checked(svg)


def test_a_chart_is_an_accessible_image_with_its_table() -> None:
    spec = charts.horizontal_bars(labels=["5 ★", "4 ★"], values=[3, 1])
    chart = chart_make(spec, title="Ratings", description="3 gave 5 stars", table=TABLE)
    svg = str(chart.svg)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'class="chart" role="img" aria-label="Ratings"' in svg
    assert "<title>Ratings</title><desc>3 gave 5 stars</desc>" in svg
    # One image: no role or ARIA attribute inside it but the root's.
    inner = svg.split(">", 1)[1]
    assert "role=" not in inner and "aria-" not in inner
    assert chart.table is TABLE
    assert [list(row) for row in TABLE.csv_rows()] == [["Label", "Value"], ["a", "1"]]


def test_renders_are_cached_by_spec_and_the_cache_is_bounded(monkeypatch) -> None:
    charts.svg_cache_clear()
    calls = []
    real = charts.vl_convert.vegalite_to_svg

    def counted(spec):
        calls.append(1)
        return real(spec)

    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", counted)
    monkeypatch.setattr(charts, "CACHE_SIZE", 2)
    first = charts.horizontal_bars(labels=["a"], values=[1])
    charts.svg_render(first)
    charts.svg_render(charts.horizontal_bars(labels=["a"], values=[1]))  # equal spec
    assert len(calls) == 1
    for n in (2, 3):
        charts.svg_render(charts.horizontal_bars(labels=["a"], values=[n]))
    assert len(charts._cache) == 2
    charts.svg_render(first)  # pushed out by the two later ones
    assert len(calls) == 4
