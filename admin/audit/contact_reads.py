"""Who read which case's complainant contact, when and why: the log auditors review (DESIGN §3).

The page lists reads, never the identity read: auditors see everything but complainant identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from flask import render_template, request
from sqlalchemy import select

from admin.audit.blueprint import audit_bp
from admin.audit.views import auditors_only
from admin.auth import services
from admin.cases.contact import purpose_label
from admin.cases.queues import unit_name
from projections.cases.projection import case_rows
from stores.contacts import contact_reads

PAGE_SIZE = 100


@dataclass(frozen=True)
class ReadRow:
    read_at: str
    reader: str
    unit: str
    reference: str | None
    purpose: str


def _references(case_ids: set[UUID]) -> dict[UUID, str]:
    if not case_ids:
        return {}
    query = select(case_rows.c.case_id, case_rows.c.reference).where(
        case_rows.c.case_id.in_(case_ids)
    )
    with services().engine.connect() as conn:
        return {row.case_id: row.reference for row in conn.execute(query)}


@audit_bp.get("/contact-reads", endpoint="contact_reads")
@auditors_only
def contact_reads_page() -> Any:
    page = max(1, request.args.get("page", 1, type=int) or 1)
    reads, total = contact_reads(services().engine, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    zone = ZoneInfo(services().settings.timezone)
    references = _references({r.case_id for r in reads})
    rows = [
        ReadRow(
            read_at=r.read_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
            reader=r.reader_user_id,
            unit=unit_name(r.reader_unit_id) if r.reader_unit_id != "system" else r.reader_unit_id,
            reference=references.get(r.case_id),
            purpose=purpose_label(r.purpose),
        )
        for r in reads
    ]
    pages = max(1, -(-total // PAGE_SIZE))
    return render_template(
        "audit/contact_reads.html", rows=rows, page=page, pages=pages, total=total
    )
