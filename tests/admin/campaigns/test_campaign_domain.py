"""The Campaign aggregate without a database: the transitions table with its roles, sampling
reproducible from its record, redraws, sign-off, and binding-indicator rows."""

from __future__ import annotations

import random
from datetime import date

import pytest

from core.campaign.aggregate import Campaign
from core.campaign.indicators import check_rows
from core.campaign.rules import (
    ROLES,
    TRANSITIONS,
    CampaignAction,
    CampaignStatus,
    Group,
    Member,
    Outcome,
    check_transition,
    draw,
)
from core.campaign.service import Campaigns
from core.domain.errors import (
    IllegalTransition,
    InvalidInput,
    OutOfJurisdiction,
    PermissionDenied,
    RuleViolation,
)
from core.domain.orgunits import OrgTree
from core.domain.roles import Actor, Role
from core.domain.values import Origin
from core.service.application import Ducha

OFFICE = Actor("wang", "jc", Role.OFFICE)
GROUP_1 = Actor("zhou", "jc.dcz1", Role.INSPECTOR)
GROUP_2 = Actor("qian", "jc.dcz2", Role.INSPECTOR)
LEADER = Actor("chen", "jc", Role.LEADER)
OTHER_LEADER = Actor("lin", "jc", Role.LEADER)
UNIT = Actor("zhao", "jc.donghu.hubin", Role.UNIT)
FRAME = [f"GZ-20261102-{n:04d}" for n in range(1, 13)]
A = CampaignAction
S = CampaignStatus
MOVES = [A.START_VISITS, A.START_REPORTING, A.GIVE_FEEDBACK, A.START_FOLLOW_UP, A.CLOSE]


def group(unit: str = "jc.dcz1", district: str = "jc.donghu") -> Group:
    return Group(
        unit_id=unit,
        leader=Member("陈刚", "jc.zgb", "chen"),
        districts=(district,),
        members=(Member("吴刚", "jc.fgw"), Member("马骏", "jc.swj")),
    )


def planned() -> Campaign:
    campaign = Campaign.plan(
        OFFICE,
        name="专项督查",
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 30),
        origins=[Origin.CENTRAL_FEEDBACK],
    )
    campaign.assign_group(OFFICE, OrgTree.default(), group())
    return campaign


def reached(status: CampaignStatus) -> Campaign:
    """A campaign moved on by the office until `status`, its group's report signed off."""
    campaign = planned()
    for action in MOVES:
        if campaign.status is status:
            break
        if action is A.GIVE_FEEDBACK:
            campaign.draft_report(
                GROUP_1, "jc.dcz1", findings="发现", cases_found=[], recommendations="建议"
            )
            campaign.sign_off_report(LEADER, "jc.dcz1")
        campaign.move_on(OFFICE, action)
    assert campaign.status is status
    return campaign


@pytest.mark.parametrize("action", list(A))
@pytest.mark.parametrize("status", list(S))
def test_the_table_decides_every_status_and_action(status: S, action: A) -> None:
    target = TRANSITIONS[action].get(status)
    if target is None:
        with pytest.raises(IllegalTransition):
            check_transition(status, action)
    else:
        assert check_transition(status, action) is target


@pytest.mark.parametrize("action", MOVES)
def test_only_the_office_moves_the_campaign_on(action: A) -> None:
    source = next(iter(TRANSITIONS[action]))
    campaign = reached(source)
    if action is A.GIVE_FEEDBACK:
        campaign.draft_report(GROUP_1, "jc.dcz1", findings="f", cases_found=[], recommendations="r")
        campaign.sign_off_report(LEADER, "jc.dcz1")
    for wrong in (GROUP_1, LEADER, UNIT):
        with pytest.raises(PermissionDenied):
            campaign.move_on(wrong, action)
    campaign.move_on(OFFICE, action)
    assert campaign.status is TRANSITIONS[action][source]
    assert ROLES[action] == {Role.OFFICE}


def test_feedback_waits_for_every_report_signed_off() -> None:
    campaign = reached(S.REPORTING)
    with pytest.raises(RuleViolation, match=r"jc\.dcz1"):
        campaign.move_on(OFFICE, A.GIVE_FEEDBACK)


