"""Registration by the desk and the office on a real store (SQLite and PostgreSQL): channels, the
time of receipt, a platform's own number registered once, deadlines, jurisdiction."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest

from core.case.aggregate import Case
from core.domain.errors import InvalidInput, OutOfJurisdiction, PermissionDenied
from core.domain.roles import Actor, Role
from core.domain.values import Category, Channel, Origin, Place
from core.service.application import Ducha
from core.service.contacts import Contact
from tests.conftest import Clock
from tests.helpers import INTAKE, LEADER, OFFICE, PLACE, RESIDENT, UNIT, report

DONGHU_INTAKE = Actor("li", "jc.donghu", Role.INTAKE)
XISHAN = Place("jc.xishan", None, "西山路 3 号")


def register(ducha: Ducha, actor: Actor = INTAKE, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "origin": Origin.RESIDENT_COMPLAINT,
        "title": "夜间排放异味",
        "description": "工厂夜间排放刺激性气味。",
        "categories": [Category.AIR],
        "place": PLACE,
        "channel": Channel.PHONE,
    }
    return ducha.report(actor, **{**fields, **overrides})


def test_a_phone_complaint_keeps_its_channel_and_the_day_it_came_in(
    ducha: Ducha, clock: Clock
) -> None:
    received = clock.now - timedelta(days=2, hours=3)
    contact = Contact(name="张三", phone="13800001111")
    receipt = register(ducha, received_at=received, contact=contact)
    case = ducha.get(receipt.case_id)
    assert case.channel == "phone" and case.status == "reported"
    reported = ducha.history(receipt.case_id)[0]
    assert reported.effective_date == received.date()  # type: ignore[attr-defined]
    assert receipt.tracking_secret and receipt.created
    assert "13800001111" not in repr(vars(reported))


def test_a_portal_report_is_recorded_as_coming_through_the_portal(ducha: Ducha) -> None:
    assert ducha.get(report(ducha).case_id).channel == "portal"


def test_a_time_of_receipt_in_the_future_is_refused(ducha: Ducha, clock: Clock) -> None:
    with pytest.raises(InvalidInput, match="cannot lie in the future"):
        register(ducha, received_at=clock.now + timedelta(minutes=5))


def test_a_complaint_registered_by_the_desk_says_how_it_came_in(ducha: Ducha) -> None:
    with pytest.raises(InvalidInput, match="how the complaint came in"):
        register(ducha, channel=None)


def test_an_inspection_problem_has_no_channel(ducha: Ducha) -> None:
    with pytest.raises(InvalidInput, match="only complaints and petitions"):
        register(ducha, OFFICE, origin=Origin.CENTRAL_FEEDBACK)


def test_a_transfer_from_a_platform_needs_the_platforms_number(ducha: Ducha) -> None:
    with pytest.raises(InvalidInput, match="platform's own number"):
        register(ducha, channel=Channel.HOTLINE_12369, external_ref="  ")


def test_the_same_platform_number_registers_one_case(ducha: Ducha) -> None:
    first = register(ducha, channel=Channel.HOTLINE_12345, external_ref="SX2026110200017")
    again = register(
        ducha,
        channel=Channel.HOTLINE_12345,
        external_ref="SX2026110200017",
        contact=Contact(phone="13900002222"),
    )
    assert (again.case_id, again.created, again.tracking_secret) == (first.case_id, False, None)
    assert len(ducha.history(first.case_id)) == 1
    other_channel = register(ducha, channel=Channel.HOTLINE_12369, external_ref="SX2026110200017")
    assert other_channel.created and other_channel.case_id != first.case_id


def test_two_desks_registering_the_same_platform_number_at_once_make_one_case(
    ducha: Ducha,
) -> None:
    barrier, out = threading.Barrier(4), []

    def desk() -> None:
        barrier.wait()
        out.append(register(ducha, channel=Channel.HOTLINE_12369, external_ref="D3SX0001"))

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r.case_id for r in out}) == 1
    assert sorted(r.created for r in out) == [False, False, False, True]


def test_the_office_registers_a_problem_with_its_number_and_deadline(
    ducha: Ducha, clock: Clock
) -> None:
    due = clock.now.date() + timedelta(days=90)
    receipt = register(
        ducha,
        OFFICE,
        origin=Origin.CENTRAL_FEEDBACK,
        channel=None,
        external_ref="第二轮反馈第7项",
        deadline=due,
    )
    case = ducha.get(receipt.case_id)
    assert (case.status, case.deadline, case.external_ref) == ("accepted", due, "第二轮反馈第7项")
    assert case.channel is None and receipt.tracking_secret is None
    measure = ducha.add_measure(
        OFFICE, receipt.case_id, title="截污纳管", description="完成截污。", deadline=due
    )
    assert ducha.get(measure.case_id).deadline == due


def test_a_deadline_in_the_past_is_refused(ducha: Ducha, clock: Clock) -> None:
    with pytest.raises(InvalidInput, match="deadline must lie in the future"):
        register(ducha, OFFICE, origin=Origin.SELF_FOUND, channel=None, deadline=date(2026, 1, 1))


@pytest.mark.parametrize("actor", [UNIT, LEADER, Actor("a", "jc", Role.AUDITOR)])
def test_roles_that_do_not_register_are_refused(ducha: Ducha, actor: Actor) -> None:
    with pytest.raises(PermissionDenied):
        register(ducha, actor)


def test_a_desk_registers_only_inside_its_jurisdiction(ducha: Ducha) -> None:
    with pytest.raises(OutOfJurisdiction):
        register(ducha, DONGHU_INTAKE, place=XISHAN)
    assert register(ducha, DONGHU_INTAKE).created


def test_a_refused_registration_keeps_no_contact_and_no_event(ducha: Ducha) -> None:
    with pytest.raises(OutOfJurisdiction):
        register(ducha, DONGHU_INTAKE, place=XISHAN, contact=Contact(name="李四"))
    assert ducha.contacts is not None
    with ducha.contacts.engine.connect() as conn:  # type: ignore[attr-defined]
        from stores.contacts import contacts_table

        assert conn.execute(contacts_table.select()).all() == []
    assert ducha.recorder.max_notification_id() in (None, 0)  # type: ignore[attr-defined]


def test_a_report_recorded_before_channels_reads_without_one(ducha: Ducha) -> None:
    state: dict[str, Any] = {"title": "旧举报"}
    Case.Reported.upcast_v1_v2(state)  # type: ignore[attr-defined]
    assert state == {"title": "旧举报", "channel": None}
    case = ducha.get(report(ducha).case_id)
    del case.__dict__["channel"]  # a snapshot taken before channels were recorded
    assert case.channel is None


def test_residents_still_report_only_complaints(ducha: Ducha) -> None:
    with pytest.raises(InvalidInput):
        register(ducha, RESIDENT, origin=Origin.ON_SITE, channel=None)


def test_material_comes_with_a_report_only_while_it_is_registered(ducha: Ducha) -> None:
    from core.domain.errors import RuleViolation
    from core.domain.values import Evidence, EvidenceKind

    case = ducha.get(register(ducha).case_id)
    photo = Evidence("ab" * 32, "image/jpeg", 100, EvidenceKind.BEFORE)
    with pytest.raises(RuleViolation, match="only while it is registered"):
        case.attach_reported(ducha.context(INTAKE), photo)
