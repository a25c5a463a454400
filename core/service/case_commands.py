"""One application method per transition: each loads, commands, saves and returns the
notification id. They stay thin on purpose; the checks live in the domain."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from core.case.aggregate import Case
from core.domain.context import Context
from core.domain.errors import ConcurrentModification, InvalidInput
from core.domain.roles import Actor
from core.domain.values import AccountabilityForm, ContactOutcome, EvidenceKind

Version = int | None


def changed_since(case: Case, expected_version: int) -> ConcurrentModification:
    """The refusal when the case is no longer at the version the official saw."""
    return ConcurrentModification(
        "case %(reference)s changed since you opened it"
        " (version %(expected_version)s, now %(version)s); reload and try again",
        reference=case.reference,
        expected_version=expected_version,
        version=case.version,
    )


class CaseCommands:
    """Transitions of a case, as application methods."""

    if TYPE_CHECKING:
        # Provided by the application (Ducha) these commands are part of.

        def run(
            self,
            actor: Actor,
            case_id: UUID,
            command: Callable[[Case, Context], Any],
            expected_version: int | None = None,
            *also: Case,
        ) -> int: ...

        def get(self, case_id: UUID, version: int | None = None) -> Case: ...

    def accept(
        self, actor: Actor, case_id: UUID, note: str = "", *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.accept(x, note), version)

    def decline(
        self,
        actor: Actor,
        case_id: UUID,
        reason: str,
        referral: str = "",
        *,
        version: Version = None,
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.decline(x, reason, referral), version)

    def merge(self, actor: Actor, case_id: UUID, into_id: UUID, *, version: Version = None) -> int:
        """Merge a duplicate; the surviving case records it as a linked complaint."""
        target = self.get(into_id)
        if not target.is_open:
            raise InvalidInput(
                "case %(reference)s is %(status)s; merge into an open one",
                reference=target.reference,
                status=target.status.value,
            )

        def both(case: Case, ctx: Context) -> None:
            case.merge(ctx, target.id, target.reference)
            target.link_complaint(ctx, f"{case.reference}: {case.title}", channel="merged")

        return self.run(actor, case_id, both, version, target)

    def link_complaint(
        self,
        actor: Actor,
        case_id: UUID,
        summary: str,
        channel: str = "portal",
        *,
        version: Version = None,
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.link_complaint(x, summary, channel), version)

    def transfer(
        self,
        actor: Actor,
        case_id: UUID,
        unit_id: str,
        deadline: date | None = None,
        instructions: str = "",
        *,
        version: Version = None,
    ) -> int:
        return self.run(
            actor, case_id, lambda c, x: c.transfer(x, unit_id, deadline, instructions), version
        )

    def acknowledge(
        self, actor: Actor, case_id: UUID, note: str = "", *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.acknowledge(x, note), version)

    def submit_plan(
        self,
        actor: Actor,
        case_id: UUID,
        text: str,
        effective_date: date | None = None,
        *,
        version: Version = None,
    ) -> int:
        return self.run(
            actor, case_id, lambda c, x: c.submit_plan(x, text, effective_date), version
        )

    def approve_plan(
        self, actor: Actor, case_id: UUID, comment: str = "", *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.approve_plan(x, comment), version)

    def return_plan(
        self, actor: Actor, case_id: UUID, reason: str, *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.return_plan(x, reason), version)

    def report_progress(
        self,
        actor: Actor,
        case_id: UUID,
        text: str,
        percent: int,
        effective_date: date | None = None,
        *,
        version: Version = None,
    ) -> int:
        return self.run(
            actor,
            case_id,
            lambda c, x: c.report_progress(x, text, percent, effective_date),
            version,
        )

    def attach_evidence(
        self,
        actor: Actor,
        case_id: UUID,
        *,
        sha256: str,
        media_type: str,
        size_bytes: int,
        kind: EvidenceKind,
        caption: str = "",
        metadata: dict[str, Any] | None = None,
        version: Version = None,
    ) -> int:
        return self.run(
            actor,
            case_id,
            lambda c, x: c.attach_evidence(
                x, sha256, media_type, size_bytes, kind, caption, metadata
            ),
            version,
        )

    def request_extension(
        self, actor: Actor, case_id: UUID, days: int, reason: str, *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.request_extension(x, days, reason), version)

    def grant_extension(
        self, actor: Actor, case_id: UUID, comment: str = "", *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.grant_extension(x, comment), version)

    def deny_extension(
        self, actor: Actor, case_id: UUID, reason: str, *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.deny_extension(x, reason), version)

    def claim_completion(
        self,
        actor: Actor,
        case_id: UUID,
        report: str,
        substantiated: bool | None = None,
        effective_date: date | None = None,
        *,
        version: Version = None,
    ) -> int:
        return self.run(
            actor,
            case_id,
            lambda c, x: c.claim_completion(x, report, substantiated, effective_date),
            version,
        )

    def record_site_inspection(
        self,
        actor: Actor,
        case_id: UUID,
        findings: str,
        inspectors: list[str],
        lat: float | None = None,
        lon: float | None = None,
        effective_date: date | None = None,
        *,
        version: Version = None,
    ) -> int:
        return self.run(
            actor,
            case_id,
            lambda c, x: c.record_site_inspection(
                x, findings, inspectors, lat, lon, effective_date
            ),
            version,
        )

    def verify(self, actor: Actor, case_id: UUID, opinion: str, *, version: Version = None) -> int:
        return self.run(actor, case_id, lambda c, x: c.verify(x, opinion), version)

    def fail_verification(
        self,
        actor: Actor,
        case_id: UUID,
        reason: str,
        deadline: date | None = None,
        *,
        version: Version = None,
    ) -> int:
        return self.run(
            actor, case_id, lambda c, x: c.fail_verification(x, reason, deadline), version
        )

    def open_public_notice(
        self, actor: Actor, case_id: UUID, text: str, window_days: int, *, version: Version = None
    ) -> int:
        return self.run(
            actor, case_id, lambda c, x: c.open_public_notice(x, text, window_days), version
        )

    def raise_objection(
        self,
        actor: Actor,
        case_id: UUID,
        text: str,
        channel: str = "portal",
        *,
        version: Version = None,
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.raise_objection(x, text, channel), version)

    def resolve_objection(
        self,
        actor: Actor,
        case_id: UUID,
        objection_id: str,
        upheld: bool,
        resolution: str,
        *,
        version: Version = None,
    ) -> int:
        return self.run(
            actor,
            case_id,
            lambda c, x: c.resolve_objection(x, objection_id, upheld, resolution),
            version,
        )

    def sign_off(
        self, actor: Actor, case_id: UUID, comment: str = "", *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.sign_off(x, comment), version)

    def close_case(
        self, actor: Actor, case_id: UUID, summary: str, *, version: Version = None
    ) -> int:
        """Close (销号); the open measures are counted here, the rule is the domain's."""

        def close(case: Case, ctx: Context) -> None:
            open_children = sum(self.get(UUID(c)).is_open for c in case.children)
            case.close(ctx, summary, open_children)

        return self.run(actor, case_id, close, version)

    def pass_look_back(
        self, actor: Actor, case_id: UUID, findings: str, *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.pass_look_back(x, findings), version)

    def rebound(
        self, actor: Actor, case_id: UUID, reason: str, source: str, *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.rebound(x, reason, source), version)

    def trigger_accountability(
        self,
        actor: Actor,
        case_id: UUID,
        form: AccountabilityForm,
        target_unit_id: str,
        target_post: str,
        basis: str,
        *,
        version: Version = None,
    ) -> int:
        return self.run(
            actor,
            case_id,
            lambda c, x: c.trigger_accountability(x, form, target_unit_id, target_post, basis),
            version,
        )

    def conclude_accountability(
        self,
        actor: Actor,
        case_id: UUID,
        accountability_id: str,
        outcome: str,
        *,
        version: Version = None,
    ) -> int:
        return self.run(
            actor,
            case_id,
            lambda c, x: c.conclude_accountability(x, accountability_id, outcome),
            version,
        )

    def post_note(
        self,
        actor: Actor,
        case_id: UUID,
        text: str,
        public: bool = False,
        *,
        version: Version = None,
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.post_note(x, text, public), version)

    def propose_typical_case(
        self, actor: Actor, case_id: UUID, title: str, text: str, *, version: Version = None
    ) -> int:
        return self.run(
            actor, case_id, lambda c, x: c.propose_typical_case(x, title, text), version
        )

    def approve_typical_case(
        self, actor: Actor, case_id: UUID, title: str, text: str, *, version: Version = None
    ) -> int:
        """Approve the proposal, possibly with an edited title and text, and publish it."""
        return self.run(
            actor, case_id, lambda c, x: c.approve_typical_case(x, title, text), version
        )

    def give_feedback(
        self, actor: Actor, case_id: UUID, fixed: bool, text: str = "", *, version: Version = None
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.give_feedback(x, fixed, text), version)

    def record_contact(
        self,
        actor: Actor,
        case_id: UUID,
        outcome: ContactOutcome,
        note: str = "",
        *,
        version: Version = None,
    ) -> int:
        return self.run(actor, case_id, lambda c, x: c.record_contact(x, outcome, note), version)
