"""Which role may take which action, and where (jurisdiction over the demo org tree)."""

from __future__ import annotations

import itertools

import pytest

from core.case.statuses import Action
from core.domain.errors import OutOfJurisdiction, PermissionDenied
from core.domain.orgunits import OrgTree
from core.domain.roles import REPORTERS, ROLE_ACTIONS, Actor, Role, check_jurisdiction, check_role

TREE = OrgTree.default()


def actor(role: Role, unit_id: str) -> Actor:
    return Actor(user_id=f"{role.value}-1", unit_id=unit_id, role=role)


# --- role -> actions ---------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "action"), list(itertools.product(Role, Action)))
def test_role_may_take_only_its_actions(role: Role, action: Action) -> None:
    who = actor(role, "jc")
    if action in ROLE_ACTIONS[role]:
        check_role(who, action)
    else:
        with pytest.raises(PermissionDenied):
            check_role(who, action)


@pytest.mark.parametrize("action", list(Action))
def test_auditor_can_do_nothing(action: Action) -> None:
    with pytest.raises(PermissionDenied):
        check_role(actor(Role.AUDITOR, "jc"), action)


@pytest.mark.parametrize("role", list(Role))
def test_only_reporters_may_report(role: Role) -> None:
    who = actor(role, "jc")
    if role in REPORTERS:
        check_role(who, "report")
    else:
        with pytest.raises(PermissionDenied):
            check_role(who, "report")


def test_reporters_are_residents_intake_office_and_inspectors() -> None:
    assert {Role.RESIDENT, Role.INTAKE, Role.OFFICE, Role.INSPECTOR} == REPORTERS


@pytest.mark.parametrize(
    ("role", "action"),
    [
        (Role.RESIDENT, Action.ACCEPT),
        (Role.UNIT, Action.VERIFY),
        (Role.UNIT, Action.CLOSE),
        (Role.UNIT, Action.GRANT_EXTENSION),
        (Role.INSPECTOR, Action.CLAIM_COMPLETION),
        (Role.LEADER, Action.CLOSE),
        (Role.OFFICE, Action.VERIFY),
        (Role.INTAKE, Action.TRANSFER),
    ],
)
def test_hand_picked_refusals(role: Role, action: Action) -> None:
    with pytest.raises(PermissionDenied):
        check_role(actor(role, "jc"), action)


@pytest.mark.parametrize(
    ("role", "action"),
    [
        (Role.INTAKE, Action.ACCEPT),
        (Role.OFFICE, Action.TRANSFER),
        (Role.UNIT, Action.CLAIM_COMPLETION),
        (Role.INSPECTOR, Action.VERIFY),
        (Role.LEADER, Action.SIGN_OFF),
        (Role.OFFICE, Action.CLOSE),
        (Role.RESIDENT, Action.RAISE_OBJECTION),
    ],
)
def test_hand_picked_permissions(role: Role, action: Action) -> None:
    check_role(actor(role, "jc"), action)


def test_refusal_names_the_role_and_the_action() -> None:
    with pytest.raises(PermissionDenied, match="the unit role may not verify a case"):
        check_role(actor(Role.UNIT, "jc.donghu.sthj"), Action.VERIFY)


# --- jurisdiction ------------------------------------------------------------------------------

DISTRICT_ROLES = [Role.OFFICE, Role.INTAKE, Role.INSPECTOR]


@pytest.mark.parametrize("role", DISTRICT_ROLES)
@pytest.mark.parametrize("location", ["jc.donghu", "jc.donghu.hubin", "jc.donghu.liyuan"])
def test_district_staff_reach_cases_in_their_district(role: Role, location: str) -> None:
    check_jurisdiction(TREE, actor(role, "jc.donghu"), location, None)


@pytest.mark.parametrize("role", DISTRICT_ROLES)
@pytest.mark.parametrize("location", ["jc.xishan", "jc.xishan.shiqiao", "jc.qingfeng.baihe", "jc"])
def test_district_staff_do_not_reach_other_districts(role: Role, location: str) -> None:
    with pytest.raises(OutOfJurisdiction):
        check_jurisdiction(TREE, actor(role, "jc.donghu"), location, None)


def test_district_staff_reach_a_case_transferred_to_a_unit_below_them() -> None:
    check_jurisdiction(TREE, actor(Role.OFFICE, "jc.donghu"), "jc.xishan", "jc.donghu.sthj")


@pytest.mark.parametrize("role", [Role.OFFICE, Role.INTAKE, Role.INSPECTOR, Role.LEADER])
@pytest.mark.parametrize(
    "location", ["jc", "jc.donghu.hubin", "jc.xishan.yunling", "jc.baishi.dashan", "jc.kfq"]
)
def test_the_city_reaches_every_case(role: Role, location: str) -> None:
    check_jurisdiction(TREE, actor(role, "jc"), location, None)


@pytest.mark.parametrize("location", ["jc.donghu", "jc.donghu.guanshan"])
def test_inspection_group_reaches_the_district_it_covers(location: str) -> None:
    check_jurisdiction(TREE, actor(Role.INSPECTOR, "jc.dcz1"), location, None)


@pytest.mark.parametrize("location", ["jc.xishan", "jc.xishan.fenghuang", "jc.nanhe.binjiang"])
def test_inspection_group_does_not_reach_other_districts(location: str) -> None:
    with pytest.raises(OutOfJurisdiction):
        check_jurisdiction(TREE, actor(Role.INSPECTOR, "jc.dcz1"), location, None)


@pytest.mark.parametrize("responsible", ["jc.donghu.sthj", "jc.donghu.hubin", "jc.donghu"])
def test_unit_reaches_cases_transferred_within_it(responsible: str) -> None:
    check_jurisdiction(TREE, actor(Role.UNIT, "jc.donghu"), "jc.donghu.hubin", responsible)


@pytest.mark.parametrize("responsible", ["jc.xishan.sthj", "jc", "jc.sthj", None])
def test_unit_does_not_reach_cases_of_other_units(responsible: str | None) -> None:
    with pytest.raises(OutOfJurisdiction):
        check_jurisdiction(TREE, actor(Role.UNIT, "jc.donghu"), "jc.donghu.hubin", responsible)


def test_unit_is_not_reached_by_the_location_alone() -> None:
    with pytest.raises(OutOfJurisdiction):
        check_jurisdiction(TREE, actor(Role.UNIT, "jc.donghu.hubin"), "jc.donghu.hubin", "jc.sthj")


def test_unit_below_does_not_reach_a_case_of_its_parent() -> None:
    with pytest.raises(OutOfJurisdiction):
        check_jurisdiction(TREE, actor(Role.UNIT, "jc.donghu.sthj"), "jc.donghu", "jc.donghu")


def test_out_of_jurisdiction_is_a_permission_denied() -> None:
    assert issubclass(OutOfJurisdiction, PermissionDenied)


def test_out_of_jurisdiction_names_the_unit() -> None:
    with pytest.raises(OutOfJurisdiction, match="东湖区"):
        check_jurisdiction(TREE, actor(Role.INTAKE, "jc.donghu"), "jc.xishan", None)
