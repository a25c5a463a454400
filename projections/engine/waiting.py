"""Read-your-writes: wait until a projection has reached a notification id."""

from __future__ import annotations

import time

from sqlalchemy import Engine, select

from projections.engine.catchup import positions_table


class ProjectionLagging(TimeoutError):
    """The projection did not reach the notification in time (or is stopped by an error)."""


def wait_for(
    engine: Engine,
    name: str,
    notification_id: int,
    timeout: float = 2.0,
    interval: float = 0.005,
) -> None:
    """Poll every few milliseconds until `name` has processed `notification_id`."""
    deadline = time.monotonic() + timeout
    query = select(positions_table.c.position, positions_table.c.error).where(
        positions_table.c.name == name
    )
    while True:
        with engine.connect() as conn:
            row = conn.execute(query).first()
        if row is not None and row.position >= notification_id:
            return
        if row is not None and row.error:
            raise ProjectionLagging(f"projection {name} is stopped: {row.error}")
        if time.monotonic() >= deadline:
            position = None if row is None else row.position
            raise ProjectionLagging(
                f"projection {name} is at {position}, not yet at {notification_id}"
            )
        time.sleep(interval)
