"""Charts: Vega-Lite specs rendered to SVG on the server (see docs/insights.md, "Charts").

A chart is plain data (a Vega-Lite spec built here from rows of numbers) rendered by
``vl-convert`` to an SVG that goes into the page as it is: no JavaScript, the same picture on
screen, in print and in the PDF reports. Every :class:`Chart` carries

- its title, shown by the page as a heading at the page's type scale (never drawn inside the
  SVG, where it would grow with the picture);
- ``role="img"``, an ``aria-label`` and a ``<title>``/``<desc>`` saying what it shows;
- marks readable without colour: numbers written on them, series named at their end, and a
  colour-blind-safe palette (Okabe and Ito) whose colours also differ in lightness;
- the :class:`Table` behind it, which the page shows under the chart ("Table behind this
  chart") and offers as CSV.

Text in a spec (a member's, a segment's or an edition's name) is escaped by Vega's SVG
renderer; :func:`svg_render` parses every SVG it returns and refuses one holding anything but
drawing elements, or any event-handler or link attribute, so an SVG that goes into a page is
known to be inert. Rendered SVG is kept in a bounded LRU cache keyed by the spec's hash.
"""

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import vl_convert
from defusedxml import ElementTree
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Okabe & Ito's palette, safe for the common colour-vision deficiencies; ordered so that
# neighbouring series differ in lightness too (it reads in greyscale).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
PLUS_COLOUR = "#009E73"
DELTA_COLOUR = "#D55E00"
LINE_COLOUR = "#0072B2"
TEXT_COLOUR = "#1c2430"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'
LABEL_SIZE = 12  # px, the page's small text; the SVG is shown at its own size, never enlarged

CACHE_SIZE = 256
COUNT_AXIS = {"format": "d", "tickMinStep": 1}  # people come whole: no 0.5 ticks

_ALLOWED_ELEMENTS = frozenset(
    {"svg", "g", "path", "rect", "line", "circle", "ellipse", "polygon", "polyline", "text",
     "tspan", "title", "desc", "defs", "clipPath", "linearGradient", "radialGradient", "stop"}
)  # fmt: skip
_SVG_NS = "{http://www.w3.org/2000/svg}"
_INNER_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


class ChartRefused(ValueError):
    """The renderer returned an SVG holding something other than a drawing."""


@dataclass(frozen=True)
class Table:
    """The numbers behind a chart or a table of the page: ``name`` names it in CSV file names
    ("active-by-month"), ``headers`` and ``rows`` are what the page shows, as text."""

    name: str
    caption: str
    headers: list[str]
    rows: list[list[str]]

    def csv_rows(self) -> list[list[str]]:
        return [self.headers, *self.rows]


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    svg: SafeString
    table: Table
    notes: list[str] = field(default_factory=list)


_cache: OrderedDict[str, str] = OrderedDict()
_cache_lock = threading.Lock()


