"""The one pipeline of case actions (admin.cases.pipeline.perform), without a web front end: it
records an action, turns fields left out into the domain's values, and each refusal (unknown
action or case, wrong unit or role, stale version, illegal transition, a domain rule) is a
DomainError that leaves no new event."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from admin.cases.pipeline import ActionResult, UnknownAction, perform
from core.domain.errors import (
    CaseNotFound,
    ConcurrentModification,
    DomainError,
    IllegalTransition,
    InvalidInput,
    OutOfJurisdiction,
    PermissionDenied,
)
from core.domain.roles import Actor, Role
from core.service.application import Ducha
from tests.admin.casework import events, new_case
from tests.conftest import Clock
from tests.helpers import INSPECTOR, INTAKE, OFFICE, UNIT, drive

XISHAN_INTAKE = Actor("u-xishan", "jc.xishan", Role.INTAKE)


def test_an_action_is_recorded_and_its_result_returned(ducha: Ducha) -> None:
    case_id, reference = new_case(ducha)
    result = perform(ducha, INTAKE, reference, "decline", {"reason": " 不属于环保问题 "}, 1)
    assert result == ActionResult(reference, "decline", result.notification_id, 2)
    assert events(ducha, case_id) == ["Reported", "Declined"]
    declined = ducha.history(case_id)[-1]
    assert (declined.reason, declined.referral) == ("不属于环保问题", "")  # type: ignore[attr-defined]


def test_optional_fields_left_out_or_none_take_the_domains_defaults(ducha: Ducha) -> None:
    case_id, reference = new_case(ducha)
    ducha.accept(INTAKE, case_id)
    fields: dict[str, Any] = {"unit": "jc.donghu.hubin", "deadline": None, "instructions": None}
    perform(ducha, OFFICE, reference, "transfer", fields, 2)
    transferred = ducha.history(case_id)[-1]
    assert type(transferred).__name__ == "Transferred"
    assert transferred.instructions == ""  # type: ignore[attr-defined]
    assert transferred.deadline > date(2026, 11, 2)  # type: ignore[attr-defined]
    perform(ducha, UNIT, reference, "acknowledge", {}, 3)
    assert events(ducha, case_id)[-1] == "Acknowledged"


@pytest.mark.parametrize(
    ("actor", "action", "fields", "version", "refusal"),
    [
        (INTAKE, "teleport", {}, 1, UnknownAction),
        (OFFICE, "accept", {}, 1, PermissionDenied),  # the office does not accept
        (XISHAN_INTAKE, "accept", {}, 1, OutOfJurisdiction),
        (INTAKE, "accept", {}, 0, ConcurrentModification),
        (INTAKE, "verify", {"opinion": "通过"}, 1, PermissionDenied),
        (INSPECTOR, "verify", {"opinion": "通过"}, 1, IllegalTransition),
        (INTAKE, "decline", {"reason": "  "}, 1, InvalidInput),  # the domain's own rule
        (INTAKE, "merge", {"into": "GZ-20990101-0001"}, 1, InvalidInput),
    ],
    ids=[
        "unknown-action",
        "wrong-role",
        "outside-the-jurisdiction",
        "stale-version",
        "role-before-status",
        "illegal-transition",
        "domain-rule",
        "merge-into-nothing",
    ],
)
def test_a_refusal_is_a_domain_error_and_records_nothing(
    ducha: Ducha,
    actor: Actor,
    action: str,
    fields: dict[str, Any],
    version: int,
    refusal: type[DomainError],
) -> None:
    case_id, reference = new_case(ducha)
    with pytest.raises(refusal) as raised:
        perform(ducha, actor, reference, action, fields, version)
    assert type(raised.value) is refusal
    assert raised.value.message
    assert events(ducha, case_id) == ["Reported"]


def test_a_stale_version_names_both_versions(ducha: Ducha) -> None:
    case_id, reference = new_case(ducha)
    ducha.post_note(INTAKE, case_id, "已联系")
    with pytest.raises(ConcurrentModification, match="changed since version 1 \\(now 2\\)"):
        perform(ducha, INTAKE, reference, "accept", {}, 1)
    assert events(ducha, case_id) == ["Reported", "NotePosted"]


def test_an_unknown_case_is_case_not_found(ducha: Ducha) -> None:
    with pytest.raises(CaseNotFound):
        perform(ducha, INTAKE, "GZ-20990101-0009", "accept", {}, 1)


def test_an_upload_action_without_files_is_refused(ducha: Ducha, clock: Clock) -> None:
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="rectifying")
    before = events(ducha, case_id)
    with pytest.raises(InvalidInput, match="at least one photo"):
        perform(ducha, UNIT, reference, "attach_evidence", {}, len(before))
    assert events(ducha, case_id) == before
