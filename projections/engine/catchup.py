"""Positions and the catch-up engine: each projection writes its rows and its position in one
transaction, so every event takes effect exactly once, a restart resumes, and a rebuild from
zero gives the same rows.
"""

from __future__ import annotations

import logging
import traceback
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from core.service.application import Ducha
from projections.engine.metadata import read_model_metadata

log = logging.getLogger("ducha.projector")

positions_table = Table(
    "projection_positions",
    read_model_metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False, default=0),
    Column("updated_at", DateTime(timezone=True)),
    Column("error", Text),
    Column("error_notification_id", BigInteger),
    Column("error_at", DateTime(timezone=True)),
)


Batch = Sequence[tuple[int, Any]]


class Projection(Protocol):
    """A read model: its tables, how a batch of events changes them, how to start afresh."""

    name: str
    tables: Sequence[Table]

    def create(self, conn: Connection) -> None:
        """Extra DDL after the tables exist (indexes an ORM cannot express, FTS tables)."""

    def drop(self, conn: Connection) -> None:
        """Extra DDL before the tables are dropped."""

    def apply(self, conn: Connection, events: Batch) -> None:
        """Apply (notification id, event) pairs, in order, inside the projection's transaction."""

    def forget(self) -> None:
        """Drop any in-memory cache (after a failed transaction or a rebuild)."""


class EventByEvent(ABC):
    """For projections that handle one event at a time."""

    @abstractmethod
    def handle(self, conn: Connection, event: Any, notification_id: int) -> None:
        """Apply one event inside the projection's transaction."""

    def apply(self, conn: Connection, events: Batch) -> None:
        for notification_id, event in events:
            self.handle(conn, event, notification_id)


@dataclass(frozen=True)
class Position:
    name: str
    position: int
    updated_at: datetime | None
    error: str | None
    error_notification_id: int | None


def ensure_positions(engine: Engine, names: Sequence[str]) -> None:
    with engine.begin() as conn:
        known = set(conn.execute(select(positions_table.c.name)).scalars())
        for name in names:
            if name not in known:
                conn.execute(insert(positions_table).values(name=name, position=0))


def read_positions(engine: Engine) -> dict[str, Position]:
    with engine.connect() as conn:
        rows = conn.execute(select(positions_table)).all()
    return {
        r.name: Position(r.name, r.position, r.updated_at, r.error, r.error_notification_id)
        for r in rows
    }


def _lock_position(conn: Connection, name: str) -> int:
    """Read the position, locking its row on PostgreSQL so a second worker waits, then skips."""
    query = select(positions_table.c.position).where(positions_table.c.name == name)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return int(conn.execute(query).scalar_one())


def describe(exc: BaseException) -> str:
    """What went wrong, in one line without the values involved (reports' texts): for a
    database error the driver's first line, which names the table or constraint but no row's
    values (the engines hide statement parameters, PostgreSQL's DETAIL line is left out)."""
    first = "".join(traceback.format_exception_only(exc)).strip().splitlines()[0]
    if isinstance(exc, SQLAlchemyError):
        first = str(exc).splitlines()[0]
    return first[:1000]


def _record_error(
    engine: Engine, name: str, notification_id: int, exc: BaseException | None
) -> None:
    text = describe(exc) if exc else "unknown error"
    with engine.begin() as conn:
        conn.execute(
            update(positions_table)
            .where(positions_table.c.name == name)
            .values(error=text[:4000], error_notification_id=notification_id, error_at=_now())
        )


def clear_error(engine: Engine, name: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(positions_table)
            .where(positions_table.c.name == name)
            .values(error=None, error_notification_id=None, error_at=None)
        )


def _now() -> datetime:
    return datetime.now(UTC)


def process_batch(
    app: Ducha, engine: Engine, projections: Sequence[Projection], limit: int = 1000
) -> int:
    """Feed the next batch of notifications to every healthy projection; how many were read.

    A projection whose handler raises is stopped: its transaction rolls back, the error and the
    notification id are recorded, and the others go on. Nothing is skipped silently.
    """
    positions = read_positions(engine)
    healthy = [p for p in projections if positions[p.name].error is None]
    if not healthy:
        return 0
    start = min(positions[p.name].position for p in healthy)
    notifications = app.recorder.select_notifications(
        start=start, limit=limit, inclusive_of_start=False
    )
    if not notifications:
        return 0
    events = [(n.id, app.mapper.to_domain_event(n)) for n in notifications]
    for projection in healthy:
        _apply(engine, projection, events, positions[projection.name].position)
    return len(notifications)


def _apply(
    engine: Engine, projection: Projection, events: list[tuple[int, Any]], known: int
) -> None:
    """The whole batch in one transaction; if that fails, event by event, so that what is good
    is kept and the position stops just before the event at fault."""
    pending = [(i, e) for i, e in events if i > known]
    if not pending:
        return
    try:
        _apply_in_one_transaction(engine, projection, pending)
        return
    except Exception:
        projection.forget()
    for item in pending:
        try:
            _apply_in_one_transaction(engine, projection, [item])
        except Exception as exc:
            projection.forget()
            log.error(
                "projection %s stopped at notification %s: %s",
                projection.name,
                item[0],
                describe(exc),
            )
            _record_error(engine, projection.name, item[0], exc)
            return


def _apply_in_one_transaction(
    engine: Engine, projection: Projection, pending: list[tuple[int, Any]]
) -> None:
    with engine.begin() as conn:
        position = _lock_position(conn, projection.name)
        pending = [(i, e) for i, e in pending if i > position]
        if not pending:
            return
        projection.apply(conn, pending)
        conn.execute(
            update(positions_table)
            .where(positions_table.c.name == projection.name)
            .values(position=pending[-1][0], updated_at=_now())
        )


def catch_up(
    app: Ducha,
    engine: Engine,
    projections: Sequence[Projection],
    batch: int = 1000,
    progress: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> int:
    """Process everything pending, batch by batch; the number of notifications read."""
    total = 0
    while not should_stop():
        count = process_batch(app, engine, projections, batch)
        if not count:
            break
        total += count
        if progress is not None:
            progress(count)
    return total
