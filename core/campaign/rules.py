"""A campaign's statuses, its actions, who may take them, and the groups it sends out.

One transitions table and one `check_transition`, like the case's; who may act is a second table.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from core.domain.errors import (
    IllegalTransition,
    InvalidInput,
    OutOfJurisdiction,
    PermissionDenied,
)
from core.domain.orgunits import OrgTree, UnitKind
from core.domain.roles import Actor, Role


class CampaignStatus(StrEnum):
    """Where a campaign (专项督查) stands."""

    PLANNED = "planned"  # 督查准备
    ON_SITE = "on_site"  # 进驻督查
    REPORTING = "reporting"  # 督查报告
    FEEDBACK = "feedback"  # 督查反馈
    FOLLOW_UP = "follow_up"  # 整改落实与回头看
    CLOSED = "closed"


class CampaignAction(StrEnum):
    """Everything that can be done to a campaign."""

    ASSIGN_GROUP = "assign_group"
    START_VISITS = "start_visits"
    START_REPORTING = "start_reporting"
    GIVE_FEEDBACK = "give_feedback"
    START_FOLLOW_UP = "start_follow_up"
    CLOSE = "close"
    DRAW_SAMPLE = "draw_sample"
    REDRAW_SAMPLE = "redraw_sample"
    RECORD_CHECK = "record_check"
    DRAFT_REPORT = "draft_report"
    SIGN_OFF_REPORT = "sign_off_report"
    DECIDE_OUTCOME = "decide_outcome"


CS = CampaignStatus
CA = CampaignAction


def _stay(*statuses: CampaignStatus) -> dict[CampaignStatus, CampaignStatus]:
    return {s: s for s in statuses}


#: action -> {status it may be taken from: status it leads to}
TRANSITIONS: dict[CampaignAction, dict[CampaignStatus, CampaignStatus]] = {
    CA.ASSIGN_GROUP: _stay(CS.PLANNED),
    CA.START_VISITS: {CS.PLANNED: CS.ON_SITE},
    CA.START_REPORTING: {CS.ON_SITE: CS.REPORTING},
    CA.GIVE_FEEDBACK: {CS.REPORTING: CS.FEEDBACK},
    CA.START_FOLLOW_UP: {CS.FEEDBACK: CS.FOLLOW_UP},
    CA.CLOSE: {CS.FOLLOW_UP: CS.CLOSED},
    # The sample is drawn before the visit, and may be redrawn (with a reason) until checked.
    CA.DRAW_SAMPLE: _stay(CS.PLANNED, CS.ON_SITE),
    CA.REDRAW_SAMPLE: _stay(CS.PLANNED, CS.ON_SITE),
    CA.RECORD_CHECK: _stay(CS.ON_SITE),
    CA.DRAFT_REPORT: _stay(CS.ON_SITE, CS.REPORTING),
    CA.SIGN_OFF_REPORT: _stay(CS.REPORTING),
    CA.DECIDE_OUTCOME: _stay(CS.FEEDBACK, CS.FOLLOW_UP),
}

#: action -> the roles that may take it. The office drives the campaign; the groups inspect.
ROLES: dict[CampaignAction, frozenset[Role]] = {
    CA.ASSIGN_GROUP: frozenset({Role.OFFICE}),
    CA.START_VISITS: frozenset({Role.OFFICE}),
    CA.START_REPORTING: frozenset({Role.OFFICE}),
    CA.GIVE_FEEDBACK: frozenset({Role.OFFICE}),
    CA.START_FOLLOW_UP: frozenset({Role.OFFICE}),
    CA.CLOSE: frozenset({Role.OFFICE}),
    CA.DRAW_SAMPLE: frozenset({Role.INSPECTOR, Role.OFFICE}),
    CA.REDRAW_SAMPLE: frozenset({Role.INSPECTOR, Role.OFFICE}),
    CA.RECORD_CHECK: frozenset({Role.INSPECTOR}),
    CA.DRAFT_REPORT: frozenset({Role.INSPECTOR}),
    CA.SIGN_OFF_REPORT: frozenset({Role.LEADER}),
    CA.DECIDE_OUTCOME: frozenset({Role.OFFICE}),
}


#: The acts on the campaign as a whole (planning it, sending groups, moving it on, deciding a
#: district's assessment): only a grant on the whole city reaches them.
CITY_WIDE = frozenset(
    {
        CA.ASSIGN_GROUP,
        CA.START_VISITS,
        CA.START_REPORTING,
        CA.GIVE_FEEDBACK,
        CA.START_FOLLOW_UP,
        CA.CLOSE,
        CA.DECIDE_OUTCOME,
    }
)


def check_transition(status: CampaignStatus, action: CampaignAction) -> CampaignStatus:
    """The status `action` leads to from `status`, or IllegalTransition."""
    try:
        return TRANSITIONS[action][status]
    except KeyError:
        raise IllegalTransition(
            "cannot %(action)s in a campaign that is %(status)s",
            action=action.value.replace("_", " "),
            status=status.value,
        ) from None


def check_campaign_role(actor: Actor, action: CampaignAction) -> None:
    if actor.role not in ROLES[action]:
        verb = action.value.replace("_", " ")
        raise PermissionDenied(
            "the %(role)s role may not %(verb)s in a campaign", role=actor.role.value, verb=verb
        )


def is_city_wide(tree: OrgTree, actor: Actor) -> bool:
    """Whether the actor's grant reaches the whole city (the root of the tree)."""
    return tree.reaches(actor.unit_id, tree.root.id)


