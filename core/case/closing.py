"""Case commands from verification to closing (销号), and after: look-back and rebound."""

from __future__ import annotations

import uuid

from core.case.duties import check_not_same
from core.case.state import CaseBase, require_text
from core.case.statuses import Action
from core.domain.context import Context
from core.domain.errors import InvalidInput, RuleViolation, term

REBOUND_SOURCES = frozenset({"look_back", "complaint", "monitoring", "feedback", "inspection"})


class ClosingCommands(CaseBase):
    """Public notice, objections, sign-off, close; look-back and rebound."""

    def open_public_notice(self, ctx: Context, text: str, window_days: int) -> None:
        """Open the public notice (公示) for a window of working days."""
        self._check(ctx, Action.OPEN_PUBLIC_NOTICE)
        minimum = ctx.policy.notice_min_working_days
        if not minimum <= window_days <= 60:
            raise InvalidInput(
                "a public notice runs %(minimum)s to 60 working days", minimum=minimum
            )
        ends_on = ctx.policy.calendar.add_working_days(ctx.today, window_days)
        self._record(
            self.PublicNoticeOpened,
            ctx,
            text=require_text(text, term("the notice text")),
            window_days=window_days,
            ends_on=ends_on,
        )

    def raise_objection(self, ctx: Context, text: str, channel: str = "portal") -> str:
        """Record an objection (异议) while the notice is open; returns its id."""
        self._check(ctx, Action.RAISE_OBJECTION)
        if self.notice_ends_on is not None and ctx.today > self.notice_ends_on:
            raise RuleViolation("the public notice window has ended")
        objection_id = uuid.uuid4().hex[:12]
        self._record(
            self.ObjectionRaised,
            ctx,
            objection_id=objection_id,
            text=require_text(text, term("the objection"), 4_000),
            channel=channel,
        )
        return objection_id

    def resolve_objection(
        self, ctx: Context, objection_id: str, upheld: bool, resolution: str
    ) -> None:
        """Resolve an objection; an upheld one sends the case back to rectification."""
        self._check(ctx, Action.UPHOLD_OBJECTION if upheld else Action.DISMISS_OBJECTION)
        if objection_id not in self.open_objections:
            raise InvalidInput(
                "no open objection %(objection_id)s on this case", objection_id=repr(objection_id)
            )
        self._record(
            self.ObjectionResolved,
            ctx,
            objection_id=objection_id,
            upheld=upheld,
            resolution=require_text(resolution, term("a resolution")),
        )

    def sign_off(self, ctx: Context, comment: str = "") -> None:
        """Leader's sign-off (审签): after the notice window, with every objection resolved."""
        self._check(ctx, Action.SIGN_OFF)
        self._check_claimant(ctx, term("claim completion and sign off"))
        if self.signed_off:
            raise RuleViolation("the closing is already signed off")
        if self.notice_ends_on is None or ctx.today <= self.notice_ends_on:
            raise RuleViolation("sign-off waits until the public notice window has ended")
        if self.open_objections:
            raise RuleViolation("every objection must be resolved before sign-off")
        self._record(self.SignedOff, ctx, comment=comment.strip())

    def close(self, ctx: Context, summary: str, open_children: int = 0) -> None:
        """Close (销号): signed off, no open measure, and never by the claimant."""
        self._check(ctx, Action.CLOSE)
        self._check_claimant(ctx, term("claim completion and close"))
        if not self.signed_off:
            raise RuleViolation("a leader must sign off before the case is closed")
        if open_children:
            raise RuleViolation(
                "%(count)s measure(s) of this problem are still open", count=open_children
            )
        self._record(self.Closed, ctx, summary=require_text(summary, term("a closing summary")))

    def _check_claimant(self, ctx: Context, what: str) -> None:
        if self.claim is not None:
            check_not_same(ctx.actor, self.claim["user_id"], self.claim["unit_id"], what)

    def pass_look_back(self, ctx: Context, findings: str) -> None:
        """A look-back (回头看) finds the fix still holding."""
        self._check(ctx, Action.PASS_LOOK_BACK)
        self._record(
            self.LookBackPassed, ctx, findings=require_text(findings, term("the findings"))
        )

    def rebound(self, ctx: Context, reason: str, source: str) -> None:
        """The problem is back (反弹): a new round of rectification begins."""
        self._check(ctx, Action.REBOUND)
        if source not in REBOUND_SOURCES:
            raise InvalidInput(
                "a rebound's source is one of %(sources)s", sources=sorted(REBOUND_SOURCES)
            )
        self._record(
            self.Rebounded, ctx, reason=require_text(reason, term("a reason")), source=source
        )
