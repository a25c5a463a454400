"""A new attempt at the rectification (after an upheld objection or a rebound) starts clean:
a claim needs the unit's own new evidence, and the extension allowance starts again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.domain.errors import RuleViolation
from tests.core.conftest import START, Flow


def test_evidence_from_someone_other_than_the_unit_does_not_back_a_claim(flow: Flow) -> None:
    case = flow.rectifying()
    flow.attach(case, actor=flow.inspector)
    with pytest.raises(RuleViolation, match="attach evidence"):
        case.claim_completion(flow.ctx(flow.unit, 10), "Done", True)


def test_after_an_upheld_objection_a_new_claim_needs_new_evidence(flow: Flow) -> None:
    case = flow.noticed()
    objection = case.raise_objection(flow.ctx(flow.resident, 13), "The water is still black")
    case.resolve_objection(flow.ctx(flow.office, 14), objection, True, "Confirmed on site")
    with pytest.raises(RuleViolation, match="attach evidence"):
        case.claim_completion(flow.ctx(flow.unit, 15), "Done again", True)
    flow.attach(case, day=15)
    case.claim_completion(flow.ctx(flow.unit, 15), "Done again", True)
    assert case.status == "acceptance_requested"


def test_a_rebound_gives_the_new_round_its_own_extension(flow: Flow) -> None:
    case = flow.transferred()
    case.request_extension(flow.ctx(flow.unit, 2), 10, "Rain")
    case.grant_extension(flow.ctx(flow.office, 3))
    assert case.extensions_granted == 1
    case.acknowledge(flow.ctx(flow.unit, 4))
    flow.attach(case, day=5)
    case.claim_completion(flow.ctx(flow.unit, 10), "Sealed", True)
    flow.inspect(case)
    case.verify(flow.ctx(flow.inspector, 11), "Rectified")
    case.open_public_notice(flow.ctx(flow.office, 12), "Notice", 5)
    day = flow.after_notice(case)
    case.sign_off(flow.ctx(flow.leader, day))
    case.close(flow.ctx(flow.office, day), "Closed")
    case.rebound(flow.ctx(flow.inspector, 60), "Back again", "look_back")
    case.transfer(flow.ctx(flow.office, 61), flow.unit_id, START.date() + timedelta(days=90))
    case.request_extension(flow.ctx(flow.unit, 62), 10, "New works")
    assert case.extension_request is not None and case.round == 2


def test_a_rebound_clears_the_old_deadline_until_the_new_transfer(flow: Flow) -> None:
    case = flow.rebounded()
    assert case.deadline is None and not case.is_overdue(START.date() + timedelta(days=400))
    case.transfer(flow.ctx(flow.office, 61), flow.unit_id, START.date() + timedelta(days=90))
    assert case.deadline == START.date() + timedelta(days=90)


def test_a_typical_case_needs_a_second_official_to_approve_it(flow: Flow) -> None:
    from core.domain.errors import SeparationOfDuties
    from core.domain.roles import Actor, Role

    case = flow.closed()
    ctx = flow.ctx(flow.office, 70)
    with pytest.raises(RuleViolation, match="no typical-case proposal"):
        case.approve_typical_case(ctx, "典型案例", "经查属实，已整改。")
    case.propose_typical_case(ctx, "典型案例", "经查属实，已整改。")
    assert case.typical_proposal is not None and not case.typical_case
    with pytest.raises(SeparationOfDuties, match="propose and approve"):
        case.approve_typical_case(ctx, "典型案例", "经查属实，已整改。")
    second = flow.ctx(Actor("office-2", "jc", Role.OFFICE), 71)
    case.approve_typical_case(second, "典型案例", "经查属实，已整改并公开。")
    assert case.typical_case and case.typical_proposal is None