def spec_hash(spec: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def _checked(svg: str) -> str:
    root = ElementTree.fromstring(svg)
    for element in root.iter():
        tag = element.tag.removeprefix(_SVG_NS)
        if tag not in _ALLOWED_ELEMENTS:
            raise ChartRefused(f"a chart's SVG holds a <{tag}> element")
        for attribute in element.attrib:
            name = attribute.rsplit("}", 1)[-1].lower()
            if name.startswith("on") or name == "href" or name == "style":
                raise ChartRefused(f"a chart's SVG holds a {name} attribute")
    return svg


def svg_render(spec: dict[str, Any]) -> str:
    """The SVG of a Vega-Lite ``spec``, checked inert (:class:`ChartRefused` otherwise), from
    the cache when this spec was rendered before."""
    key = spec_hash(spec)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    svg = _checked(vl_convert.vegalite_to_svg(spec))
    with _cache_lock:
        _cache[key] = svg
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return svg


def svg_cache_clear() -> None:
    with _cache_lock:
        _cache.clear()


def chart_make(
    spec: dict[str, Any],
    *,
    title: str,
    description: str,
    table: Table,
    notes: Sequence[str] = (),
) -> Chart:
    """Render ``spec`` and make it an accessible image named ``title`` and described by
    ``description`` (both escaped here); ``notes`` are sentences the page shows under it."""
    svg = svg_render(spec)
    label = escape(title)
    opening_end = svg.index(">") + 1
    opening = svg[:opening_end].replace(
        'class="marks"', f'class="chart" role="img" aria-label="{label}"', 1
    )
    # The chart is one image (role="img" with its name, description and table): Vega's roles
    # inside it would be hidden anyway, and an empty layer's nameless role is an error to
    # accessibility checkers. Attribute values are escaped, so no quote ends one early.
    body = _INNER_ARIA.sub("", svg[opening_end:])
    accessible = f"{opening}<title>{label}</title><desc>{escape(description)}</desc>{body}"
    return Chart(
        title=title,
        description=description,
        svg=mark_safe(accessible),  # noqa: S308 - checked inert above, our own text escaped
        table=table,
        notes=list(notes),
    )


def _base(width: int, height: int, layers: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": height,
        "background": "white",
        "padding": {"left": 4, "top": 8, "right": 4, "bottom": 4},
        "config": {
            # No ARIA descriptions of each mark: the chart is one image (see chart_make).
            "aria": False,
            "font": FONT,
            "view": {"stroke": None},
            "axis": {
                "labelFontSize": LABEL_SIZE,
                "titleFontSize": LABEL_SIZE,
                "labelColor": TEXT_COLOUR,
                "labelLimit": 100,
                "titleColor": TEXT_COLOUR,
                "titleFontWeight": "normal",
                "gridColor": "#d5dbe3",
            },
            "legend": {
                "labelFontSize": LABEL_SIZE,
                "titleFontSize": LABEL_SIZE,
                "orient": "top",
                "direction": "horizontal",
                "labelColor": TEXT_COLOUR,
                "titleColor": TEXT_COLOUR,
            },
            "text": {"fontSize": LABEL_SIZE, "color": TEXT_COLOUR},
        },
        "layer": layers,
        **extra,
    }


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def stacked_bars(
    *,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    totals_text: Sequence[str] | None = None,
    y_title: str,
) -> dict[str, Any]:
    """One bar per label, its series stacked bottom up in the order given, each segment's
    value written on it (when there is room), the series named beside the last bar, and
    ``totals_text`` (or the total) above each bar."""
    rows = _stacked(labels, series)
    top = max([r["y1"] for r in rows] + [1])
    for row in rows:
        row["inside"] = _number(row["value"]) if row["value"] >= top * 0.07 else ""
    totals = [
        {"x": label, "total": sum(v[i] for _, v in series),
         "text": totals_text[i] if totals_text else _number(sum(v[i] for _, v in series))}
        for i, label in enumerate(labels)
    ]  # fmt: skip
    names = [name for name, _ in series]
    x = {"field": "x", "type": "ordinal", "sort": list(labels), "title": None,
         "axis": {"labelAngle": -45 if len(labels) > 8 else 0}}  # fmt: skip
    colour = {
        "field": "series",
        "type": "nominal",
        "scale": {"domain": names, "range": list(PALETTE[: len(names)])},
        "sort": names,
        "title": None,
    }
    width = max(240, 36 * len(labels))
    return _base(
        width,
        220,
        [
            {
                "data": {"values": rows},
                "mark": {"type": "bar", "stroke": "white", "strokeWidth": 1},
                "encoding": {
                    "x": x,
                    "y": {"field": "y0", "type": "quantitative", "title": y_title,
                          "scale": {"domain": [0, top * 1.2]}, "axis": COUNT_AXIS},
                    "y2": {"field": "y1"},
                    "color": colour,
                },
            },
            {
                "data": {"values": rows},
                "mark": {"type": "text", "baseline": "middle", "fontSize": 11},
                "encoding": {
                    "x": x,
                    "y": {"field": "mid", "type": "quantitative"},
                    "text": {"field": "inside"},
                    "color": {"condition": {"test": "datum.order == 0", "value": "white"},
                              "value": "black"},
                },
            },
            {
                "data": {"values": totals},
                # two lines (count, share) above the bar: Vega sets the first line's baseline
                "mark": {"type": "text", "baseline": "bottom", "dy": -16, "fontSize": 11,
                         "lineBreak": "\n"},
                "encoding": {"x": x, "y": {"field": "total", "type": "quantitative"},
                             "text": {"field": "text"}},
            },
            *_end_labels(rows, x, "mid"),
        ],
        padding={"left": 4, "top": 8, "right": 64, "bottom": 4},
    )  # fmt: skip


def _stacked(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]
) -> list[dict[str, Any]]:
    """One row per label and series with its stack's bottom, top and middle; ``last`` marks
    the series' values at the last label, where their names are written."""
    rows: list[dict[str, Any]] = []
    for i, label in enumerate(labels):
        base = 0
        for order, (name, values) in enumerate(series):
            value = values[i]
            rows.append({
                "x": label, "series": name, "order": order, "value": value,
                "y0": base, "y1": base + value, "mid": base + value / 2, "last": False,
            })  # fmt: skip
            base += value
    for row in rows[-len(series) :] if labels else []:
        row["last"] = row["value"] > 0  # a series at zero there is named by the legend only
    return rows


