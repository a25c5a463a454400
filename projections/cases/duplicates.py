"""Possible duplicates (重复件) of new complaints, for the intake desk before it accepts or merges.

A case is suggested as a duplicate of a complaint when it is still open, shares a category with
it, was reported within `WINDOW_DAYS` before or after it, and lies in the same township, within
`RADIUS_M` of its coordinates, or names the same enterprise. Unlike the portal's "is it one of
these?" (public cases only), the desk sees cases not yet accepted too: two residents reporting
the same outlet on the same evening are the commonest duplicate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from uuid import UUID

from sqlalchemy import select

from core.domain.geo import distance_m
from projections.cases.projection import case_rows
from projections.cases.queries import Bind, CaseRow, connect, to_case_row

RADIUS_M = 500.0
WINDOW_DAYS = 180
#: Cases a complaint can no longer be merged into.
_FINISHED = ("declined", "merged", "closed")


class Match(StrEnum):
    """Why a case is suggested."""

    ENTERPRISE = "enterprise"
    NEARBY = "nearby"
    TOWNSHIP = "township"


@dataclass(frozen=True)
class Suggestion:
    reference: str
    title: str
    status: str
    match: Match
    distance_m: float | None


def _match(row: CaseRow, other: CaseRow) -> tuple[Match, float | None] | None:
    if not set(row.categories) & set(other.categories):
        return None
    distance = None
    here, there = (row.lat, row.lon), (other.lat, other.lon)
    if None not in here and None not in there:
        distance = distance_m(*here, *there)  # type: ignore[arg-type]
    enterprise = (row.enterprise_name or "").strip()
    if enterprise and enterprise == (other.enterprise_name or "").strip():
        return Match.ENTERPRISE, distance
    if distance is not None and distance <= RADIUS_M:
        return Match.NEARBY, distance
    if row.township_id is not None and other.township_id == row.township_id:
        return Match.TOWNSHIP, distance
    return None


def duplicate_suggestions(
    bind: Bind, rows: Sequence[CaseRow], limit: int = 3
) -> dict[UUID, list[Suggestion]]:
    """For each complaint in `rows`, up to `limit` open cases it may repeat, best match first."""
    if not rows:
        return {}
    window = timedelta(days=WINDOW_DAYS)
    query = select(case_rows).where(
        case_rows.c.district_id.in_({r.district_id for r in rows}),
        case_rows.c.status.not_in(_FINISHED),
        case_rows.c.reported_at.between(
            min(r.reported_at for r in rows) - window, max(r.reported_at for r in rows) + window
        ),
    )
    with connect(bind) as conn:
        candidates = [to_case_row(m) for m in conn.execute(query).mappings()]
    found: dict[UUID, list[Suggestion]] = {}
    for row in rows:
        scored = []
        for other in candidates:
            if other.case_id == row.case_id or other.district_id != row.district_id:
                continue
            if abs(other.reported_at - row.reported_at) > window:
                continue
            match = _match(row, other)
            if match is not None:
                kind, distance = match
                rank = (list(Match).index(kind), distance if distance is not None else math.inf)
                scored.append(
                    (rank, Suggestion(other.reference, other.title, other.status, kind, distance))
                )
        scored.sort(key=lambda pair: pair[0])
        found[row.case_id] = [suggestion for _rank, suggestion in scored[:limit]]
    return found
