"""What a resident adds to a case: photos with the report, material while the case is open."""

from __future__ import annotations

import pytest

from core.case.statuses import Status
from core.domain.errors import InvalidInput, RuleViolation
from tests.core.conftest import SHA, Flow


def test_a_resident_attaches_photos_while_the_case_is_only_reported(flow: Flow) -> None:
    case = flow.reported()
    flow.attach(case, actor=flow.resident, day=0)
    assert case.status is Status.REPORTED and case.version == 2
    assert case.evidence_this_round == 0  # a resident's photo never backs a unit's claim
    assert SHA


def test_a_resident_adds_material_as_a_private_note(flow: Flow) -> None:
    case = flow.accepted()
    case.post_note(flow.ctx(flow.resident), "The smell is worse at night.")
    assert case.version == 3


def test_a_resident_note_cannot_be_public(flow: Flow) -> None:
    case = flow.accepted()
    with pytest.raises(InvalidInput, match="not published"):
        case.post_note(flow.ctx(flow.resident), "Please publish this", public=True)


def test_no_material_after_closing(flow: Flow) -> None:
    case = flow.closed()
    with pytest.raises(RuleViolation, match="while the case is open"):
        case.post_note(flow.ctx(flow.resident, 40), "It is back")
