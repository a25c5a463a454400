"""The notification outbox: one row per public status change or public notice of a case.

Rows are written inside the projection's own transaction, so each event yields its row exactly
once and a rebuild from zero yields the same rows. The mailer (projections.outbox.mailer) sends them
later, outside every request and event transaction, and records what it has sent in the
authoritative tables of stores/mail_log.py, which survive a rebuild: a rebuilt row whose event
is listed in `notification_sent` comes back already sent, so a rebuild resends nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    insert,
    select,
)

from core.case.aggregate import Case
from core.domain.orgunits import OrgTree
from projections.cases.projection import is_case_event
from projections.engine.catchup import Batch
from projections.engine.metadata import read_model_metadata
from projections.public.redaction import redact
from projections.timeline.summaries import Summaries
from stores.mail_log import notification_sent

notification_outbox = Table(
    "notification_outbox",
    read_model_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Uuid, nullable=False, index=True),
    Column("notification_id", BigInteger, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("reference", String(40), nullable=False),
    Column("status", String(40), nullable=False),
    Column("text_zh", Text, nullable=False),
    Column("text_en", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("next_attempt_at", DateTime(timezone=True)),
    UniqueConstraint("notification_id", "kind", name="uq_notification_outbox_event"),
    Index("ix_notification_outbox_pending", "sent_at", "id"),
)

#: Each case's reference, from its Reported event (later events carry only the case id).
notification_cases = Table(
    "notification_cases",
    read_model_metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("reference", String(40), nullable=False),
)

#: The status a case has after each event, for the events a resident hears about; None for
#: those they do not. Every Case event is listed, so a new one needs a decision here.
STATUS_AFTER: dict[type[Any], str | None] = {
    Case.Reported: None,  # its reference is kept (below); nothing is announced
    Case.Accepted: "accepted",
    Case.Declined: "declined",
    Case.Merged: "merged",
    Case.ComplaintLinked: None,
    Case.MeasureAdded: None,
    Case.Transferred: "transferred",
    Case.Acknowledged: "rectifying",
    Case.PlanSubmitted: None,
    Case.PlanApproved: None,
    Case.PlanReturned: None,
    Case.ProgressReported: None,
    Case.EvidenceAttached: None,
    Case.ExtensionRequested: None,
    Case.ExtensionGranted: None,
    Case.ExtensionDenied: None,
    Case.CompletionClaimed: "acceptance_requested",
    Case.SiteInspected: None,
    Case.Verified: "verified",
    Case.VerificationFailed: "rectifying",
    Case.PublicNoticeOpened: "public_notice",
    Case.ObjectionRaised: None,
    Case.ObjectionResolved: "rectifying",  # only when upheld
    Case.SignedOff: None,
    Case.Closed: "closed",
    Case.LookBackPassed: None,
    Case.Rebounded: "rebounded",
    Case.AccountabilityTriggered: None,
    Case.AccountabilityConcluded: None,
    Case.NotePosted: None,
    Case.TypicalCaseProposed: None,
    Case.TypicalCasePublished: None,
    Case.FeedbackGiven: None,
    Case.ContactRecorded: None,
    Case.DocumentPrinted: None,
}

STATUS_EN = {
    "accepted": "accepted",
    "declined": "declined",
    "merged": "merged with another case",
    "transferred": "transferred to the responsible unit",
    "rectifying": "being rectified",
    "acceptance_requested": "rectification reported complete, awaiting verification",
    "verified": "rectification verified",
    "public_notice": "result on public notice",
    "closed": "closed",
    "rebounded": "the problem came back; rectification starts again",
}

STATUS = "status"
PUBLIC_NOTICE = "public_notice"


def outbox_kind(event: Any) -> str | None:
    """The outbox kind a Case event yields ('status' or 'public_notice'), or None."""
    if STATUS_AFTER[type(event)] is None or (
        isinstance(event, Case.ObjectionResolved) and not event.upheld
    ):
        return None
    return PUBLIC_NOTICE if isinstance(event, Case.PublicNoticeOpened) else STATUS


class NotificationOutbox:
    """What residents are told, and when; the mailer does the telling."""

    name = "notifications"
    tables: Sequence[Table] = (notification_outbox, notification_cases)

    def __init__(self, tree: OrgTree) -> None:
        self.summaries = Summaries(tree)

    def create(self, conn: Connection) -> None:
        return None

    def drop(self, conn: Connection) -> None:
        return None

    def forget(self) -> None:
        return None

    def apply(self, conn: Connection, events: Batch) -> None:
        """One insert of new cases, one look-up each of references and of mail already sent,
        one insert of outbox rows."""
        references: dict[Any, str] = {}
        wanted: list[tuple[int, str, Any]] = []
        for notification_id, event in events:
            if not is_case_event(event):
                continue
            if isinstance(event, Case.Reported):
                references[event.originator_id] = event.reference
                continue
            kind = outbox_kind(event)
            if kind is not None:
                wanted.append((notification_id, kind, event))
        if references:
            conn.execute(
                insert(notification_cases),
                [{"case_id": case_id, "reference": ref} for case_id, ref in references.items()],
            )
        if not wanted:
            return
        unknown = {e.originator_id for _i, _k, e in wanted} - set(references)
        if unknown:
            found = conn.execute(
                select(notification_cases.c.case_id, notification_cases.c.reference).where(
                    notification_cases.c.case_id.in_(list(unknown))
                )
            )
            references.update({row.case_id: row.reference for row in found})
        sent = {
            (row.notification_id, row.kind): row
            for row in conn.execute(
                select(notification_sent).where(
                    notification_sent.c.notification_id.in_([i for i, _k, _e in wanted])
                )
            )
        }
        conn.execute(
            insert(notification_outbox),
            [self._row(i, kind, e, references, sent.get((i, kind))) for i, kind, e in wanted],
        )

    def _row(
        self, notification_id: int, kind: str, event: Any, references: dict[Any, str], done: Any
    ) -> dict[str, Any]:
        zh, en = self.summaries.lines(event)
        return {
            "case_id": event.originator_id,
            "notification_id": notification_id,
            "kind": kind,
            "reference": references[event.originator_id],
            "status": STATUS_AFTER[type(event)],
            "text_zh": redact(zh),
            "text_en": redact(en),
            "created_at": event.timestamp,
            "sent_at": done.sent_at if done else None,
            "attempts": done.attempts if done else 0,
            "last_error": done.last_error if done else None,
            "next_attempt_at": None,
        }
