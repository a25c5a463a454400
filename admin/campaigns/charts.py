"""Small SVG bar charts for the overall report: drawn here, so the PDF needs no JavaScript."""

from __future__ import annotations

from markupsafe import Markup, escape

_ROW, _LABEL, _BAR, _PAD = 22, 110, 300, 60


def bar_chart(
    title: str, bars: list[tuple[str, float | None]], top: float, unit: str = ""
) -> Markup:
    """Horizontal bars, one a row, each `value / top` of the width; None draws no bar."""
    height = _ROW * len(bars) + 30
    width = _LABEL + _BAR + _PAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(bars):
        y = 24 + i * _ROW
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text x="{_LABEL}" y="{y + 14}" font-size="12">—</text>')
            continue
        length = 0 if top <= 0 else max(0.0, min(1.0, value / top)) * _BAR
        parts.append(
            f'<rect x="{_LABEL}" y="{y + 3}" width="{length:.1f}" height="14" fill="#1f4e5f"/>'
        )
        parts.append(
            f'<text x="{_LABEL + length + 4:.1f}" y="{y + 14}" font-size="12">'
            f"{value:.1f}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
