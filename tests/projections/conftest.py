"""Fixtures of the read-side tests: the read engine and the projection set of the test's app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select

from core.service.application import Ducha
from core.settings import Settings
from projections.engine.catchup import Projection
from projections.engine.registry import build_projections, create_projections
from stores.db import make_engine


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.sqlalchemy_url)
    yield engine
    engine.dispose()


@pytest.fixture
def projections(ducha: Ducha, engine: Engine) -> list[Projection]:
    projections = build_projections(ducha)
    create_projections(engine, projections)
    return projections


def dump(engine: Engine, projections: list[Projection]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every projection table, in primary-key order."""
    out = {}
    with engine.connect() as conn:
        for projection in projections:
            for table in projection.tables:
                rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
                out[table.name] = [tuple(r) for r in rows]
    return out
