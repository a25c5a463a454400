"""The demo campaign: the city's special inspection with six groups over six districts, the
problem lists it checks, group leaders' accounts, and a year of binding indicators."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.campaign.indicators import Indicator, IndicatorValue
from core.campaign.rules import Group, Member
from core.domain.roles import Role
from core.domain.values import Origin
from demo.city import DEMO_PASSWORD, DISTRICTS, STAFF
from stores.campaigns import campaigns_of
from stores.meta import claim_meta, get_meta
from stores.services import Services
from stores.staff import active_grants, create_account, grant, list_accounts

DEMO_NAME = "江城市生态环境保护督察整改专项督查"
_LEADERS = ["张建国", "李卫东", "王志强", "赵明华", "陈国平", "刘文斌"]
_MEMBERS = [
    ("周丽", "jc.sthj"),
    ("吴刚", "jc.fgw"),
    ("郑涛", "jc.jxj"),
    ("孙敏", "jc.zjj"),
    ("马骏", "jc.swj"),
    ("朱红", "jc.nync"),
]
#: Per district: PM2.5, good-air days %, sections at Class I–III %, black-odorous bodies.
_MEASURED = [
    (33.0, 86.2, 83.3, 0),
    (37.5, 82.1, 75.0, 1),
    (34.8, 87.9, 90.0, 0),
    (39.2, 80.4, 66.7, 2),
    (29.6, 91.3, 100.0, 0),
    (31.0, 88.5, 85.7, 1),
]
_TARGETS = (35.0, 85.0, 80.0, 0)
_ORDER = [
    Indicator.PM25,
    Indicator.GOOD_AIR_DAYS,
    Indicator.WATER_CLASS_I_III,
    Indicator.BLACK_ODOROUS,
]


def leader_user(index: int) -> str:
    return f"demo-leader-{index + 1}"


def _leader_accounts(services: Services, now: datetime) -> None:
    existing = {a.username for a in list_accounts(services.engine)}
    for index, name in enumerate(_LEADERS):
        username = leader_user(index)
        if username not in existing:
            create_account(services.engine, username, name, DEMO_PASSWORD, now)
        if not any(g.role is Role.LEADER for g in active_grants(services.engine, username)):
            grant(services.engine, services.tree, username, "leader", "jc", "demo", now)


def _group(index: int, district: str) -> Group:
    members = _MEMBERS[index:] + _MEMBERS[:index]
    return Group(
        unit_id=f"jc.dcz{index + 1}",
        leader=Member(_LEADERS[index], "jc.zgb", leader_user(index)),
        districts=(f"jc.{district}",),
        deputies=(Member(members[0][0], members[0][1]),),
        members=tuple(Member(name, dept) for name, dept in members[1:]),
    )


def load_campaign_demo(services: Services, now: datetime | None = None) -> bool:
    """Plan the demo campaign once (False when it is there already)."""
    zone = ZoneInfo(services.settings.timezone)
    moment = now or datetime.now(zone)
    _leader_accounts(services, moment)
    if get_meta(services.engine, "campaign_demo_loaded"):
        return False
    app = campaigns_of(services)
    office = STAFF["office"]
    start = moment.date()
    campaign_id = app.plan(
        office,
        name=DEMO_NAME,
        starts_on=start,
        ends_on=start + timedelta(days=30),
        origins=[
            Origin.CENTRAL_FEEDBACK,
            Origin.LOOK_BACK,
            Origin.CENTRAL_PETITION,
            Origin.PROVINCIAL_PROBLEM,
            Origin.ON_SITE,
        ],
    )
    for index, district in enumerate(DISTRICTS):
        app.assign_group(office, campaign_id, _group(index, district))
    values = [
        IndicatorValue(f"jc.{district}", start.year, indicator, target, measured)
        for district, row in zip(DISTRICTS, _MEASURED, strict=True)
        for indicator, target, measured in zip(_ORDER, _TARGETS, row, strict=True)
    ]
    app.record_indicators(office, values, "demo")
    claim_meta(services.engine, "campaign_demo_loaded", moment.isoformat())
    return True
