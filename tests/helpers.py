"""Actors and a driver that plays a case through its lifecycle, for tests that need histories."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from core.domain.roles import Actor, Role
from core.domain.values import Category, Evidence, EvidenceKind, Origin, Place
from core.service.application import Ducha, ReportReceipt
from core.service.contacts import Contact

RESIDENT = Actor("public", "jc", Role.RESIDENT)
INTAKE = Actor("u-intake", "jc", Role.INTAKE)
OFFICE = Actor("u-office", "jc", Role.OFFICE)
OFFICE_2 = Actor("u-office-2", "jc", Role.OFFICE)
UNIT = Actor("u-unit", "jc.donghu.hubin", Role.UNIT)
INSPECTOR = Actor("u-inspector", "jc.dcz1", Role.INSPECTOR)
LEADER = Actor("u-leader", "jc", Role.LEADER)
PLACE = Place("jc.donghu", "jc.donghu.hubin", "湖滨路 18 号")


def report(
    app: Ducha,
    contact: Contact | None = None,
    title: str = "河道黑臭水体",
    evidence: Sequence[Evidence] = (),
) -> ReportReceipt:
    return app.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title=title,
        description="河道黑臭，夏季异味明显。",
        categories=[Category.WATER],
        place=PLACE,
        contact=contact,
        evidence=evidence,
    )


def drive(app: Ducha, case_id: UUID, clock: object, until: str = "closed") -> None:
    """Play the case forward from `reported` until it reaches the status `until`."""
    steps = [
        ("accepted", lambda: app.accept(INTAKE, case_id)),
        ("transferred", lambda: app.transfer(OFFICE, case_id, "jc.donghu.hubin")),
        ("rectifying", lambda: app.acknowledge(UNIT, case_id)),
        ("plan", lambda: app.submit_plan(UNIT, case_id, "清淤截污")),
        ("approved", lambda: app.approve_plan(OFFICE, case_id)),
        (
            "evidence",
            lambda: app.attach_evidence(
                UNIT,
                case_id,
                sha256="ab" * 32,
                media_type="image/jpeg",
                size_bytes=1000,
                kind=EvidenceKind.AFTER,
            ),
        ),
        ("acceptance_requested", lambda: app.claim_completion(UNIT, case_id, "整改完成", True)),
        ("inspected", lambda: app.record_site_inspection(INSPECTOR, case_id, "到位", ["王敏"])),
        ("verified", lambda: app.verify(INSPECTOR, case_id, "通过")),
        ("public_notice", lambda: app.open_public_notice(OFFICE, case_id, "公示", 5)),
        ("window", lambda: clock.advance(days=10)),  # type: ignore[attr-defined]
        ("signed", lambda: app.sign_off(LEADER, case_id)),
        ("closed", lambda: app.close_case(OFFICE, case_id, "销号")),
        ("rebounded", lambda: app.rebound(INSPECTOR, case_id, "反弹", "look_back")),
    ]
    names = [name for name, _ in steps]
    current = app.get(case_id).status.value
    start = names.index(current) + 1 if current in names else 0
    for name, step in steps[start:]:
        if app.get(case_id).status.value == until:
            return
        step()
        if name == until:
            return
