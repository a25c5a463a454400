"""The Case aggregate's commands: the lifecycle, and every refusal as a clear error."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.case.aggregate import Case
from core.case.statuses import Status
from core.domain.errors import (
    IllegalTransition,
    InvalidInput,
    OutOfJurisdiction,
    PermissionDenied,
    RuleViolation,
    SeparationOfDuties,
)
from core.domain.roles import Actor, Role
from core.domain.values import AccountabilityForm, Origin, Place
from tests.core.conftest import START, Flow

S = Status
OTHER_INSPECTOR = Actor("inspector-2", "jc", Role.INSPECTOR)


# --- the lifecycle, one step per test ----------------------------------------------------------


def test_a_complaint_is_reported_with_an_accept_deadline(flow: Flow) -> None:
    case = flow.reported()
    assert (case.status, case.round, case.responsible_unit) == (S.REPORTED, 1, None)
    assert case.deadline == START.date() + timedelta(days=15)


def test_accepting_starts_the_closing_clock(flow: Flow) -> None:
    case = flow.accepted()
    assert case.status is S.ACCEPTED
    assert case.deadline == START.date() + timedelta(days=60)


def test_transfer_sets_the_responsible_unit(flow: Flow) -> None:
    case = flow.transferred()
    assert case.status is S.TRANSFERRED
    assert case.responsible_unit == "jc.donghu.sthj"
    assert case.deadline == START.date() + timedelta(days=60)


def test_acknowledging_starts_rectifying_and_remembers_the_doer(flow: Flow) -> None:
    case = flow.rectifying()
    assert case.status is S.RECTIFYING
    assert (case.doers, case.doer_units) == (["unit-1"], ["jc.donghu.sthj"])


def test_claiming_completion_requests_acceptance(flow: Flow) -> None:
    case = flow.claimed()
    assert case.status is S.ACCEPTANCE_REQUESTED
    assert case.claim == {"user_id": "unit-1", "unit_id": "jc.donghu.sthj"}
    assert case.inspected_after_claim is False


def test_site_inspection_after_the_claim_is_remembered(flow: Flow) -> None:
    case = flow.claimed()
    flow.inspect(case)
    assert case.inspected_after_claim is True


def test_verifying_records_the_verifier(flow: Flow) -> None:
    case = flow.verified()
    assert case.status is S.VERIFIED
    assert case.verified_by == {"user_id": "inspector-1", "unit_id": "jc.dcz1"}


def test_opening_the_notice_sets_its_last_day(flow: Flow) -> None:
    case = flow.noticed()
    assert case.status is S.PUBLIC_NOTICE
    assert case.notice_ends_on == date(2026, 3, 20)  # opened Sat 14 March, 5 working days


def test_sign_off_keeps_the_notice_open(flow: Flow) -> None:
    case = flow.signed_off()
    assert (case.status, case.signed_off) == (S.PUBLIC_NOTICE, True)


def test_closing_after_sign_off(flow: Flow) -> None:
    assert flow.closed().status is S.CLOSED


def test_rebound_starts_a_new_round(flow: Flow) -> None:
    case = flow.rebounded()
    assert (case.status, case.round) == (S.REBOUNDED, 2)


def test_rebound_resets_the_doers_the_claim_and_the_sign_off(flow: Flow) -> None:
    case = flow.rebounded()
    assert (case.doers, case.doer_units, case.claim) == ([], [], None)
    assert (case.signed_off, case.notice_ends_on, case.evidence_this_round) == (False, None, 0)


def test_acknowledging_a_rebound_resumes_rectifying(flow: Flow) -> None:
    case = flow.rebounded()
    case.acknowledge(flow.ctx(flow.unit, 61))
    assert (case.status, case.round, case.doers) == (S.RECTIFYING, 2, ["unit-1"])


def test_the_whole_lifecycle_passes_through_every_status_in_order(flow: Flow) -> None:
    steps = ["reported", "accepted", "transferred", "rectifying", "claimed", "verified"]
    steps += ["noticed", "closed", "rebounded"]
    seen = [getattr(flow, step)().status for step in steps]
    assert seen == [
        S.REPORTED,
        S.ACCEPTED,
        S.TRANSFERRED,
        S.RECTIFYING,
        S.ACCEPTANCE_REQUESTED,
        S.VERIFIED,
        S.PUBLIC_NOTICE,
        S.CLOSED,
        S.REBOUNDED,
    ]


def test_every_event_carries_its_actor(flow: Flow) -> None:
    case = flow.verified()
    actors = [e.actor.user_id for e in case.collect_events()]
    staff = ["intake-1", "office-1", "unit-1", "unit-1", "unit-1", "inspector-1", "inspector-1"]
    assert actors == ["resident-1", *staff]


# --- refusals ----------------------------------------------------------------------------------


def test_wrong_role_is_denied(flow: Flow) -> None:
    case = flow.reported()
    with pytest.raises(PermissionDenied) as info:
        case.accept(flow.ctx(flow.unit))
    assert type(info.value) is PermissionDenied


def test_a_refused_command_records_nothing(flow: Flow) -> None:
    case = flow.reported()
    with pytest.raises(PermissionDenied):
        case.accept(flow.ctx(flow.unit))
    assert (case.version, case.status) == (1, S.REPORTED)


def test_intake_of_another_district_is_out_of_jurisdiction(flow: Flow) -> None:
    case = flow.reported()
    with pytest.raises(OutOfJurisdiction):
        case.accept(flow.ctx(Actor("intake-2", "jc.xishan", Role.INTAKE)))


def test_another_unit_cannot_acknowledge(flow: Flow) -> None:
    case = flow.transferred()
    with pytest.raises(OutOfJurisdiction):
        case.acknowledge(flow.ctx(Actor("unit-2", "jc.xishan.sthj", Role.UNIT), 2))


def test_verifying_a_case_still_rectifying_is_illegal(flow: Flow) -> None:
    case = flow.rectifying()
    with pytest.raises(IllegalTransition):
        case.verify(flow.ctx(flow.inspector, 5), "Looks fine")


def test_closing_a_verified_case_skips_the_notice_and_is_illegal(flow: Flow) -> None:
    case = flow.verified()
    with pytest.raises(IllegalTransition):
        case.close(flow.ctx(flow.office, 30), "Done")


def test_the_person_who_acknowledged_cannot_verify(flow: Flow) -> None:
    case = flow.claimed()
    flow.inspect(case)
    with pytest.raises(SeparationOfDuties):
        case.verify(flow.ctx(Actor("unit-1", "jc.dcz1", Role.INSPECTOR), 11), "Rectified")


def test_the_person_who_claimed_cannot_fail_the_verification(flow: Flow) -> None:
    case = flow.rectifying()
    flow.attach(case)
    case.claim_completion(flow.ctx(Actor("unit-9", flow.unit_id, Role.UNIT), 10), "Done")
    with pytest.raises(SeparationOfDuties):
        case.fail_verification(flow.ctx(Actor("unit-9", "jc", Role.INSPECTOR), 11), "No")


def test_the_responsible_unit_cannot_verify(flow: Flow) -> None:
    case = flow.claimed()
    flow.inspect(case)
    with pytest.raises(SeparationOfDuties):
        case.verify(flow.ctx(Actor("x", "jc.donghu.sthj", Role.INSPECTOR), 11), "Rectified")


def test_a_unit_below_the_responsible_unit_cannot_verify(flow: Flow) -> None:
    flow.unit_id = "jc.donghu"
    flow.unit = Actor("unit-1", "jc.donghu", Role.UNIT)
    case = flow.claimed()
    flow.inspect(case)
    with pytest.raises(SeparationOfDuties):
        case.verify(flow.ctx(Actor("x", "jc.donghu.hubin", Role.INSPECTOR), 11), "Rectified")


def requested_extension(flow: Flow) -> Case:
    case = flow.rectifying()
    case.request_extension(flow.ctx(flow.unit, 5), 10, "Dredging takes longer")
    return case


@pytest.mark.parametrize("decide", ["grant", "deny"])
def test_the_requester_cannot_decide_its_own_extension(flow: Flow, decide: str) -> None:
    case = requested_extension(flow)
    ctx = flow.ctx(Actor("unit-1", "jc", Role.LEADER), 6)
    with pytest.raises(SeparationOfDuties):
        case.grant_extension(ctx) if decide == "grant" else case.deny_extension(ctx, "No")


@pytest.mark.parametrize("decide", ["grant", "deny"])
def test_the_requesting_unit_cannot_decide_its_extension(flow: Flow, decide: str) -> None:
    case = requested_extension(flow)
    ctx = flow.ctx(Actor("leader-2", "jc.donghu.sthj", Role.LEADER), 6)
    with pytest.raises(SeparationOfDuties):
        case.grant_extension(ctx) if decide == "grant" else case.deny_extension(ctx, "No")


def test_granting_an_extension_moves_the_deadline(flow: Flow) -> None:
    case = requested_extension(flow)
    case.grant_extension(flow.ctx(flow.leader, 6))
    assert case.deadline == START.date() + timedelta(days=70)
    assert (case.extensions_granted, case.extension_request) == (1, None)


def test_the_claimant_cannot_sign_off(flow: Flow) -> None:
    case = flow.noticed()
    with pytest.raises(SeparationOfDuties):
        case.sign_off(flow.ctx(Actor("unit-1", "jc", Role.LEADER), flow.after_notice(case)))


def test_the_claimant_cannot_close(flow: Flow) -> None:
    case = flow.signed_off()
    with pytest.raises(SeparationOfDuties):
        case.close(flow.ctx(Actor("unit-1", "jc", Role.OFFICE), flow.after_notice(case)), "Done")


def test_the_claiming_unit_cannot_close(flow: Flow) -> None:
    case = flow.signed_off()
    office = Actor("office-2", "jc.donghu.sthj", Role.OFFICE)
    with pytest.raises(SeparationOfDuties):
        case.close(flow.ctx(office, flow.after_notice(case)), "Done")


def test_verifying_without_a_site_inspection_is_refused(flow: Flow) -> None:
    case = flow.claimed()
    with pytest.raises(RuleViolation):
        case.verify(flow.ctx(flow.inspector, 11), "Rectified")


def test_a_site_inspection_before_the_claim_does_not_count(flow: Flow) -> None:
    case = flow.rectifying()
    flow.inspect(case, day=4)
    flow.attach(case, day=5)
    case.claim_completion(flow.ctx(flow.unit, 10), "Done")
    with pytest.raises(RuleViolation):
        case.verify(flow.ctx(flow.inspector, 11), "Rectified")


def test_claiming_without_evidence_is_refused(flow: Flow) -> None:
    case = flow.rectifying()
    with pytest.raises(RuleViolation):
        case.claim_completion(flow.ctx(flow.unit, 10), "Done")


def test_sign_off_on_the_last_day_of_the_notice_is_refused(flow: Flow) -> None:
    case = flow.noticed()
    with pytest.raises(RuleViolation):
        case.sign_off(flow.ctx(flow.leader, flow.day_of(case.notice_ends_on)))


def test_sign_off_with_an_open_objection_is_refused(flow: Flow) -> None:
    case = flow.noticed()
    case.raise_objection(flow.ctx(flow.resident, 13), "The water is still black")
    with pytest.raises(RuleViolation):
        case.sign_off(flow.ctx(flow.leader, flow.after_notice(case)))


def test_closing_without_sign_off_is_refused(flow: Flow) -> None:
    case = flow.noticed()
    with pytest.raises(RuleViolation):
        case.close(flow.ctx(flow.office, flow.after_notice(case)), "Done")


def test_closing_with_an_open_measure_is_refused(flow: Flow) -> None:
    case = flow.signed_off()
    with pytest.raises(RuleViolation):
        case.close(flow.ctx(flow.office, flow.after_notice(case)), "Done", open_children=1)


def test_a_second_extension_is_refused(flow: Flow) -> None:
    case = requested_extension(flow)
    case.grant_extension(flow.ctx(flow.leader, 6))
    with pytest.raises(RuleViolation):
        case.request_extension(flow.ctx(flow.unit, 7), 5, "Still dredging")


def test_an_extension_after_the_deadline_is_refused(flow: Flow) -> None:
    case = flow.rectifying()
    late = flow.day_of(case.deadline) + 1
    with pytest.raises(RuleViolation):
        case.request_extension(flow.ctx(flow.unit, late), 10, "Too late")


def test_an_objection_after_the_window_is_refused(flow: Flow) -> None:
    case = flow.noticed()
    with pytest.raises(RuleViolation):
        case.raise_objection(flow.ctx(flow.resident, flow.after_notice(case)), "Still black")


def test_an_objection_on_the_last_day_is_accepted(flow: Flow) -> None:
    case = flow.noticed()
    case.raise_objection(flow.ctx(flow.resident, flow.day_of(case.notice_ends_on)), "Still black")
    assert len(case.open_objections) == 1


def test_residents_report_only_complaints(flow: Flow) -> None:
    with pytest.raises(InvalidInput):
        flow.reported(origin=Origin.SELF_FOUND)


def test_a_measure_needs_a_parent(flow: Flow) -> None:
    with pytest.raises(InvalidInput):
        Case.report(
            flow.ctx(flow.office),
            reference="ZY-CS-2026-0001",
            origin=Origin.MEASURE,
            title="Seal the outfall",
            description="Seal it",
            categories=list(flow.reported().categories),
            place=flow.place,
        )


def test_the_township_must_lie_in_the_district(flow: Flow) -> None:
    with pytest.raises(InvalidInput):
        flow.reported(place=Place(district_id="jc.donghu", township_id="jc.xishan.shiqiao"))


@pytest.mark.parametrize("title", ["", "   "])
def test_an_empty_title_is_refused(flow: Flow, title: str) -> None:
    with pytest.raises(InvalidInput):
        flow.reported(title=title)


# --- parallel tracks and loops -----------------------------------------------------------------


@pytest.mark.parametrize("step", ["reported", "transferred", "claimed", "noticed", "closed"])
def test_accountability_never_moves_the_status(flow: Flow, step: str) -> None:
    case = getattr(flow, step)()
    before = case.status
    ctx = flow.ctx(flow.office, 80)
    ref = case.trigger_accountability(
        ctx, AccountabilityForm.TALK, "jc.donghu.sthj", "Director", "Slow work"
    )
    assert (case.status, case.accountability_open) == (before, [ref])
    case.conclude_accountability(ctx, ref, "Talk held")
    assert (case.status, case.accountability_open) == (before, [])


def test_an_upheld_objection_sends_the_case_back_to_rectifying(flow: Flow) -> None:
    case = flow.noticed()
    objection = case.raise_objection(flow.ctx(flow.resident, 13), "The water is still black")
    case.resolve_objection(flow.ctx(flow.office, 14), objection, True, "Confirmed on site")
    assert (case.status, case.claim, case.notice_ends_on) == (S.RECTIFYING, None, None)


def test_a_dismissed_objection_keeps_the_notice(flow: Flow) -> None:
    case = flow.noticed()
    objection = case.raise_objection(flow.ctx(flow.resident, 13), "The water is still black")
    case.resolve_objection(flow.ctx(flow.office, 14), objection, False, "Not confirmed")
    assert (case.status, case.open_objections) == (S.PUBLIC_NOTICE, [])
