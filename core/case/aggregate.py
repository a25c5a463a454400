"""The Case aggregate: one environmental problem from report to a fix that is real.

Events are nested here, past tense; each `apply` only assigns, because it runs on every replay.
The commands that validate and trigger them live in intake, rectification, closing, paperwork.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from core.case.closing import ClosingCommands
from core.case.intake import IntakeCommands
from core.case.paperwork import PaperworkCommands
from core.case.rectification import RectificationCommands
from core.case.state import remember_worker
from core.case.statuses import Status
from core.domain.roles import Actor, Role
from core.domain.values import AccountabilityForm, Category, EvidenceKind, Origin, Place

S = Status


class Case(PaperworkCommands, ClosingCommands, RectificationCommands, IntakeCommands, Aggregate):
    """An environmental problem (问题), or a rectification measure (整改措施) under a problem."""

    class Event(Aggregate.Event):
        actor: Actor
        effective_date: date | None

    class Reported(Aggregate.Created):
        """Reported or registered (举报 / 登记), with its channel (渠道) when it is a complaint.
        Carries no complainant identity, ever."""

        class_version = 2
        actor: Actor
        effective_date: date | None
        reference: str
        external_ref: str | None
        origin: Origin
        title: str
        description: str
        categories: list[Category]
        place: Place
        parent_id: UUID | None
        initial_status: Status
        deadline: date | None
        tracking_secret_hash: str | None
        channel: str | None

        # reported before channels were recorded: no channel
        upcast_v1_v2 = staticmethod(lambda state: state.update(channel=None))

    class Accepted(Event):
        """Accepted (受理) by the intake desk; the closing clock starts."""

        deadline: date | None

        def apply(self, case: Case) -> None:
            case.status = S.ACCEPTED
            case.deadline = self.deadline

    class Declined(Event):
        reason: str
        referral: str

        def apply(self, case: Case) -> None:
            case.status = S.DECLINED

    class Merged(Event):
        into_id: UUID
        into_reference: str

        def apply(self, case: Case) -> None:
            case.status = S.MERGED
            case.merged_into = self.into_id

    class ComplaintLinked(Event):
        """Another complaint about the same problem (a repeat complaint counts)."""

        summary: str
        channel: str
        tracking_secret_hash: str | None

        def apply(self, case: Case) -> None:
            case.linked_complaints += 1
            if self.tracking_secret_hash:
                case.tracking_secret_hashes.append(self.tracking_secret_hash)

    class MeasureAdded(Event):
        child_id: UUID
        child_reference: str

        def apply(self, case: Case) -> None:
            case.children.append(str(self.child_id))

    class Transferred(Event):
        """Transferred (交办) to a responsible unit with a deadline."""

        unit_id: str
        deadline: date
        instructions: str

        def apply(self, case: Case) -> None:
            case.status = S.TRANSFERRED
            case.responsible_unit = self.unit_id
            case.deadline = self.deadline

    class Acknowledged(Event):
        """Acknowledged (签收) by the responsible unit."""

        note: str

        def apply(self, case: Case) -> None:
            case.status = S.RECTIFYING
            remember_worker(case, self.actor)

    class PlanSubmitted(Event):
        text: str

        def apply(self, case: Case) -> None:
            case.status = S.RECTIFYING
            case.plan_status = "submitted"
            remember_worker(case, self.actor)

    class PlanApproved(Event):
        comment: str

        def apply(self, case: Case) -> None:
            case.plan_status = "approved"

    class PlanReturned(Event):
        reason: str

        def apply(self, case: Case) -> None:
            case.plan_status = "returned"

    class ProgressReported(Event):
        text: str
        percent: int

        def apply(self, case: Case) -> None:
            remember_worker(case, self.actor)

    class EvidenceAttached(Event):
        """A file's record: content hash and the metadata the anti-fake rules read."""

        sha256: str
        media_type: str
        size_bytes: int
        kind: EvidenceKind
        caption: str
        metadata: dict[str, Any]

        def apply(self, case: Case) -> None:
            if self.actor.role == Role.UNIT:  # only the unit's own evidence backs its claim
                case.evidence_this_round += 1
            remember_worker(case, self.actor)

    class ExtensionRequested(Event):
        """Extension (延期) requested."""

        days: int
        reason: str

        def apply(self, case: Case) -> None:
            case.extension_request = {
                "user_id": self.actor.user_id,
                "unit_id": self.actor.unit_id,
                "days": self.days,
            }

    class ExtensionGranted(Event):
        days: int
        deadline: date
        comment: str

        def apply(self, case: Case) -> None:
            case.extension_request = None
            case.extensions_granted += 1
            case.extension_days_granted += self.days
            case.deadline = self.deadline

    class ExtensionDenied(Event):
        reason: str

        def apply(self, case: Case) -> None:
            case.extension_request = None

    class CompletionClaimed(Event):
        """Completion claimed (申请验收); `substantiated` is the verdict on a complaint."""

        report: str
        substantiated: bool | None

        def apply(self, case: Case) -> None:
            case.status = S.ACCEPTANCE_REQUESTED
            case.claim = {"user_id": self.actor.user_id, "unit_id": self.actor.unit_id}
            case.inspected_after_claim = False
            case.substantiated = self.substantiated
            remember_worker(case, self.actor)

    class SiteInspected(Event):
        """Site inspection (现场核查)."""

        findings: str
        inspectors: list[str]
        lat: float | None
        lon: float | None

        def apply(self, case: Case) -> None:
            if case.status == S.ACCEPTANCE_REQUESTED:
                case.inspected_after_claim = True

    class Verified(Event):
        """Verified (验收) after a site inspection."""

        opinion: str

        def apply(self, case: Case) -> None:
            case.status = S.VERIFIED
            case.verified_by = {"user_id": self.actor.user_id, "unit_id": self.actor.unit_id}

    class VerificationFailed(Event):
        reason: str
        deadline: date | None

        def apply(self, case: Case) -> None:
            case.status = S.RECTIFYING
            case.claim = None
            if self.deadline is not None:
                case.deadline = self.deadline

    class PublicNoticeOpened(Event):
        """Public notice (公示) opened for a window of working days."""

        text: str
        window_days: int
        ends_on: date

        def apply(self, case: Case) -> None:
            case.status = S.PUBLIC_NOTICE
            case.notice_ends_on = self.ends_on

    class ObjectionRaised(Event):
        """An objection (异议) during the notice; the objector's identity is never here."""

        objection_id: str
        text: str
        channel: str

        def apply(self, case: Case) -> None:
            case.open_objections.append(self.objection_id)

    class ObjectionResolved(Event):
        objection_id: str
        upheld: bool
        resolution: str

        def apply(self, case: Case) -> None:
            case.open_objections.remove(self.objection_id)
            if self.upheld:
                case.status = S.RECTIFYING
                case.claim = None
                case.evidence_this_round = 0
                case.signed_off = False
                case.notice_ends_on = None

    class SignedOff(Event):
        """Signed off (审签) by a leader."""

        comment: str

        def apply(self, case: Case) -> None:
            case.signed_off = True

    class Closed(Event):
        """Closed (销号)."""

        summary: str

        def apply(self, case: Case) -> None:
            case.status = S.CLOSED

    class LookBackPassed(Event):
        """A look-back (回头看) found the fix holding."""

        findings: str

    class Rebounded(Event):
        """The problem came back (反弹); a new round of rectification begins."""

        reason: str
        source: str

        def apply(self, case: Case) -> None:
            case.status = S.REBOUNDED
            case.start_round()

    class AccountabilityTriggered(Event):
        """Accountability (问责) opened against a unit or post; never moves the status."""

        accountability_id: str
        form: AccountabilityForm
        target_unit_id: str
        target_post: str
        basis: str

        def apply(self, case: Case) -> None:
            case.accountability_open.append(self.accountability_id)

    class AccountabilityConcluded(Event):
        accountability_id: str
        outcome: str

        def apply(self, case: Case) -> None:
            case.accountability_open.remove(self.accountability_id)

    class NotePosted(Event):
        text: str
        public: bool

    class TypicalCaseProposed(Event):
        """Proposed as a typical case (典型案例); a second official must approve it."""

        title: str
        text: str

        def apply(self, case: Case) -> None:
            case.typical_proposal = {"user_id": self.actor.user_id, "title": self.title}

    class TypicalCasePublished(Event):
        """Approved and published as a typical case: text written for residents."""

        title: str
        text: str

        def apply(self, case: Case) -> None:
            case.typical_case = True
            case.typical_proposal = None

    class FeedbackGiven(Event):
        """The resident says whether the fix held; "not fixed" feeds the rebound check."""

        fixed: bool
        text: str

        def apply(self, case: Case) -> None:
            case.feedback_not_fixed += 0 if self.fixed else 1

    class ContactRecorded(Event):
        """Contact with the complainant (联系记录): outcome and note, never their identity."""

        outcome: str
        note: str

    class DocumentPrinted(Event):
        """A paper printed under its document number (文号), e.g. a transfer notice (交办单)."""

        kind: str
        number: str

    @event(Reported)
    def __init__(
        self,
        actor: Actor,
        effective_date: date | None,
        reference: str,
        external_ref: str | None,
        origin: Origin,
        title: str,
        description: str,
        categories: list[Category],
        place: Place,
        parent_id: UUID | None,
        initial_status: Status,
        deadline: date | None,
        tracking_secret_hash: str | None,
        channel: str | None = None,
    ) -> None:
        self.reported_by = actor
        self.reference = reference
        self.external_ref = external_ref
        self.origin = origin
        self.title = title
        self.description = description
        self.categories = list(categories)
        self.place = place
        self.parent_id = parent_id
        self.status = initial_status
        self.deadline = deadline
        self.tracking_secret_hashes = [tracking_secret_hash] if tracking_secret_hash else []
        self.channel = channel
        self.start_empty()
