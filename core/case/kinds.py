"""What each Case event is called where its name is data: the `event_type` read models store and
show, and the `kind` of a step the anti-fake rules read (core.rules.history).

The names are the ones the events were first stored under, fixed here and keyed by the event
class itself. Read models dispatch on the classes; only this module turns a class into a name, so
renaming an event class breaks the import of this module instead of silently changing stored rows
or the steps the rules look for. Every Case event has a kind (tests/core/test_kinds.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

from eventsourcing.domain import Aggregate

from core.case.aggregate import Case


class EventKind(StrEnum):
    """The stored name of a kind of Case event."""

    REPORTED = "Reported"
    ACCEPTED = "Accepted"
    DECLINED = "Declined"
    MERGED = "Merged"
    COMPLAINT_LINKED = "ComplaintLinked"
    MEASURE_ADDED = "MeasureAdded"
    TRANSFERRED = "Transferred"
    ACKNOWLEDGED = "Acknowledged"
    PLAN_SUBMITTED = "PlanSubmitted"
    PLAN_APPROVED = "PlanApproved"
    PLAN_RETURNED = "PlanReturned"
    PROGRESS_REPORTED = "ProgressReported"
    EVIDENCE_ATTACHED = "EvidenceAttached"
    EXTENSION_REQUESTED = "ExtensionRequested"
    EXTENSION_GRANTED = "ExtensionGranted"
    EXTENSION_DENIED = "ExtensionDenied"
    COMPLETION_CLAIMED = "CompletionClaimed"
    SITE_INSPECTED = "SiteInspected"
    VERIFIED = "Verified"
    VERIFICATION_FAILED = "VerificationFailed"
    PUBLIC_NOTICE_OPENED = "PublicNoticeOpened"
    OBJECTION_RAISED = "ObjectionRaised"
    OBJECTION_RESOLVED = "ObjectionResolved"
    SIGNED_OFF = "SignedOff"
    CLOSED = "Closed"
    LOOK_BACK_PASSED = "LookBackPassed"
    REBOUNDED = "Rebounded"
    ACCOUNTABILITY_TRIGGERED = "AccountabilityTriggered"
    ACCOUNTABILITY_CONCLUDED = "AccountabilityConcluded"
    NOTE_POSTED = "NotePosted"
    TYPICAL_CASE_PROPOSED = "TypicalCaseProposed"
    TYPICAL_CASE_PUBLISHED = "TypicalCasePublished"
    FEEDBACK_GIVEN = "FeedbackGiven"
    CONTACT_RECORDED = "ContactRecorded"
    DOCUMENT_PRINTED = "DocumentPrinted"


#: Every Case event class and its kind.
KIND_OF: Final[Mapping[type[Aggregate.Event], EventKind]] = MappingProxyType(
    {
        Case.Reported: EventKind.REPORTED,
        Case.Accepted: EventKind.ACCEPTED,
        Case.Declined: EventKind.DECLINED,
        Case.Merged: EventKind.MERGED,
        Case.ComplaintLinked: EventKind.COMPLAINT_LINKED,
        Case.MeasureAdded: EventKind.MEASURE_ADDED,
        Case.Transferred: EventKind.TRANSFERRED,
        Case.Acknowledged: EventKind.ACKNOWLEDGED,
        Case.PlanSubmitted: EventKind.PLAN_SUBMITTED,
        Case.PlanApproved: EventKind.PLAN_APPROVED,
        Case.PlanReturned: EventKind.PLAN_RETURNED,
        Case.ProgressReported: EventKind.PROGRESS_REPORTED,
        Case.EvidenceAttached: EventKind.EVIDENCE_ATTACHED,
        Case.ExtensionRequested: EventKind.EXTENSION_REQUESTED,
        Case.ExtensionGranted: EventKind.EXTENSION_GRANTED,
        Case.ExtensionDenied: EventKind.EXTENSION_DENIED,
        Case.CompletionClaimed: EventKind.COMPLETION_CLAIMED,
        Case.SiteInspected: EventKind.SITE_INSPECTED,
        Case.Verified: EventKind.VERIFIED,
        Case.VerificationFailed: EventKind.VERIFICATION_FAILED,
        Case.PublicNoticeOpened: EventKind.PUBLIC_NOTICE_OPENED,
        Case.ObjectionRaised: EventKind.OBJECTION_RAISED,
        Case.ObjectionResolved: EventKind.OBJECTION_RESOLVED,
        Case.SignedOff: EventKind.SIGNED_OFF,
        Case.Closed: EventKind.CLOSED,
        Case.LookBackPassed: EventKind.LOOK_BACK_PASSED,
        Case.Rebounded: EventKind.REBOUNDED,
        Case.AccountabilityTriggered: EventKind.ACCOUNTABILITY_TRIGGERED,
        Case.AccountabilityConcluded: EventKind.ACCOUNTABILITY_CONCLUDED,
        Case.NotePosted: EventKind.NOTE_POSTED,
        Case.TypicalCaseProposed: EventKind.TYPICAL_CASE_PROPOSED,
        Case.TypicalCasePublished: EventKind.TYPICAL_CASE_PUBLISHED,
        Case.FeedbackGiven: EventKind.FEEDBACK_GIVEN,
        Case.ContactRecorded: EventKind.CONTACT_RECORDED,
        Case.DocumentPrinted: EventKind.DOCUMENT_PRINTED,
    }
)


def kind_of(event: Any) -> EventKind:
    """The kind of a Case event (KeyError for an event of another aggregate)."""
    return KIND_OF[type(event)]
