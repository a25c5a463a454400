"""How domain values are stored inside events and snapshots (JSON transcodings).

A transcoding's `name` is written into every stored event: never rename one. String enums need
none: JSON stores them as their plain values, and the aggregate turns them back into members.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.persistence import Transcoding

from core.domain.roles import Actor
from core.domain.values import Place


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


def all_transcodings() -> list[Transcoding]:
    return [
        DateAsISO(),
        ActorAsDict(),
        PlaceAsDict(),
    ]
