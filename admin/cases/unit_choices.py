"""Org units as officials pick them: grouped by district (the city's own departments apart), for
the transfer form's responsible unit and the search page's place and unit filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from core.domain.orgunits import OrgTree, OrgUnit, UnitKind

#: Units a case can be transferred to (core.case.intake checks it again).
RESPONSIBLE_KINDS = (
    UnitKind.DEPARTMENT,
    UnitKind.DISTRICT,
    UnitKind.COUNTY,
    UnitKind.TOWNSHIP,
    UnitKind.PARK,
)
DISTRICT_KINDS = (UnitKind.DISTRICT, UnitKind.COUNTY)
CITY_GROUP = _l("City departments and zones")
SUGGESTED = _l("%(unit)s (suggested)")


@dataclass(frozen=True)
class UnitGroup:
    """An optgroup: the district (None for the city's own units) and its units, in tree order."""

    district: OrgUnit | None
    units: list[OrgUnit]


def unit_groups(
    tree: OrgTree, kinds: tuple[UnitKind, ...], first_district: str | None = None
) -> list[UnitGroup]:
    """`kinds` of units by district: `first_district`'s group first, then the city's own
    units, then the other districts in the tree's order; empty groups are left out."""
    districts = tree.of_kind(*DISTRICT_KINDS)
    groups = [UnitGroup(None, [])] + [UnitGroup(d, []) for d in districts]
    by_district = {g.district.id: g for g in groups if g.district is not None}
    for unit in tree:
        if unit.kind not in kinds:
            continue
        district = tree.district_of(unit.id)
        (by_district[district.id] if district else groups[0]).units.append(unit)
    groups.sort(key=lambda g: g.district is None or g.district.id != first_district)
    return [g for g in groups if g.units]


def transfer_choices(
    tree: OrgTree,
    name: Callable[[str], str],
    district_id: str,
    suggested: str | None,
) -> dict[str, list[tuple[str, str]]]:
    """The transfer form's choices: the case's district first, its township's unit marked."""
    choices: dict[str, list[tuple[str, str]]] = {}
    for group in unit_groups(tree, RESPONSIBLE_KINDS, district_id):
        label = name(group.district.id) if group.district else str(CITY_GROUP)
        choices[label] = [
            (u.id, str(SUGGESTED) % {"unit": name(u.id)} if u.id == suggested else name(u.id))
            for u in group.units
        ]
    return choices
