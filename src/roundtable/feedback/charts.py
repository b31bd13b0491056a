"""Small charts as inline SVG, drawn on the server: readable without JavaScript, printable in PDF.

Every chart carries a ``<title>`` and ``role="img"`` with an ``aria-label`` saying what it shows,
and the pages show the same numbers in a table, so nobody depends on seeing the picture.
"""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PLUS_COLOUR = "#1b7f4b"
DELTA_COLOUR = "#b2531d"
LINE_COLOUR = "#2456a6"
GRID = "#d9dde3"
TEXT = "#333"


def _svg(width: int, height: int, label: str, body: str) -> SafeString:
    text = escape(label)
    return mark_safe(  # noqa: S308 - every piece of text in ``body`` was escaped
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{text}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="11"><title>{text}</title>{body}</svg>'
    )


def line_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    maximum: float | None = None,
    percent: bool = False,
) -> SafeString:
    """One value per edition, joined by a line; gaps where a value is missing."""
    width, height = max(320, 30 * len(labels) + 60), 150
    left, right, top, bottom = 34, 10, 20, 24
    known = [v for v in values if v is not None]
    top_value = maximum or max([*known, 1])
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(values) - 1)

    def x(i: int) -> float:
        return left + (i * step if len(values) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - (v / top_value) * plot_h if top_value else top + plot_h

    def fmt(v: float) -> str:
        return f"{v * 100:.0f}%" if percent else (f"{v:.1f}" if v != int(v) else f"{int(v)}")

    parts = [f'<text x="{left}" y="12" fill="{TEXT}" font-weight="600">{escape(title)}</text>']
    for fraction in (0, 0.5, 1):
        gy = y(top_value * fraction)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{gy:.1f}" y2="{gy:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 4}" y="{gy + 4:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{fmt(top_value * fraction)}</text>"
        )
    segment: list[str] = []
    for i, value in enumerate(values):
        if value is None:
            if len(segment) > 1:
                parts.append(_polyline(segment))
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(value):.1f}")
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3.5" fill="{LINE_COLOUR}">'
            f"<title>{escape(labels[i])}: {fmt(value)}</title></circle>"
        )
    if len(segment) > 1:
        parts.append(_polyline(segment))
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 8}" text-anchor="middle" fill="{TEXT}">'
            f"{escape(label)}</text>"
        )
    described = ", ".join(
        f"{label}: {'no data' if v is None else fmt(v)}"
        for label, v in zip(labels, values, strict=True)
    )
    return _svg(width, height, f"{title}. {described}", "".join(parts))


def _polyline(points: list[str]) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE_COLOUR}" '
        'stroke-width="2"/>'
    )


def plus_delta_chart(
    labels: Sequence[str], pluses: Sequence[int], deltas: Sequence[int]
) -> SafeString:
    """Pluses above the axis and deltas below it, one pair of bars per edition."""
    width = 30 * len(labels) + 30
    height, left, top = 190, 10, 34
    middle = top + (height - top - 24) / 2
    half = (height - top - 24) / 2 - 4
    biggest = max([*pluses, *deltas, 1])
    slot = (width - 2 * left) / max(1, len(labels))
    bar = min(28.0, slot * 0.5)
    parts = [
        f'<text x="{left}" y="12" fill="{TEXT}" font-weight="600">Pluses and deltas</text>',
        f'<line x1="{left}" x2="{width - left}" y1="{middle}" y2="{middle}" stroke="{GRID}"/>',
    ]
    for i, label in enumerate(labels):
        cx = left + slot * i + slot / 2
        up = pluses[i] / biggest * half
        down = deltas[i] / biggest * half
        parts.append(
            f'<rect x="{cx - bar / 2:.1f}" y="{middle - up:.1f}" width="{bar:.1f}" '
            f'height="{up:.1f}" fill="{PLUS_COLOUR}"><title>{escape(label)}: {pluses[i]} '
            f"plus</title></rect>"
            f'<rect x="{cx - bar / 2:.1f}" y="{middle:.1f}" width="{bar:.1f}" height="{down:.1f}" '
            f'fill="{DELTA_COLOUR}"><title>{escape(label)}: {deltas[i]} delta</title></rect>'
            f'<text x="{cx:.1f}" y="{middle - up - 3:.1f}" text-anchor="middle" '
            f'fill="{TEXT}">{pluses[i]}</text>'
            f'<text x="{cx:.1f}" y="{middle + down + 11:.1f}" text-anchor="middle" '
            f'fill="{TEXT}">{deltas[i]}</text>'
            f'<text x="{cx:.1f}" y="{height - 6}" text-anchor="middle" fill="{TEXT}">'
            f"{escape(label)}</text>"
        )
    described = ", ".join(
        f"{label}: {p} plus, {d} delta" for label, p, d in zip(labels, pluses, deltas, strict=True)
    )
    return _svg(width, height, f"Pluses and deltas. {described}", "".join(parts))


def rating_chart(counts: dict[int, int]) -> SafeString:
    """How many people gave each rating, 1 to 5, as horizontal bars."""
    width, row, left, top = 260, 20, 34, 20
    height = top + row * 5 + 4
    biggest = max([*counts.values(), 1])
    parts = [f'<text x="0" y="12" fill="{TEXT}" font-weight="600">Ratings</text>']
    for i, rating in enumerate(range(5, 0, -1)):
        n = counts.get(rating, 0)
        w = (width - left - 30) * n / biggest
        y = top + i * row
        parts.append(
            f'<text x="0" y="{y + 13}" fill="{TEXT}">{rating} ★</text>'
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
            f'fill="{LINE_COLOUR}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + 13}" fill="{TEXT}">{n}</text>'
        )
    described = ", ".join(f"{r} stars: {counts.get(r, 0)}" for r in range(5, 0, -1))
    return _svg(width, height, f"Ratings. {described}", "".join(parts))
