"""Benchmark the numbers behind a campaign's overall report against the statistics page.

Run from the repository root:

    PYTHONPATH=. .venv/bin/python bench/campaigns.py [--cases N] [--rounds R]

On a SQLite read side in a temporary folder it writes N case-list rows spread over the six
districts (every status and origin, a tenth with a failed verification in the timeline), a
campaign with six groups and a year of indicators, then measures in alternating rounds:

  (a) `campaign_numbers`: every district's checklist, the indicators and the ranked scorecards
      (what the overall report, the campaign page and the scorecards page read);
  (b) the baseline, `statistics()` for the whole city (what the statistics page reads);
  (c) the ratio (a)/(b), the median over the rounds.
"""

from __future__ import annotations

import argparse
import statistics as pystats
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from core.campaign.assessment import Weights
from core.campaign.indicators import Indicator, IndicatorValue
from core.campaign.rules import Group, Member
from core.campaign.service import Campaigns
from core.case.kinds import EventKind
from core.case.statuses import Status
from core.domain.roles import Actor, Role
from core.domain.values import Origin
from core.service.application import Ducha
from core.settings import load_settings
from projections.campaigns.report import campaign_numbers
from projections.cases.projection import case_rows
from projections.cases.stats import statistics
from projections.engine.schema import init_schema
from projections.timeline.projection import timeline_entries
from stores.db import make_engine

DISTRICTS = ["donghu", "xishan", "nanhe", "beitang", "qingfeng", "baishi"]
ORIGINS = [Origin.CENTRAL_FEEDBACK, Origin.CENTRAL_PETITION, Origin.PROVINCIAL_PROBLEM]
OFFICE = Actor("bench", "jc", Role.OFFICE)
NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def _rows(count: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    statuses = list(Status)
    rows, failures = [], []
    for n in range(count):
        status = statuses[n % len(statuses)]
        closed = status is Status.CLOSED
        case_id = uuid.uuid4()
        rows.append(
            {
                "case_id": case_id, "reference": f"B-{n:07d}", "title": "河道黑臭",
                "description": "河道黑臭", "origin": ORIGINS[n % 3].value, "categories": "water",
                "district_id": f"jc.{DISTRICTS[n % 6]}", "address": "湖滨路",
                "status": status.value, "round": 1 + (n % 17 == 0),
                "deadline": date(2026, 10, 1) + timedelta(days=n % 90),
                "clock_running": status in (Status.TRANSFERRED, Status.RECTIFYING),
                "extension_pending": False, "open_objections": n % 23 == 0, "signed_off": closed,
                "accountability_open": 0, "linked_complaints": 0, "children": 0,
                "typical_case": False, "feedback_not_fixed": 0, "version": 10,
                "reported_at": NOW - timedelta(days=n % 200),
                "first_closed_at": NOW if closed else None, "closed_at": NOW if closed else None,
                "closed_on_time": (n % 3 != 0) if closed else None, "updated_at": NOW,
            }
        )  # fmt: skip
        for k, kind in enumerate(
            (EventKind.VERIFICATION_FAILED, EventKind.VERIFIED) if n % 10 == 0 else ()
        ):
            failures.append(
                {
                    "notification_id": 2 * n + k + 1, "case_id": case_id, "version": k + 1,
                    "event_type": kind.value, "recorded_at": NOW, "actor_user_id": "b",
                    "actor_unit_id": "jc", "actor_role": "inspector", "summary_zh": "",
                    "summary_en": "", "is_public": False,
                }
            )  # fmt: skip
    return rows, failures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings({"DUCHA_DATA_DIR": str(Path(folder) / "var")})
        init_schema(settings)
        engine = make_engine(settings.sqlalchemy_url)
        rows, timeline = _rows(args.cases)
        with engine.begin() as conn:
            conn.execute(insert(case_rows), rows)
            if timeline:
                conn.execute(insert(timeline_entries), timeline)
        app = Campaigns(Ducha(settings.event_store_env()))
        cid = app.plan(
            OFFICE, name="bench", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30),
            origins=ORIGINS,
        )  # fmt: skip
        for k, district in enumerate(DISTRICTS):
            group = Group(f"jc.dcz{k + 1}", Member("组长", "jc.zgb"), (f"jc.{district}",))
            app.assign_group(OFFICE, cid, group)
        app.record_indicators(
            OFFICE,
            [
                IndicatorValue(f"jc.{d}", 2026, Indicator.PM25, 35, 30 + k)
                for k, d in enumerate(DISTRICTS)
            ],
            "bench",
        )  # fmt: skip
        campaign = app.get(cid)
        today = date(2026, 11, 20)

        def report() -> None:
            campaign_numbers(app, engine, campaign, today, Weights())

        def baseline() -> None:
            statistics(engine, today)

        ratios, report_s, baseline_s = [], [], []
        for round_ in range(args.rounds):
            timings = {}
            for name, work in (("r", report), ("b", baseline))[:: 1 if round_ % 2 else -1]:
                start = time.perf_counter()
                work()
                timings[name] = time.perf_counter() - start
            report_s.append(timings["r"])
            baseline_s.append(timings["b"])
            ratios.append(timings["r"] / timings["b"])
        app.close()
        engine.dispose()
    print(f"cases: {args.cases}, rounds: {args.rounds}, SQLite")
    print(f"(a) campaign numbers: {pystats.median(report_s) * 1000:.0f} ms")
    print(f"(b) statistics():     {pystats.median(baseline_s) * 1000:.0f} ms")
    print(f"(c) ratio (a)/(b):    {pystats.median(ratios):.2f}")


if __name__ == "__main__":
    main()
