"""Roles, the actor of a command, and which role may take which action where.

A role is granted on an org unit; the grant's unit is also the unit the actor acts for, and its
subtree (plus the districts an inspection group covers) is the actor's jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.case.statuses import Action
from core.domain.errors import OutOfJurisdiction, PermissionDenied
from core.domain.orgunits import OrgTree


class Role(StrEnum):
    """Who acts on a case."""

    RESIDENT = "resident"  # 群众: the public portal, acting for a resident
    INTAKE = "intake"  # 受理
    OFFICE = "office"  # 督察整改办
    UNIT = "unit"  # 责任单位
    INSPECTOR = "inspector"  # 督查组 / 验收单位
    LEADER = "leader"  # 领导
    AUDITOR = "auditor"  # 审计 / 纪检: reads, never writes


@dataclass(frozen=True)
class Actor:
    """Who records an event: a user, acting in one role for one org unit."""

    user_id: str
    unit_id: str
    role: Role

    def as_dict(self) -> dict[str, str]:
        return {"user_id": self.user_id, "unit_id": self.unit_id, "role": self.role.value}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Actor:
        return cls(user_id=data["user_id"], unit_id=data["unit_id"], role=Role(data["role"]))


A = Action
_STAFF_NOTE = frozenset({A.POST_NOTE})

#: Role -> the actions it may take. "report" (creating a case) is handled by REPORTERS.
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.RESIDENT: frozenset(
        {A.LINK_COMPLAINT, A.RAISE_OBJECTION, A.GIVE_FEEDBACK, A.ATTACH_EVIDENCE, A.POST_NOTE}
    ),
    Role.INTAKE: frozenset(
        {A.ACCEPT, A.DECLINE, A.MERGE, A.LINK_COMPLAINT, A.RAISE_OBJECTION, A.RECORD_CONTACT}
    )
    | _STAFF_NOTE,
    Role.OFFICE: frozenset(
        {
            A.MERGE,
            A.LINK_COMPLAINT,
            A.TRANSFER,
            A.APPROVE_PLAN,
            A.RETURN_PLAN,
            A.GRANT_EXTENSION,
            A.DENY_EXTENSION,
            A.OPEN_PUBLIC_NOTICE,
            A.UPHOLD_OBJECTION,
            A.DISMISS_OBJECTION,
            A.CLOSE,
            A.REBOUND,
            A.TRIGGER_ACCOUNTABILITY,
            A.CONCLUDE_ACCOUNTABILITY,
            A.PROPOSE_TYPICAL_CASE,
            A.PUBLISH_TYPICAL_CASE,
            A.ADD_MEASURE,
            A.PRINT_PAPER,
        }
    )
    | _STAFF_NOTE,
    Role.UNIT: frozenset(
        {
            A.ACKNOWLEDGE,
            A.SUBMIT_PLAN,
            A.REPORT_PROGRESS,
            A.ATTACH_EVIDENCE,
            A.REQUEST_EXTENSION,
            A.CLAIM_COMPLETION,
        }
    )
    | _STAFF_NOTE,
    Role.INSPECTOR: frozenset(
        {
            A.RECORD_SITE_INSPECTION,
            A.VERIFY,
            A.FAIL_VERIFICATION,
            A.ATTACH_EVIDENCE,
            A.PASS_LOOK_BACK,
            A.REBOUND,
            A.PRINT_PAPER,
        }
    )
    | _STAFF_NOTE,
    Role.LEADER: frozenset({A.SIGN_OFF, A.GRANT_EXTENSION, A.DENY_EXTENSION}) | _STAFF_NOTE,
    Role.AUDITOR: frozenset(),
}

#: Roles that may create a case (a resident's complaint, or a registered inspection problem).
REPORTERS = frozenset({Role.RESIDENT, Role.INTAKE, Role.OFFICE, Role.INSPECTOR})


def check_role(actor: Actor, action: Action | str) -> None:
    """Raise PermissionDenied unless the actor's role may take `action` ('report' for creation)."""
    if action == "report":
        allowed = actor.role in REPORTERS
    else:
        allowed = action in ROLE_ACTIONS[actor.role]
    if not allowed:
        verb = str(action).replace("_", " ")
        raise PermissionDenied(
            "the %(role)s role may not %(verb)s a case", role=actor.role.value, verb=verb
        )


def check_jurisdiction(
    tree: OrgTree, actor: Actor, location_unit: str, responsible_unit: str | None
) -> None:
    """Raise OutOfJurisdiction unless the case lies within the actor's units.

    A responsible unit reaches the cases transferred to it (or to a unit below it); every other
    staff role reaches the cases located inside its subtree. Residents act through the portal,
    which checks their tracking secret instead.
    """
    if actor.role is Role.RESIDENT:
        return
    if actor.role is Role.UNIT:
        if responsible_unit is not None and tree.reaches(actor.unit_id, responsible_unit):
            return
        raise OutOfJurisdiction(
            "the case is not transferred to %(unit)s or a unit below it",
            unit=tree.get(actor.unit_id).name,
        )
    if tree.reaches(actor.unit_id, location_unit):
        return
    if responsible_unit is not None and tree.reaches(actor.unit_id, responsible_unit):
        return
    raise OutOfJurisdiction(
        "the case lies outside the jurisdiction of %(unit)s", unit=tree.get(actor.unit_id).name
    )
