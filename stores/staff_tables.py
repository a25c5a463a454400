"""The staff tables (authoritative: the Alembic revisions in stores/migrations make them).

Grants are never deleted: a revocation fills `revoked_by`/`revoked_at`, and every grant and
revocation is also appended to `staff_grant_history`.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Table

from stores.db import stores_metadata

staff_accounts = Table(
    "staff_accounts",
    stores_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
)

staff_grants = Table(
    "staff_grants",
    stores_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("staff_accounts.id"), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("unit_id", String(100), nullable=False),
    Column("granted_by", String(64), nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Column("revoked_by", String(64)),
    Column("revoked_at", DateTime(timezone=True)),
)
# At most one active grant of a role on a unit per account, even under concurrent grants.
Index(
    "uq_staff_grants_active",
    staff_grants.c.account_id,
    staff_grants.c.role,
    staff_grants.c.unit_id,
    unique=True,
    sqlite_where=staff_grants.c.revoked_at.is_(None),
    postgresql_where=staff_grants.c.revoked_at.is_(None),
)

staff_grant_history = Table(
    "staff_grant_history",
    stores_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("grant_id", Integer, ForeignKey("staff_grants.id"), nullable=False),
    Column("username", String(64), nullable=False),
    Column("action", String(10), nullable=False),  # "granted" or "revoked"
    Column("role", String(20), nullable=False),
    Column("unit_id", String(100), nullable=False),
    Column("by", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
