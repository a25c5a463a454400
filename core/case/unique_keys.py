"""Keys that only one case may hold: a platform's own number for a channel, a paper's number.

A key is an aggregate of one event whose id follows from the key, saved in the same transaction
as the case event that uses it. The event store's unique (id, version) is the arbiter, as for
references: of two writers taking the same key one saves and the other gets IntegrityError, with
no counter read or written, and the ledger covers the keys like every other event.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from core.domain.roles import Actor

_NAMESPACE = uuid5(NAMESPACE_URL, "https://ducha.invalid/unique-keys")


def key_id(key: str) -> UUID:
    return uuid5(_NAMESPACE, key)


def external_key(channel: str, external_ref: str) -> str:
    """The key of a platform's number: one case per number and channel."""
    return f"external/{channel}/{external_ref}"


def paper_key(kind: str, year: int, sequence: int) -> str:
    """The key of a paper's number: one paper per kind, year and sequence number."""
    return f"paper/{kind}/{year}/{sequence}"


class UniqueKey(Aggregate):
    """A key taken by a case (唯一编号)."""

    class Taken(Aggregate.Created):
        key: str
        case_id: UUID
        actor: Actor

    @staticmethod
    def create_id(key: str, **_: Any) -> UUID:
        return key_id(key)

    @event(Taken)
    def __init__(self, key: str, case_id: UUID, actor: Actor) -> None:
        self.key = key
        self.case_id = case_id
        self.taken_by = actor
