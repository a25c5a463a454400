"""Small server-rendered SVG charts: accessible (role="img", <title>, <desc>, text labels on
every bar), no script, no chart library. Every text passes through markupsafe.escape."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 340
BAR = 18
GAP = 8
LABEL_WIDTH = 112
COLOURS = ("#0b6e4f", "#c7702c")


def _number(value: float) -> str:
    return f"{value:g}"


def bar_chart(
    title: str, rows: Sequence[tuple[str, float]], *, chart_id: str, unit: str = ""
) -> Markup:
    """Horizontal bars, one per (label, value), labelled with the label and the value."""
    height = max(1, len(rows)) * (BAR + GAP) + GAP
    top = max((v for _, v in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 48
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR + GAP)
        length = max(1.0, room * value / top) if value else 0.0
        parts.append(
            f"<g><title>{escape(label)}: {escape(_number(value))}{escape(unit)}</title>"
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR - 5}" text-anchor="end" '
            f'font-size="12">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR}" '
            f'fill="{COLOURS[0]}"></rect>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + BAR - 5}" font-size="12">'
            f"{escape(_number(value))}{escape(unit)}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def paired_bar_chart(
    title: str,
    rows: Sequence[tuple[str, float, float]],
    series: tuple[str, str],
    *,
    chart_id: str,
) -> Markup:
    """Two bars per row (e.g. reported and closed per month), with a legend."""
    pair = 24
    step = pair + GAP
    legend = 22
    height = legend + max(1, len(rows)) * step + GAP
    top = max((max(a, b) for _, a, b in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 48
    half = pair // 2
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
    ]
    for k, name in enumerate(series):
        x = LABEL_WIDTH + k * 110
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[k]}"></rect>'
            f'<text x="{x + 16}" y="15" font-size="12">{escape(name)}</text>'
        )
    for index, (label, first, second) in enumerate(rows):
        y = legend + GAP + index * step
        parts.append(
            f"<g><title>{escape(label)}: {escape(series[0])} {escape(_number(first))}, "
            f"{escape(series[1])} {escape(_number(second))}</title>"
            f'<text x="{LABEL_WIDTH - 6}" y="{y + half + 4}" text-anchor="end" '
            f'font-size="12">{escape(label)}</text>'
        )
        for k, value in enumerate((first, second)):
            length = max(1.0, room * value / top) if value else 0.0
            yy = y + k * half
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{yy}" width="{length:.1f}" height="{half - 1}" '
                f'fill="{COLOURS[k]}"></rect>'
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{yy + half - 3}" font-size="11">'
                f"{escape(_number(value))}</text>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
