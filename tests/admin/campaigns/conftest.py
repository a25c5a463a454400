"""Campaign fixtures: the admin side's officials and read side, a second group's inspector,
and a campaign over Donghu with three cases that have histories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import pytest
from flask import Flask
from sqlalchemy import Engine

from core.campaign.indicators import Indicator, IndicatorValue
from core.campaign.rules import Group, Member
from core.campaign.service import Campaigns
from core.domain.orgunits import OrgTree
from core.domain.values import Origin
from core.service.application import Ducha
from stores.campaigns import campaigns_of
from stores.staff import create_account, grant
from tests.admin.casework import officials, site, sync  # noqa: F401
from tests.admin.conftest import NOW, PASSWORD, engine, quick_password_hashing, tree  # noqa: F401
from tests.helpers import INSPECTOR, OFFICE, UNIT, drive, report


@pytest.fixture
def second_group(engine: Engine, tree: OrgTree) -> None:  # noqa: F811
    """`qian`: an inspector of the second group (Xishan)."""
    create_account(engine, "qian", "Qian", PASSWORD, NOW)
    grant(engine, tree, "qian", "inspector", "jc.dcz2", "root", NOW)


@dataclass(frozen=True)
class Seeded:
    campaign_id: UUID
    closed: str
    reverified: str
    verified: str


def _reverified(ducha: Ducha, clock: object) -> str:
    """Failed its first verification, fixed again and verified."""
    receipt = report(ducha, title="养殖场粪污直排")
    drive(ducha, receipt.case_id, clock, until="acceptance_requested")
    ducha.fail_verification(INSPECTOR, receipt.case_id, "现场仍有直排")
    ducha.claim_completion(UNIT, receipt.case_id, "再次整改完成", True)
    ducha.record_site_inspection(INSPECTOR, receipt.case_id, "已整改", ["王敏"])
    ducha.verify(INSPECTOR, receipt.case_id, "通过")
    return receipt.reference


@pytest.fixture
def seeded(site: Flask, ducha: Ducha, clock: object, sync: object) -> Seeded:  # noqa: F811
    """Three Donghu complaints (closed; verified after a failure; verified), a campaign over
    them with group 1 and group 2, and Donghu's indicators: PM2.5 met, good-air days missed."""
    closed = report(ducha, title="河道黑臭水体")
    drive(ducha, closed.case_id, clock, until="closed")
    reverified = _reverified(ducha, clock)
    verified = report(ducha, title="工地扬尘")
    drive(ducha, verified.case_id, clock, until="verified")
    sync()  # type: ignore[operator]
    app: Campaigns = campaigns_of(site.extensions["ducha"])
    campaign_id = app.plan(
        OFFICE,
        name="东湖区专项督查",
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 30),
        origins=[Origin.RESIDENT_COMPLAINT, Origin.CENTRAL_FEEDBACK],
    )
    for unit, district in (("jc.dcz1", "jc.donghu"), ("jc.dcz2", "jc.xishan")):
        app.assign_group(
            OFFICE,
            campaign_id,
            Group(
                unit, Member("陈刚", "jc.zgb", "chen"), (district,), (), (Member("吴刚", "jc.fgw"),)
            ),
        )
    app.record_indicators(
        OFFICE,
        [
            IndicatorValue("jc.donghu", 2026, Indicator.PM25, 35, 30),
            IndicatorValue("jc.donghu", 2026, Indicator.GOOD_AIR_DAYS, 85, 80),
        ],
        "test",
    )
    return Seeded(campaign_id, closed.reference, reverified, verified.reference)
