"""The projection set run by one projector process, and its schema operations."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, update

from core.service.application import Ducha
from core.settings import Settings
from projections.cases.projection import CaseListProjection, CaseStates
from projections.engine.catchup import Projection, ensure_positions, positions_table
from projections.evidence.projection import EvidenceIndexProjection
from projections.flags.projection import FlagsProjection
from projections.ledger.sealer import CheckpointPolicy, LedgerSealer
from projections.outbox.projection import NotificationOutbox
from projections.public.projection import PublicCasesProjection
from projections.timeline.projection import TimelineProjection

SET_NAME = "main"


def build_projections(app: Ducha, settings: Settings | None = None) -> list[Projection]:
    """Every projection of the set, in the order they are fed. With `settings` the ledger's
    sealer also signs checkpoints (when a signing key is configured)."""
    states = CaseStates(app)  # shared: each event is applied to its aggregate once
    return [
        CaseListProjection(app, states),
        EvidenceIndexProjection(),  # before the timeline, which a page waits for
        TimelineProjection(app.tree),
        PublicCasesProjection(app, states),
        NotificationOutbox(app.tree),
        FlagsProjection(app, settings.rule_thresholds if settings else None),
        LedgerSealer(app, CheckpointPolicy.from_settings(settings) if settings else None),
    ]


def create_projections(engine: Engine, projections: Sequence[Projection]) -> None:
    """Create the projections' tables and extra DDL; register their positions."""
    with engine.begin() as conn:
        for projection in projections:
            for table in projection.tables:
                table.create(conn, checkfirst=True)
            projection.create(conn)
    ensure_positions(engine, [p.name for p in projections])


def reset_projections(engine: Engine, projections: Sequence[Projection]) -> None:
    """Drop and recreate the projections' tables, and set their positions back to zero."""
    with engine.begin() as conn:
        for projection in projections:
            projection.drop(conn)
            for table in reversed(projection.tables):
                table.drop(conn, checkfirst=True)
            projection.forget()
    create_projections(engine, projections)
    with engine.begin() as conn:
        conn.execute(
            update(positions_table)
            .where(positions_table.c.name.in_([p.name for p in projections]))
            .values(
                position=0, updated_at=None, error=None, error_notification_id=None, error_at=None
            )
        )


def select_projections(app: Ducha, name: str | None) -> list[Projection]:
    projections = build_projections(app)
    if name is None:
        return projections
    chosen = [p for p in projections if p.name == name]
    if not chosen:
        known = ", ".join(p.name for p in projections)
        raise LookupError(f"no projection named {name!r}; the projections are {known}")
    return chosen
