"""A report waiting for the resident's answer to "is it one of these?", kept server-side.

It holds contact details, so it lives in the database for at most an hour, never in a page.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Column, DateTime, Engine, String, Table, Text, delete, insert, select

from stores.db import stores_metadata

TTL = timedelta(hours=1)

report_drafts = Table(
    "report_drafts",
    stores_metadata,
    Column("token", String(64), primary_key=True),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
)


def save_draft(engine: Engine, payload: dict[str, Any]) -> str:
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(delete(report_drafts).where(report_drafts.c.created_at < now - TTL))
        conn.execute(
            insert(report_drafts).values(
                token=token, payload=json.dumps(payload, ensure_ascii=False), created_at=now
            )
        )
    return token


def take_draft(engine: Engine, token: str) -> dict[str, Any] | None:
    """The draft, removed from the table; None when unknown or expired."""
    with engine.begin() as conn:
        row = conn.execute(select(report_drafts).where(report_drafts.c.token == token)).first()
        if row is None:
            return None
        conn.execute(delete(report_drafts).where(report_drafts.c.token == token))
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    if created < datetime.now(UTC) - TTL:
        return None
    payload: dict[str, Any] = json.loads(row.payload)
    return payload
