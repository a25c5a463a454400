"""Case search: every filter, the jurisdiction, sorting and paging, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from core.domain.errors import InvalidInput
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from projections.cases.search import CaseQuery, Searcher, find_cases, iter_found
from projections.engine.catchup import catch_up
from projections.engine.registry import build_projections, create_projections
from projections.flags.queries import flags_for_case
from tests.conftest import Clock
from tests.helpers import OFFICE, drive, report
from tests.projections.readside import XISHAN, insert_row, new_case

TREE = OrgTree.default()
ZONE = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 2)
CITY_OFFICE = Actor("o", "jc", Role.OFFICE)
OFFICE_SEARCHES = Searcher(TREE, [CITY_OFFICE], TODAY, ZONE)
AUDITOR = Actor("a", "jc", Role.AUDITOR)
GUANSHAN = Place("jc.donghu", "jc.donghu.guanshan", "关山路 1 号")
Sync = Callable[[], None]


@pytest.fixture
def sync(ducha: Ducha, engine: Engine) -> Sync:
    projections = build_projections(ducha)
    create_projections(engine, projections)
    return lambda: catch_up(ducha, engine, projections)


def refs(
    engine: Engine, actor: Actor | list[Actor] = CITY_OFFICE, today: date = TODAY, **query: Any
) -> set[str]:
    actors = [actor] if isinstance(actor, Actor) else actor
    page = find_cases(
        engine, Searcher(TREE, actors, today, ZONE), CaseQuery(**query), page_size=200
    )
    return {row.reference for row in page.items}


def ref_of(ducha: Ducha, case_id: UUID) -> str:
    return ducha.get(case_id).reference


def test_two_character_words_are_found_like_longer_ones(
    ducha: Ducha, engine: Engine, sync: Sync
) -> None:
    black = ref_of(ducha, new_case(ducha, "城东河道黑臭", description="沿岸有生活污水排入。"))
    dust = ref_of(ducha, new_case(ducha, "工地扬尘", description="夜间施工，河道旁堆土未覆盖。"))
    noise = ref_of(ducha, new_case(ducha, "夜间噪声", description="KTV 扰民"))
    sync()
    assert refs(engine, text="黑臭") == {black}
    assert refs(engine, text="河道") == {black, dust}
    assert refs(engine, text="河道 黑臭") == {black}  # every word must be found
    assert refs(engine, text="生活污水排入") == {black}
    assert refs(engine, text="扰") == {noise}
    assert refs(engine, text="ktv") == {noise}
    assert refs(engine, text="100%_") == set()  # LIKE wildcards are plain characters


def test_reference_and_external_number(ducha: Ducha, engine: Engine, sync: Sync) -> None:
    first = ducha.report(
        OFFICE, origin=Origin.CENTRAL_FEEDBACK, title="化工园区废水", description="述",
        categories=[Category.WATER], place=XISHAN, external_ref="ZY-2026-017",
    )  # fmt: skip
    second = new_case(ducha, "其他问题")
    sync()
    assert refs(engine, reference=first.reference.lower()) == {first.reference}
    assert refs(engine, reference=first.reference[:-2]) >= {first.reference}
    assert refs(engine, external_ref="zy-2026") == {first.reference}
    assert refs(engine, text="ZY-2026-017") == {first.reference}  # words search the number too
    assert ref_of(ducha, second) not in refs(engine, external_ref="2026")


def test_place_unit_category_origin_and_status(ducha: Ducha, engine: Engine, sync: Sync) -> None:
    donghu = report(ducha).case_id  # a resident's complaint in Hubin, water
    xishan = new_case(ducha, "西山废气", place=XISHAN, categories=(Category.AIR, Category.NOISE))
    moved = new_case(ducha, "东湖交水务局", place=GUANSHAN)
    ducha.transfer(OFFICE, moved, "jc.swj", date(2026, 12, 31))
    sync()
    d, x, m = (ref_of(ducha, i) for i in (donghu, xishan, moved))
    assert refs(engine, district_id="jc.xishan") == {x}
    assert refs(engine, township_id="jc.donghu.hubin") == {d}
    assert refs(engine, responsible_unit="jc.swj") == {m}
    assert refs(engine, category="noise") == {x}
    assert refs(engine, origin="resident_complaint") == {d}
    assert refs(engine, status="transferred") == {m}
    assert refs(engine, status="accepted", district_id="jc.donghu") == set()


def test_overdue(ducha: Ducha, engine: Engine, sync: Sync, clock: Clock) -> None:
    late = report(ducha).case_id
    drive(ducha, late, clock, until="rectifying")
    fresh = report(ducha).case_id
    sync()
    deadline = ducha.get(late).deadline
    assert deadline is not None
    after = date.fromordinal(deadline.toordinal() + 1)
    assert refs(engine, today=after, overdue=True) == {ref_of(ducha, late), ref_of(ducha, fresh)}
    assert refs(engine, today=TODAY, overdue=True) == set()
    assert refs(engine, today=TODAY, overdue=False) == {ref_of(ducha, late), ref_of(ducha, fresh)}


def test_flagged_means_a_flag_not_dismissed(
    ducha: Ducha, engine: Engine, sync: Sync, clock: Clock
) -> None:
    fast = report(ducha).case_id
    drive(ducha, fast, clock, until="acceptance_requested")  # claimed at once: R6
    quiet = report(ducha).case_id
    sync()
    assert refs(engine, flagged=True) == {ref_of(ducha, fast)}
    assert refs(engine, flagged=False) == {ref_of(ducha, quiet)}
    for flag in flags_for_case(engine, fast):
        ducha.review_flag(AUDITOR, flag.flag_id, fast, "dismissed", "材料齐全，属正常情形")
    sync()
    assert refs(engine, flagged=True) == set()


def test_reported_between_days_of_the_citys_calendar(engine: Engine, sync: Sync) -> None:
    sync()
    evening = insert_row(engine, reported_at=datetime(2026, 1, 1, 15, 59, tzinfo=UTC))  # 23:59
    night = insert_row(engine, reported_at=datetime(2026, 1, 1, 16, 0, tzinfo=UTC))  # 2nd 0:00
    later = insert_row(engine, reported_at=datetime(2026, 1, 5, 3, 0, tzinfo=UTC))

    def between(start: date | None, end: date | None) -> set[UUID]:
        query = CaseQuery(reported_from=start, reported_to=end)
        return {r.case_id for r in iter_found(engine, OFFICE_SEARCHES, query)}

    assert between(date(2026, 1, 1), date(2026, 1, 1)) == {evening}
    assert between(date(2026, 1, 2), None) == {night, later}
    assert between(None, date(2026, 1, 4)) == {evening, night}


def test_the_jurisdiction_limits_the_result(ducha: Ducha, engine: Engine, sync: Sync) -> None:
    donghu = ref_of(ducha, report(ducha).case_id)
    xishan = ref_of(ducha, new_case(ducha, "西山问题", place=XISHAN))
    sync()
    assert refs(engine, Actor("l", "jc.donghu", Role.INTAKE)) == {donghu}
    assert refs(engine, Actor("x", "jc.xishan.fenghuang", Role.UNIT)) == set()
    assert refs(engine, AUDITOR) == {donghu, xishan}  # auditors read every case
    two = [Actor("u", "jc.xishan", Role.INTAKE), Actor("u", "jc.donghu", Role.INTAKE)]
    assert refs(engine, two) == {donghu, xishan}


def test_sorting_and_paging(engine: Engine, sync: Sync) -> None:
    sync()
    rows = {
        "T-A": insert_row(engine, reference="T-A", status="closed", deadline=date(2026, 3, 1),
                          reported_at=datetime(2026, 1, 3, tzinfo=UTC)),
        "T-B": insert_row(engine, reference="T-B", status="reported", deadline=None,
                          reported_at=datetime(2026, 1, 1, tzinfo=UTC)),
        "T-C": insert_row(engine, reference="T-C", status="rectifying", deadline=date(2026, 2, 1),
                          reported_at=datetime(2026, 1, 2, tzinfo=UTC)),
    }  # fmt: skip
    assert set(rows)

    def order(sort: str, direction: str) -> list[str]:
        query = CaseQuery(sort=sort, order=direction)
        page = find_cases(engine, OFFICE_SEARCHES, query)
        return [r.reference for r in page.items]

    assert order("reported", "desc") == ["T-A", "T-C", "T-B"]
    assert order("reported", "asc") == ["T-B", "T-C", "T-A"]
    assert order("deadline", "asc") == ["T-C", "T-A", "T-B"]  # no deadline: last
    assert order("deadline", "desc") == ["T-A", "T-C", "T-B"]
    assert order("reference", "asc") == ["T-A", "T-B", "T-C"]
    assert order("status", "asc") == ["T-B", "T-C", "T-A"]  # the lifecycle's order
    second = find_cases(engine, OFFICE_SEARCHES, CaseQuery(), page=2, page_size=2)
    assert (second.total, second.pages, [r.reference for r in second.items]) == (3, 2, ["T-B"])


@pytest.mark.parametrize(
    ("query", "page", "size", "message"),
    [
        (CaseQuery(district_id="jc.mars"), 1, 50, "no district"),
        (CaseQuery(district_id="jc.donghu.hubin"), 1, 50, "no district"),
        (CaseQuery(township_id="jc.donghu"), 1, 50, "no township"),
        (CaseQuery(responsible_unit="nobody"), 1, 50, "no unit"),
        (CaseQuery(category="lava"), 1, 50, "no category"),
        (CaseQuery(origin="rumour"), 1, 50, "no origin"),
        (CaseQuery(status="asleep"), 1, 50, "no status"),
        (CaseQuery(sort="colour"), 1, 50, "sort by"),
        (CaseQuery(order="sideways"), 1, 50, "sort by"),
        (CaseQuery(reported_from=date(2026, 2, 1), reported_to=date(2026, 1, 1)), 1, 50, "ends"),
        (CaseQuery(text="词 " * 9), 1, 50, "at most"),
        (CaseQuery(), 0, 50, "numbered from 1"),
        (CaseQuery(), 1, 100_000, "numbered from 1"),
        (CaseQuery(), 3, 50, "no page 3"),
    ],
)
def test_malformed_searches_are_refused_with_the_reason(
    engine: Engine, sync: Sync, query: CaseQuery, page: int, size: int, message: str
) -> None:
    sync()
    with pytest.raises(InvalidInput, match=message):
        find_cases(engine, OFFICE_SEARCHES, query, page=page, page_size=size)


def test_an_empty_result_has_one_empty_page(engine: Engine, sync: Sync) -> None:
    sync()
    page = find_cases(engine, OFFICE_SEARCHES, CaseQuery(text="无此词"))
    assert (page.total, page.pages, page.items) == (0, 1, [])
