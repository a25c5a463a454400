"""Case commands of the rectification (整改): acknowledge, plan, progress, evidence, extension,
completion, site inspection and verification."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from core.case.duties import check_not_doer, check_not_same
from core.case.state import CaseBase, require_past, require_text
from core.case.statuses import Action
from core.domain.context import Context
from core.domain.errors import InvalidInput, RuleViolation, term
from core.domain.values import Evidence, EvidenceKind

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class RectificationCommands(CaseBase):
    """What the responsible unit does, and how the inspection group checks it."""

    def acknowledge(self, ctx: Context, note: str = "") -> None:
        """Acknowledge (签收) the transfer; after a rebound, start the new round."""
        self._check(ctx, Action.ACKNOWLEDGE)
        self._record(self.Acknowledged, ctx, note=note.strip())

    def submit_plan(self, ctx: Context, text: str, effective_date: date | None = None) -> None:
        """Submit the rectification plan (整改方案)."""
        self._check(ctx, Action.SUBMIT_PLAN)
        if self.plan_status in ("submitted", "approved"):
            raise RuleViolation("the plan is already %(plan_status)s", plan_status=self.plan_status)
        self._record(
            self.PlanSubmitted,
            ctx,
            text=require_text(text, term("the plan")),
            effective_date=require_past(effective_date, ctx, term("the plan's date")),
        )

    def approve_plan(self, ctx: Context, comment: str = "") -> None:
        self._check(ctx, Action.APPROVE_PLAN)
        self._require_plan_submitted()
        self._record(self.PlanApproved, ctx, comment=comment.strip())

    def return_plan(self, ctx: Context, reason: str) -> None:
        self._check(ctx, Action.RETURN_PLAN)
        self._require_plan_submitted()
        self._record(self.PlanReturned, ctx, reason=require_text(reason, term("a reason")))

    def _require_plan_submitted(self) -> None:
        if self.plan_status != "submitted":
            raise RuleViolation("there is no submitted plan awaiting a decision")

    def report_progress(
        self, ctx: Context, text: str, percent: int, effective_date: date | None = None
    ) -> None:
        self._check(ctx, Action.REPORT_PROGRESS)
        if not 0 <= percent <= 100:
            raise InvalidInput("progress is a percentage from 0 to 100")
        self._record(
            self.ProgressReported,
            ctx,
            text=require_text(text, term("a progress report")),
            percent=percent,
            effective_date=require_past(effective_date, ctx, term("the progress date")),
        )

    def attach_evidence(
        self,
        ctx: Context,
        sha256: str,
        media_type: str,
        size_bytes: int,
        kind: EvidenceKind,
        caption: str = "",
        metadata: dict[str, Any] | None = None,
    ) -> None:
        """Record evidence stored elsewhere by its SHA-256 (the file itself is not an event)."""
        self._check(ctx, Action.ATTACH_EVIDENCE)
        self._record_evidence(ctx, sha256, media_type, size_bytes, kind, caption, metadata)

    def attach_reported(self, ctx: Context, item: Evidence) -> None:
        """Material that came with the report (photos, a letter's scan), attached by whoever
        reports or registers the case, in the same save as the report."""
        if len(self.pending_events) != self.version or ctx.actor != self.reported_by:
            raise RuleViolation("material comes with a report only while it is registered")
        self._record_evidence(
            ctx, item.sha256, item.media_type, item.size_bytes, item.kind, item.caption,
            item.metadata,
        )  # fmt: skip

    def _record_evidence(
        self,
        ctx: Context,
        sha256: str,
        media_type: str,
        size_bytes: int,
        kind: EvidenceKind,
        caption: str = "",
        metadata: dict[str, Any] | None = None,
    ) -> None:
        if not _SHA256.match(sha256):
            raise InvalidInput("evidence is identified by a lower-case hex SHA-256")
        if size_bytes <= 0:
            raise InvalidInput("evidence cannot be empty")
        self._record(
            self.EvidenceAttached,
            ctx,
            sha256=sha256,
            media_type=media_type,
            size_bytes=size_bytes,
            kind=kind,
            caption=caption.strip()[:500],
            metadata=dict(metadata or {}),
        )

    def attach(self, ctx: Context, item: Evidence) -> None:
        """Record an evidence record as a whole (see attach_evidence)."""
        self.attach_evidence(
            ctx, item.sha256, item.media_type, item.size_bytes, item.kind, item.caption,
            item.metadata,
        )  # fmt: skip

    def request_extension(self, ctx: Context, days: int, reason: str) -> None:
        """Ask for an extension (延期): before the deadline, within the profile's caps (R7)."""
        self._check(ctx, Action.REQUEST_EXTENSION)
        profile = ctx.policy.profile(self.origin)
        if self.extension_request is not None:
            raise RuleViolation("an extension request is already awaiting a decision")
        if self.deadline is not None and ctx.today > self.deadline:
            raise RuleViolation("an extension must be requested before the deadline passes")
        if self.extensions_granted >= profile.max_extensions:
            raise RuleViolation(
                "at most %(count)s extension(s) may be granted", count=profile.max_extensions
            )
        left = profile.max_extension_days - self.extension_days_granted
        if not 0 < days <= left:
            raise InvalidInput("an extension is 1 to %(left)s days", left=left)
        self._record(
            self.ExtensionRequested, ctx, days=days, reason=require_text(reason, term("a reason"))
        )

    def grant_extension(self, ctx: Context, comment: str = "") -> None:
        """Grant the pending extension; never by the person or unit that asked."""
        request = self._pending_extension(ctx, term("grant your own extension"))
        base = self.deadline or ctx.today
        self._record(
            self.ExtensionGranted,
            ctx,
            days=request["days"],
            deadline=base + timedelta(days=request["days"]),
            comment=comment.strip(),
        )

    def deny_extension(self, ctx: Context, reason: str) -> None:
        self._pending_extension(ctx, term("decide on your own extension"))
        self._record(self.ExtensionDenied, ctx, reason=require_text(reason, term("a reason")))

    def _pending_extension(self, ctx: Context, what: str) -> dict[str, Any]:
        action = Action.GRANT_EXTENSION if what.startswith("grant") else Action.DENY_EXTENSION
        self._check(ctx, action)
        if self.extension_request is None:
            raise RuleViolation("there is no extension request awaiting a decision")
        check_not_same(
            ctx.actor, self.extension_request["user_id"], self.extension_request["unit_id"], what
        )
        return self.extension_request

    def claim_completion(
        self,
        ctx: Context,
        report: str,
        substantiated: bool | None = None,
        effective_date: date | None = None,
    ) -> None:
        """Claim completion and ask for acceptance (申请验收), with evidence this round."""
        self._check(ctx, Action.CLAIM_COMPLETION)
        if self.plan_status in ("submitted", "returned"):
            raise RuleViolation("the plan must be approved before completion is claimed")
        if self.evidence_this_round == 0:
            raise RuleViolation("attach evidence of the rectification before claiming completion")
        self._record(
            self.CompletionClaimed,
            ctx,
            report=require_text(report, term("a completion report")),
            substantiated=substantiated,
            effective_date=require_past(effective_date, ctx, term("the completion date")),
        )

    def record_site_inspection(
        self,
        ctx: Context,
        findings: str,
        inspectors: list[str],
        lat: float | None = None,
        lon: float | None = None,
        effective_date: date | None = None,
    ) -> None:
        """Record a site inspection (现场核查)."""
        self._check(ctx, Action.RECORD_SITE_INSPECTION)
        names = [n.strip() for n in inspectors if n.strip()]
        if not names:
            raise InvalidInput("name at least one inspector")
        if (lat is None) != (lon is None):
            raise InvalidInput("give both latitude and longitude, or neither")
        self._record(
            self.SiteInspected,
            ctx,
            findings=require_text(findings, term("the findings")),
            inspectors=names,
            lat=lat,
            lon=lon,
            effective_date=require_past(effective_date, ctx, term("the inspection date")),
        )

    def verify(self, ctx: Context, opinion: str) -> None:
        """Verify (验收) the rectification: only after a site inspection, never by the doer."""
        self._check(ctx, Action.VERIFY)
        self._check_independent(ctx, term("verify"))
        if not self.inspected_after_claim:
            raise RuleViolation("a site inspection must be recorded before verifying")
        self._record(self.Verified, ctx, opinion=require_text(opinion, term("an opinion")))

    def fail_verification(self, ctx: Context, reason: str, deadline: date | None = None) -> None:
        """The rectification does not pass; the unit goes back to work."""
        self._check(ctx, Action.FAIL_VERIFICATION)
        self._check_independent(ctx, term("reject"))
        if deadline is not None and deadline <= ctx.today:
            raise InvalidInput("the new deadline must lie in the future")
        self._record(
            self.VerificationFailed,
            ctx,
            reason=require_text(reason, term("a reason")),
            deadline=deadline,
        )

    def _check_independent(self, ctx: Context, what: str) -> None:
        check_not_doer(
            ctx.tree, ctx.actor, self.doers, self.doer_units, self.responsible_unit, what
        )
