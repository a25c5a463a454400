"""The public map as inline SVG: district polygons with labels and a linked dot per case.

An equirectangular projection scaled by cos(latitude) is plenty for a city; no tiles, no script.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from core.domain.districts import District, Point

WIDTH = 640
PAD = 12
FILLS = ("#e3efe9", "#eef3e0", "#e4ecf3", "#f3ece0", "#ece4f3", "#f3e4e8")


@dataclass(frozen=True)
class Dot:
    lon: float
    lat: float
    href: str
    label: str
    status: str


class Projection:
    """Maps (lon, lat) into the SVG box [PAD, WIDTH - PAD] × [PAD, height - PAD]."""

    def __init__(self, shapes: Sequence[District]) -> None:
        boxes = [d.bounds for d in shapes] or [(114.0, 30.4, 114.6, 30.8)]
        self.west = min(b[0] for b in boxes)
        self.south = min(b[1] for b in boxes)
        self.east = max(b[2] for b in boxes)
        self.north = max(b[3] for b in boxes)
        self.kx = math.cos(math.radians((self.south + self.north) / 2))
        span_x = (self.east - self.west) * self.kx or 1.0
        self.scale = (WIDTH - 2 * PAD) / span_x
        self.height = round((self.north - self.south) * self.scale + 2 * PAD)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = PAD + (lon - self.west) * self.kx * self.scale
        y = PAD + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def _centroid(ring: Sequence[Point]) -> Point:
    points = ring[:-1] or ring
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def map_svg(
    shapes: Sequence[District],
    dots: Sequence[Dot],
    *,
    title: str,
    name_of: Callable[[District], str],
) -> Markup:
    """The whole map; each district a <polygon>, each case an <a> holding a <circle>."""
    project = Projection(shapes)
    parts = [
        f'<svg class="city-map" role="img" aria-labelledby="map-title" '
        f'viewBox="0 0 {WIDTH} {project.height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="map-title">{escape(title)}</title>',
        '<g class="districts">',
    ]
    for index, shape in enumerate(shapes):
        points = " ".join(f"{x},{y}" for x, y in (project(*p) for p in shape.ring))
        parts.append(
            f'<polygon data-district="{escape(shape.id)}" points="{points}" '
            f'fill="{FILLS[index % len(FILLS)]}" stroke="#5b6770" stroke-width="1.5">'
            f"<title>{escape(name_of(shape))}</title></polygon>"
        )
    parts.append('</g><g class="labels" aria-hidden="true">')
    for shape in shapes:
        x, y = project(*_centroid(shape.ring))
        parts.append(
            f'<text x="{x}" y="{y}" text-anchor="middle" font-size="24" fill="#1d2327" '
            f'stroke="#fff" stroke-width="4" paint-order="stroke">{escape(name_of(shape))}</text>'
        )
    parts.append('</g><g class="cases">')
    for dot in dots:
        x, y = project(dot.lon, dot.lat)
        parts.append(
            f'<a href="{escape(dot.href)}" class="case-dot {escape(dot.status)}">'
            f"<title>{escape(dot.label)}</title>"
            f'<circle cx="{x}" cy="{y}" r="9"></circle></a>'
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))