def _end_labels(rows: list[dict[str, Any]], x: dict[str, Any], y: str) -> list[dict[str, Any]]:
    """Each series named beside its last mark, so no one needs the colours to tell them."""
    return [
        {
            "data": {"values": [r for r in rows if r["last"]]},
            "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 4,
                     "limit": 110},
            "encoding": {"x": {**x, "bandPosition": 1}, "y": {"field": y, "type": "quantitative"},
                         "text": {"field": "series"}},
        }
    ]  # fmt: skip


def stacked_areas(
    *, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], y_title: str
) -> dict[str, Any]:
    """Areas stacked bottom up in the order given over the ``labels`` (months), each series
    named at its right end."""
    rows = _stacked(labels, series)
    names = [name for name, _ in series]
    angle = -45 if len(labels) > 8 else 0
    x = {"field": "x", "type": "ordinal", "sort": list(labels), "title": None,
         "scale": {"padding": 0}, "axis": {"labelAngle": angle, "labelOverlap": True}}  # fmt: skip
    colour = {"field": "series", "type": "nominal", "title": None, "sort": names,
              "scale": {"domain": names, "range": list(PALETTE[: len(names)])}}  # fmt: skip
    return _base(
        max(320, 18 * len(labels)),
        220,
        [
            {
                "data": {"values": rows},
                "mark": {"type": "area", "line": {"color": "white", "strokeWidth": 1}},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "y0",
                        "type": "quantitative",
                        "title": y_title,
                        "axis": COUNT_AXIS,
                    },
                    "y2": {"field": "y1"},
                    "color": colour,
                    "order": {"field": "order"},
                },
            },
            *_end_labels(rows, x, "mid"),
        ],
        padding={"left": 4, "top": 8, "right": 80, "bottom": 4},
    )


def line_chart(
    *, labels: Sequence[str], values: Sequence[float | None], maximum: float | None = None,
    percent: bool = False, y_title: str = "",
) -> dict[str, Any]:  # fmt: skip
    """One value per label joined by a line, each point's value written above it; a missing
    value leaves a gap."""
    rows = [
        {"x": label, "value": value,
         "text": "" if value is None else (f"{value * 100:.0f}%" if percent else _number(value))}
        for label, value in zip(labels, values, strict=True)
    ]  # fmt: skip
    known = [v for v in values if v is not None]
    top = maximum or max([*known, 1])
    x = {"field": "x", "type": "ordinal", "sort": list(labels), "title": None,
         "axis": {"labelAngle": 0}}  # fmt: skip
    y = {"field": "value", "type": "quantitative", "title": y_title or None,
         "scale": {"domain": [0, top * 1.15]},
         "axis": {"format": ".0%" if percent else "~s", "tickCount": 4}}  # fmt: skip
    return _base(
        max(240, 44 * len(labels)),
        140,
        [
            {"data": {"values": rows}, "mark": {"type": "line", "color": LINE_COLOUR,
             "strokeWidth": 2, "invalid": "break-paths-show-path-domains"},
             "encoding": {"x": x, "y": y}},
            {"data": {"values": [r for r in rows if r["value"] is not None]},
             "mark": {"type": "point", "filled": True, "color": LINE_COLOUR, "size": 40},
             "encoding": {"x": x, "y": y}},
            {"data": {"values": [r for r in rows if r["value"] is not None]},
             "mark": {"type": "text", "baseline": "bottom", "dy": -6},
             "encoding": {"x": x, "y": y, "text": {"field": "text"}}},
        ],
    )  # fmt: skip


