"""The Campaign aggregate: a special inspection (专项督查) from plan to follow-up.

The office plans it and assigns inspection groups to districts; each group draws its random
sample before the visit, records a site check per sampled item, drafts its report, and its leader
signs it off; the office gives feedback and records each district's assessment outcome.
Commands validate first; each event's `apply` only assigns, because it runs on every replay.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from core.campaign.rules import (
    CampaignAction,
    CampaignStatus,
    Group,
    Outcome,
    check_campaign_role,
    check_group_units,
    check_transition,
    draw,
)
from core.case.state import require_text
from core.domain.errors import InvalidInput, PermissionDenied, RuleViolation, term
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role
from core.domain.values import Origin

CA = CampaignAction
CS = CampaignStatus


def sample_key(group_id: str, district_id: str) -> str:
    return f"{group_id}|{district_id}"


class Campaign(Aggregate):
    """A special inspection campaign (专项督查)."""

    class Event(Aggregate.Event):
        actor: Actor

    class Planned(Aggregate.Created):
        actor: Actor
        name: str
        starts_on: date
        ends_on: date
        origins: list[str]

    class GroupAssigned(Event):
        group: dict[str, Any]

        def apply(self, campaign: Campaign) -> None:
            campaign.groups[self.group["unit_id"]] = self.group

    class StatusChanged(Event):
        """The office moved the campaign on (进驻, 报告, 反馈, 整改落实, 结束)."""

        status: str

        def apply(self, campaign: Campaign) -> None:
            campaign._status = self.status

    class SampleDrawn(Event):
        """A random sample drawn from a recorded frame with a recorded seed."""

        group_id: str
        district_id: str
        frame: list[str]
        seed: int
        size: int
        items: list[str]
        reason: str

        def apply(self, campaign: Campaign) -> None:
            key = sample_key(self.group_id, self.district_id)
            draws = campaign.samples.get(key, {}).get("draws", 0)
            campaign.samples[key] = {
                "frame": self.frame,
                "seed": self.seed,
                "size": self.size,
                "items": self.items,
                "checks": {},
                "draws": draws + 1,
                "reason": self.reason,
            }

    class SampleRedrawn(SampleDrawn):
        """The sample drawn again, before any site check, for the reason it records."""

    class SiteChecked(Event):
        """A sampled item's site check (现场核查) and what it found."""

        group_id: str
        district_id: str
        reference: str
        passed: bool
        note: str

        def apply(self, campaign: Campaign) -> None:
            checks = campaign.samples[sample_key(self.group_id, self.district_id)]["checks"]
            checks[self.reference] = {"passed": self.passed, "note": self.note}

    class ReportDrafted(Event):
        group_id: str
        findings: str
        cases_found: list[str]
        recommendations: str

        def apply(self, campaign: Campaign) -> None:
            campaign.reports[self.group_id] = {
                "findings": self.findings,
                "cases_found": self.cases_found,
                "recommendations": self.recommendations,
                "drafted_by": self.actor.user_id,
                "signed_off_by": None,
            }

    class ReportSignedOff(Event):
        group_id: str

        def apply(self, campaign: Campaign) -> None:
            campaign.reports[self.group_id]["signed_off_by"] = self.actor.user_id

    class OutcomeDecided(Event):
        """The people's decision on a district's assessment, with the score it was shown."""

        district_id: str
        outcome: str
        reason: str
        score: float | None

        def apply(self, campaign: Campaign) -> None:
            campaign.outcomes[self.district_id] = {
                "outcome": self.outcome,
                "reason": self.reason,
                "score": self.score,
                "by": self.actor.user_id,
            }

    def __init__(
        self, actor: Actor, name: str, starts_on: date, ends_on: date, origins: list[str]
    ) -> None:
        self.name = name
        self.starts_on = starts_on
        self.ends_on = ends_on
        self.origins = origins
        self._status = CS.PLANNED.value
        self.groups: dict[str, dict[str, Any]] = {}
        self.samples: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        self.outcomes: dict[str, dict[str, Any]] = {}
        self.planned_by = actor.user_id

    # -- creating -------------------------------------------------------------------------

    @classmethod
    def plan(
        cls, actor: Actor, *, name: str, starts_on: date, ends_on: date, origins: list[Origin]
    ) -> Campaign:
        """Plan a campaign: its name, its period and the problem lists it checks."""
        if actor.role is not Role.OFFICE:
            raise PermissionDenied(
                "the %(role)s role may not plan a campaign", role=actor.role.value
            )
        name = require_text(name, term("the campaign's name"), 200)
        if ends_on < starts_on:
            raise InvalidInput("a campaign cannot end before it starts")
        if not origins:
            raise InvalidInput("a campaign checks at least one problem list")
        chosen = sorted({Origin(o).value for o in origins})
        return cls._create(
            cls.Planned,
            actor=actor,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            origins=chosen,
        )

    # -- reading --------------------------------------------------------------------------

    @property
    def status(self) -> CampaignStatus:
        return CampaignStatus(self._status)

    def group(self, group_id: str) -> Group:
        try:
            return Group.from_dict(self.groups[group_id])
        except KeyError:
            raise InvalidInput(
                "%(group)s is not a group of this campaign", group=repr(group_id)
            ) from None

    def group_of_district(self, district_id: str) -> Group | None:
        for data in self.groups.values():
            if district_id in data["districts"]:
                return Group.from_dict(data)
        return None

    @property
    def districts(self) -> list[str]:
        return [d for data in self.groups.values() for d in data["districts"]]

    def sample(self, group_id: str, district_id: str) -> dict[str, Any] | None:
        return self.samples.get(sample_key(group_id, district_id))

    @staticmethod
    def is_executed(sample: dict[str, Any]) -> bool:
        """A sample is executed once every item in it has its site check."""
        return set(sample["items"]) <= set(sample["checks"])

    def may_see_sample(self, actor: Actor, group_id: str, district_id: str) -> bool:
        """Sampling plans are secret until executed: only the office and the group see them."""
        if actor.role is Role.OFFICE or (
            actor.role is Role.INSPECTOR and actor.unit_id == group_id
        ):
            return True
        sample = self.sample(group_id, district_id)
        return sample is not None and self.is_executed(sample)

    # -- the office's commands ----------------------------------------------------------------

    def _check(self, actor: Actor, action: CampaignAction) -> CampaignStatus:
        check_campaign_role(actor, action)
        return check_transition(self.status, action)

    def assign_group(self, actor: Actor, tree: OrgTree, group: Group) -> None:
        """Assign an inspection group, with its people, to one or more districts."""
        self._check(actor, CA.ASSIGN_GROUP)
        check_group_units(tree, group)
        for district_id in group.districts:
            other = self.group_of_district(district_id)
            if other is not None and other.unit_id != group.unit_id:
                raise RuleViolation(
                    "%(district)s is already covered by %(other)s",
                    district=district_id,
                    other=other.unit_id,
                )
        for person in (group.leader, *group.deputies, *group.members):
            require_text(person.name, term("every group member's name"), 100)
        self.trigger_event(self.GroupAssigned, actor=actor, group=group.as_dict())

    def move_on(self, actor: Actor, action: CampaignAction) -> None:
        """Start the visits, the reporting, the feedback, the follow-up, or close."""
        if action not in (
            CA.START_VISITS,
            CA.START_REPORTING,
            CA.GIVE_FEEDBACK,
            CA.START_FOLLOW_UP,
            CA.CLOSE,
        ):
            raise InvalidInput("%(action)s does not move a campaign on", action=action.value)
        target = self._check(actor, action)
        if action is CA.START_VISITS and not self.groups:
            raise RuleViolation("assign at least one inspection group before the visits")
        if action is CA.GIVE_FEEDBACK:
            unsigned = [
                g for g in self.groups if not (self.reports.get(g) or {}).get("signed_off_by")
            ]
            if unsigned:
                raise RuleViolation(
                    "every group's report must be signed off first: %(groups)s",
                    groups=", ".join(unsigned),
                )
        self.trigger_event(self.StatusChanged, actor=actor, status=target.value)

    def decide_outcome(
        self, actor: Actor, district_id: str, outcome: Outcome, reason: str, score: float | None
    ) -> None:
        """Record the people's decision (commendation, criticism, accountability) for a district."""
        self._check(actor, CA.DECIDE_OUTCOME)
        if district_id not in self.districts:
            raise InvalidInput(
                "%(district)s is not inspected in this campaign", district=repr(district_id)
            )
        reason = require_text(reason, term("the reason for the outcome"), 4_000)
        self.trigger_event(
            self.OutcomeDecided,
            actor=actor,
            district_id=district_id,
            outcome=Outcome(outcome).value,
            reason=reason,
            score=score,
        )

    # -- the groups' commands -----------------------------------------------------------------

    def _check_group(self, actor: Actor, action: CampaignAction, group_id: str) -> Group:
        self._check(actor, action)
        group = self.group(group_id)
        if actor.role is Role.INSPECTOR and actor.unit_id != group_id:
            raise PermissionDenied(
                "only %(group)s may do this for its own districts", group=group_id
            )
        return group

    def draw_sample(
        self,
        actor: Actor,
        group_id: str,
        district_id: str,
        *,
        frame: list[str],
        seed: int,
        size: int,
        reason: str = "",
    ) -> list[str]:
        """Draw the sample of rectified items in a district; a redraw needs a reason."""
        redraw = self.sample(group_id, district_id) is not None
        group = self._check_group(actor, CA.REDRAW_SAMPLE if redraw else CA.DRAW_SAMPLE, group_id)
        if district_id not in group.districts:
            raise InvalidInput(
                "%(district)s is not one of %(group)s's districts",
                district=district_id,
                group=group_id,
            )
        if redraw:
            reason = require_text(reason, term("the reason for a redraw"), 2_000)
            if self.samples[sample_key(group_id, district_id)]["checks"]:
                raise RuleViolation("the sample has site checks recorded; it cannot be redrawn")
        items = draw(frame, seed, size)
        self.trigger_event(
            self.SampleRedrawn if redraw else self.SampleDrawn,
            actor=actor,
            group_id=group_id,
            district_id=district_id,
            frame=sorted(set(frame)),
            seed=seed,
            size=size,
            items=items,
            reason=reason.strip(),
        )
        return items

    def record_check(
        self, actor: Actor, group_id: str, district_id: str, reference: str, passed: bool, note: str
    ) -> None:
        """Record a sampled item's site check."""
        self._check_group(actor, CA.RECORD_CHECK, group_id)
        sample = self.sample(group_id, district_id)
        if sample is None or reference not in sample["items"]:
            raise InvalidInput(
                "%(reference)s is not in the sample of %(district)s",
                reference=reference,
                district=district_id,
            )
        if reference in sample["checks"]:
            raise RuleViolation("%(reference)s has its site check already", reference=reference)
        note = require_text(note, term("what the site check found"), 4_000)
        self.trigger_event(
            self.SiteChecked,
            actor=actor,
            group_id=group_id,
            district_id=district_id,
            reference=reference,
            passed=passed,
            note=note,
        )

    def draft_report(
        self,
        actor: Actor,
        group_id: str,
        *,
        findings: str,
        cases_found: list[str],
        recommendations: str,
    ) -> None:
        """Draft (or redraft, until signed off) the group's written report."""
        self._check_group(actor, CA.DRAFT_REPORT, group_id)
        if (self.reports.get(group_id) or {}).get("signed_off_by"):
            raise RuleViolation("the report is signed off and can no longer change")
        self.trigger_event(
            self.ReportDrafted,
            actor=actor,
            group_id=group_id,
            findings=require_text(findings, term("the findings")),
            cases_found=sorted({c.strip().upper() for c in cases_found if c.strip()}),
            recommendations=require_text(recommendations, term("the recommendations")),
        )

    def sign_off_report(self, actor: Actor, group_id: str) -> None:
        """The group's leader signs its report off (审签)."""
        self._check(actor, CA.SIGN_OFF_REPORT)
        group = self.group(group_id)
        if group.leader.user_id and actor.user_id != group.leader.user_id:
            raise PermissionDenied(
                "only the group's leader %(leader)s may sign it off", leader=group.leader.name
            )
        report = self.reports.get(group_id)
        if report is None:
            raise RuleViolation("the group has not drafted its report yet")
        if report["signed_off_by"]:
            raise RuleViolation("the report is signed off already")
        self.trigger_event(self.ReportSignedOff, actor=actor, group_id=group_id)
