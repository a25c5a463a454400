"""A case's history as a document auditors can take away: JSON, a printable page and a PDF,
each with the inclusion proofs of the case's events in the latest signed checkpoint."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from flask import render_template
from sqlalchemy import Engine

from admin.audit.history import event_records, state_fields
from core.case.aggregate import Case
from core.service.application import Ducha
from projections.ledger.sealer import (
    CheckpointRecord,
    LedgerError,
    case_inclusion_proofs,
    latest_checkpoint,
)

EXPORT_FORMAT = "ducha-case-history/1"
NO_CHECKPOINT = "no checkpoint yet"


def _checkpoint(record: CheckpointRecord) -> dict[str, Any]:
    return {
        "tree_size": record.tree_size,
        "root_hash_hex": record.root.hex(),
        "created_at": record.created_at.isoformat(),
        "file_name": record.file_name,
        "signed_note": record.note,
    }


def proofs_section(engine: Engine, case_id: UUID, latest_version: int) -> dict[str, Any]:
    """The latest signed checkpoint and, per event of the case in it, the RFC 6962 audit path
    from the event's leaf to the checkpoint's root; says so when there is nothing to prove."""
    record = latest_checkpoint(engine)
    if record is None:
        return {"checkpoint": None, "message": NO_CHECKPOINT, "proofs": [], "uncovered": []}
    checkpoint = _checkpoint(record)
    try:
        proofs = case_inclusion_proofs(engine, case_id, record)
    except LedgerError as error:
        message = f"no inclusion proofs: {error.message}"
        return {"checkpoint": checkpoint, "message": message, "proofs": [], "uncovered": []}
    covered = max((p["version"] for p in proofs), default=0)
    uncovered = list(range(covered + 1, latest_version + 1))
    message = ""
    if uncovered:
        message = (
            f"versions {uncovered[0]} to {uncovered[-1]} were recorded after this checkpoint; "
            "the next checkpoint will cover them"
        )
    return {"checkpoint": checkpoint, "message": message, "proofs": proofs, "uncovered": uncovered}


def export_document(
    app: Ducha, case: Case, zone: ZoneInfo, ledger: dict[str, Any]
) -> dict[str, Any]:
    """Everything an auditor takes away about one case, as plain JSON values."""
    return {
        "format": EXPORT_FORMAT,
        "case_id": str(case.id),
        "reference": case.reference,
        "exported_at": datetime.now(zone).isoformat(timespec="seconds"),
        "timezone": zone.key,
        "events": [record.as_json(zone) for record in event_records(app, case.id)],
        "state": state_fields(case),
        "ledger": ledger,
    }


def printable(document: dict[str, Any], english: bool) -> str:
    """The export as one self-contained HTML page, laid out for print (and for the PDF)."""
    return render_template("audit/export.html", doc=document, english=english)


def render_pdf(html: str) -> bytes:
    """The printable page as PDF (WeasyPrint, with the CJK font the machine provides)."""
    # Imported here: loading WeasyPrint costs most of a second, which every CLI command and
    # worker start would otherwise pay.
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
