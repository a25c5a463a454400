"""The flags projection: the scripted cheating histories raise their flags as events arrive,
and what it keeps equals a full scan from scratch."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import Engine

from admin.audit.rules_cli import import_readings_file
from core.service.application import Ducha
from demo.cheats import Cheats, readings_csv
from projections.engine.projector import catch_up_all
from projections.flags.projection import FlagsProjection, rule_setting
from projections.flags.scan import compare, full_scan


def test_incremental_flags_equal_the_full_scan(
    ducha: Ducha, engine: Engine, cheats: Cheats, flag_sync: Callable[[int], FlagsProjection]
) -> None:
    river = ducha.get(cheats.cases["R9"])
    import_readings_file(ducha, engine, readings_csv(river.reference, river.modified_on))
    flag_sync(7)  # small batches: cross-case rules see their counterparts arrive later
    found = full_scan(ducha, engine, rule_setting(ducha))
    comparison = compare(engine, found)
    assert comparison.agrees, comparison
    raised = {(f.rule, f.case_id) for f in found}
    for rule, case_id in cheats.cases.items():
        assert (rule, case_id) in raised, rule
    proposal = next(f for f in found if f.rule == "R8")
    assert (proposal.case_id, proposal.proposal) == (river.id, "rebound")
    assert ducha.get(river.id).status.value == "closed"  # a proposal, never a transition


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_scan_command_reports_agreement_or_difference(
    web: Flask, ducha: Ducha, cheats: Cheats
) -> None:
    runner = web.test_cli_runner()
    behind = runner.invoke(args=["audit", "scan"])  # nothing projected yet
    assert behind.exit_code == 1 and "the flags projection differs" in behind.output
    catch_up_all(web.extensions["ducha"])
    agreed = runner.invoke(args=["audit", "scan"])
    assert agreed.exit_code == 0, agreed.output
    assert "R5: 1" in agreed.output and "the flags projection holds the same flags" in agreed.output
