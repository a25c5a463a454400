"""Statistics over the case list, on SQLite and PostgreSQL.

Counts and rates come from scripted histories. Event timestamps are the wall clock's (the test
clock only moves the domain's dates), so the time arithmetic is checked on rows written directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from core.domain.values import Category, Origin
from core.service.application import Ducha
from core.settings import Settings
from projections.cases.stats import Month, statistics
from tests.conftest import Clock
from tests.helpers import INTAKE, OFFICE, drive, report
from tests.projections.readside import XISHAN, ReadSide, insert_row, new_case

TODAY = date(2026, 11, 2)


@pytest.fixture
def read_side(ducha: Ducha, settings: Settings) -> Iterator[ReadSide]:
    side = ReadSide(ducha, settings)
    yield side
    side.close()


def closed_case(ducha: Ducha, clock: Clock, deadline: date, until: str = "closed") -> UUID:
    """A complaint transferred with `deadline` and played on; closing time is the wall clock's."""
    case_id = report(ducha).case_id
    drive(ducha, case_id, clock, until="accepted")
    ducha.transfer(OFFICE, case_id, "jc.donghu.hubin", deadline=deadline)
    drive(ducha, case_id, clock, until=until)
    return case_id


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_status_counts_per_district_include_declined_cases(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    report(ducha)
    drive(ducha, report(ducha).case_id, clock, until="accepted")
    ducha.decline(INTAKE, report(ducha).case_id, "不属于生态环境问题")
    new_case(ducha, "西山问题", place=XISHAN)
    stats = statistics(read_side.refresh(), TODAY)
    assert stats.by_district_status == {
        "jc.donghu": {"reported": 1, "accepted": 1, "declined": 1},
        "jc.xishan": {"accepted": 1},
    }


def test_a_case_counts_under_each_of_its_categories(ducha: Ducha, read_side: ReadSide) -> None:
    new_case(ducha, "水与大气", categories=(Category.WATER, Category.AIR))
    new_case(ducha, "水", categories=(Category.WATER,))
    stats = statistics(read_side.refresh(), TODAY)
    assert stats.by_category == {"water": 2, "air": 1}


def test_declined_and_merged_cases_count_in_no_category_or_origin(
    ducha: Ducha, read_side: ReadSide
) -> None:
    kept = report(ducha).case_id
    ducha.merge(INTAKE, report(ducha).case_id, kept)
    ducha.decline(INTAKE, report(ducha).case_id, "重复举报")
    stats = statistics(read_side.refresh(), TODAY)
    assert (stats.by_category, stats.by_origin, stats.real_cases) == (
        {"water": 1},
        {"resident_complaint": 1},
        1,
    )


def test_counts_by_origin(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    new_case(ducha, "现场发现一", origin=Origin.ON_SITE)
    new_case(ducha, "现场发现二", origin=Origin.ON_SITE)
    stats = statistics(read_side.refresh(), TODAY)
    assert stats.by_origin == {"resident_complaint": 1, "on_site": 2}


def test_a_district_filter_limits_every_number(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    new_case(ducha, "西山问题", categories=(Category.NOISE,), place=XISHAN)
    stats = statistics(read_side.refresh(), TODAY, district_id="jc.xishan")
    assert (stats.by_district_status, stats.by_category, stats.by_origin) == (
        {"jc.xishan": {"accepted": 1}},
        {"noise": 1},
        {"self_found": 1},
    )


def test_rates_are_none_while_nothing_was_closed(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    stats = statistics(read_side.refresh(), TODAY)
    assert (stats.on_time_rate, stats.median_days_to_close, stats.rebound_rate) == (
        None,
        None,
        None,
    )


def test_on_time_rate_compares_closing_with_the_deadline(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    closed_case(ducha, clock, deadline=date(2026, 11, 3))  # the wall clock is past it
    closed_case(ducha, clock, deadline=date(2099, 12, 31))
    stats = statistics(read_side.refresh(), TODAY)
    assert (stats.closed, stats.on_time_rate) == (2, 0.5)


def test_rebound_rate_is_rebounds_over_cases_ever_closed(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    far = date(2099, 12, 31)
    closed_case(ducha, clock, deadline=far)
    closed_case(ducha, clock, deadline=far, until="rebounded")
    report(ducha)
    stats = statistics(read_side.refresh(), TODAY)
    assert (stats.ever_closed, stats.rebounded, stats.rebound_rate) == (2, 1, 0.5)


def test_on_time_rate_counts_only_cases_closed_now(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    closed_case(ducha, clock, deadline=date(2026, 11, 3), until="rebounded")  # late
    closed_case(ducha, clock, deadline=date(2099, 12, 31))
    stats = statistics(read_side.refresh(), TODAY)
    assert (stats.closed, stats.on_time_rate) == (1, 1.0)


def test_median_days_from_report_to_first_closing(read_side: ReadSide) -> None:
    engine = read_side.refresh()
    for reported, closed in ((1, 11), (2, 6), (3, 23)):
        insert_row(
            engine,
            status="closed",
            reported_at=utc(2026, 3, reported, 2),
            first_closed_at=utc(2026, 3, closed, 2),
            closed_on_time=True,
        )
    insert_row(engine, status="reported", reported_at=utc(2026, 3, 1, 2))
    assert statistics(engine, TODAY).median_days_to_close == 10.0


def test_monthly_series_counts_reports_and_first_closings(read_side: ReadSide) -> None:
    engine = read_side.refresh()
    insert_row(
        engine,
        status="closed",
        reported_at=utc(2026, 2, 10),
        first_closed_at=utc(2026, 4, 10),
        closed_on_time=True,
    )
    insert_row(engine, status="reported", reported_at=utc(2026, 4, 20))
    insert_row(engine, status="merged", reported_at=utc(2026, 4, 21))
    assert statistics(engine, TODAY).monthly == {
        "2026-02": Month(reported=1, closed=0),
        "2026-04": Month(reported=1, closed=1),
    }


def test_months_follow_the_city_time_zone(read_side: ReadSide) -> None:
    engine = read_side.refresh()
    insert_row(engine, reported_at=utc(2026, 1, 31, 16, 30))  # 1 February, 00:30 in Beijing
    assert list(statistics(engine, TODAY).monthly) == ["2026-02"]


def test_a_case_closed_through_the_application_appears_in_the_series(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    closed_case(ducha, clock, deadline=date(2099, 12, 31))
    stats = statistics(read_side.refresh(), TODAY)
    month = datetime.now(UTC).astimezone(clock.now.tzinfo).strftime("%Y-%m")
    assert stats.monthly == {month: Month(reported=1, closed=1)}
