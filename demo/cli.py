"""`flask --app wsgi demo load`: a city with six districts, cases in every status, demo staff.

Histories are played through the application like real work, on a simulated clock that starts
months ago, so deadlines, notice windows and overdue cases look as they would in use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import click
from flask.cli import AppGroup

from admin.lists.importing import apply, preview, read_import_file, stored_external_refs
from core.domain.districts import district as district_shape
from core.domain.roles import Actor, Role
from core.domain.values import EvidenceKind, Origin, Place
from core.service.application import Ducha
from core.service.contacts import Contact
from demo.campaign import load_campaign_demo
from demo.cheats import Cast, load_demo_cheats
from demo.city import (
    DEMO_PASSWORD,
    DISTRICTS,
    PROBLEMS,
    STAFF,
    TARGETS,
    TYPICAL,
    inspector_for,
    unit_user,
)
from stores.meta import claim_meta, get_meta
from stores.services import Services, current_services
from stores.staff import active_grants, create_account, grant, list_accounts

demo_cli = AppGroup("demo", help="Demo data.")

#: The sample central-inspection problem list, imported after the cases played through.
SAMPLE_PROBLEMS = Path(__file__).resolve().parent / "data" / "sample_problems.xlsx"
_ORIGINS = [Origin.RESIDENT_COMPLAINT, Origin.CENTRAL_PETITION, Origin.PROVINCIAL_PROBLEM]


class _Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, days: int) -> None:
        self.now += timedelta(days=days)


def _lifecycle(
    app: Ducha, clock: _Clock, district: int, township: str
) -> list[tuple[str, Callable[[UUID], object]]]:
    """The steps that take a case from accepted to rebounded, each named by the status reached."""
    unit = Actor(unit_user(DISTRICTS[district]), township, Role.UNIT)
    inspector = inspector_for(district)
    office, leader = STAFF["office"], STAFF["leader"]
    sha = f"{district:02d}{township.encode().hex()}".ljust(64, "0")[:64]

    def rectify(cid: UUID) -> None:
        app.acknowledge(unit, cid, "已签收，立即组织整改")
        app.submit_plan(unit, cid, "一、排查污染源；二、限期整治；三、建立长效巡查机制。")
        app.approve_plan(office, cid, "同意")
        app.report_progress(unit, cid, "已完成排查，正在整治。", 40)

    def claim(cid: UUID) -> None:
        clock.advance(5)
        app.attach_evidence(
            unit,
            cid,
            sha256=sha,
            media_type="image/jpeg",
            size_bytes=182_000,
            kind=EvidenceKind.AFTER,
            caption="整改后现场照片",
        )
        app.claim_completion(unit, cid, "已按方案完成整改，申请验收。", substantiated=True)

    def verify(cid: UUID) -> None:
        clock.advance(2)
        app.record_site_inspection(inspector, cid, "现场核查：整改措施落实到位。", ["王敏", "李强"])
        app.verify(inspector, cid, "经现场核查，同意通过验收。")

    def sign_and_close(cid: UUID) -> None:
        clock.advance(12)
        app.sign_off(leader, cid, "同意销号")
        app.close_case(office, cid, "整改到位，予以销号。")

    return [
        (
            "transferred",
            lambda cid: app.transfer(
                office,
                cid,
                township,
                clock.now.date() + timedelta(days=45),
                "请按期整改并报送佐证材料",
            ),
        ),
        ("rectifying", rectify),
        ("acceptance_requested", claim),
        ("verified", verify),
        ("public_notice", lambda cid: app.open_public_notice(office, cid, "整改结果公示。", 5)),
        ("closed", sign_and_close),
        ("rebounded", lambda cid: app.rebound(inspector, cid, "回头看发现问题反弹", "look_back")),
    ]


def _place(services: Services, district: str, township: str, k: int) -> Place:
    """The k-th demo case of a district: an address, and a point inside the district's polygon."""
    address = f"{services.tree.get(township).name}{k + 1}号"
    shape = district_shape(f"jc.{district}")
    if shape is None:
        return Place(f"jc.{district}", township, address)
    lon, lat = shape.point_inside(DISTRICTS.index(district) * 100 + k)
    return Place(f"jc.{district}", township, address, lat=lat, lon=lon)


def _demo_grants(services: Services) -> dict[str, list[tuple[Role, str]]]:
    """Every demo account's grants: the city staff, each district's inspector and unit staff."""
    wanted = {a.user_id: [(a.role, a.unit_id)] for a in STAFF.values()}
    for d, district in enumerate(DISTRICTS):
        inspector = inspector_for(d)
        wanted[inspector.user_id] = [(inspector.role, inspector.unit_id)]
        townships = services.tree.children(f"jc.{district}")
        wanted[unit_user(district)] = [(Role.UNIT, u.id) for u in townships if u.kind == "township"]
    return wanted


def load_demo_accounts(services: Services, now: datetime) -> int:
    """Create the demo accounts and grants that are missing; returns the accounts created."""
    engine = services.engine
    existing = {a.username for a in list_accounts(engine)}
    created = 0
    for username, wanted in _demo_grants(services).items():
        if username not in existing:
            create_account(engine, username, username, DEMO_PASSWORD, now)
            created += 1
        held = {(g.role, g.unit_id) for g in active_grants(engine, username)}
        for role, unit_id in wanted:
            if (role, unit_id) not in held:
                grant(engine, services.tree, username, role.value, unit_id, "demo", now)
    return created


