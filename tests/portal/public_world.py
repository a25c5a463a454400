"""A small city for the public-page tests: cases in public and non-public statuses, with
coordinates, a typical case, an XSS payload and a planted complainant contact.

Nothing here is a test; the test modules call `build` and read through the WSGI app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from flask.testing import FlaskClient

from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from core.service.contacts import Contact
from core.settings import Settings
from projections.engine.catchup import catch_up
from projections.engine.registry import build_projections, create_projections
from stores.db import make_engine
from tests.helpers import INTAKE, OFFICE, OFFICE_2, RESIDENT, drive
from wsgi import create_app

XSS = "<script>alert(1)</script>"
PII_NAME = "欧阳测试"
PII_PHONE = "13912345678"
PII_EMAIL = "planted.person@example.org"
PLANTED = Contact(name=PII_NAME, phone=PII_PHONE, email=PII_EMAIL, address="幸福小区 3 栋 501")
#: Inside Donghu District's polygon (core/data/districts.geojson).
DONGHU_POINT = (30.5, 114.58)
XISHAN_POINT = (30.52, 114.02)


@dataclass
class World:
    cases: dict[str, UUID]
    references: dict[str, str]


def file_report(
    app: Ducha,
    title: str,
    *,
    description: str = "河道黑臭，夏季异味明显。",
    address: str = "湖滨路 18 号",
    district: str = "jc.donghu",
    township: str = "jc.donghu.hubin",
    point: tuple[float, float] | None = DONGHU_POINT,
    category: Category = Category.WATER,
    contact: Contact | None = PLANTED,
) -> UUID:
    lat, lon = point if point else (None, None)
    receipt = app.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title=title,
        description=description,
        categories=[category],
        place=Place(district, township, address, lat=lat, lon=lon),
        contact=contact,
    )
    return receipt.case_id


def project(app: Ducha, settings: Settings) -> None:
    """Bring the read side up to date with every event so far."""
    engine = make_engine(settings.sqlalchemy_url)
    try:
        projections = build_projections(app)
        create_projections(engine, projections)
        catch_up(app, engine, projections)
    finally:
        engine.dispose()


def build(app: Ducha, settings: Settings, clock: Any) -> World:
    """Closed (typical), rectifying (XSS, no point), plus reported, declined and merged."""
    cases = {
        "closed": file_report(app, "河道黑臭水体"),
        "rectifying": file_report(
            app,
            f"工地扬尘{XSS}",
            description=f"扬尘严重{XSS}",
            address=f"西山路{XSS}",
            district="jc.xishan",
            township="jc.xishan.fenghuang",
            point=None,
            category=Category.AIR,
        ),
        "reported": file_report(app, "尚未受理的噪声问题", category=Category.NOISE),
        "declined": file_report(app, "不予受理的物业纠纷", point=XISHAN_POINT),
        "merged": file_report(app, "重复举报的河道问题", point=XISHAN_POINT),
    }
    drive(app, cases["rectifying"], clock, until="rectifying")
    app.decline(INTAKE, cases["declined"], "不属于生态环境问题")
    app.accept(INTAKE, cases["closed"])
    app.merge(INTAKE, cases["merged"], cases["closed"])
    drive(app, cases["closed"], clock, until="closed")
    typical = ("东湖区河道黑臭整治典型案例", "经督办，河道完成清淤截污。")
    app.propose_typical_case(OFFICE, cases["closed"], *typical)
    app.approve_typical_case(OFFICE_2, cases["closed"], *typical)
    project(app, settings)
    references = {name: app.get(case_id).reference for name, case_id in cases.items()}
    return World(cases, references)


def client(environ: dict[str, str]) -> FlaskClient:
    return create_app(environ).test_client()


def text(response: Any) -> str:
    body: str = response.get_data(as_text=True)
    return body


PUBLIC_PATHS = [
    "/",
    "/cases",
    "/cases?q=%E6%B2%B3",
    "/typical",
    "/stats",
    "/map",
    "/map/cases.geojson",
    "/feed.atom",
    "/feed.atom?lang=en",
]


def public_paths(world: World) -> list[str]:
    """Every public page and feed of the world, including each public case's page and feed."""
    paths = list(PUBLIC_PATHS)
    for name in ("closed", "rectifying"):
        reference = world.references[name]
        paths += [f"/cases/{reference}", f"/cases/{reference}/feed.atom"]
        paths += [f"/cases/{reference}?lang=en"]
    return paths
