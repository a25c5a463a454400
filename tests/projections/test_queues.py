"""Work queues per role, limited to the actor's jurisdiction, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest
from sqlalchemy import Engine

from core.domain.errors import InvalidInput, PermissionDenied
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role
from core.service.application import Ducha
from core.settings import Settings
from projections.cases.queues import queue_counts, queue_names_for, work_queue
from tests.conftest import Clock
from tests.helpers import INSPECTOR, INTAKE, LEADER, OFFICE, UNIT, drive, report
from tests.projections.readside import XISHAN, ReadSide, days_after, new_case

TODAY = date(2026, 11, 2)
TREE = OrgTree.default()
XISHAN_INTAKE = Actor("x", "jc.xishan", Role.INTAKE)
XISHAN_OFFICE = Actor("x", "jc.xishan", Role.OFFICE)
XISHAN_UNIT = Actor("x", "jc.xishan.fenghuang", Role.UNIT)
DONGHU_DISTRICT_UNIT = Actor("d", "jc.donghu", Role.UNIT)
XISHAN_GROUP = Actor("x", "jc.dcz2", Role.INSPECTOR)
XISHAN_LEADER = Actor("x", "jc.xishan", Role.LEADER)


@pytest.fixture
def read_side(ducha: Ducha, settings: Settings) -> Iterator[ReadSide]:
    side = ReadSide(ducha, settings)
    yield side
    side.close()


def ids(engine: Engine, actor: Actor, queue: str, today: date = TODAY) -> list[UUID]:
    return [row.case_id for row in work_queue(engine, TREE, actor, queue, today).items]


def case_at(ducha: Ducha, clock: Clock, until: str) -> UUID:
    case_id = report(ducha).case_id
    drive(ducha, case_id, clock, until=until)
    return case_id


def test_queue_names_follow_the_role() -> None:
    assert queue_names_for(Role.LEADER) == ["extensions_to_decide", "awaiting_sign_off", "overdue"]
    assert queue_names_for(Role.UNIT) == ["to_acknowledge", "in_rectification", "overdue"]
    assert queue_names_for(Role.RESIDENT) == []


def test_intake_sees_a_new_complaint(ducha: Ducha, read_side: ReadSide) -> None:
    case_id = report(ducha).case_id
    new_case(ducha, "已登记问题")  # registered by staff: accepted at once
    engine = read_side.refresh()
    assert ids(engine, INTAKE, "new_complaints") == [case_id]


def test_intake_of_another_district_sees_nothing(ducha: Ducha, read_side: ReadSide) -> None:
    report(ducha)
    engine = read_side.refresh()
    assert ids(engine, XISHAN_INTAKE, "new_complaints") == []


def test_office_sees_an_accepted_case_to_transfer(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = case_at(ducha, clock, "accepted")
    report(ducha)
    engine = read_side.refresh()
    assert ids(engine, OFFICE, "to_transfer") == [case_id]
    assert ids(engine, XISHAN_OFFICE, "to_transfer") == []


def test_office_sees_a_submitted_plan(ducha: Ducha, read_side: ReadSide, clock: Clock) -> None:
    case_id = case_at(ducha, clock, "plan")
    case_at(ducha, clock, "approved")
    engine = read_side.refresh()
    assert ids(engine, OFFICE, "plans_to_approve") == [case_id]


def test_office_and_leader_see_a_pending_extension(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = case_at(ducha, clock, "rectifying")
    case_at(ducha, clock, "rectifying")
    ducha.request_extension(UNIT, case_id, 10, "汛期施工受限")
    engine = read_side.refresh()
    seen = [ids(engine, actor, "extensions_to_decide") for actor in (OFFICE, LEADER)]
    assert seen == [[case_id], [case_id]]


def test_a_decided_extension_leaves_the_queue(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = case_at(ducha, clock, "rectifying")
    ducha.request_extension(UNIT, case_id, 10, "汛期施工受限")
    ducha.grant_extension(OFFICE, case_id)
    engine = read_side.refresh()
    assert ids(engine, OFFICE, "extensions_to_decide") == []


def test_office_sees_open_notices_and_those_ready_to_close(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    open_notice = case_at(ducha, clock, "public_notice")
    signed = case_at(ducha, clock, "signed")
    engine = read_side.refresh()
    assert set(ids(engine, OFFICE, "open_notices")) == {open_notice, signed}
    assert ids(engine, OFFICE, "ready_to_close") == [signed]


def test_the_responsible_unit_sees_a_transfer_to_acknowledge(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = case_at(ducha, clock, "transferred")
    case_at(ducha, clock, "accepted")
    engine = read_side.refresh()
    assert ids(engine, UNIT, "to_acknowledge") == [case_id]


def test_a_unit_above_the_responsible_unit_sees_its_transfers(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = case_at(ducha, clock, "transferred")
    engine = read_side.refresh()
    assert ids(engine, DONGHU_DISTRICT_UNIT, "to_acknowledge") == [case_id]


def test_another_unit_sees_nothing_of_a_transfer(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_at(ducha, clock, "transferred")
    engine = read_side.refresh()
    assert ids(engine, XISHAN_UNIT, "to_acknowledge") == []


def test_a_rebounded_case_waits_for_the_unit_again(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = case_at(ducha, clock, "rebounded")
    engine = read_side.refresh()
    assert ids(engine, UNIT, "to_acknowledge") == [case_id]


def test_the_unit_sees_its_cases_in_rectification(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = case_at(ducha, clock, "rectifying")
    case_at(ducha, clock, "transferred")
    engine = read_side.refresh()
    assert ids(engine, UNIT, "in_rectification") == [case_id]


def test_the_covering_inspection_group_sees_a_claimed_completion(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = case_at(ducha, clock, "acceptance_requested")
    engine = read_side.refresh()
    assert ids(engine, INSPECTOR, "awaiting_acceptance") == [case_id]
    assert ids(engine, XISHAN_GROUP, "awaiting_acceptance") == []


def test_the_leader_sees_a_closure_once_the_notice_window_ended(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = case_at(ducha, clock, "public_notice")
    engine = read_side.refresh()
    (row,) = work_queue(engine, TREE, OFFICE, "open_notices", TODAY).items
    assert row.notice_ends_on is not None
    assert ids(engine, LEADER, "awaiting_sign_off", row.notice_ends_on) == []
    assert ids(engine, LEADER, "awaiting_sign_off", days_after(row.notice_ends_on, 1)) == [case_id]


def test_an_open_objection_keeps_the_closure_from_the_leader(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_id = case_at(ducha, clock, "public_notice")
    ducha.raise_objection(INTAKE, case_id, "河道仍有异味")
    clock.advance(days=10)
    engine = read_side.refresh()
    assert ids(engine, LEADER, "awaiting_sign_off", clock.now.date()) == []


def test_a_signed_off_closure_leaves_the_leaders_queue(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_at(ducha, clock, "signed")
    engine = read_side.refresh()
    assert ids(engine, LEADER, "awaiting_sign_off", clock.now.date()) == []


def test_the_leader_of_another_district_sees_no_closure(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_at(ducha, clock, "public_notice")
    clock.advance(days=10)
    engine = read_side.refresh()
    assert ids(engine, XISHAN_LEADER, "awaiting_sign_off", clock.now.date()) == []


def test_every_staff_role_sees_overdue_cases_in_its_jurisdiction(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    late = case_at(ducha, clock, "transferred")
    clock.advance(days=120)
    report(ducha)  # its deadline lies ahead
    engine = read_side.refresh()
    today = clock.now.date()
    actors = (INTAKE, OFFICE, UNIT, INSPECTOR, LEADER, Actor("a", "jc", Role.AUDITOR))
    assert [ids(engine, actor, "overdue", today) for actor in actors] == [[late]] * 6
    assert ids(engine, XISHAN_OFFICE, "overdue", today) == []


def test_counts_cover_every_queue_of_the_role(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_at(ducha, clock, "accepted")
    case_at(ducha, clock, "accepted")
    case_at(ducha, clock, "plan")
    new_case(ducha, "西山问题", place=XISHAN)  # accepted, but outside jc.donghu
    engine = read_side.refresh()
    counts = queue_counts(engine, TREE, Actor("o", "jc.donghu", Role.OFFICE), TODAY)
    assert counts == {
        "to_transfer": 2,
        "plans_to_approve": 1,
        "extensions_to_decide": 0,
        "open_notices": 0,
        "ready_to_close": 0,
        "overdue": 0,
    }


def test_counts_agree_with_the_queue_totals(
    ducha: Ducha, read_side: ReadSide, clock: Clock
) -> None:
    case_at(ducha, clock, "transferred")
    case_at(ducha, clock, "rectifying")
    clock.advance(days=120)
    engine = read_side.refresh()
    today = clock.now.date()
    counts = queue_counts(engine, TREE, UNIT, today)
    totals = {
        name: work_queue(engine, TREE, UNIT, name, today).total
        for name in queue_names_for(Role.UNIT)
    }
    assert counts == totals == {"to_acknowledge": 1, "in_rectification": 1, "overdue": 2}


def test_a_resident_has_no_queues(read_side: ReadSide) -> None:
    engine = read_side.refresh()
    assert queue_counts(engine, TREE, Actor("p", "jc", Role.RESIDENT), TODAY) == {}


def test_an_unknown_queue_is_refused(read_side: ReadSide) -> None:
    with pytest.raises(InvalidInput):
        work_queue(read_side.refresh(), TREE, OFFICE, "everything", TODAY)


def test_a_queue_of_another_role_is_refused(read_side: ReadSide) -> None:
    with pytest.raises(PermissionDenied):
        work_queue(read_side.refresh(), TREE, OFFICE, "to_acknowledge", TODAY)


def test_queue_pages_hold_page_size_rows(ducha: Ducha, read_side: ReadSide) -> None:
    for n in range(3):
        report(ducha, title=f"投诉{n}")
    engine = read_side.refresh()
    page = work_queue(engine, TREE, INTAKE, "new_complaints", TODAY, page=2, page_size=2)
    assert ([r.title for r in page.items], page.total) == (["投诉0"], 3)
