"""The campaign pages: samples secret until executed, the overall report's tables and PDF,
the scorecard's figures from the read side, and outcomes recorded by the office."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from core.campaign.assessment import Weights
from core.campaign.rules import CampaignAction
from core.campaign.rules import draw as redraw
from core.domain.roles import Actor, Role
from core.service.application import Ducha
from projections.campaigns.queries import district_figures
from projections.flags.tables import flags
from stores.campaigns import campaigns_of
from stores.staff import create_account, grant
from tests.admin.campaigns.conftest import Seeded
from tests.admin.casework import browser_for
from tests.admin.conftest import NOW, PASSWORD
from tests.helpers import INSPECTOR, OFFICE

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
SAMPLE = "/admin/campaigns/{}/groups/jc.dcz1/samples/jc.donghu"


def test_a_sample_is_secret_to_others_until_executed(
    site: Flask, seeded: Seeded, second_group: None
) -> None:
    url = SAMPLE.format(seeded.campaign_id)
    office = browser_for(site, "wang")
    drawn = office.submit(url, {"size": "2"}, action=url + "/draw")
    assert drawn.status_code == 303
    record = (
        campaigns_of(site.extensions["ducha"])
        .get(seeded.campaign_id)
        .sample("jc.dcz1", "jc.donghu")
    )
    assert record is not None
    assert record["frame"] == sorted([seeded.closed, seeded.reverified, seeded.verified])
    assert redraw(record["frame"], record["seed"], record["size"]) == record["items"]
    page = office.get(url).get_data(as_text=True)
    assert re.findall(r'data-reference="([^"]+)"', page) == record["items"]
    assert browser_for(site, "zhou").get(url).status_code == 200
    for other in ("qian", "chen", "sun", "zhao"):
        response = browser_for(site, other).get(url)
        assert response.status_code == 403, other
        assert record["items"][0] not in response.get_data(as_text=True)
    report = browser_for(site, "chen").get(f"/admin/campaigns/{seeded.campaign_id}/report")
    assert report.status_code == 200 and str(record["seed"]) not in report.get_data(as_text=True)
    group_2 = browser_for(site, "qian")
    assert group_2.get(f"/admin/campaigns/{seeded.campaign_id}/groups/jc.dcz1").status_code == 403
    campaigns_of(site.extensions["ducha"]).move_on(
        OFFICE, seeded.campaign_id, CampaignAction.START_VISITS
    )
    inspector = browser_for(site, "zhou")
    for reference in record["items"]:
        checked = inspector.submit(
            url,
            {"reference": reference, "passed": "y", "note": "现场核查到位"},
            action=url + "/check",
        )
        assert checked.status_code == 303
    assert group_2.get(url).status_code == 200


def test_a_redraw_without_a_reason_is_refused(site: Flask, seeded: Seeded) -> None:
    url = SAMPLE.format(seeded.campaign_id)
    office = browser_for(site, "wang")
    office.submit(url, {"size": "1"}, action=url + "/draw")
    again = office.submit(url, {"size": "1", "reason": ""}, action=url + "/draw")
    assert again.status_code == 400
    assert "reason for a redraw" in again.get_data(as_text=True)


def test_the_scorecard_figures_are_counted_from_the_read_side(site: Flask, seeded: Seeded) -> None:
    engine = site.extensions["ducha"].engine
    (donghu,) = district_figures(engine, ["jc.donghu"], {"jc.donghu": 0.5})
    assert (donghu.cases, donghu.closed, donghu.closed_on_time) == (3, 1, 1)
    assert (donghu.verified, donghu.verified_first_pass) == (3, 2)
    assert (donghu.ever_closed, donghu.rebounded, donghu.open_objections) == (1, 0, 0)
    page = browser_for(site, "wang").get(f"/admin/campaigns/{seeded.campaign_id}/scorecards")
    html = page.get_data(as_text=True)
    row = re.search(r'<tr data-district="jc.donghu">(.*?)</tr>', html, re.S)
    assert row is not None
    # on time 25×1 + first pass 20×2/3 + rebound 15×1 + flags 15×(1 − per 100 / 20, at least 0)
    # + objections 10×1 + indicators 15×0.5, of 100
    flag_mark = max(0.0, 1 - (100 * donghu.flags / 3) / 20)
    expected = round(25 + 20 * 2 / 3 + 15 + 15 * flag_mark + 10 + 7.5, 1)
    assert f'<td class="score">{expected}</td>' in row.group(1)
    assert Weights().on_time == 25


def test_the_overall_report_holds_the_tables_and_exports_as_pdf(
    site: Flask, seeded: Seeded
) -> None:
    app = campaigns_of(site.extensions["ducha"])
    app.move_on(OFFICE, seeded.campaign_id, CampaignAction.START_VISITS)
    app.draft_report(
        INSPECTOR,
        seeded.campaign_id,
        "jc.dcz1",
        findings="湖滨街道整改基本到位。",
        cases_found=[seeded.verified],
        recommendations="建立长效巡查机制。",
    )
    office = browser_for(site, "wang")
    html = office.get(f"/admin/campaigns/{seeded.campaign_id}/report").get_data(as_text=True)
    for table in ("report-groups", "report-checklist", "report-sampling", "report-indicators"):
        assert f'id="{table}"' in html
    assert 'id="scorecards"' in html and html.count("<svg") == 2
    assert "湖滨街道整改基本到位。" in html and seeded.verified in html
    checklist = re.search(r'id="report-checklist".*?</table>', html, re.S)
    assert checklist is not None
    # Donghu's complaints: 3 problems, 0 measures, 3 rectified, 1 on time, 0 overdue
    line = "Resident complaints</td><td>3</td><td>0</td><td>3</td><td>1</td><td>0</td><td>"
    assert line in checklist.group(0)
    pdf = office.get(f"/admin/campaigns/{seeded.campaign_id}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert (
        browser_for(site, "zhao").get(f"/admin/campaigns/{seeded.campaign_id}/report").status_code
        == 403
    )


def test_the_office_records_an_outcome_and_others_may_not(site: Flask, seeded: Seeded) -> None:
    app = campaigns_of(site.extensions["ducha"])
    app.move_on(OFFICE, seeded.campaign_id, CampaignAction.START_VISITS)
    app.move_on(OFFICE, seeded.campaign_id, CampaignAction.START_REPORTING)
    for group in ("jc.dcz1", "jc.dcz2"):
        inspector = Actor("inspector", group, Role.INSPECTOR)
        app.draft_report(
            inspector, seeded.campaign_id, group, findings="f", cases_found=[], recommendations="r"
        )
        app.sign_off_report(Actor("chen", "jc", Role.LEADER), seeded.campaign_id, group)
    app.move_on(OFFICE, seeded.campaign_id, CampaignAction.GIVE_FEEDBACK)
    url = f"/admin/campaigns/{seeded.campaign_id}/scorecards"
    action = f"/admin/campaigns/{seeded.campaign_id}/outcomes"
    data = {
        "district_id": "jc.donghu",
        "outcome": "commendation",
        "reason": "整改成效明显",
        "score": "85.8",
    }
    refused = browser_for(site, "zhou").submit("/admin/", data, action=action)
    assert refused.status_code == 403
    done = browser_for(site, "wang").submit(url, data, action=action)
    assert done.status_code == 303
    outcome = app.get(seeded.campaign_id).outcomes["jc.donghu"]
    assert (outcome["outcome"], outcome["by"], outcome["score"]) == ("commendation", "wang", 85.8)


def test_only_the_office_moves_the_campaign_on_and_a_stale_page_is_refused(
    site: Flask, seeded: Seeded
) -> None:
    url = f"/admin/campaigns/{seeded.campaign_id}"
    step = {"action": "start_visits", "version": "1"}  # the page saw the plan, not the groups
    assert (
        browser_for(site, "zhou").submit("/admin/", step, action=url + "/move").status_code == 403
    )
    office = browser_for(site, "wang")
    assert office.submit(url, step, action=url + "/move").status_code == 409
    version = str(campaigns_of(site.extensions["ducha"]).get(seeded.campaign_id).version)
    moved = office.submit(url, {**step, "version": version}, action=url + "/move")
    assert moved.status_code == 303
    assert 'data-status="on_site"' in office.get(url).get_data(as_text=True)


def test_a_groups_page_lists_its_cases_beside_the_districts_indicators(
    site: Flask, seeded: Seeded
) -> None:
    html = browser_for(site, "zhou").get(f"/admin/campaigns/{seeded.campaign_id}/groups/jc.dcz1")
    page = html.get_data(as_text=True)
    cases = re.search(r'<table class="cases">.*?</table>', page, re.S)
    indicators = re.search(r'<table class="indicators">.*?</table>', page, re.S)
    assert cases is not None and indicators is not None
    for reference in (seeded.closed, seeded.reverified, seeded.verified):
        assert reference in cases.group(0)
    rows = re.sub(r">\s+<", "><", indicators.group(0))
    assert '<tr data-indicator="pm25">' in rows and "<td>35</td><td>30</td><td>Yes</td>" in rows
    assert '<td>85</td><td>80</td><td><span class="overdue">No</span></td>' in rows


def test_a_dismissed_flag_no_longer_counts(
    site: Flask, seeded: Seeded, ducha: Ducha, sync: Callable[[], None]
) -> None:
    engine = site.extensions["ducha"].engine
    (before,) = district_figures(engine, ["jc.donghu"], {})
    with engine.connect() as conn:
        flag = conn.execute(select(flags.c.flag_id, flags.c.case_id)).first()
    assert flag is not None and before.flags >= 1
    flag_id, case_id = flag
    auditor = Actor("sun", "jc", Role.AUDITOR)
    ducha.review_flag(auditor, flag_id, case_id, "dismissed", "整改材料齐全，属正常情形")
    sync()
    (after,) = district_figures(engine, ["jc.donghu"], {})
    assert after.flags == before.flags - 1


@pytest.fixture
def xishan_grants(site: Flask) -> list[str]:
    """An office, a leader and an auditor granted on Xishan, not on the city."""
    engine, tree = site.extensions["ducha"].engine, site.extensions["ducha"].tree
    for username, role in (("ma", "office"), ("he", "leader"), ("fang", "auditor")):
        create_account(engine, username, username.title(), PASSWORD, NOW)
        grant(engine, tree, username, role, "jc.xishan", "root", NOW)
    return ["ma", "he", "fang"]


def test_a_grant_on_another_district_reads_and_does_nothing_of_donghus_group(
    site: Flask, seeded: Seeded, xishan_grants: list[str]
) -> None:
    app = campaigns_of(site.extensions["ducha"])
    app.draw_sample(OFFICE, seeded.campaign_id, "jc.dcz1", "jc.donghu", frame=["A", "B"], size=1)
    version = app.get(seeded.campaign_id).version
    base = f"/admin/campaigns/{seeded.campaign_id}"
    for username in xishan_grants:
        reader = browser_for(site, username)
        for url in (f"{base}/groups/jc.dcz1", SAMPLE.format(seeded.campaign_id)):
            response = reader.get(url)
            assert response.status_code == 403, (username, url)
            assert "河道黑臭水体" not in response.get_data(as_text=True)
        page = reader.get(base).get_data(as_text=True)
        assert 'data-district="jc.xishan"' in page and 'data-district="jc.donghu"' not in page
    office = browser_for(site, "ma")
    url = SAMPLE.format(seeded.campaign_id)
    drawn = office.submit(base, {"size": "2", "reason": "重抽"}, action=url + "/draw")
    assert drawn.status_code == 403
    moved = office.submit(base, {"action": "start_visits", "version": str(version)}, base + "/move")
    assert moved.status_code == 403 and "whole city" in moved.get_data(as_text=True)
    assert app.get(seeded.campaign_id).version == version
