"""Statistics over the case list: by district and status, category and origin; closure rates;
time to close; rebounds; a monthly series.

Merged and declined cases are not problems of their own (a duplicate, or nothing to rectify):
they appear in the district x status counts and nowhere else.
"""

from __future__ import annotations

import statistics as pystats
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, select, true

from core.case.statuses import Status
from projections.cases.projection import case_categories, case_rows
from projections.cases.queries import Bind, aware, connect

c = case_rows.c
ZONE = ZoneInfo("Asia/Shanghai")
NOT_REAL = (Status.MERGED.value, Status.DECLINED.value)


@dataclass(frozen=True)
class Month:
    """Cases reported, and cases closed for the first time, in one calendar month."""

    reported: int = 0
    closed: int = 0


@dataclass(frozen=True)
class Stats:
    """The numbers behind the statistics pages; rates are None when nothing was closed."""

    today: date
    district_id: str | None
    by_district_status: dict[str, dict[str, int]]
    by_category: dict[str, int]
    by_origin: dict[str, int]
    real_cases: int
    closed: int
    on_time_rate: float | None
    median_days_to_close: float | None
    ever_closed: int
    rebounded: int
    rebound_rate: float | None
    monthly: dict[str, Month] = field(default_factory=dict)


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def month_of(moment: datetime, zone: ZoneInfo = ZONE) -> str:
    """'YYYY-MM' of a moment in the city's time zone."""
    stamp: datetime = aware(moment)
    return stamp.astimezone(zone).strftime("%Y-%m")


def statistics(
    bind: Bind, today: date, *, district_id: str | None = None, zone: ZoneInfo = ZONE
) -> Stats:
    """Every statistic, for the whole city or one district."""
    scope: ColumnElement[bool] = true() if district_id is None else c.district_id == district_id
    real = and_(scope, c.status.not_in(NOT_REAL))
    with connect(bind) as conn:
        by_district_status: dict[str, dict[str, int]] = {}
        grouped = select(c.district_id, c.status, func.count()).where(scope)
        for district, status, count in conn.execute(grouped.group_by(c.district_id, c.status)):
            by_district_status.setdefault(district, {})[status] = int(count)
        categories = (
            select(case_categories.c.category, func.count())
            .join(case_rows, case_rows.c.case_id == case_categories.c.case_id)
            .where(real)
            .group_by(case_categories.c.category)
        )
        by_category = {cat: int(n) for cat, n in conn.execute(categories)}
        origins = select(c.origin, func.count()).where(real).group_by(c.origin)
        by_origin = {origin: int(n) for origin, n in conn.execute(origins)}
        closed_now = and_(real, c.status == Status.CLOSED.value, c.closed_on_time.is_not(None))
        on_time = conn.execute(
            select(func.count(), func.count().filter(c.closed_on_time.is_(True))).where(closed_now)
        ).one()
        times = conn.execute(select(c.reported_at, c.first_closed_at, c.round).where(real)).all()
    monthly: dict[str, tuple[int, int]] = {}
    durations: list[float] = []
    rebounded = 0
    for reported_at, first_closed_at, round_ in times:
        key = month_of(reported_at, zone)
        reported, closed = monthly.get(key, (0, 0))
        monthly[key] = (reported + 1, closed)
        if first_closed_at is None:
            continue
        key = month_of(first_closed_at, zone)
        reported, closed = monthly.get(key, (0, 0))
        monthly[key] = (reported, closed + 1)
        delta = aware(first_closed_at) - aware(reported_at)
        durations.append(delta.total_seconds() / 86_400)
        rebounded += round_ > 1
    closed_count, on_time_count = int(on_time[0]), int(on_time[1] or 0)
    return Stats(
        today=today,
        district_id=district_id,
        by_district_status=by_district_status,
        by_category=by_category,
        by_origin=by_origin,
        real_cases=len(times),
        closed=closed_count,
        on_time_rate=_ratio(on_time_count, closed_count),
        median_days_to_close=pystats.median(durations) if durations else None,
        ever_closed=len(durations),
        rebounded=rebounded,
        rebound_rate=_ratio(rebounded, len(durations)),
        monthly={k: Month(*monthly[k]) for k in sorted(monthly)},
    )
