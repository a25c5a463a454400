"""District boundaries of the demo city (core/data/districts.geojson): invented polygons, in
WGS 84 longitude/latitude, used to draw the public map and to place the demo cases."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

Point = tuple[float, float]  # (lon, lat), the GeoJSON order


@dataclass(frozen=True)
class District:
    id: str
    name: str
    name_en: str
    ring: tuple[Point, ...]  # the exterior ring, closed (first point repeated at the end)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat)."""
        lons = [p[0] for p in self.ring]
        lats = [p[1] for p in self.ring]
        return min(lons), min(lats), max(lons), max(lats)

    def contains(self, lon: float, lat: float) -> bool:
        return point_in_ring(self.ring, lon, lat)

    def point_inside(self, seed: int) -> Point:
        """A deterministic point inside the polygon for `seed` (Halton sequence over the box)."""
        west, south, east, north = self.bounds
        index = seed + 1
        while True:
            lon = west + (east - west) * _halton(index, 2)
            lat = south + (north - south) * _halton(index, 3)
            if self.contains(lon, lat):
                return round(lon, 5), round(lat, 5)
            index += 97


def _halton(index: int, base: int) -> float:
    result, fraction = 0.0, 1.0
    while index:
        fraction /= base
        result += fraction * (index % base)
        index //= base
    return result


def point_in_ring(ring: tuple[Point, ...], lon: float, lat: float) -> bool:
    """Ray casting: is the point inside the closed ring?"""
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > lat) != (y2 > lat):
            crossing = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < crossing:
                inside = not inside
    return inside


def geojson_text() -> str:
    """The GeoJSON file as shipped."""
    return resources.files("core.data").joinpath("districts.geojson").read_text(encoding="utf-8")


def _district(feature: dict[str, Any]) -> District:
    props = feature["properties"]
    ring = tuple((float(x), float(y)) for x, y in feature["geometry"]["coordinates"][0])
    return District(str(props["id"]), str(props["name"]), str(props["name_en"]), ring)


@cache
def districts() -> tuple[District, ...]:
    """Every district's polygon, in file order."""
    data = json.loads(geojson_text())
    return tuple(_district(f) for f in data["features"])


def district(district_id: str) -> District | None:
    return next((d for d in districts() if d.id == district_id), None)
