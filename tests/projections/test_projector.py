"""The projector: rows for a scripted history, exactly once, rebuild equality, restart, one
projector at a time, a failing handler stops only its projection. On SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from sqlalchemy import Engine, select

from core.domain.values import Category, Channel, Origin, Place
from core.service.application import Ducha
from core.service.contacts import Contact
from core.settings import Settings
from projections.cases.projection import CaseListProjection, case_categories, case_rows
from projections.engine.catchup import (
    Projection,
    _apply,
    catch_up,
    clear_error,
    process_batch,
    read_positions,
)
from projections.engine.locks import ProjectorBusy, ProjectorLock
from projections.engine.projector import run_projector
from projections.engine.registry import build_projections, reset_projections
from projections.engine.waiting import ProjectionLagging, wait_for
from projections.public.projection import public_cases
from projections.timeline.projection import timeline_entries
from stores.services import Services
from tests.helpers import INTAKE, OFFICE, drive, report
from tests.projections.conftest import dump


def script(ducha: Ducha, clock: Any) -> dict[str, Any]:
    """A small city: one case per interesting status."""
    cases = {}
    for target in ["reported", "accepted", "rectifying", "closed", "rebounded"]:
        receipt = report(ducha, title=f"河道黑臭水体（{target}）")
        drive(ducha, receipt.case_id, clock, until=target)
        cases[target] = receipt.case_id
    declined = report(ducha, title="噪声扰民")
    ducha.decline(INTAKE, declined.case_id, "不属于生态环境问题")
    cases["declined"] = declined.case_id
    return cases


def test_case_rows_agree_with_the_aggregates(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection]
) -> None:
    cases = script(ducha, clock)
    catch_up(ducha, engine, projections)
    with engine.connect() as conn:
        rows = {r.case_id: r for r in conn.execute(select(case_rows))}
    assert set(rows) == set(cases.values())
    for case_id, row in rows.items():
        case = ducha.get(case_id)
        assert (row.status, row.version, row.round, row.deadline) == (
            case.status.value,
            case.version,
            case.round,
            case.deadline,
        )
    closed = rows[cases["closed"]]
    assert closed.closed_at is not None and closed.first_closed_at == closed.closed_at
    assert closed.closed_on_time is True and closed.clock_running is False
    rebounded = rows[cases["rebounded"]]
    assert rebounded.round == 2 and rebounded.first_closed_at is not None
    assert (rebounded.closed_at, rebounded.closed_on_time, rebounded.deadline) == (None, None, None)
    assert rows[cases["rectifying"]].responsible_unit == "jc.donghu.hubin"


def test_categories_get_a_row_each(
    ducha: Ducha, engine: Engine, projections: list[Projection]
) -> None:
    receipt = report(ducha)
    catch_up(ducha, engine, projections)
    with engine.connect() as conn:
        rows = conn.execute(select(case_categories.c.category)).scalars().all()
    assert rows == ["water"]
    assert receipt.case_id


def test_the_timeline_has_one_readable_row_per_event(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection]
) -> None:
    receipt = report(ducha)
    drive(ducha, receipt.case_id, clock, until="transferred")
    catch_up(ducha, engine, projections)
    with engine.connect() as conn:
        rows = conn.execute(select(timeline_entries).order_by("version")).all()
    assert [(r.version, r.event_type) for r in rows] == [
        (1, "Reported"),
        (2, "Accepted"),
        (3, "Transferred"),
    ]
    transferred = rows[2]
    assert transferred.summary_zh.startswith("交办至湖滨街道，期限 ")
    assert transferred.summary_en.startswith("Transferred to Hubin Subdistrict, due ")
    assert (transferred.actor_user_id, transferred.actor_role) == (OFFICE.user_id, "office")


def test_public_cases_hold_accepted_cases_only_with_contacts_masked(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection]
) -> None:
    cases = script(ducha, clock)
    leaky = report(ducha, contact=Contact(name="王秀英", phone="13912345678"))
    ducha.accept(INTAKE, leaky.case_id)
    ducha.post_note(OFFICE, leaky.case_id, "已电话联系 13912345678", public=True)
    catch_up(ducha, engine, projections)
    with engine.connect() as conn:
        public = {r.case_id: r for r in conn.execute(select(public_cases))}
        notes = conn.execute(
            select(timeline_entries.c.public_zh).where(
                timeline_entries.c.event_type == "NotePosted"
            )
        ).scalars()
        note = next(iter(notes))
    assert cases["reported"] not in public and cases["declined"] not in public
    assert {cases["accepted"], cases["closed"], leaky.case_id} <= set(public)
    assert "13912345678" not in note and "＊＊＊" in note
    blob = repr(dump(engine, [p for p in projections if p.name == "public_cases"]))
    assert "王秀英" not in blob and "13912345678" not in blob


def test_a_processed_notification_changes_nothing(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection]
) -> None:
    receipt = report(ducha)
    drive(ducha, receipt.case_id, clock, until="rectifying")
    catch_up(ducha, engine, projections)
    before = dump(engine, projections)
    notifications = ducha.recorder.select_notifications(start=1, limit=100)
    events = [(n.id, ducha.mapper.to_domain_event(n)) for n in notifications]
    for projection in projections:
        _apply(engine, projection, events, known=0)
    assert dump(engine, projections) == before
    assert all(p.error is None for p in read_positions(engine).values())


def test_a_rebuild_gives_the_same_rows_as_incremental_work(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection]
) -> None:
    for target in ["accepted", "closed", "rebounded", "reported"]:
        receipt = report(ducha)
        drive(ducha, receipt.case_id, clock, until=target)
        process_batch(ducha, engine, projections, limit=7)
    catch_up(ducha, engine, projections)
    incremental = dump(engine, projections)
    reset_projections(engine, projections)
    assert all(rows == [] for rows in dump(engine, projections).values())
    catch_up(ducha, engine, build_projections(ducha))
    assert dump(engine, projections) == incremental


def test_a_restart_resumes_where_it_stopped(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection]
) -> None:
    first = report(ducha)
    assert catch_up(ducha, engine, projections) == first.notification_id
    drive(ducha, first.case_id, clock, until="transferred")
    second = report(ducha)
    restarted = build_projections(ducha)  # a new process: empty caches
    processed = catch_up(ducha, engine, restarted)
    assert processed == second.notification_id - first.notification_id
    with engine.connect() as conn:
        status = conn.execute(
            select(case_rows.c.status).where(case_rows.c.case_id == first.case_id)
        ).scalar_one()
    assert status == "transferred"


class Exploding(CaseListProjection):
    """A case list whose handler fails on transfers."""

    name = "case_list"

    def apply(self, conn: Any, events: Any) -> None:
        if any(type(event).__name__ == "Transferred" for _id, event in events):
            raise ValueError("boom")
        super().apply(conn, events)


def test_a_database_error_is_recorded_and_logged_without_the_rows_values(
    ducha: Ducha, engine: Engine, projections: list[Projection], caplog: pytest.LogCaptureFixture
) -> None:
    title, words = "凤凰街道垃圾堆放（秘密标题）", "堆放点在王家大院旁边，气味刺鼻。"
    ducha.report(
        INTAKE,
        origin=Origin.RESIDENT_COMPLAINT,
        title=title,
        description=words,
        categories=[Category.SOLID_WASTE],
        place=Place("jc.xishan", "jc.xishan.fenghuang"),
        channel=Channel.PHONE,
    )
    timeline_entries.drop(engine)  # the timeline's insert of the title fails
    with caplog.at_level(logging.INFO, logger="ducha"):
        catch_up(ducha, engine, projections)
    error = read_positions(engine)["timeline"].error
    assert error is not None and "timeline_entries" in error
    for recorded in (error, caplog.text):
        assert "stopped" in caplog.text
        assert title not in recorded and words not in recorded and "王家大院" not in recorded


def test_a_failing_handler_stops_only_its_projection(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection]
) -> None:
    receipt = report(ducha)
    drive(ducha, receipt.case_id, clock, until="rectifying")
    transfer_id = next(
        n.id
        for n in ducha.recorder.select_notifications(start=1, limit=100)
        if n.topic.endswith("Transferred")
    )
    broken = [Exploding(ducha), *[p for p in projections if p.name != "case_list"]]
    catch_up(ducha, engine, broken)
    positions = read_positions(engine)
    assert positions["case_list"].error is not None and "boom" in positions["case_list"].error
    assert positions["case_list"].error_notification_id == transfer_id
    assert positions["case_list"].position == transfer_id - 1
    last = ducha.recorder.max_notification_id()
    assert positions["timeline"].position == last and positions["public_cases"].position == last
    with pytest.raises(ProjectionLagging, match="stopped"):
        wait_for(engine, "case_list", last, timeout=0.2)
    clear_error(engine, "case_list")
    catch_up(ducha, engine, projections)
    assert read_positions(engine)["case_list"].position == last


def test_two_projectors_cannot_both_run(settings: Settings) -> None:
    first = ProjectorLock(settings, "main")
    first.acquire()
    try:
        with pytest.raises(ProjectorBusy):
            ProjectorLock(settings, "main").acquire()
        other_set = ProjectorLock(settings, "audit")
        other_set.acquire()
        other_set.release()
    finally:
        first.release()
    again = ProjectorLock(settings, "main")
    again.acquire()
    again.release()


# SQLite runs one projector by the file lock; two workers in one set need PostgreSQL row locks.
@pytest.mark.parametrize(
    "backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_concurrent_workers_apply_each_event_once(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection]
) -> None:
    for _ in range(5):
        receipt = report(ducha)
        drive(ducha, receipt.case_id, clock, until="rectifying")
    barrier = threading.Barrier(2)

    def worker() -> None:
        barrier.wait()
        catch_up(ducha, engine, build_projections(ducha), batch=3)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with engine.connect() as conn:
        count = len(conn.execute(select(timeline_entries)).all())
    assert count == sum(len(ducha.history(i)) for i in _case_ids(ducha))
    assert all(p.error is None for p in read_positions(engine).values())


def _case_ids(ducha: Ducha) -> set[Any]:
    stored = ducha.recorder.select_notifications(start=1, limit=10_000)
    return {n.originator_id for n in stored if n.topic.endswith("Case.Reported")}


def test_the_running_projector_keeps_up_and_stops_cleanly(
    settings: Settings, ducha: Ducha, engine: Engine, projections: list[Projection]
) -> None:
    services = Services(settings)
    stop = threading.Event()
    thread = threading.Thread(
        target=run_projector, args=(services, stop), kwargs={"poll_interval": 0.01}
    )
    thread.start()
    try:
        receipt = report(ducha)
        started = time.monotonic()
        wait_for(engine, "case_list", receipt.notification_id, timeout=5)
        assert time.monotonic() - started < 5
        ducha.accept(INTAKE, receipt.case_id)
        wait_for(engine, "public_cases", ducha.recorder.max_notification_id() or 0, timeout=5)
    finally:
        stop.set()
        thread.join(timeout=10)
        services.close()
    assert not thread.is_alive()
