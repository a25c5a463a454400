"""The org-unit tree: city > district/county > township, plus departments, parks and groups.

Reference data, loaded from a JSON file in the repository; not an enum, because departments are
reorganised and parks renamed. Jurisdiction is computed from the tree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from core.domain.errors import InvalidInput, UnknownOrgUnit


class UnitKind(StrEnum):
    """What an org unit is."""

    CITY = "city"
    DISTRICT = "district"
    COUNTY = "county"
    TOWNSHIP = "township"
    DEPARTMENT = "department"
    OFFICE = "office"
    PARK = "park"
    INSPECTION_GROUP = "inspection_group"


PLACE_KINDS = frozenset({UnitKind.CITY, UnitKind.DISTRICT, UnitKind.COUNTY, UnitKind.TOWNSHIP})
#: The kinds of unit a case can be transferred to (责任单位), in the order lists show them.
RESPONSIBLE_KINDS = (
    UnitKind.DEPARTMENT,
    UnitKind.DISTRICT,
    UnitKind.COUNTY,
    UnitKind.TOWNSHIP,
    UnitKind.PARK,
)


@dataclass(frozen=True)
class OrgUnit:
    """One unit of the tree. `covers` lets an inspection group reach the districts it inspects."""

    id: str
    name: str
    kind: UnitKind
    parent: str | None = None
    name_en: str = ""
    covers: tuple[str, ...] = field(default=())


class OrgTree:
    """An immutable tree of org units with ancestry and jurisdiction queries."""

    def __init__(self, units: Iterable[OrgUnit]) -> None:
        self._units: dict[str, OrgUnit] = {}
        for unit in units:
            if unit.id in self._units:
                raise InvalidInput("org unit %(unit)s is defined twice", unit=repr(unit.id))
            self._units[unit.id] = unit
        for unit in self._units.values():
            for ref in (unit.parent, *unit.covers):
                if ref is not None and ref not in self._units:
                    raise InvalidInput(
                        "org unit %(unit)s refers to unknown unit %(ref)s",
                        unit=repr(unit.id),
                        ref=repr(ref),
                    )
        roots = [u for u in self._units.values() if u.parent is None]
        if len(roots) != 1:
            raise InvalidInput(
                "the org tree needs exactly one root, found %(count)s", count=len(roots)
            )
        self.root = roots[0]
        self._children: dict[str, list[str]] = {uid: [] for uid in self._units}
        for unit in self._units.values():
            if unit.parent is not None:
                self._children[unit.parent].append(unit.id)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> OrgTree:
        units = []
        for raw in data["units"]:
            try:
                units.append(
                    OrgUnit(
                        id=str(raw["id"]),
                        name=str(raw["name"]),
                        kind=UnitKind(raw["kind"]),
                        parent=raw.get("parent"),
                        name_en=str(raw.get("name_en", "")),
                        covers=tuple(raw.get("covers", ())),
                    )
                )
            except (KeyError, ValueError) as exc:
                raise InvalidInput(
                    "bad org unit entry %(raw)s: %(exc)s", raw=repr(raw), exc=exc
                ) from exc
        return cls(units)

    @classmethod
    def from_file(cls, path: Path) -> OrgTree:
        with path.open(encoding="utf-8") as fh:
            return cls.from_mapping(json.load(fh))

    @classmethod
    def default(cls) -> OrgTree:
        """The demo city shipped with Ducha (core/data/org_units.json)."""
        text = resources.files("core.data").joinpath("org_units.json").read_text(encoding="utf-8")
        return cls.from_mapping(json.loads(text))

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._units

    def __iter__(self) -> Iterator[OrgUnit]:
        return iter(self._units.values())

    def __len__(self) -> int:
        return len(self._units)

    def get(self, unit_id: str) -> OrgUnit:
        try:
            return self._units[unit_id]
        except KeyError:
            raise UnknownOrgUnit("unknown org unit %(unit_id)s", unit_id=repr(unit_id)) from None

    def children(self, unit_id: str) -> list[OrgUnit]:
        self.get(unit_id)
        return [self._units[c] for c in self._children[unit_id]]

    def ancestors(self, unit_id: str) -> list[OrgUnit]:
        """The unit's ancestors, nearest first."""
        chain = []
        unit = self.get(unit_id)
        while unit.parent is not None:
            unit = self._units[unit.parent]
            chain.append(unit)
        return chain

    def is_within(self, unit_id: str, ancestor_id: str) -> bool:
        """True when `unit_id` is `ancestor_id` or lies below it."""
        self.get(ancestor_id)
        return unit_id == ancestor_id or any(a.id == ancestor_id for a in self.ancestors(unit_id))

    def reaches(self, grant_unit_id: str, unit_id: str) -> bool:
        """True when a role granted on `grant_unit_id` covers `unit_id` (subtree or covers)."""
        grant = self.get(grant_unit_id)
        return any(self.is_within(unit_id, top) for top in (grant.id, *grant.covers))

    def district_of(self, unit_id: str) -> OrgUnit | None:
        """The district or county a unit belongs to, if any."""
        for unit in (self.get(unit_id), *self.ancestors(unit_id)):
            if unit.kind in (UnitKind.DISTRICT, UnitKind.COUNTY):
                return unit
        return None

    def of_kind(self, *kinds: UnitKind) -> list[OrgUnit]:
        return [u for u in self._units.values() if u.kind in kinds]

    def responsible_units(self) -> list[OrgUnit]:
        """The units a case can be transferred to, grouped by kind as RESPONSIBLE_KINDS orders
        them."""
        return [unit for kind in RESPONSIBLE_KINDS for unit in self.of_kind(kind)]