def check_city_wide(tree: OrgTree, actor: Actor) -> None:
    """Raise OutOfJurisdiction unless the actor's grant is on the whole city."""
    if not is_city_wide(tree, actor):
        raise OutOfJurisdiction(
            "only a grant on the whole city may plan or run a campaign; %(unit)s is not one",
            unit=tree.get(actor.unit_id).name,
        )


def reaches_district(tree: OrgTree, actor: Actor, district_id: str, group_id: str) -> bool:
    """Whether the actor may act or read in a group's district: the group itself in every
    district the office assigned it, anyone else where their grant reaches."""
    if actor.role is Role.INSPECTOR and actor.unit_id == group_id:
        return True
    return district_id in tree and tree.reaches(actor.unit_id, district_id)


def check_campaign_reach(
    tree: OrgTree,
    actor: Actor,
    action: CampaignAction,
    districts: Sequence[str] = (),
    group_id: str = "",
) -> None:
    """Role first, then jurisdiction: a city-wide act needs a grant on the whole city, a
    group's act one that reaches every district it acts in."""
    check_campaign_role(actor, action)
    if action in CITY_WIDE:
        check_city_wide(tree, actor)
        return
    for district_id in districts:
        if district_id in tree and not reaches_district(tree, actor, district_id, group_id):
            raise OutOfJurisdiction(
                "%(district)s lies outside the jurisdiction of %(unit)s",
                district=tree.get(district_id).name,
                unit=tree.get(actor.unit_id).name,
            )


class Outcome(StrEnum):
    """The recommended outcome of a district's assessment (考核评价), decided by people."""

    COMMENDATION = "commendation"  # 表扬
    NONE = "none"  # 无
    CRITICISM = "criticism"  # 通报批评 / 约谈
    ACCOUNTABILITY = "accountability"  # 问责


@dataclass(frozen=True)
class Member:
    """A group member and the department they come from."""

    name: str
    department: str
    user_id: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "department": self.department, "user_id": self.user_id}


@dataclass(frozen=True)
class Group:
    """An inspection group (督查组): an org unit, its leader, deputies, members, its districts."""

    unit_id: str
    leader: Member
    districts: tuple[str, ...]
    deputies: tuple[Member, ...] = field(default=())
    members: tuple[Member, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "leader": self.leader.as_dict(),
            "districts": list(self.districts),
            "deputies": [m.as_dict() for m in self.deputies],
            "members": [m.as_dict() for m in self.members],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Group:
        return cls(
            unit_id=data["unit_id"],
            leader=Member(**data["leader"]),
            districts=tuple(data["districts"]),
            deputies=tuple(Member(**m) for m in data["deputies"]),
            members=tuple(Member(**m) for m in data["members"]),
        )


def draw(frame: Sequence[str], seed: int, size: int) -> list[str]:
    """The random sample (随机抽查) of `size` items from a frame; the same record, the same draw."""
    if size < 1:
        raise InvalidInput("a sample needs at least one item")
    ordered = sorted(set(frame))
    if not ordered:
        raise InvalidInput("there is nothing to sample: the frame is empty")
    return random.Random(seed).sample(ordered, min(size, len(ordered)))


def check_group_units(tree: OrgTree, group: Group) -> None:
    """The group is an inspection group of the org tree and covers districts or counties only."""
    if group.unit_id not in tree or tree.get(group.unit_id).kind != UnitKind.INSPECTION_GROUP:
        raise InvalidInput("%(group)s is not an inspection group", group=repr(group.unit_id))
    if not group.districts:
        raise InvalidInput("a group covers at least one district")
    places = (UnitKind.DISTRICT, UnitKind.COUNTY)
    for district_id in group.districts:
        if district_id not in tree or tree.get(district_id).kind not in places:
            raise InvalidInput(
                "%(district)s is not a district or county", district=repr(district_id)
            )
