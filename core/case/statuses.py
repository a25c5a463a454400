"""Case statuses, the actions on a case, and the one transitions table.

The table is the source of truth: `check_transition` is the only way the domain learns which
status an action leads to, and it is tested from every status with every action.
"""

from __future__ import annotations

from enum import StrEnum

from core.domain.errors import IllegalTransition


class Status(StrEnum):
    """Where a case stands in its lifecycle."""

    REPORTED = "reported"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    MERGED = "merged"
    TRANSFERRED = "transferred"
    RECTIFYING = "rectifying"
    ACCEPTANCE_REQUESTED = "acceptance_requested"
    VERIFIED = "verified"
    PUBLIC_NOTICE = "public_notice"
    CLOSED = "closed"
    REBOUNDED = "rebounded"


class Action(StrEnum):
    """Everything that can be done to an existing case (commands are verbs)."""

    ACCEPT = "accept"
    DECLINE = "decline"
    MERGE = "merge"
    LINK_COMPLAINT = "link_complaint"
    TRANSFER = "transfer"
    ACKNOWLEDGE = "acknowledge"
    SUBMIT_PLAN = "submit_plan"
    APPROVE_PLAN = "approve_plan"
    RETURN_PLAN = "return_plan"
    REPORT_PROGRESS = "report_progress"
    ATTACH_EVIDENCE = "attach_evidence"
    REQUEST_EXTENSION = "request_extension"
    GRANT_EXTENSION = "grant_extension"
    DENY_EXTENSION = "deny_extension"
    CLAIM_COMPLETION = "claim_completion"
    RECORD_SITE_INSPECTION = "record_site_inspection"
    VERIFY = "verify"
    FAIL_VERIFICATION = "fail_verification"
    OPEN_PUBLIC_NOTICE = "open_public_notice"
    RAISE_OBJECTION = "raise_objection"
    UPHOLD_OBJECTION = "uphold_objection"
    DISMISS_OBJECTION = "dismiss_objection"
    SIGN_OFF = "sign_off"
    CLOSE = "close"
    PASS_LOOK_BACK = "pass_look_back"
    REBOUND = "rebound"
    TRIGGER_ACCOUNTABILITY = "trigger_accountability"
    CONCLUDE_ACCOUNTABILITY = "conclude_accountability"
    POST_NOTE = "post_note"
    PROPOSE_TYPICAL_CASE = "propose_typical_case"
    PUBLISH_TYPICAL_CASE = "publish_typical_case"
    GIVE_FEEDBACK = "give_feedback"
    ADD_MEASURE = "add_measure"
    RECORD_CONTACT = "record_contact"
    PRINT_PAPER = "print_paper"


S = Status
ALL_STATUSES = frozenset(Status)
#: Statuses in which a case is finished and not merely paused.
TERMINAL = frozenset({S.DECLINED, S.MERGED, S.CLOSED})
#: Statuses counted as "open" when a parent asks whether its measures are done.
OPEN = ALL_STATUSES - TERMINAL
_AFTER_TRANSFER = frozenset(
    {S.TRANSFERRED, S.RECTIFYING, S.ACCEPTANCE_REQUESTED, S.VERIFIED, S.PUBLIC_NOTICE}
)
_LIVE = ALL_STATUSES - {S.DECLINED, S.MERGED}


def _stay(statuses: frozenset[Status]) -> dict[Status, Status]:
    return {s: s for s in statuses}