def diverging_bars(
    *, labels: Sequence[str], up: tuple[str, Sequence[int]], down: tuple[str, Sequence[int]]
) -> dict[str, Any]:
    """Two counts per label: ``up`` above the axis, ``down`` below it, each written at its
    bar's end; the side of the axis tells them apart as well as the colour."""
    rows = []
    for i, label in enumerate(labels):
        rows.append({"x": label, "series": up[0], "value": up[1][i], "text": str(up[1][i])})
        rows.append({"x": label, "series": down[0], "value": -down[1][i],
                     "text": str(down[1][i])})  # fmt: skip
    top = max([*up[1], *down[1], 1])
    x = {"field": "x", "type": "ordinal", "sort": list(labels), "title": None,
         "axis": {"labelAngle": 0, "orient": "bottom", "offset": 4}}  # fmt: skip
    y = {"field": "value", "type": "quantitative", "scale": {"domain": [-top * 1.25, top * 1.25]},
         "title": f"↑ {up[0]} · {down[0]} ↓", "axis": {"labelExpr": "abs(datum.value)",
         "tickCount": 4}}  # fmt: skip
    return _base(
        max(240, 44 * len(labels)),
        180,
        [
            {"data": {"values": rows}, "mark": {"type": "bar", "width": {"band": 0.6}},
             "encoding": {"x": x, "y": y, "color": {
                 "field": "series", "type": "nominal", "title": None,
                 "scale": {"domain": [up[0], down[0]], "range": [PLUS_COLOUR, DELTA_COLOUR]}}}},
            {"data": {"values": [r for r in rows if r["series"] == up[0]]},
             "mark": {"type": "text", "baseline": "bottom", "dy": -2},
             "encoding": {"x": x, "y": y, "text": {"field": "text"}}},
            {"data": {"values": [r for r in rows if r["series"] == down[0]]},
             "mark": {"type": "text", "baseline": "top", "dy": 2},
             "encoding": {"x": x, "y": y, "text": {"field": "text"}}},
            {"data": {"values": [{"zero": 0}]}, "mark": {"type": "rule", "color": "#8a96a6"},
             "encoding": {"y": {"field": "zero", "type": "quantitative"}}},
        ],
    )  # fmt: skip


def horizontal_bars(*, labels: Sequence[str], values: Sequence[int]) -> dict[str, Any]:
    """One bar per label, top to bottom in the order given, its value written at its end."""
    rows = [{"y": label, "value": value} for label, value in zip(labels, values, strict=True)]
    top = max([*values, 1])
    y = {"field": "y", "type": "ordinal", "sort": list(labels), "title": None}
    x = {"field": "value", "type": "quantitative", "title": None,
         "scale": {"domain": [0, top * 1.2]}, "axis": None}  # fmt: skip
    return _base(
        220,
        22 * len(labels),
        [
            {"data": {"values": rows}, "mark": {"type": "bar", "color": LINE_COLOUR},
             "encoding": {"x": x, "y": y}},
            {"data": {"values": rows}, "mark": {"type": "text", "align": "left", "dx": 4},
             "encoding": {"x": x, "y": y, "text": {"field": "value"}}},
        ],
    )  # fmt: skip


def heat_grid(
    *, rows_labels: Sequence[str], column_labels: Sequence[str],
    cells: Sequence[tuple[str, str, int]], rows_title: str, columns_title: str,
) -> dict[str, Any]:  # fmt: skip
    """A grid of counts (row label, column label, count), each cell shaded by its count and
    the count written in it."""
    values = [{"row": r, "column": c, "count": n} for r, c, n in cells]
    top = max([n for _, _, n in cells] + [1])
    x = {"field": "column", "type": "ordinal", "sort": list(column_labels),
         "title": columns_title, "axis": {"orient": "top", "labelAngle": 0}}  # fmt: skip
    y = {"field": "row", "type": "ordinal", "sort": list(rows_labels), "title": rows_title}
    return _base(
        90 * len(column_labels),
        36 * len(rows_labels),
        [
            {"data": {"values": values}, "mark": {"type": "rect", "stroke": "white"},
             "encoding": {"x": x, "y": y, "color": {
                 "field": "count", "type": "quantitative", "legend": None,
                 "scale": {"domain": [0, top], "range": ["#eef5fb", "#0b5c8e"]}}}},
            {"data": {"values": values}, "mark": {"type": "text", "fontSize": 13},
             "encoding": {"x": x, "y": y, "text": {"field": "count"},
                          "color": {"condition": {"test": f"datum.count > {top / 2}",
                                                  "value": "white"}, "value": "black"}}},
        ],
    )  # fmt: skip