def test_a_sample_is_drawn_again_from_its_record() -> None:
    campaign = planned()
    items = campaign.draw_sample(GROUP_1, "jc.dcz1", "jc.donghu", frame=FRAME, seed=2026, size=4)
    record = campaign.sample("jc.dcz1", "jc.donghu")
    assert record is not None and record["items"] == items
    assert draw(record["frame"], record["seed"], record["size"]) == items
    assert items == random.Random(2026).sample(sorted(FRAME), 4)
    # the order the frame arrived in does not matter: it is recorded sorted
    assert draw(list(reversed(FRAME)), 2026, 4) == items


def test_a_redraw_needs_a_reason_and_no_check_yet() -> None:
    campaign = planned()
    first = campaign.draw_sample(GROUP_1, "jc.dcz1", "jc.donghu", frame=FRAME, seed=1, size=3)
    with pytest.raises(InvalidInput, match="reason"):
        campaign.draw_sample(GROUP_1, "jc.dcz1", "jc.donghu", frame=FRAME, seed=2, size=3)
    campaign.draw_sample(
        GROUP_1, "jc.dcz1", "jc.donghu", frame=FRAME, seed=2, size=3, reason="框架漏了一项"
    )
    record = campaign.sample("jc.dcz1", "jc.donghu")
    assert record is not None and record["draws"] == 2 and record["reason"] == "框架漏了一项"
    assert record["items"] == draw(FRAME, 2, 3) != first
    recorded = [type(e).__name__ for e in campaign.collect_events()]
    assert recorded[-2:] == ["SampleDrawn", "SampleRedrawn"]
    campaign.move_on(OFFICE, A.START_VISITS)
    campaign.record_check(GROUP_1, "jc.dcz1", "jc.donghu", record["items"][0], True, "到位")
    with pytest.raises(RuleViolation, match="cannot be redrawn"):
        campaign.draw_sample(
            GROUP_1, "jc.dcz1", "jc.donghu", frame=FRAME, seed=3, size=3, reason="再抽"
        )


def test_another_group_neither_draws_nor_sees_the_sample_until_executed() -> None:
    campaign = planned()
    campaign.assign_group(OFFICE, OrgTree.default(), group("jc.dcz2", "jc.xishan"))
    with pytest.raises(PermissionDenied):
        campaign.draw_sample(GROUP_2, "jc.dcz1", "jc.donghu", frame=FRAME, seed=1, size=2)
    items = campaign.draw_sample(GROUP_1, "jc.dcz1", "jc.donghu", frame=FRAME, seed=1, size=2)
    assert campaign.may_see_sample(OFFICE, "jc.dcz1", "jc.donghu")
    assert campaign.may_see_sample(GROUP_1, "jc.dcz1", "jc.donghu")
    for other in (GROUP_2, LEADER, UNIT):
        assert not campaign.may_see_sample(other, "jc.dcz1", "jc.donghu")
    campaign.move_on(OFFICE, A.START_VISITS)
    for reference in items:
        campaign.record_check(GROUP_1, "jc.dcz1", "jc.donghu", reference, True, "现场核查到位")
    assert campaign.may_see_sample(GROUP_2, "jc.dcz1", "jc.donghu")


def test_only_the_groups_leader_signs_its_report_off() -> None:
    campaign = reached(S.REPORTING)
    campaign.draft_report(GROUP_1, "jc.dcz1", findings="f", cases_found=[], recommendations="r")
    with pytest.raises(PermissionDenied, match="陈刚"):
        campaign.sign_off_report(OTHER_LEADER, "jc.dcz1")
    with pytest.raises(PermissionDenied):
        campaign.sign_off_report(GROUP_1, "jc.dcz1")
    campaign.sign_off_report(LEADER, "jc.dcz1")
    with pytest.raises(RuleViolation):
        campaign.draft_report(GROUP_1, "jc.dcz1", findings="x", cases_found=[], recommendations="y")


