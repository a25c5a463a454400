"""Case commands from report to transfer, and those that run beside every status."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from uuid import UUID

from core.case.duties import check_not_same
from core.case.state import CaseBase, require_past, require_text
from core.case.statuses import Action, Status
from core.domain.context import Context
from core.domain.errors import InvalidInput, RuleViolation, term
from core.domain.orgunits import RESPONSIBLE_KINDS
from core.domain.roles import Role, check_jurisdiction, check_role
from core.domain.values import (
    COMPLAINT_ORIGINS,
    PLATFORM_CHANNELS,
    AccountabilityForm,
    Category,
    Channel,
    Origin,
    Place,
)

_REPORTED_BY_INTAKE = COMPLAINT_ORIGINS


def _checked_channel(
    origin: Origin, channel: Channel | None, external_ref: str | None
) -> Channel | None:
    """A complaint registered by the desk says how it came in (a petition may, when the
    inspection group says so); a transfer from a hotline platform keeps the platform's number.
    Inspection problems have no channel."""
    if origin not in COMPLAINT_ORIGINS:
        if channel is not None:
            raise InvalidInput("only complaints and petitions come in through a channel")
        return None
    if channel is None:
        if origin is Origin.RESIDENT_COMPLAINT:
            raise InvalidInput("say how the complaint came in (phone, letter, visit, …)")
        return None
    channel = Channel(channel)
    if channel in PLATFORM_CHANNELS and not (external_ref or "").strip():
        raise InvalidInput(
            "a transfer from the %(platform)s platform needs the platform's own number",
            platform=channel.value,
        )
    return channel


def _received_on(received_at: datetime, ctx: Context) -> date:
    """The day a complaint was received; the time claimed may not lie in the future."""
    if received_at.tzinfo is None:
        raise InvalidInput("a time of receipt must carry a time zone")
    if received_at > ctx.now:
        raise InvalidInput("%(what)s cannot lie in the future", what=term("the time of receipt"))
    return received_at.astimezone(ctx.now.tzinfo).date()


class IntakeCommands(CaseBase):
    """Report, accept, decline, merge, link, transfer; notes, accountability, typical cases."""

    @classmethod
    def report(
        cls,
        ctx: Context,
        *,
        reference: str,
        origin: Origin,
        title: str,
        description: str,
        categories: list[Category],
        place: Place,
        external_ref: str | None = None,
        parent_id: UUID | None = None,
        tracking_secret_hash: str | None = None,
        effective_date: date | None = None,
        channel: Channel | None = None,
        received_at: datetime | None = None,
        deadline: date | None = None,
    ) -> Any:
        """Report a complaint (举报), or register an inspection problem or measure (登记).

        Complaints and petitions start as reported and wait for intake; problems registered by
        the office or an inspection group start accepted. Staff register inside their
        jurisdiction; a complaint registered by the desk says how it came in (`channel`), and
        when (`received_at`, kept as the report's effective date).
        """
        check_role(ctx.actor, "report")
        origin = Origin(origin)
        if ctx.actor.role is Role.RESIDENT:
            if origin is not Origin.RESIDENT_COMPLAINT:
                raise InvalidInput("residents can only report complaints")
            channel = channel or Channel.PORTAL
        else:
            check_jurisdiction(ctx.tree, ctx.actor, place.unit_id, None)
        channel = _checked_channel(origin, channel, external_ref)
        if received_at is not None:
            effective_date = _received_on(received_at, ctx)
        if deadline is not None and deadline <= ctx.today:
            raise InvalidInput("the deadline must lie in the future")
        if (origin is Origin.MEASURE) != (parent_id is not None):
            raise InvalidInput("a measure needs a parent problem, and only a measure has one")
        if not categories:
            raise InvalidInput("choose at least one category")
        for unit_id in (place.district_id, place.township_id):
            if unit_id is not None:
                ctx.tree.get(unit_id)
        if place.township_id and not ctx.tree.is_within(place.township_id, place.district_id):
            raise InvalidInput("the township does not belong to the district")
        waits_for_intake = origin in _REPORTED_BY_INTAKE
        profile = ctx.policy.profile(origin)
        return cls(  # type: ignore[call-arg]
            actor=ctx.actor,
            effective_date=require_past(effective_date, ctx, term("the date of the report")),
            reference=reference,
            external_ref=(external_ref or "").strip() or None,
            origin=origin,
            title=require_text(title, term("a title"), 200),
            description=require_text(description, term("a description"), 4_000),
            categories=sorted(set(categories)),
            place=place,
            parent_id=parent_id,
            initial_status=Status.REPORTED if waits_for_intake else Status.ACCEPTED,
            deadline=deadline
            or (ctx.policy.due(ctx.today, profile.accept) if waits_for_intake else None),
            tracking_secret_hash=tracking_secret_hash,
            channel=channel.value if channel else None,
        )

    def accept(self, ctx: Context, note: str = "") -> None:
        """Accept (受理) the complaint; the closing clock starts."""
        self._check(ctx, Action.ACCEPT)
        deadline = ctx.policy.due(ctx.today, ctx.policy.profile(self.origin).close)
        self._record(self.Accepted, ctx, deadline=deadline)

    def decline(self, ctx: Context, reason: str, referral: str = "") -> None:
        """Decline (不予受理) with a reason and, where it belongs elsewhere, a referral."""
        self._check(ctx, Action.DECLINE)
        self._record(
            self.Declined,
            ctx,
            reason=require_text(reason, term("a reason")),
            referral=referral.strip(),
        )

    def merge(self, ctx: Context, into_id: UUID, into_reference: str) -> None:
        """Merge a duplicate into an existing case (the caller checked that it exists)."""
        self._check(ctx, Action.MERGE)
        if into_id == self.id:
            raise InvalidInput("a case cannot be merged into itself")
        self._record(
            self.Merged,
            ctx,
            into_id=into_id,
            into_reference=into_reference,
        )

    def link_complaint(
        self,
        ctx: Context,
        summary: str,
        channel: str = "portal",
        tracking_secret_hash: str | None = None,
    ) -> None:
        """Record another complaint about this same problem (repeat complaints count).

        A resident who adds their report here gets a tracking secret of their own.
        """
        self._check(ctx, Action.LINK_COMPLAINT)
        self._record(
            self.ComplaintLinked,
            ctx,
            summary=require_text(summary, term("a summary"), 4_000),
            channel=channel,
            tracking_secret_hash=tracking_secret_hash,
        )

    def record_measure(self, ctx: Context, child_id: UUID, child_reference: str) -> None:
        """Remember a measure (整改措施) created under this problem."""
        self._check(ctx, Action.ADD_MEASURE)
        self._record(
            self.MeasureAdded,
            ctx,
            child_id=child_id,
            child_reference=child_reference,
        )

    def transfer(
        self, ctx: Context, unit_id: str, deadline: date | None = None, instructions: str = ""
    ) -> None:
        """Transfer (交办) the case to a responsible unit with a deadline."""
        self._check(ctx, Action.TRANSFER)
        unit = ctx.tree.get(unit_id)
        if unit.kind not in RESPONSIBLE_KINDS:
            raise InvalidInput("%(unit)s cannot be a responsible unit", unit=unit.name)
        profile = ctx.policy.profile(self.origin)
        due = deadline or ctx.policy.due(ctx.today, profile.result) or self.deadline
        if due is None:
            raise InvalidInput("a deadline is required")
        if due <= ctx.today:
            raise InvalidInput("the deadline must lie in the future")
        self._record(
            self.Transferred,
            ctx,
            unit_id=unit_id,
            deadline=due,
            instructions=instructions.strip(),
        )

    def post_note(self, ctx: Context, text: str, public: bool = False) -> None:
        """An internal or public note; a resident's note is added material, never public."""
        self._check(ctx, Action.POST_NOTE)
        if ctx.actor.role is Role.RESIDENT:
            if public:
                raise InvalidInput("a resident's material is not published as a note")
            if not self.is_open:
                raise RuleViolation("material can be added while the case is open")
        self._record(
            self.NotePosted,
            ctx,
            text=require_text(text, term("a note"), 4_000),
            public=public,
        )

    def trigger_accountability(
        self,
        ctx: Context,
        form: AccountabilityForm,
        target_unit_id: str,
        target_post: str,
        basis: str,
    ) -> str:
        """Open accountability (问责); it runs beside the case and never moves its status."""
        self._check(ctx, Action.TRIGGER_ACCOUNTABILITY)
        ctx.tree.get(target_unit_id)
        accountability_id = uuid.uuid4().hex[:12]
        self._record(
            self.AccountabilityTriggered,
            ctx,
            accountability_id=accountability_id,
            form=form,
            target_unit_id=target_unit_id,
            target_post=require_text(target_post, term("the post held to account"), 200),
            basis=require_text(basis, term("the basis")),
        )
        return accountability_id

    def conclude_accountability(self, ctx: Context, accountability_id: str, outcome: str) -> None:
        self._check(ctx, Action.CONCLUDE_ACCOUNTABILITY)
        if accountability_id not in self.accountability_open:
            raise InvalidInput(
                "no open accountability %(accountability_id)s on this case",
                accountability_id=repr(accountability_id),
            )
        self._record(
            self.AccountabilityConcluded,
            ctx,
            accountability_id=accountability_id,
            outcome=require_text(outcome, term("an outcome")),
        )

    def propose_typical_case(self, ctx: Context, title: str, text: str) -> None:
        """Propose the case as a typical violation case (典型案例), written for residents."""
        self._check(ctx, Action.PROPOSE_TYPICAL_CASE)
        if self.typical_case:
            raise RuleViolation("the case is already published as a typical case")
        self._record(
            self.TypicalCaseProposed,
            ctx,
            title=require_text(title, term("a public title"), 200),
            text=require_text(text, term("a public text"), 20_000),
        )

    def approve_typical_case(self, ctx: Context, title: str, text: str) -> None:
        """A second official of the office approves the proposal; the text goes public."""
        self._check(ctx, Action.PUBLISH_TYPICAL_CASE)
        if self.typical_proposal is None:
            raise RuleViolation("there is no typical-case proposal to approve")
        check_not_same(
            ctx.actor, self.typical_proposal["user_id"], None, term("propose and approve")
        )
        self._record(
            self.TypicalCasePublished,
            ctx,
            title=require_text(title, term("a public title"), 200),
            text=require_text(text, term("a public text"), 20_000),
        )

    def give_feedback(self, ctx: Context, fixed: bool, text: str = "") -> None:
        """The resident says whether the fix held."""
        self._check(ctx, Action.GIVE_FEEDBACK)
        self._record(
            self.FeedbackGiven,
            ctx,
            fixed=fixed,
            text=text.strip()[:4_000],
        )
