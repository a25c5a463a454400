"""Benchmark the anti-fake-rectification rules: a full `audit scan` over N cases on SQLite.

Run from the repository root:

    PYTHONPATH=. .venv/bin/python bench/rules.py [--cases 10000] [--rounds 3]

It fills a SQLite event store (in a temporary DUCHA_DATA_DIR) with N cases written through
the domain and saved in batches: every case is transferred, planned, evidenced and claimed;
seven in ten go on to inspection, verification, public notice, sign-off and closing; one in
ten is a resident's complaint placed near an earlier case; a few reuse a photo or copy a plan.
Then, alternating, R times each:

  - baseline: read and decode the whole notification log and replay every case's events
    into its aggregate (what any full pass over the histories pays);
  - scan: `full_scan`, i.e. `flask --app wsgi audit scan` without its printing: the same
    read, the cross-case indexes built from scratch, every rule over every case.

It prints the medians, the ratio scan/baseline, and whether the scan meets the goal (60 s for
10,000 cases). `--projection` also times one rebuild of the flags projection (incremental,
batches of 1,000 events) against the same baseline.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.case.aggregate import Case
from core.case.references import reference, series_for
from core.domain.context import Context
from core.domain.deadlines import DeadlinePolicy, WorkCalendar
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role
from core.domain.values import Category, EvidenceKind, Origin, Place
from core.service.application import Ducha
from core.settings import load_settings
from projections.cases.projection import is_case_event
from projections.engine.catchup import catch_up
from projections.engine.registry import reset_projections
from projections.engine.schema import init_schema
from projections.flags.projection import FlagsProjection, rule_setting
from projections.flags.scan import full_scan, stored_events
from stores.db import make_engine

GOAL_SECONDS = 60.0
GOAL_CASES = 10_000
BATCH = 50
ZONE = ZoneInfo("Asia/Shanghai")
OFFICE = Actor("b-office", "jc", Role.OFFICE)
RESIDENT = Actor("public", "jc", Role.RESIDENT)
INTAKE = Actor("b-intake", "jc", Role.INTAKE)
INSPECTOR = Actor("b-inspector", "jc.dcz1", Role.INSPECTOR)
LEADER = Actor("b-leader", "jc", Role.LEADER)
CATEGORIES = list(Category)
MEASURES = [
    "排查沿河排污口并建立台账",
    "完成截污纳管改造",
    "清理河道淤泥和垃圾",
    "拆除违法建筑",
    "复绿裸露边坡",
    "安装油烟净化设施",
    "覆盖裸露土方",
    "设置车辆冲洗平台",
    "规范危险废物贮存",
    "关停取缔散乱污企业",
    "建设雨污分流管网",
    "开展夜间巡查",
    "安装在线监测设备",
    "约谈企业负责人",
    "建立长效管护机制",
    "实施生态补水",
    "种植水生植物",
    "更换隔音设备",
    "限制夜间施工",
    "开展土壤污染状况调查",
]
COPIED_PLAN = (
    "一、全面排查沿河排污口并建立台账；二、完成截污纳管改造工程；三、建立河长巡查长效机制。"
)


class Filler:
    """Writes cases through the domain, on a clock of its own, and saves them in batches."""

    def __init__(self, app: Ducha, tree: OrgTree, policy: DeadlinePolicy, seed: int) -> None:
        self.app, self.tree, self.policy = app, tree, policy
        self.random = random.Random(seed)
        self.townships = [u.id for u in tree.children("jc.donghu") if u.kind == "township"]
        self.points: list[tuple[float, float]] = []

    def ctx(self, actor: Actor, now: datetime) -> Context:
        return Context(actor=actor, now=now, tree=self.tree, policy=self.policy)

    def place(self, township: str, k: int) -> Place:
        rnd = self.random
        if self.points and rnd.random() < 0.1:
            lat, lon = rnd.choice(self.points)  # a repeat complaint near an earlier case
            lat += rnd.uniform(-0.002, 0.002)
        else:
            lat, lon = 30.5 + rnd.uniform(0, 0.3), 114.2 + rnd.uniform(0, 0.3)
            self.points.append((lat, lon))
        return Place("jc.donghu", township, f"湖滨路 {k} 号", lat=lat, lon=lon)

    def case(self, k: int) -> Case:
        rnd = self.random
        now = datetime.now(ZONE) - timedelta(days=400 - k * 300 / GOAL_CASES, hours=rnd.random())
        township = rnd.choice(self.townships)
        unit = Actor(f"b-unit-{township}", township, Role.UNIT)
        complaint = rnd.random() < 0.1
        origin = Origin.RESIDENT_COMPLAINT if complaint else Origin.PROVINCIAL_PROBLEM
        ctx = self.ctx(RESIDENT if complaint else OFFICE, now)
        case: Case = Case.report(
            ctx,
            reference=reference(series_for(origin, ctx.today), k + 1),
            origin=origin,
            title=f"问题 {k}",
            description=f"第 {k} 号问题：河道异味，排污口 {rnd.randint(1, 99)} 个。",
            categories=[rnd.choice(CATEGORIES)],
            place=self.place(township, k),
        )
        if complaint:
            case.accept(self.ctx(INTAKE, now))
            return case

        def at(days: int) -> Context:
            return self.ctx(OFFICE, now + timedelta(days=days))

        case.transfer(at(1), township, (now + timedelta(days=60)).date(), "限期整改")
        case.acknowledge(self.ctx(unit, now + timedelta(days=2)), "已签收")
        plan = COPIED_PLAN if rnd.random() < 0.05 else "；".join(rnd.sample(MEASURES, 4))
        case.submit_plan(self.ctx(unit, now + timedelta(days=3)), plan)
        case.approve_plan(at(4), "同意")
        sha = ("ab" * 32) if rnd.random() < 0.03 else f"{k:064x}"
        case.attach_evidence(
            self.ctx(unit, now + timedelta(days=20)),
            sha,
            "image/jpeg",
            1000,
            EvidenceKind.AFTER,
            "整改后",
            {"perceptual_hash": f"{k * 7919:016x}"},
        )
        case.claim_completion(self.ctx(unit, now + timedelta(days=21)), "已完成整改。", True)
        if rnd.random() < 0.3:
            return case
        inspection = self.ctx(INSPECTOR, now + timedelta(days=22))
        case.record_site_inspection(inspection, "现场核查：已整改。", ["王敏"])
        case.verify(inspection, "通过")
        case.open_public_notice(at(23), "整改结果公示。", 5)
        case.sign_off(self.ctx(LEADER, now + timedelta(days=40)), "同意")
        case.close(at(41), "整改到位，予以销号。")
        return case

    def fill(self, cases: int, progress: Callable[[int], None]) -> int:
        """Write `cases` cases; the number of events stored."""
        events = 0
        for start in range(0, cases, BATCH):
            batch = [self.case(k) for k in range(start, min(cases, start + BATCH))]
            events += sum(len(c.pending_events) for c in batch)
            self.app.save(*batch)
            progress(start + len(batch))
        return events


def replay(app: Ducha) -> int:
    """The baseline: read, decode and replay every case's events into its aggregate."""
    cases: dict[Any, Any] = {}
    for event in stored_events(app):
        if is_case_event(event):
            cases[event.originator_id] = event.mutate(cases.get(event.originator_id))
    return len(cases)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=GOAL_CASES)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--projection", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ducha-bench-rules-")
    try:
        settings = load_settings({"DUCHA_DATA_DIR": folder})
        init_schema(settings)
        tree, policy = OrgTree.default(), DeadlinePolicy(calendar=WorkCalendar.default())
        app = Ducha(settings.event_store_env(), tree=tree, policy=policy)
        engine = make_engine(settings.sqlalchemy_url)
        started = time.perf_counter()
        events = Filler(app, tree, policy, seed=5).fill(
            args.cases, lambda n: print(f"\r  writing cases: {n}", end="", flush=True)
        )
        print(
            f"\n  {args.cases} cases, {events} events written in "
            f"{time.perf_counter() - started:.0f} s"
        )
        setting = rule_setting(app)
        baselines, scans, flags = [], [], 0
        for round_ in range(args.rounds):
            _cases, base = timed(lambda: replay(app))
            found, scan = timed(lambda: full_scan(app, engine, setting))
            baselines.append(base)
            scans.append(scan)
            flags = len(found)
            print(f"  round {round_ + 1}: baseline {base:.1f} s, scan {scan:.1f} s, {flags} flags")
        base, scan = statistics.median(baselines), statistics.median(scans)
        print(
            f"\nbench/rules.py on {platform.python_implementation()} {platform.python_version()}, "
            f"SQLite, {os.cpu_count()} cores; {args.cases} cases, {events} events, {flags} flags"
        )
        print(f"  baseline (read, decode, replay): {base:.1f} s")
        print(f"  full rule scan:                  {scan:.1f} s")
        print(f"  ratio scan/baseline:             {scan / base:.2f}")
        goal = GOAL_SECONDS * args.cases / GOAL_CASES
        verdict = "meets" if scan <= goal else "misses"
        print(f"  goal: at most {goal:.0f} s for {args.cases} cases: {verdict} it")
        if args.projection:
            projection = FlagsProjection(app)
            reset_projections(engine, [projection])
            total, seconds = timed(lambda: catch_up(app, engine, [projection]))
            print(
                f"  flags projection rebuild:        {seconds:.1f} s ({total} notifications), "
                f"ratio rebuild/baseline {seconds / base:.2f}"
            )
        app.close()
        engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
