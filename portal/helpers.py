"""What the portal's views share: services, the resident actor, labels in plain words."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from core.domain.orgunits import OrgTree, OrgUnit, UnitKind
from core.domain.roles import Actor, Role
from core.domain.values import Category
from stores.evidence import EvidenceStore
from stores.services import Services, current_services

CATEGORY_LABELS = {
    Category.WATER: _l("Water"),
    Category.AIR: _l("Air"),
    Category.SOIL: _l("Soil"),
    Category.SOLID_WASTE: _l("Solid waste"),
    Category.NOISE: _l("Noise"),
    Category.ECOLOGY: _l("Ecology"),
    Category.RADIATION: _l("Radiation"),
    Category.OTHER: _l("Other"),
}

#: Each status in plain words for residents.
STATUS_WORDS = {
    "reported": _l("Received, waiting to be accepted"),
    "accepted": _l("Accepted, being assigned"),
    "declined": _l("Not accepted"),
    "merged": _l("Handled together with another report"),
    "transferred": _l("Sent to the unit responsible"),
    "rectifying": _l("Being fixed by the unit responsible"),
    "acceptance_requested": _l("Reported fixed, waiting for inspection"),
    "verified": _l("Inspected and accepted, public notice to follow"),
    "public_notice": _l("Result on public notice: objections welcome"),
    "closed": _l("Closed"),
    "rebounded": _l("The problem came back: being fixed again"),
}

#: Each status in a word or two, for tables and filters.
STATUS_SHORT = {
    "reported": _l("New"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "merged": _l("Merged"),
    "transferred": _l("Transferred"),
    "rectifying": _l("Rectifying"),
    "acceptance_requested": _l("Awaiting inspection"),
    "verified": _l("Verified"),
    "public_notice": _l("On public notice"),
    "closed": _l("Closed"),
    "rebounded": _l("Rebounded"),
}


def services() -> Services:
    return current_services()


def resident() -> Actor:
    """The portal acts for residents as one actor; who they are never enters an event."""
    return Actor("public", services().tree.root.id, Role.RESIDENT)


def evidence_store() -> EvidenceStore:
    return EvidenceStore(services().settings.data_dir / "evidence")


def districts(tree: OrgTree) -> list[OrgUnit]:
    kinds = (UnitKind.DISTRICT, UnitKind.COUNTY)
    return [u for u in tree.children(tree.root.id) if u.kind in kinds]


def townships(tree: OrgTree, district_id: str) -> list[OrgUnit]:
    return [u for u in tree.children(district_id) if u.kind is UnitKind.TOWNSHIP]


def unit_name(unit_id: str | None, english: bool = False) -> str:
    if not unit_id:
        return ""
    tree = services().tree
    if unit_id not in tree:
        return unit_id
    unit = tree.get(unit_id)
    return (unit.name_en or unit.name) if english else unit.name


def category_label(value: str) -> str | LazyString:
    try:
        return CATEGORY_LABELS[Category(value)]
    except ValueError:
        return value


def local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    return moment.astimezone(services().app.zone).date()
