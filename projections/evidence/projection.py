"""The evidence index: one row per file attached to a case, by its hash and its public copy's.

Files are content-addressed and kept outside any case; this index is what ties a hash back to
the cases that hold it (one photo may be attached to several).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Column, Connection, String, Table, Uuid, insert

from core.case.aggregate import Case
from projections.engine.catchup import Batch
from projections.engine.metadata import read_model_metadata

evidence_files = Table(
    "evidence_files",
    read_model_metadata,
    Column("notification_id", BigInteger, primary_key=True, autoincrement=False),
    Column("case_id", Uuid, nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("public_sha256", String(64), index=True),
)


class EvidenceIndexProjection:
    name = "evidence"
    tables: Sequence[Table] = (evidence_files,)

    def create(self, conn: Connection) -> None:
        return None

    def drop(self, conn: Connection) -> None:
        return None

    def forget(self) -> None:
        return None

    def apply(self, conn: Connection, events: Batch) -> None:
        rows = [self._row(i, e) for i, e in events if isinstance(e, Case.EvidenceAttached)]
        if rows:
            conn.execute(insert(evidence_files), rows)

    @staticmethod
    def _row(notification_id: int, event: Any) -> dict[str, Any]:
        metadata_ = dict(event.metadata or {})
        return {
            "notification_id": notification_id,
            "case_id": event.originator_id,
            "sha256": event.sha256,
            "public_sha256": metadata_.get("public_sha256"),
        }
