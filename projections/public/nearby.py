"""Open public cases near a new report: "is it one of these?" before a duplicate is created."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, select

from core.domain.geo import distance_m
from projections.public.projection import public_cases

RADIUS_M = 500.0
_FINISHED = ("closed",)


@dataclass(frozen=True)
class NearbyCase:
    reference: str
    title: str
    status: str
    address: str
    township_id: str | None
    distance_m: float | None


def nearby_open_cases(
    engine: Engine,
    categories: Iterable[str],
    district_id: str,
    township_id: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    radius_m: float = RADIUS_M,
    limit: int = 10,
) -> list[NearbyCase]:
    """Open public cases sharing a category, in the same township or within `radius_m`."""
    wanted = set(categories)
    query = select(public_cases).where(
        public_cases.c.district_id == district_id, public_cases.c.status.not_in(_FINISHED)
    )
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(public_cases.c.updated_at.desc())).all()
    found = []
    for row in rows:
        if not wanted & set(row.categories.split(",")):
            continue
        distance = None
        if None not in (lat, lon, row.lat, row.lon):
            distance = distance_m(lat, lon, row.lat, row.lon)  # type: ignore[arg-type]
        same_township = township_id is not None and row.township_id == township_id
        if same_township or (distance is not None and distance <= radius_m):
            found.append(
                NearbyCase(
                    row.reference, row.title, row.status, row.address, row.township_id, distance
                )
            )
    found.sort(key=lambda c: (c.distance_m is None, c.distance_m or 0.0))
    return found[:limit]