#: action -> {status it may be taken from: status it leads to}
TRANSITIONS: dict[Action, dict[Status, Status]] = {
    Action.ACCEPT: {S.REPORTED: S.ACCEPTED},
    Action.DECLINE: {S.REPORTED: S.DECLINED},
    Action.MERGE: {S.REPORTED: S.MERGED, S.ACCEPTED: S.MERGED},
    Action.LINK_COMPLAINT: _stay(OPEN | {S.CLOSED}),
    Action.TRANSFER: {
        S.ACCEPTED: S.TRANSFERRED,
        S.TRANSFERRED: S.TRANSFERRED,
        S.REBOUNDED: S.TRANSFERRED,
    },
    Action.ACKNOWLEDGE: {S.TRANSFERRED: S.RECTIFYING, S.REBOUNDED: S.RECTIFYING},
    Action.SUBMIT_PLAN: {S.TRANSFERRED: S.RECTIFYING, S.RECTIFYING: S.RECTIFYING},
    Action.APPROVE_PLAN: {S.RECTIFYING: S.RECTIFYING},
    Action.RETURN_PLAN: {S.RECTIFYING: S.RECTIFYING},
    Action.REPORT_PROGRESS: {S.RECTIFYING: S.RECTIFYING},
    Action.ATTACH_EVIDENCE: _stay(_LIVE),
    Action.REQUEST_EXTENSION: {S.TRANSFERRED: S.TRANSFERRED, S.RECTIFYING: S.RECTIFYING},
    Action.GRANT_EXTENSION: {S.TRANSFERRED: S.TRANSFERRED, S.RECTIFYING: S.RECTIFYING},
    Action.DENY_EXTENSION: {S.TRANSFERRED: S.TRANSFERRED, S.RECTIFYING: S.RECTIFYING},
    Action.CLAIM_COMPLETION: {S.RECTIFYING: S.ACCEPTANCE_REQUESTED},
    Action.RECORD_SITE_INSPECTION: _stay(
        frozenset({S.RECTIFYING, S.ACCEPTANCE_REQUESTED, S.CLOSED})
    ),
    Action.VERIFY: {S.ACCEPTANCE_REQUESTED: S.VERIFIED},
    Action.FAIL_VERIFICATION: {S.ACCEPTANCE_REQUESTED: S.RECTIFYING},
    Action.OPEN_PUBLIC_NOTICE: {S.VERIFIED: S.PUBLIC_NOTICE},
    Action.RAISE_OBJECTION: {S.PUBLIC_NOTICE: S.PUBLIC_NOTICE},
    Action.UPHOLD_OBJECTION: {S.PUBLIC_NOTICE: S.RECTIFYING},
    Action.DISMISS_OBJECTION: {S.PUBLIC_NOTICE: S.PUBLIC_NOTICE},
    Action.SIGN_OFF: {S.PUBLIC_NOTICE: S.PUBLIC_NOTICE},
    Action.CLOSE: {S.PUBLIC_NOTICE: S.CLOSED},
    Action.PASS_LOOK_BACK: {S.CLOSED: S.CLOSED},
    Action.REBOUND: {S.CLOSED: S.REBOUNDED},
    Action.TRIGGER_ACCOUNTABILITY: _stay(ALL_STATUSES),
    Action.CONCLUDE_ACCOUNTABILITY: _stay(ALL_STATUSES),
    Action.POST_NOTE: _stay(ALL_STATUSES),
    Action.PROPOSE_TYPICAL_CASE: _stay(_LIVE - {S.REPORTED}),
    Action.PUBLISH_TYPICAL_CASE: _stay(_LIVE - {S.REPORTED}),
    Action.GIVE_FEEDBACK: {S.CLOSED: S.CLOSED, S.REBOUNDED: S.REBOUNDED},
    Action.ADD_MEASURE: _stay(OPEN - {S.REPORTED}),
    Action.RECORD_CONTACT: _stay(ALL_STATUSES),
    Action.PRINT_PAPER: _stay(ALL_STATUSES),
}


def check_transition(status: Status, action: Action) -> Status:
    """Return the status `action` leads to from `status`, or raise IllegalTransition."""
    try:
        return TRANSITIONS[action][status]
    except KeyError:
        raise IllegalTransition(
            "cannot %(action)s a case that is %(status)s",
            action=action.value.replace("_", " "),
            status=status.value,
        ) from None


def moves() -> frozenset[tuple[Status, Status]]:
    """Every (from, to) status change the table allows, staying put excluded."""
    return frozenset(
        (src, dst) for table in TRANSITIONS.values() for src, dst in table.items() if src != dst
    )