def test_a_district_is_covered_by_one_group() -> None:
    campaign = planned()
    with pytest.raises(RuleViolation, match="already covered"):
        campaign.assign_group(OFFICE, OrgTree.default(), group("jc.dcz2", "jc.donghu"))
    with pytest.raises(InvalidInput, match="not an inspection group"):
        campaign.assign_group(OFFICE, OrgTree.default(), group("jc.sthj", "jc.xishan"))


def test_the_application_replays_what_the_aggregate_recorded() -> None:
    app = Campaigns(Ducha({"PERSISTENCE_MODULE": "eventsourcing.popo"}))
    cid = app.plan(
        OFFICE, name="专项督查", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30),
        origins=[Origin.CENTRAL_FEEDBACK],
    )  # fmt: skip
    app.assign_group(OFFICE, cid, group())
    items = app.draw_sample(OFFICE, cid, "jc.dcz1", "jc.donghu", frame=FRAME, size=3)
    record = app.get(cid).sample("jc.dcz1", "jc.donghu")
    assert record is not None and draw(record["frame"], record["seed"], 3) == items
    assert [c.name for c in app.campaigns()] == ["专项督查"]


def test_indicator_rows_are_checked_one_by_one() -> None:
    header = ("district", "year", "indicator", "target", "measured")
    lines = [
        "东湖区,2026,pm25,35,31.5",
        "月亮区,2026,pm25,35,",
        "jc.xishan,20x6,pm25,35,",
        "jc.xishan,2026,so2,1,",
        "jc.xishan,2026,good_air_days,120,",
        "jc.xishan,2026,black_odorous,0,1.5",
        "jc.xishan,2026,pm25,,",
    ]
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines]
    values, errors = check_rows(rows, OrgTree.default())
    assert [(v.district_id, v.target, v.measured) for v in values] == [("jc.donghu", 35.0, 31.5)]
    assert [e.line for e in errors] == [3, 4, 5, 6, 7, 8]
    messages = [e.message for e in errors]
    assert "not a district" in messages[0] and "not a year" in messages[1]
    assert "not one of" in messages[2] and "cannot exceed 100" in messages[3]
    assert "whole number" in messages[4] and "neither" in messages[5]


XISHAN_OFFICE = Actor("ma", "jc.xishan", Role.OFFICE)
XISHAN_LEADER = Actor("he", "jc.xishan", Role.LEADER)


def test_a_grant_on_another_district_neither_samples_nor_signs_nor_runs_the_campaign() -> None:
    """Donghu's group works in Donghu; a Xishan grant reaches none of it, and no district
    grant reaches the campaign as a whole. Each refusal records nothing."""
    app = Campaigns(Ducha({"PERSISTENCE_MODULE": "eventsourcing.popo"}))
    with pytest.raises(OutOfJurisdiction, match="whole city"):
        app.plan(
            XISHAN_OFFICE, name="专项督查", starts_on=date(2026, 11, 1),
            ends_on=date(2026, 11, 30), origins=[Origin.CENTRAL_FEEDBACK],
        )  # fmt: skip
    cid = app.plan(
        OFFICE, name="专项督查", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30),
        origins=[Origin.CENTRAL_FEEDBACK],
    )  # fmt: skip
    app.assign_group(OFFICE, cid, group())
    version = app.get(cid).version
    refusals = [
        lambda: app.assign_group(XISHAN_OFFICE, cid, group("jc.dcz2", "jc.xishan")),
        lambda: app.draw_sample(XISHAN_OFFICE, cid, "jc.dcz1", "jc.donghu", frame=FRAME, size=2),
        lambda: app.move_on(XISHAN_OFFICE, cid, A.START_VISITS),
        lambda: app.sign_off_report(XISHAN_LEADER, cid, "jc.dcz1"),
        lambda: app.decide_outcome(XISHAN_OFFICE, cid, "jc.donghu", Outcome.CRITICISM, "差", 50),
    ]
    for refusal in refusals:
        with pytest.raises(OutOfJurisdiction):
            refusal()
    assert app.get(cid).version == version
    app.draw_sample(GROUP_1, cid, "jc.dcz1", "jc.donghu", frame=FRAME, size=2)  # its own
    app.move_on(OFFICE, cid, A.START_VISITS)  # the city's office
