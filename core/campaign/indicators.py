"""Binding indicators (约束性指标): each district's yearly air and water targets and what was
measured, checked row by row on import, and the attainment that follows."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from core.domain.errors import InvalidInput, PermissionDenied
from core.domain.orgunits import OrgTree, UnitKind
from core.domain.roles import Actor, Role


class Indicator(StrEnum):
    """The binding indicators split down to each district."""

    PM25 = "pm25"  # PM2.5 年均浓度 (µg/m³), at most the target
    GOOD_AIR_DAYS = "good_air_days"  # 空气质量优良天数比例 (%), at least the target
    WATER_CLASS_I_III = "water_class_i_iii"  # 地表水 I–III 类断面比例 (%), at least the target
    BLACK_ODOROUS = "black_odorous"  # 黑臭水体 (count), at most the target

    @property
    def lower_is_better(self) -> bool:
        return self in (Indicator.PM25, Indicator.BLACK_ODOROUS)

    @property
    def is_share(self) -> bool:
        return self in (Indicator.GOOD_AIR_DAYS, Indicator.WATER_CLASS_I_III)


FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class IndicatorValue:
    """One checked import row: a district's target and/or measured value for a year."""

    district_id: str
    year: int
    indicator: Indicator
    target: float | None
    measured: float | None


@dataclass(frozen=True)
class RowError:
    line: int
    error: InvalidInput

    @property
    def message(self) -> str:
        return self.error.message


def _number(raw: str, what: str, indicator: Indicator) -> float | None:
    raw = (raw or "").strip().rstrip("%")
    if raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput("%(what)s %(raw)s is not a number", what=what, raw=repr(raw)) from None
    if not math.isfinite(value) or value < 0:
        raise InvalidInput("%(what)s must be zero or more, not %(raw)s", what=what, raw=raw)
    if indicator.is_share and value > 100:
        raise InvalidInput("%(what)s is a share in per cent and cannot exceed 100", what=what)
    if indicator is Indicator.BLACK_ODOROUS and not value.is_integer():
        raise InvalidInput("%(what)s counts water bodies and must be a whole number", what=what)
    return value


def _district(raw: str, tree: OrgTree) -> str:
    raw = (raw or "").strip()
    for unit in tree.of_kind(UnitKind.DISTRICT, UnitKind.COUNTY):
        if raw in (unit.id, unit.name, unit.name_en):
            return unit.id
    raise InvalidInput("%(raw)s is not a district or county", raw=repr(raw))


def check_row(row: Mapping[str, str], tree: OrgTree) -> IndicatorValue:
    """Check one row (district, year, indicator, target, measured) or raise InvalidInput."""
    district_id = _district(row.get("district", ""), tree)
    year_text = (row.get("year") or "").strip()
    if not year_text.isdigit() or not FIRST_YEAR <= int(year_text) <= LAST_YEAR:
        raise InvalidInput(
            "year %(year)s is not a year between %(first)s and %(last)s",
            year=repr(year_text),
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    try:
        indicator = Indicator((row.get("indicator") or "").strip())
    except ValueError:
        known = ", ".join(i.value for i in Indicator)
        raise InvalidInput(
            "indicator %(indicator)s is not one of %(known)s",
            indicator=repr(row.get("indicator")),
            known=known,
        ) from None
    target = _number(row.get("target", ""), "target", indicator)
    measured = _number(row.get("measured", ""), "measured", indicator)
    if target is None and measured is None:
        raise InvalidInput("the row gives neither a target nor a measured value")
    return IndicatorValue(district_id, int(year_text), indicator, target, measured)


def check_rows(
    rows: Iterable[Mapping[str, str]], tree: OrgTree, first_line: int = 2
) -> tuple[list[IndicatorValue], list[RowError]]:
    """Every row checked: the good ones, and an error per bad row with its line number."""
    values: list[IndicatorValue] = []
    errors: list[RowError] = []
    for line, row in enumerate(rows, start=first_line):
        try:
            values.append(check_row(row, tree))
        except InvalidInput as exc:
            errors.append(RowError(line, exc))
    return values, errors


def attained(indicator: Indicator, target: float | None, measured: float | None) -> bool | None:
    """Whether a measured value meets its target; None when either is unknown."""
    if target is None or measured is None:
        return None
    return measured <= target if indicator.lower_is_better else measured >= target


def attainment(entries: Mapping[str, Mapping[str, Any]]) -> float | None:
    """The share of a district's indicators (with both values known) that met their targets."""
    results = [
        attained(Indicator(name), entry.get("target"), entry.get("measured"))
        for name, entry in entries.items()
    ]
    known = [r for r in results if r is not None]
    return None if not known else sum(known) / len(known)


def book_id(year: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"ducha:binding-indicators:{year}")


class IndicatorBook(Aggregate):
    """One year's binding indicators for every district: targets and measured values."""

    class Opened(Aggregate.Created):
        year: int

    class ValuesRecorded(Aggregate.Event):
        """Targets and measured values set by the office (from an import or by hand)."""

        actor: Actor
        source: str
        values: list[dict[str, Any]]

        def apply(self, book: IndicatorBook) -> None:
            for value in self.values:
                entry = book.districts.setdefault(value["district_id"], {}).setdefault(
                    value["indicator"], {"target": None, "measured": None}
                )
                for field in ("target", "measured"):
                    if value[field] is not None:
                        entry[field] = value[field]

    def __init__(self, year: int) -> None:
        self.year = year
        self.districts: dict[str, dict[str, dict[str, float | None]]] = {}

    @staticmethod
    def create_id(year: int) -> UUID:
        return book_id(year)

    @classmethod
    def open(cls, year: int) -> IndicatorBook:
        return cls._create(cls.Opened, id=book_id(year), year=year)

    def record(self, actor: Actor, values: list[IndicatorValue], source: str) -> None:
        if actor.role is not Role.OFFICE:
            raise PermissionDenied(
                "the %(role)s role may not record binding indicators", role=actor.role.value
            )
        wrong = [v for v in values if v.year != self.year]
        if wrong:
            raise InvalidInput(
                "this book holds %(year)s, not %(other)s", year=self.year, other=wrong[0].year
            )
        if not values:
            raise InvalidInput("there are no values to record")
        self.trigger_event(
            self.ValuesRecorded,
            actor=actor,
            source=source,
            values=[
                {
                    "district_id": v.district_id,
                    "indicator": v.indicator.value,
                    "target": v.target,
                    "measured": v.measured,
                }
                for v in values
            ],
        )
