"""Complainant identity: a mutable, erasable table apart from the event log.

Only the intake role may read it, and every read is logged (DESIGN §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    Uuid,
    delete,
    func,
    insert,
    select,
    update,
)

from core.domain.errors import PermissionDenied
from core.domain.roles import Actor, Role
from core.service.contacts import Contact
from stores.db import stores_metadata

contacts_table = Table(
    "complainant_contacts",
    stores_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Uuid, nullable=False, index=True),
    Column("name", String(100)),
    Column("phone", String(40)),
    Column("email", String(200)),
    Column("id_number", String(40)),
    Column("address", String(300)),
    Column("ip", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True)),
)

contact_reads_table = Table(
    "complainant_contact_reads",
    stores_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Uuid, nullable=False, index=True),
    Column("reader_user_id", String(100), nullable=False),
    Column("reader_unit_id", String(100), nullable=False),
    Column("purpose", String(200), nullable=False),
    Column("read_at", DateTime(timezone=True), nullable=False),
)

_FIELDS = ("name", "phone", "email", "id_number", "address", "ip")


@dataclass(frozen=True)
class ContactRead:
    """One logged read of a case's complainant identity: who, when, why; never the identity."""

    case_id: UUID
    reader_user_id: str
    reader_unit_id: str
    purpose: str
    read_at: datetime


def contact_reads(engine: Engine, limit: int, offset: int = 0) -> tuple[list[ContactRead], int]:
    """The logged reads, latest first, a page at a time; and how many there are in all."""
    table = contact_reads_table
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(table)).scalar_one()
        rows = conn.execute(
            select(table)
            .order_by(table.c.read_at.desc(), table.c.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
    reads = [
        ContactRead(r.case_id, r.reader_user_id, r.reader_unit_id, r.purpose, _aware(r.read_at))
        for r in rows
    ]
    return reads, int(total)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


class SqlContactStore:
    """The ContactStore port (core.service.contacts) on the read-side database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def put(self, case_id: UUID, contact: Contact) -> int:
        values = {f: getattr(contact, f) for f in _FIELDS}
        with self.engine.begin() as conn:
            contact_id = conn.execute(
                insert(contacts_table)
                .values(case_id=case_id, created_at=datetime.now(UTC), **values)
                .returning(contacts_table.c.id)
            ).scalar_one()
        return int(contact_id)

    def discard(self, contact_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(contacts_table).where(contacts_table.c.id == contact_id))

    def read(self, case_id: UUID, reader: Actor, purpose: str) -> list[Contact]:
        """The identities behind a case, for the intake desk only; the read is logged."""
        if reader.role is not Role.INTAKE:
            raise PermissionDenied("only the intake desk may read a complainant's identity")
        with self.engine.begin() as conn:
            conn.execute(
                insert(contact_reads_table).values(
                    case_id=case_id,
                    reader_user_id=reader.user_id,
                    reader_unit_id=reader.unit_id,
                    purpose=purpose.strip()[:200] or "unspecified",
                    read_at=datetime.now(UTC),
                )
            )
            rows = conn.execute(
                select(contacts_table)
                .where(contacts_table.c.case_id == case_id)
                .order_by(contacts_table.c.id)
            ).all()
        return [Contact(**{f: getattr(row, f) for f in _FIELDS}) for row in rows]

    def emails_for(self, case_id: UUID, reader: str, purpose: str) -> list[tuple[int, str]]:
        """(contact id, e-mail) of each complainant of the case who left one, for a system
        process (`system:mailer`), not a person; the read is logged like any other."""
        if not reader.startswith("system:"):
            raise PermissionDenied("only a system process may read e-mail addresses this way")
        with self.engine.begin() as conn:
            conn.execute(
                insert(contact_reads_table).values(
                    case_id=case_id,
                    reader_user_id=reader[:100],
                    reader_unit_id="system",
                    purpose=purpose.strip()[:200] or "unspecified",
                    read_at=datetime.now(UTC),
                )
            )
            rows = conn.execute(
                select(contacts_table.c.id, contacts_table.c.email)
                .where(
                    contacts_table.c.case_id == case_id,
                    contacts_table.c.email.is_not(None),
                    contacts_table.c.erased_at.is_(None),
                )
                .order_by(contacts_table.c.id)
            ).all()
        return [(int(row.id), str(row.email)) for row in rows if str(row.email).strip()]

    def erase(self, case_id: UUID) -> bool:
        """Erase the complainants' identities on request; the case itself is untouched."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(contacts_table)
                .where(contacts_table.c.case_id == case_id)
                .values(erased_at=datetime.now(UTC), **dict.fromkeys(_FIELDS))
            )
        return bool(result.rowcount)
