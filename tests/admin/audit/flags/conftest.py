"""Flag fixtures: the scripted cheating histories on the test's store, and the flags projection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from core.domain.values import Place
from core.service.application import Ducha
from demo.cheats import Cast, Cheats, play_cheats
from projections.engine.catchup import catch_up
from projections.engine.registry import create_projections
from projections.flags.projection import FlagsProjection
from tests.conftest import Clock
from tests.helpers import INSPECTOR, INTAKE, LEADER, OFFICE, UNIT

SITE = Place("jc.donghu", "jc.donghu.hubin", "湖滨路 18 号", lat=30.55, lon=114.35)
CAST = Cast(INTAKE, OFFICE, UNIT, INSPECTOR, LEADER, SITE)


@pytest.fixture
def cheats(ducha: Ducha, clock: Clock) -> Cheats:
    """Played on a clock months behind the wall clock that stamps the events, so no
    command's day lies after the day its event is recorded."""
    clock.now = datetime.now(clock.now.tzinfo) - timedelta(days=80)
    return play_cheats(ducha, CAST, lambda days: clock.advance(days=days))


@pytest.fixture
def flag_sync(ducha: Ducha, engine: Engine) -> Callable[[int], FlagsProjection]:
    """Catch the flags projection up, in batches of `batch` events."""
    projection = FlagsProjection(ducha)
    create_projections(engine, [projection])

    def run(batch: int = 1000) -> FlagsProjection:
        catch_up(ducha, engine, [projection], batch=batch)
        return projection

    return run
