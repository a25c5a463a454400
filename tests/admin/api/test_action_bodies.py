"""Every action of the staff API with the least it needs: only its required fields work (or,
for an action that needs files, are refused in words), an optional field sent as null is a 400
naming it, and values of the wrong JSON type are refused instead of coerced."""

from __future__ import annotations

from typing import Any

import pytest

from admin.api.action_schemas import ACTION_SCHEMAS, NULL_REFUSED
from admin.cases.actions import REGISTRY
from core.domain.orgunits import OrgTree
from core.service.application import Ducha
from tests.admin.api.conftest import Staff, refused
from tests.admin.casework import events, new_case
from tests.admin.test_actions import SCENARIOS
from tests.conftest import Clock
from tests.helpers import INTAKE, drive

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
TREE = OrgTree.default()
BY_ACTION = {scenario[0]: scenario for scenario in SCENARIOS}


def required(action: str) -> set[str]:
    return {name for name, f in ACTION_SCHEMAS[action](TREE).fields.items() if f.required}


def optional(action: str) -> list[str]:
    return sorted(set(ACTION_SCHEMAS[action](TREE).fields) - required(action))


def test_every_action_takes_a_body_of_only_its_required_fields(
    ducha: Ducha, clock: Clock, staff: dict[str, Staff]
) -> None:
    for ui in REGISTRY:
        if ui.name not in BY_ACTION:  # only attach_evidence: it needs files
            assert ui.name == "attach_evidence"
            case_id, reference = new_case(ducha)
            drive(ducha, case_id, clock, until="rectifying")
            before = events(ducha, case_id)
            body = {"version": len(before)}
            message = refused(staff["zhao"].act(reference, ui.name, body), 400, "invalid_input")
            assert "photo" in message and events(ducha, case_id) == before
            continue
        action, who, setup, data, event = BY_ACTION[ui.name]
        case_id, reference = new_case(ducha)
        given = {**data, **setup(ducha, clock, case_id)}
        body = {name: given[name] for name in required(action) - {"version"}}
        body["version"] = ducha.get(case_id).version
        response = staff[who].act(reference, action, body)
        assert response.status_code == 200, (action, body, response.data)
        assert events(ducha, case_id)[-1] == event, action


def test_a_transfer_without_instructions_is_recorded(ducha: Ducha, staff: dict[str, Staff]) -> None:
    case_id, reference = new_case(ducha)
    ducha.accept(INTAKE, case_id)
    body = {"unit": "jc.donghu.hubin", "version": 2}
    assert staff["wang"].act(reference, "transfer", body).status_code == 200
    assert events(ducha, case_id) == ["Reported", "Accepted", "Transferred"]


def _placeholders(action: str) -> dict[str, Any]:
    """Well-shaped values of the required fields (the scenario's, or a text)."""
    data = BY_ACTION[action][3] if action in BY_ACTION else {}
    return {name: data.get(name, "x") for name in required(action) - {"version"}}


@pytest.mark.parametrize(
    ("action", "field"),
    [(ui.name, field) for ui in REGISTRY for field in optional(ui.name)],
)
def test_an_optional_field_sent_as_null_is_a_400_naming_it(
    ducha: Ducha, staff: dict[str, Staff], action: str, field: str
) -> None:
    case_id, reference = new_case(ducha)
    body = {**_placeholders(action), field: None, "version": 1}
    message = refused(staff["wang"].act(reference, action, body), 400, "invalid_input")
    assert message == f"{field}: {NULL_REFUSED}"
    assert events(ducha, case_id) == ["Reported"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"note": ["a"], "version": 1}, "note: Not a valid string."),
        ({"version": True}, "version: Not a valid integer."),
        ({"version": 1.0}, "version: Not a valid integer."),
        ({"version": 1, "priority": "high"}, "priority: Unknown field."),
    ],
    ids=["list-as-text", "boolean-as-integer", "fraction-as-integer", "unknown-field"],
)
def test_values_of_the_wrong_type_are_400_and_nothing_is_recorded(
    ducha: Ducha, staff: dict[str, Staff], body: dict[str, Any], message: str
) -> None:
    case_id, reference = new_case(ducha)
    assert refused(staff["li"].act(reference, "accept", body), 400, "invalid_input") == message
    assert events(ducha, case_id) == ["Reported"]
