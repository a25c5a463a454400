"""The case-list projection for query tests: create it, catch it up, and script a few cases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Engine, insert, select

from core.domain.roles import Actor
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from core.settings import Settings
from projections.cases.projection import CaseListProjection, case_categories, case_rows
from projections.engine.catchup import catch_up, ensure_positions, positions_table
from stores.db import make_engine
from tests.helpers import OFFICE

XISHAN = Place("jc.xishan", "jc.xishan.fenghuang", "凤凰路 2 号")
DONGHU = Place("jc.donghu", "jc.donghu.hubin", "湖滨路 18 号")


class ReadSide:
    """The case list of one test's store, on its own engine."""

    def __init__(self, app: Ducha, settings: Settings) -> None:
        self.app = app
        self.engine = make_engine(settings.sqlalchemy_url)
        self.projection = CaseListProjection(app)
        with self.engine.begin() as conn:
            self.projection.create(conn)
        ensure_positions(self.engine, [self.projection.name])

    def refresh(self) -> Engine:
        """Catch the projection up and fail loudly if it stopped on an error."""
        catch_up(self.app, self.engine, [self.projection])
        with self.engine.connect() as conn:
            error = conn.execute(
                select(positions_table.c.error).where(
                    positions_table.c.name == self.projection.name
                )
            ).scalar_one()
        if error is not None:
            raise RuntimeError(f"the case list projection stopped: {error}")
        return self.engine

    def close(self) -> None:
        self.engine.dispose()


def new_case(
    app: Ducha,
    title: str,
    *,
    description: str = "现场核查待定。",
    categories: tuple[Category, ...] = (Category.OTHER,),
    place: Place = DONGHU,
    origin: Origin = Origin.SELF_FOUND,
    actor: Actor = OFFICE,
) -> UUID:
    """Register a problem as staff; its id."""
    receipt = app.report(
        actor,
        origin=origin,
        title=title,
        description=description,
        categories=list(categories),
        place=place,
    )
    return receipt.case_id


def insert_row(engine: Engine, **values: Any) -> UUID:
    """Write one case-list row directly, for statistics over chosen timestamps."""
    case_id = uuid4()
    row: dict[str, Any] = {
        "case_id": case_id,
        "reference": f"T-{case_id.hex[:10]}",
        "title": "题",
        "description": "述",
        "origin": Origin.SELF_FOUND.value,
        "categories": "other",
        "district_id": "jc.donghu",
        "township_id": None,
        "address": "",
        "status": "reported",
        "round": 1,
        "clock_running": False,
        "extension_pending": False,
        "open_objections": 0,
        "signed_off": False,
        "accountability_open": 0,
        "linked_complaints": 0,
        "children": 0,
        "typical_case": False,
        "feedback_not_fixed": 0,
        "version": 1,
        "reported_at": datetime(2026, 1, 1, tzinfo=UTC),
        "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    row.update(values)
    with engine.begin() as conn:
        conn.execute(insert(case_rows).values(**row))
        for category in row["categories"].split(","):
            conn.execute(insert(case_categories).values(case_id=case_id, category=category))
    return case_id


def days_after(day: date, days: int) -> date:
    return date.fromordinal(day.toordinal() + days)
