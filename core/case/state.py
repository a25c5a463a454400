"""What every group of Case commands shares: the state they read and the common checks."""

from __future__ import annotations

import hmac
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from core.case.references import case_id_for
from core.case.statuses import Action, Status, check_transition
from core.domain.context import Context
from core.domain.deadlines import is_overdue
from core.domain.errors import InvalidInput
from core.domain.roles import Actor, Role, check_jurisdiction, check_role
from core.domain.text import check_storable
from core.domain.values import Category, Origin, Place

#: Statuses in which no deadline runs (the unit's part is done or the case is over).
CLOCK_STOPPED = frozenset(
    {
        Status.ACCEPTANCE_REQUESTED,
        Status.VERIFIED,
        Status.PUBLIC_NOTICE,
        Status.CLOSED,
        Status.DECLINED,
        Status.MERGED,
    }
)


def require_text(value: str, what: str, limit: int = 20_000) -> str:
    """Strip `value` and refuse it when empty, too long or holding a control character."""
    value = check_storable((value or "").strip(), what)
    if not value:
        raise InvalidInput("%(what)s is required", what=what)
    if len(value) > limit:
        raise InvalidInput("%(what)s is longer than %(limit)s characters", what=what, limit=limit)
    return value


def require_past(day: date | None, ctx: Context, what: str) -> date | None:
    """A claimed date may not lie in the future."""
    if day is not None and day > ctx.today:
        raise InvalidInput("%(what)s cannot lie in the future", what=what)
    return day


def remember_worker(case: CaseBase, actor: Actor) -> None:
    """Remember who did rectification work this round (for separation of duties)."""
    if actor.role is Role.UNIT:
        case.doers = sorted({*case.doers, actor.user_id})
        case.doer_units = sorted({*case.doer_units, actor.unit_id})


class CaseBase:
    """The state of a case, declared once for the command groups (the events assign it)."""

    id: UUID
    version: int
    reference: str
    external_ref: str | None
    title: str
    description: str
    place: Place
    parent_id: UUID | None
    children: list[str]
    round: int
    responsible_unit: str | None
    deadline: date | None
    plan_status: str | None
    doers: list[str]
    doer_units: list[str]
    evidence_this_round: int
    claim: dict[str, Any] | None
    inspected_after_claim: bool
    extension_request: dict[str, Any] | None
    extensions_granted: int
    extension_days_granted: int
    notice_ends_on: date | None
    open_objections: list[str]
    signed_off: bool
    accountability_open: list[str]
    linked_complaints: int
    tracking_secret_hashes: list[str]
    reported_by: Actor
    #: how a complaint came in (core.domain.values.Channel); cases snapshotted before channels
    #: were recorded have none in their state and read this default
    channel: str | None = None

    if TYPE_CHECKING:
        # The event classes are nested in Case; the command groups name them through self.
        Accepted: Any
        Declined: Any
        Merged: Any
        ComplaintLinked: Any
        MeasureAdded: Any
        Transferred: Any
        Acknowledged: Any
        PlanSubmitted: Any
        PlanApproved: Any
        PlanReturned: Any
        ProgressReported: Any
        EvidenceAttached: Any
        ExtensionRequested: Any
        ExtensionGranted: Any
        ExtensionDenied: Any
        CompletionClaimed: Any
        SiteInspected: Any
        Verified: Any
        VerificationFailed: Any
        PublicNoticeOpened: Any
        ObjectionRaised: Any
        ObjectionResolved: Any
        SignedOff: Any
        Closed: Any
        LookBackPassed: Any
        Rebounded: Any
        AccountabilityTriggered: Any
        AccountabilityConcluded: Any
        NotePosted: Any
        TypicalCasePublished: Any
        TypicalCaseProposed: Any
        FeedbackGiven: Any
        ContactRecorded: Any
        DocumentPrinted: Any

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

        @property
        def pending_events(self) -> list[Any]: ...

    # Enum members are stored as their plain string values (JSON), so the state keeps strings
    # and these properties hand out the enum, whether the case came from events or a snapshot.
    _status: str
    _origin: str
    _categories: list[str]

    @property
    def status(self) -> Status:
        return Status(self._status)

    @status.setter
    def status(self, value: Status | str) -> None:
        self._status = Status(value).value

    @property
    def origin(self) -> Origin:
        return Origin(self._origin)

    @origin.setter
    def origin(self, value: Origin | str) -> None:
        self._origin = Origin(value).value

    @property
    def categories(self) -> list[Category]:
        return [Category(c) for c in self._categories]

    @categories.setter
    def categories(self, value: list[Category] | list[str]) -> None:
        self._categories = sorted({Category(c).value for c in value})

    def _check(self, ctx: Context, action: Action) -> Status:
        """Role, status and jurisdiction, in that order; returns the status the action leads to."""
        check_role(ctx.actor, action)
        target = check_transition(self.status, action)
        check_jurisdiction(ctx.tree, ctx.actor, self.place.unit_id, self.responsible_unit)
        return target

    def _record(self, event_class: Any, ctx: Context, **fields: Any) -> None:
        fields.setdefault("effective_date", None)
        self.trigger_event(event_class, actor=ctx.actor, **fields)

    def start_empty(self) -> None:
        """The state every case starts from besides what its report says (run by Reported)."""
        self.children = []
        self.round = 1
        self.responsible_unit = None
        self.plan_status = None
        self.doers, self.doer_units = [], []
        self.evidence_this_round = 0
        self.claim = None
        self.inspected_after_claim = False
        self.extension_request = None
        self.extensions_granted = 0
        self.extension_days_granted = 0
        self.notice_ends_on = None
        self.open_objections = []
        self.signed_off = False
        self.accountability_open = []
        self.linked_complaints = 0
        self.merged_into: UUID | None = None
        self.substantiated: bool | None = None
        self.verified_by: dict[str, str] | None = None
        self.typical_case = False
        self.typical_proposal: dict[str, str] | None = None
        self.feedback_not_fixed = 0

    def start_round(self) -> None:
        """What a new round of rectification starts from (run by Rebounded)."""
        self.round += 1
        self.deadline = None  # the new round's deadline comes with its transfer
        self.doers, self.doer_units = [], []
        self.evidence_this_round = 0
        self.extensions_granted = self.extension_days_granted = 0
        self.claim = None
        self.signed_off = False
        self.notice_ends_on = None
        self.plan_status = None

    @staticmethod
    def create_id(reference: str, **_: Any) -> UUID:
        """A case's id follows from its reference (see references.case_id_for)."""
        return case_id_for(reference)

    def secret_matches(self, secret_hash: str) -> bool:
        """Whether a tracking secret's hash is one this case gave out (constant time)."""
        return self.secret_matches_any(self.tracking_secret_hashes, secret_hash)

    @staticmethod
    def secret_matches_any(known: list[str], secret_hash: str) -> bool:
        matched = False
        for candidate in known:
            matched |= hmac.compare_digest(candidate, secret_hash)
        return matched

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.CLOSED, Status.DECLINED, Status.MERGED)

    def is_overdue(self, today: date) -> bool:
        """Derived, never stored: the running clock's deadline has passed."""
        return is_overdue(self.deadline, today, self.status in CLOCK_STOPPED)
