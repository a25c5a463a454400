"""Small facts about the installation itself (e.g. that the demo data was loaded)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Engine, String, Table, insert, select
from sqlalchemy.exc import IntegrityError

from stores.db import stores_metadata

meta_table = Table(
    "ducha_meta",
    stores_metadata,
    Column("key", String(100), primary_key=True),
    Column("value", String(500), nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
)


def get_meta(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(meta_table.c.value).where(meta_table.c.key == key)).scalar()


def claim_meta(engine: Engine, key: str, value: str) -> bool:
    """Set `key` once; False when it was already set (by this or another process)."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(meta_table).values(key=key, value=value, set_at=datetime.now(UTC)))
    except IntegrityError:
        return False
    return True
