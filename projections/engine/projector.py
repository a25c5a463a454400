"""The projector: one long-running process that keeps the projection set up to date.

On PostgreSQL it sleeps until the event store's NOTIFY wakes it; on SQLite (which cannot
subscribe) it polls every `poll_interval` seconds. It stops cleanly between batches. When mail is
configured a thread of the process sends it, after new events and at least every
`mail_interval` seconds: outside any request or event transaction, and never raising into
the loop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy import Engine

from core.service.application import Ducha
from projections.engine.catchup import Projection, catch_up, process_batch, read_positions
from projections.engine.registry import SET_NAME, build_projections, create_projections
from projections.outbox.mailer import Mailer, send_safely
from stores.services import Services

log = logging.getLogger("ducha.projector")
#: Seconds between calls of the projections' idle hooks while the log is quiet.
IDLE_INTERVAL = 1.0


class Waker:
    """Waits for the next event: LISTEN/NOTIFY on PostgreSQL, a short sleep on SQLite."""

    def __init__(self, app: Ducha, database_url: str | None, poll_interval: float) -> None:
        self.poll_interval = poll_interval
        self._conn: psycopg.Connection[Any] | None = None
        if database_url is not None:
            channel = getattr(app.recorder, "channel_name", f"{app.name}_events")
            self._conn = psycopg.connect(database_url, autocommit=True)
            self._conn.execute(f'LISTEN "{channel}"')

    def wait(self, stop: threading.Event) -> None:
        if self._conn is None:
            stop.wait(self.poll_interval)
            return
        # Wake on a notification, or after a second to look at the stop flag.
        for _ in self._conn.notifies(timeout=1.0, stop_after=1):
            pass

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


@dataclass(frozen=True)
class ProjectionStatus:
    name: str
    position: int
    lag_events: int
    lag_is_capped: bool
    lag_seconds: float
    error: str | None
    error_notification_id: int | None


def projection_status(services: Services, cap: int = 10_000) -> list[ProjectionStatus]:
    """Each projection's position, how far behind it is (events, seconds), its last error."""
    app, engine = services.app, services.engine
    positions = read_positions(engine)
    statuses = []
    for name, position in sorted(positions.items()):
        pending = app.recorder.select_notifications(
            start=position.position, limit=cap, inclusive_of_start=False
        )
        seconds = 0.0
        if pending:
            first: Any = app.mapper.to_domain_event(pending[0])
            seconds = max(0.0, (datetime.now(UTC) - first.timestamp).total_seconds())
        statuses.append(
            ProjectionStatus(
                name=name,
                position=position.position,
                lag_events=len(pending),
                lag_is_capped=len(pending) >= cap,
                lag_seconds=seconds,
                error=position.error,
                error_notification_id=position.error_notification_id,
            )
        )
    return statuses


def prepare(services: Services) -> list[Projection]:
    projections = build_projections(services.app, services.settings)
    create_projections(services.engine, projections)
    return projections


def _mail_loop(mailer: Mailer, stop: threading.Event, due: threading.Event, every: float) -> None:
    """Send what the outbox holds: when new events arrived, or every `every` seconds."""
    while not stop.is_set():
        send_safely(mailer)
        due.wait(every)
        due.clear()


def _run_idle(hook: Callable[[Engine], object], engine: Engine) -> None:
    """An idle hook's failure is logged, never the end of the projector."""
    try:
        hook(engine)
    except Exception:
        log.exception("projector: idle work failed")


def run_projector(
    services: Services,
    stop: threading.Event,
    poll_interval: float = 0.05,
    batch: int = 1000,
    projections: list[Projection] | None = None,
    mail_interval: float = 5.0,
    mailer: Mailer | None = None,
) -> int:
    """Keep the set up to date until `stop` is set; the number of notifications read.

    Mail goes out from a thread of its own, so a slow mail server never holds projections
    back. `mailer` defaults to one built from the settings (none when mail is off).
    """
    app, engine = services.app, services.engine
    projections = projections or prepare(services)
    mailer = mailer or Mailer.from_settings(engine, services.settings)
    waker = Waker(app, services.settings.database_url, poll_interval)
    mail_due = threading.Event()
    sender = None
    if mailer is not None:
        sender = threading.Thread(
            target=_mail_loop, args=(mailer, stop, mail_due, mail_interval), name="mailer"
        )
        sender.start()
    total = 0
    idle_hooks = [hook for p in projections if callable(hook := getattr(p, "idle", None))]
    next_idle = 0.0
    log.info("projector %s started: %s", SET_NAME, ", ".join(p.name for p in projections))
    try:
        while not stop.is_set():
            count = process_batch(app, engine, projections, batch)
            total += count
            if count:
                mail_due.set()
                continue
            if idle_hooks and time.monotonic() >= next_idle:
                next_idle = time.monotonic() + IDLE_INTERVAL
                for hook in idle_hooks:
                    _run_idle(hook, engine)
            waker.wait(stop)
    finally:
        stop.set()
        mail_due.set()
        if sender is not None:
            sender.join()
        waker.close()
        log.info("projector %s stopped after %d notifications", SET_NAME, total)
    return total


def catch_up_all(services: Services) -> int:
    return catch_up(services.app, services.engine, prepare(services))
