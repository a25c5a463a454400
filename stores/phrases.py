"""Saved phrases (常用语) of each org unit: the sentences its officials write again and again in
notes and opinions ("已现场核查，情况属实。"), kept per unit and picked on the case page.

Authoritative and mutable (officials add and remove them), so a table of the store, never a
projection; it is not rebuilt from events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from core.domain.errors import InvalidInput
from core.domain.orgunits import OrgTree
from stores.db import stores_metadata

MAX_LENGTH = 500
MAX_PER_UNIT = 100

unit_phrases = Table(
    "unit_phrases",
    stores_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_id", String(100), nullable=False, index=True),
    Column("text", String(MAX_LENGTH), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("unit_id", "text", name="uq_unit_phrases_text"),
)


class PhraseError(InvalidInput):
    """A saved phrase was refused; the message says why."""

    code = "phrase_error"


@dataclass(frozen=True)
class Phrase:
    id: int
    unit_id: str
    text: str
    created_by: str
    created_at: datetime


def _phrase(row: object) -> Phrase:
    m = row._mapping  # type: ignore[attr-defined]
    created = m["created_at"]
    return Phrase(
        id=m["id"],
        unit_id=m["unit_id"],
        text=m["text"],
        created_by=m["created_by"],
        created_at=created.replace(tzinfo=UTC) if created.tzinfo is None else created,
    )


def phrases_of(engine: Engine, unit_ids: list[str]) -> list[Phrase]:
    """The units' phrases, unit by unit in the order given, oldest first within a unit."""
    if not unit_ids:
        return []
    query = select(unit_phrases).where(unit_phrases.c.unit_id.in_(unit_ids))
    with engine.connect() as conn:
        found = [_phrase(r) for r in conn.execute(query.order_by(unit_phrases.c.id))]
    return sorted(found, key=lambda p: unit_ids.index(p.unit_id))


def get_phrase(engine: Engine, phrase_id: int) -> Phrase | None:
    with engine.connect() as conn:
        row = conn.execute(select(unit_phrases).where(unit_phrases.c.id == phrase_id)).first()
    return None if row is None else _phrase(row)


def add_phrase(
    engine: Engine, tree: OrgTree, unit_id: str, text: str, by: str, now: datetime
) -> Phrase:
    """Save a phrase for the unit; refused when blank, too long, a repeat, or one too many."""
    text = text.strip()
    if not text:
        raise PhraseError("a phrase needs some text")
    if len(text) > MAX_LENGTH:
        raise PhraseError("a phrase holds at most %(count)s characters", count=MAX_LENGTH)
    if unit_id not in tree:
        raise PhraseError("unknown org unit %(unit_id)s", unit_id=repr(unit_id))
    try:
        with engine.begin() as conn:
            count = conn.execute(
                select(func.count()).where(unit_phrases.c.unit_id == unit_id)
            ).scalar_one()
            if count >= MAX_PER_UNIT:
                raise PhraseError(
                    "a unit keeps at most %(count)s phrases; remove one first", count=MAX_PER_UNIT
                )
            phrase_id = conn.execute(
                insert(unit_phrases)
                .values(unit_id=unit_id, text=text, created_by=by, created_at=now)
                .returning(unit_phrases.c.id)
            ).scalar_one()
    except IntegrityError:
        raise PhraseError("the unit already keeps this phrase") from None
    return Phrase(phrase_id, unit_id, text, by, now)


def remove_phrase(engine: Engine, phrase_id: int) -> None:
    """Remove a phrase; the caller checks it is one of the official's units'."""
    with engine.begin() as conn:
        removed = conn.execute(delete(unit_phrases).where(unit_phrases.c.id == phrase_id))
    if removed.rowcount == 0:
        raise PhraseError("there is no phrase %(phrase_id)s", phrase_id=phrase_id)
