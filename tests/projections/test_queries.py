"""Search, filters, paging and single-row reads over the case list, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from core.domain.errors import InvalidInput
from core.domain.values import Category, Origin
from core.service.application import Ducha
from core.settings import Settings
from projections.cases.queries import get_case_row, get_case_row_by_reference, search_cases
from tests.conftest import Clock
from tests.helpers import drive, report
from tests.projections.readside import XISHAN, ReadSide, days_after, new_case

TODAY = date(2026, 11, 2)


@pytest.fixture
def read_side(ducha: Ducha, settings: Settings) -> Iterator[ReadSide]:
    side = ReadSide(ducha, settings)
    yield side
    side.close()


def titles(page: object) -> list[str]:
    return sorted(row.title for row in page.items)  # type: ignore[attr-defined]


def test_two_chinese_characters_find_the_case_with_them_in_its_title(
    ducha: Ducha, read_side: ReadSide
) -> None:
    report(ducha)
    new_case(ducha, "工地扬尘", description="夜间施工，尘土飞扬。")
    engine = read_side.refresh()
    assert titles(search_cases(engine, text="黑臭", today=TODAY)) == ["河道黑臭水体"]


def test_longer_chinese_text_finds_the_case_through_its_description(
    ducha: Ducha, read_side: ReadSide
) -> None:
    new_case(ducha, "某化工厂问题", description="厂区排污口夜间偷排废水。")
    new_case(ducha, "工地扬尘", description="夜间施工，尘土飞扬。")
    engine = read_side.refresh()
    assert titles(search_cases(engine, text="偷排废水", today=TODAY)) == ["某化工厂问题"]


def test_search_by_part_of_the_reference(ducha: Ducha, read_side: ReadSide) -> None:
    receipt = report(ducha)
    new_case(ducha, "工地扬尘")
    engine = read_side.refresh()
    found = search_cases(engine, text=receipt.reference[-6:], today=TODAY)
    assert [row.reference for row in found.items] == [receipt.reference]


def test_search_text_matching_nothing_returns_an_empty_page(
    ducha: Ducha, read_side: ReadSide
) -> None:
    report(ducha)
    engine = read_side.refresh()
    page = search_cases(engine, text="噪声扰民", today=TODAY)
    assert (page.items, page.total) == ([], 0)


def test_like_wildcards_in_the_search_text_are_taken_literally(
    ducha: Ducha, read_side: ReadSide
) -> None:
    new_case(ducha, "排放超标100%")
    new_case(ducha, "工地扬尘")
    new_case(ducha, "a_b 企业")
    engine = read_side.refresh()
    assert titles(search_cases(engine, text="%", today=TODAY)) == ["排放超标100%"]
    assert titles(search_cases(engine, text="_", today=TODAY)) == ["a_b 企业"]


def test_filter_by_district(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    new_case(ducha, "西山扬尘", place=XISHAN)
    engine = read_side.refresh()
    assert titles(search_cases(engine, district_id="jc.xishan", today=TODAY)) == ["西山扬尘"]


def test_filter_by_township(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    new_case(ducha, "西山扬尘", place=XISHAN)
    engine = read_side.refresh()
    page = search_cases(engine, township_id="jc.donghu.hubin", today=TODAY)
    assert titles(page) == ["河道黑臭水体"]


def test_filter_by_category_finds_a_case_by_any_of_its_tags(
    ducha: Ducha, read_side: ReadSide
) -> None:
    new_case(ducha, "水与大气", categories=(Category.WATER, Category.AIR))
    new_case(ducha, "只有大气", categories=(Category.AIR,))
    new_case(ducha, "噪声", categories=(Category.NOISE,))
    engine = read_side.refresh()
    assert titles(search_cases(engine, category="water", today=TODAY)) == ["水与大气"]
    assert titles(search_cases(engine, category="air", today=TODAY)) == ["只有大气", "水与大气"]


def test_filter_by_origin(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    new_case(ducha, "现场发现", origin=Origin.ON_SITE)
    engine = read_side.refresh()
    assert titles(search_cases(engine, origin="on_site", today=TODAY)) == ["现场发现"]


def test_filter_by_status(ducha: Ducha, read_side: ReadSide, clock: Clock) -> None:
    accepted = report(ducha, title="已受理").case_id
    report(ducha, title="待受理")
    drive(ducha, accepted, clock, until="accepted")
    engine = read_side.refresh()
    assert titles(search_cases(engine, status="accepted", today=TODAY)) == ["已受理"]


def test_filter_by_responsible_unit(ducha: Ducha, read_side: ReadSide, clock: Clock) -> None:
    transferred = report(ducha, title="已交办").case_id
    report(ducha, title="未交办")
    drive(ducha, transferred, clock, until="transferred")
    engine = read_side.refresh()
    page = search_cases(engine, responsible_unit="jc.donghu.hubin", today=TODAY)
    assert titles(page) == ["已交办"]


def test_filters_and_text_combine(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    new_case(ducha, "西山河道黑臭", place=XISHAN)
    engine = read_side.refresh()
    page = search_cases(engine, text="黑臭", district_id="jc.xishan", today=TODAY)
    assert titles(page) == ["西山河道黑臭"]


def test_a_case_past_its_deadline_with_a_running_clock_is_overdue(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    report(ducha, title="早报")  # must be accepted within 15 days of this morning
    clock.advance(days=30)
    report(ducha, title="晚报")
    engine = read_side.refresh()
    today = clock.now.date()
    assert titles(search_cases(engine, overdue=True, today=today)) == ["早报"]
    assert titles(search_cases(engine, overdue=False, today=today)) == ["晚报"]


def test_overdue_is_computed_for_the_given_day(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    report(ducha)
    engine = read_side.refresh()
    (row,) = search_cases(engine, today=TODAY).items
    assert row.deadline is not None
    assert search_cases(engine, overdue=True, today=row.deadline).total == 0
    later = search_cases(engine, overdue=True, today=days_after(row.deadline, 1))
    assert [r.overdue for r in later.items] == [True]


def test_a_case_waiting_for_acceptance_is_not_overdue(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = report(ducha).case_id
    drive(ducha, case_id, clock, until="acceptance_requested")
    engine = read_side.refresh()
    (row,) = search_cases(engine, today=TODAY).items
    assert row.deadline is not None
    late = days_after(row.deadline, 30)
    assert search_cases(engine, overdue=True, today=late).total == 0


def test_within_units_matches_district_or_township(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    new_case(ducha, "西山扬尘", place=XISHAN)
    engine = read_side.refresh()
    by_township = search_cases(engine, within_units={"jc.donghu.hubin"}, today=TODAY)
    by_district = search_cases(engine, within_units={"jc.xishan"}, today=TODAY)
    assert (titles(by_township), titles(by_district)) == (["河道黑臭水体"], ["西山扬尘"])


def test_an_empty_jurisdiction_sees_nothing(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    engine = read_side.refresh()
    assert search_cases(engine, within_units=set(), today=TODAY).total == 0


def test_pages_split_the_result_latest_change_first(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    first = report(ducha, title="一").case_id
    report(ducha, title="二")
    report(ducha, title="三")
    drive(ducha, first, clock, until="accepted")  # the latest change
    engine = read_side.refresh()
    one = search_cases(engine, today=TODAY, page=1, page_size=2)
    two = search_cases(engine, today=TODAY, page=2, page_size=2)
    assert [r.title for r in one.items] == ["一", "三"]
    assert [r.title for r in two.items] == ["二"]
    assert (one.total, one.pages, one.has_next, two.has_next, two.has_previous) == (
        3,
        2,
        True,
        False,
        True,
    )


def test_a_page_number_below_one_is_refused(read_side: ReadSide) -> None:
    with pytest.raises(InvalidInput):
        search_cases(read_side.refresh(), today=TODAY, page=0)


def test_get_case_row_returns_the_projected_row(ducha: Ducha, read_side: ReadSide) -> None:
    case_id = new_case(ducha, "水与大气", categories=(Category.WATER, Category.AIR), place=XISHAN)
    engine = read_side.refresh()
    row = get_case_row(engine, case_id)
    assert row is not None
    assert (row.case_id, row.status, row.district_id, set(row.categories)) == (
        case_id,
        "accepted",  # a problem registered by staff needs no intake
        "jc.xishan",
        {"water", "air"},
    )


def test_get_case_row_by_reference_ignores_case_and_blanks(
    ducha: Ducha, read_side: ReadSide
) -> None:
    receipt = report(ducha)
    engine = read_side.refresh()
    row = get_case_row_by_reference(engine, f"  {receipt.reference.lower()} ")
    assert row is not None and row.case_id == receipt.case_id


def test_an_unknown_case_reads_as_none(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    engine = read_side.refresh()
    assert get_case_row_by_reference(engine, "GZ-1900-000001") is None


def test_row_timestamps_carry_a_time_zone_on_every_backend(
    ducha: Ducha, read_side: ReadSide
) -> None:
    receipt = report(ducha)
    engine = read_side.refresh()
    row = get_case_row(engine, receipt.case_id)
    assert row is not None
    assert row.reported_at.utcoffset() is not None
    assert abs((row.reported_at - ducha.get(receipt.case_id).created_on).total_seconds()) < 1