def load_demo(services: Services, now: datetime | None = None) -> int:
    """Load the demo once; returns the number of cases created (0 when already loaded).

    The demo accounts are checked every time, so a store loaded before accounts existed gets them.
    """
    load_demo_accounts(services, now or datetime.now(ZoneInfo(services.settings.timezone)))
    if get_meta(services.engine, "demo_loaded"):
        return 0
    zone = ZoneInfo(services.settings.timezone)
    start = (now or datetime.now(zone)) - timedelta(days=60)
    clock = _Clock(start)
    app = Ducha(
        services.settings.event_store_env(),
        tree=services.tree,
        policy=services.policy,
        contacts=services.contacts,
        timezone=services.settings.timezone,
        clock=clock,
    )
    resident = Actor("public", "jc", Role.RESIDENT)
    intake, office = STAFF["intake"], STAFF["office"]
    created = 0
    try:
        for d, district in enumerate(DISTRICTS):
            townships = [
                u.id for u in services.tree.children(f"jc.{district}") if u.kind == "township"
            ]
            cases: dict[str, UUID] = {}
            for k, target in enumerate(TARGETS):
                # Each case starts on its own day of the past two months; its steps follow.
                clock.now = start + timedelta(days=(d * 7 + k * 3) % 40, hours=k)
                township = townships[k % len(townships)]
                title, text, categories = PROBLEMS[(d * len(TARGETS) + k) % len(PROBLEMS)]
                complaint = target in ("reported", "accepted", "declined", "merged") or k % 3 == 0
                origin = Origin.RESIDENT_COMPLAINT if complaint else _ORIGINS[1 + k % 2]
                receipt = app.report(
                    resident
                    if origin is Origin.RESIDENT_COMPLAINT
                    else (intake if k % 2 else office),
                    origin=origin,
                    title=title,
                    description=text,
                    categories=categories,
                    place=_place(services, district, township, k),
                    contact=Contact(name="示例居民", phone="13800000000") if complaint else None,
                )
                cid = receipt.case_id
                cases[target] = cid
                created += 1
                if target == "reported":
                    continue
                if target == "declined":
                    app.decline(intake, cid, "不属于生态环境问题", "已告知向住建部门反映")
                    continue
                if target == "merged":
                    app.merge(intake, cid, cases["accepted"])
                    continue
                if app.get(cid).status.value == "reported":
                    app.accept(intake, cid, "受理")
                for status, step in _lifecycle(app, clock, d, township):
                    if app.get(cid).status.value == target:
                        break
                    step(cid)
                    del status
            parent = cases["rectifying"]
            for title in ("完成沿线截污管网建设", "开展清淤和生态修复"):
                app.add_measure(
                    office,
                    parent,
                    title=title,
                    description="细化整改任务，明确责任人和完成时限。",
                )
                created += 1
            if d < 2:  # two districts' closed cases become published typical cases
                closed = cases["closed"]
                app.post_note(office, closed, "整改结果已公示，群众无异议。", public=True)
                app.propose_typical_case(office, closed, *TYPICAL[d])
                app.approve_typical_case(STAFF["office-2"], closed, *TYPICAL[d])
            clock.advance(1)
        created += _cheating_cases(services, app, clock)
        sample = read_import_file(SAMPLE_PROBLEMS)
        known = stored_external_refs(services.engine)
        checked = preview(sample, known, services.tree, clock.now.date())
        created += len(apply(checked, app, office).created)
    finally:
        app.close()
    claim_meta(services.engine, "demo_loaded", datetime.now(zone).isoformat())
    return created


def _cheating_cases(services: Services, app: Ducha, clock: _Clock) -> int:
    """Scripted cheating histories in the first district, for the integrity dashboard."""
    district = DISTRICTS[0]
    township = next(u.id for u in services.tree.children(f"jc.{district}") if u.kind == "township")
    unit = Actor(unit_user(district), township, Role.UNIT)
    place = _place(services, district, township, 50)
    cast = Cast(STAFF["intake"], STAFF["office"], unit, inspector_for(0), STAFF["leader"], place)
    return load_demo_cheats(
        app, services.engine, cast, lambda moment: setattr(clock, "now", moment), clock.advance
    )


@demo_cli.command("load")
def load_command() -> None:
    """Load the demo city and its cases (idempotent)."""
    created = load_demo(current_services())
    if load_campaign_demo(current_services()):
        click.echo("demo campaign planned: six groups led by demo-leader-1..6 over six districts")
    if created:
        click.echo(f"demo data loaded: {created} cases")
    else:
        click.echo("demo data already loaded")
    click.echo(
        "demo staff: "
        + ", ".join(f"{a.user_id} ({a.role.value} @ {a.unit_id})" for a in STAFF.values())
        + ", demo-inspector-1..6, "
        + ", ".join(unit_user(d) for d in DISTRICTS)
    )
    click.echo(f"log in at /admin/login as any of them with the password {DEMO_PASSWORD}")
