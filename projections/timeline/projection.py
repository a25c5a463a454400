"""The timeline: one row per case event, in Chinese and English, with actor and dates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    insert,
)

from core.case.aggregate import Case
from core.case.kinds import kind_of
from core.domain.orgunits import OrgTree
from projections.cases.projection import is_case_event
from projections.engine.catchup import Batch
from projections.engine.metadata import read_model_metadata
from projections.public.redaction import public_title, redact
from projections.timeline.summaries import Summaries, is_public

timeline_entries = Table(
    "timeline_entries",
    read_model_metadata,
    Column("notification_id", BigInteger, primary_key=True, autoincrement=False),
    Column("case_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column("event_type", String(40), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("effective_date", Date),
    Column("actor_user_id", String(100), nullable=False),
    Column("actor_unit_id", String(100), nullable=False),
    Column("actor_role", String(20), nullable=False),
    Column("summary_zh", Text, nullable=False),
    Column("summary_en", Text, nullable=False),
    Column("is_public", Boolean, nullable=False),
    Column("public_zh", Text),
    Column("public_en", Text),
    Index("ix_timeline_case_version", "case_id", "version", unique=True),
)


class TimelineProjection:
    name = "timeline"
    tables: Sequence[Table] = (timeline_entries,)

    def __init__(self, tree: OrgTree) -> None:
        self.summaries = Summaries(tree)

    def create(self, conn: Connection) -> None:
        return None

    def drop(self, conn: Connection) -> None:
        return None

    def forget(self) -> None:
        return None

    def apply(self, conn: Connection, events: Batch) -> None:
        rows = [self._row(i, e) for i, e in events if is_case_event(e)]
        if rows:
            conn.execute(insert(timeline_entries), rows)

    def _row(self, notification_id: int, event: Any) -> dict[str, Any]:
        zh, en = self.summaries.lines(event)
        public = is_public(event)
        shown_zh, shown_en = zh, en
        if isinstance(event, Case.Reported):  # the title as the public reads it
            shown_zh, shown_en = self.summaries.reported(
                public_title(event.title, event.description)
            )
        return {
            "notification_id": notification_id,
            "case_id": event.originator_id,
            "version": event.originator_version,
            "event_type": kind_of(event).value,
            "recorded_at": event.timestamp,
            "effective_date": event.effective_date,
            "actor_user_id": event.actor.user_id,
            "actor_unit_id": event.actor.unit_id,
            "actor_role": event.actor.role.value,
            "summary_zh": zh,
            "summary_en": en,
            "is_public": public,
            "public_zh": redact(shown_zh) if public else None,
            "public_en": redact(shown_en) if public else None,
        }
