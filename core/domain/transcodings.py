"""How domain values are stored inside events and snapshots (JSON transcodings).

A transcoding's `name` is written into every stored event: never rename one.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from eventsourcing.persistence import Transcoding

from core.domain.roles import Actor
from core.domain.statuses import Status
from core.domain.values import AccountabilityForm, Category, EvidenceKind, Origin, Place


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ActorAsDict(Transcoding):
    type = Actor
    name = "actor"

    def encode(self, obj: Actor) -> dict[str, str]:
        return obj.as_dict()

    def decode(self, data: dict[str, str]) -> Actor:
        return Actor.from_dict(data)


class PlaceAsDict(Transcoding):
    type = Place
    name = "place"

    def encode(self, obj: Place) -> dict[str, Any]:
        return obj.as_dict()

    def decode(self, data: dict[str, Any]) -> Place:
        return Place.from_dict(data)


def enum_transcoding(enum_type: type[StrEnum], name: str) -> Transcoding:
    """A transcoding that stores a string enum member by its value."""

    class EnumAsValue(Transcoding):
        def encode(self, obj: StrEnum) -> str:
            return obj.value

        def decode(self, data: str) -> StrEnum:
            return enum_type(data)

    EnumAsValue.type = enum_type
    EnumAsValue.name = name
    return EnumAsValue()


def all_transcodings() -> list[Transcoding]:
    return [
        DateAsISO(),
        ActorAsDict(),
        PlaceAsDict(),
        enum_transcoding(Status, "status"),
        enum_transcoding(Origin, "origin"),
        enum_transcoding(Category, "category"),
        enum_transcoding(EvidenceKind, "evidence_kind"),
        enum_transcoding(AccountabilityForm, "accountability_form"),
    ]
