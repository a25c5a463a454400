"""API keys (接口密钥) for machines: Open311 integrators and the staff API.

A key is 256 random bits shown once when created; only its SHA-256 is stored (a plain hash is
enough for a secret of that size, as for tracking secrets). A key created for a staff account
acts as that account, with the account's grants at the time of each request; a key without an
account may only post Open311 requests. Keys are never deleted: revoking one stamps `revoked_at`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from limits import parse_many
from sqlalchemy import Column, DateTime, Engine, Integer, String, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from core.domain.errors import InvalidInput
from stores.db import stores_metadata

#: The limit of a key created without `--rate-limit` (Flask-Limiter syntax).
DEFAULT_RATE_LIMIT = "120 per minute"
PREFIX = "dk_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

api_keys = Table(
    "api_keys",
    stores_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("username", String(64)),
    Column("rate_limit", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)


class ApiKeyError(InvalidInput):
    """An API-key command was refused; the message says why."""

    code = "api_key_error"


@dataclass(frozen=True)
class ApiKey:
    """A key as the database holds it (never the key itself)."""

    id: int
    name: str
    username: str | None
    rate_limit: str
    created_at: datetime
    revoked_at: datetime | None


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _check(name: str, rate_limit: str) -> None:
    if not _NAME.match(name):
        raise ApiKeyError("a key name is 1 to 64 letters, digits, '.', '_' or '-'")
    try:
        parse_many(rate_limit)
    except ValueError:
        raise ApiKeyError(f"{rate_limit!r} is not a rate limit such as '120 per minute'") from None


def create_key(
    engine: Engine,
    name: str,
    now: datetime,
    *,
    username: str | None = None,
    rate_limit: str = DEFAULT_RATE_LIMIT,
) -> str:
    """Make a key called `name` (unique, even after revocation); returns the key, shown once."""
    _check(name, rate_limit)
    key = PREFIX + secrets.token_urlsafe(32)
    row = {"name": name, "key_hash": hash_key(key), "username": username}
    try:
        with engine.begin() as conn:
            conn.execute(insert(api_keys).values(**row, rate_limit=rate_limit, created_at=now))
    except IntegrityError:
        raise ApiKeyError(f"there is already a key called {name}") from None
    return key


def revoke_key(engine: Engine, name: str, now: datetime) -> None:
    """End the key called `name` at once; a revoked or unknown name is refused."""
    with engine.begin() as conn:
        done = conn.execute(
            update(api_keys)
            .where(api_keys.c.name == name, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=now)
        ).rowcount
    if not done:
        raise ApiKeyError(f"there is no active key called {name}")


def bucket(key: ApiKey | None, address: str) -> str:
    """Flask-Limiter's bucket of a request: its key when valid, else the client's address."""
    return f"api-key:{key.id}" if key else f"address:{address}"


def limit_of(key: ApiKey | None, keyless: str) -> str:
    """The rate limit of a request: its key's, else the limit for requests without one."""
    return key.rate_limit if key else keyless


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite hands back naive UTC
        return value.replace(tzinfo=UTC)
    return value


def _to_key(row: Any) -> ApiKey:
    created = cast(datetime, _aware(row["created_at"]))  # the column is NOT NULL
    return ApiKey(
        row["id"], row["name"], row["username"], row["rate_limit"], created,
        _aware(row["revoked_at"]),
    )  # fmt: skip


def find_key(engine: Engine, key: str) -> ApiKey | None:
    """The active key matching `key`, or None for a wrong, malformed or revoked one."""
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    query = select(api_keys).where(
        api_keys.c.key_hash == hash_key(key), api_keys.c.revoked_at.is_(None)
    )
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    return None if row is None else _to_key(row)


def list_keys(engine: Engine) -> list[ApiKey]:
    with engine.connect() as conn:
        rows = conn.execute(select(api_keys).order_by(api_keys.c.name)).mappings().all()
    return [_to_key(r) for r in rows]
