"""Staff accounts (工作人员账号), their role grants on org units, and logging in.

Passwords are stored only as argon2 hashes. A grant is never deleted: revoking it records who and
when, and every grant and revocation is also appended to `staff_grant_history`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, Select, insert, select, update
from sqlalchemy.exc import IntegrityError

from core.domain.errors import InvalidInput, UnknownOrgUnit
from core.domain.orgunits import OrgTree
from core.domain.roles import Role
from stores.staff_tables import staff_accounts, staff_grant_history, staff_grants

#: Consecutive failed logins that lock an account, and for how long.
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
STAFF_ROLES = tuple(r for r in Role if r is not Role.RESIDENT)

_hasher = PasswordHasher()
#: Verified against when the username is unknown, so both failures take the same time.


@cache
def _dummy_hash() -> str:
    """Checked when the user is unknown, so that both answers cost the same; made on first use."""
    return _hasher.hash(secrets.token_urlsafe(16))


class AccountError(InvalidInput):
    """A staff-account command was refused; the message says why."""

    code = "account_error"


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    active: bool
    failed_attempts: int
    locked_until: datetime | None
    created_at: datetime
    password_changed_at: datetime


@dataclass(frozen=True)
class Grant:
    id: int
    username: str
    role: Role
    unit_id: str
    granted_by: str
    granted_at: datetime
    revoked_by: str | None
    revoked_at: datetime | None


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _account(row: object) -> Account:
    m = row._mapping  # type: ignore[attr-defined]
    return Account(
        id=m["id"],
        username=m["username"],
        display_name=m["display_name"],
        active=bool(m["active"]),
        failed_attempts=m["failed_attempts"],
        locked_until=_utc(m["locked_until"]),
        created_at=_utc(m["created_at"]) or m["created_at"],
        password_changed_at=_utc(m["password_changed_at"]) or m["password_changed_at"],
    )


_ACCOUNT_COLUMNS = [c for c in staff_accounts.c if c.name != "password_hash"]


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            "a password needs at least %(length)s characters", length=MIN_PASSWORD_LENGTH
        )


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def get_account(engine: Engine, username: str) -> Account:
    with engine.connect() as conn:
        row = conn.execute(
            select(*_ACCOUNT_COLUMNS).where(staff_accounts.c.username == username)
        ).first()
    if row is None:
        raise AccountError("there is no staff account %(username)s", username=repr(username))
    return _account(row)


def get_account_by_id(engine: Engine, account_id: int) -> Account | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(*_ACCOUNT_COLUMNS).where(staff_accounts.c.id == account_id)
        ).first()
    return None if row is None else _account(row)


def list_accounts(engine: Engine) -> list[Account]:
    with engine.connect() as conn:
        rows = conn.execute(select(*_ACCOUNT_COLUMNS).order_by(staff_accounts.c.username))
        return [_account(r) for r in rows]


def create_account(
    engine: Engine, username: str, display_name: str, password: str, now: datetime
) -> Account:
    """Create an active account; the username must be new."""
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise AccountError("a username needs 1 to 64 characters and no spaces")
    if not display_name.strip():
        raise AccountError("a display name is required")
    _check_password(password)
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(staff_accounts).values(
                    username=username,
                    display_name=display_name.strip(),
                    password_hash=_hasher.hash(password),
                    active=True,
                    failed_attempts=0,
                    created_at=now,
                    password_changed_at=now,
                )
            )
    except IntegrityError:
        raise AccountError(
            "the staff account %(username)s already exists", username=repr(username)
        ) from None
    return get_account(engine, username)


def set_password(engine: Engine, username: str, password: str, now: datetime) -> None:
    """Replace the password; this also lifts a lockout and ends the account's sessions."""
    _check_password(password)
    account = get_account(engine, username)
    with engine.begin() as conn:
        conn.execute(
            update(staff_accounts)
            .where(staff_accounts.c.id == account.id)
            .values(
                password_hash=_hasher.hash(password),
                password_changed_at=now,
                failed_attempts=0,
                locked_until=None,
            )
        )


def reset_password(engine: Engine, username: str, now: datetime) -> str:
    """Give the account a new generated password and return it."""
    password = generate_password()
    set_password(engine, username, password, now)
    return password


def _check_grant(tree: OrgTree, role: str, unit_id: str) -> Role:
    try:
        parsed = Role(role)
    except ValueError:
        parsed = None
    if parsed is None or parsed is Role.RESIDENT:
        names = ", ".join(r.value for r in STAFF_ROLES)
        raise AccountError(
            "unknown staff role %(role)s; choose one of %(names)s", role=repr(role), names=names
        )
    try:
        tree.get(unit_id)
    except UnknownOrgUnit:
        raise AccountError("unknown org unit %(unit_id)s", unit_id=repr(unit_id)) from None
    return parsed


def _history(conn: Connection, grant_id: int, username: str, action: str, **what: object) -> None:
    conn.execute(
        insert(staff_grant_history).values(
            grant_id=grant_id, username=username, action=action, **what
        )
    )


def grant(
    engine: Engine, tree: OrgTree, username: str, role: str, unit_id: str, by: str, now: datetime
) -> Grant:
    """Grant `role` on `unit_id`; refused when the account already holds that grant."""
    parsed = _check_grant(tree, role, unit_id)
    account = get_account(engine, username)
    if _active_grant(engine, account.id, parsed, unit_id) is not None:
        raise AccountError(
            "%(username)s already holds the %(role)s role on %(unit_id)s",
            username=username,
            role=parsed.value,
            unit_id=unit_id,
        )
    try:
        with engine.begin() as conn:
            grant_id = conn.execute(
                insert(staff_grants)
                .values(
                    account_id=account.id,
                    role=parsed.value,
                    unit_id=unit_id,
                    granted_by=by,
                    granted_at=now,
                )
                .returning(staff_grants.c.id)
            ).scalar_one()
            what = {"role": parsed.value, "unit_id": unit_id, "by": by, "at": now}
            _history(conn, grant_id, username, "granted", **what)
    except IntegrityError:
        raise AccountError(
            "%(username)s already holds the %(role)s role on %(unit_id)s",
            username=username,
            role=parsed.value,
            unit_id=unit_id,
        ) from None
    return _grant_by_id(engine, grant_id)


def revoke(
    engine: Engine, tree: OrgTree, username: str, role: str, unit_id: str, by: str, now: datetime
) -> Grant:
    """Revoke an active grant, recording who and when; an inactive grant is an error."""
    parsed = _check_grant(tree, role, unit_id)
    account = get_account(engine, username)
    with engine.begin() as conn:
        revoked = conn.execute(
            update(staff_grants)
            .where(
                staff_grants.c.account_id == account.id,
                staff_grants.c.role == parsed.value,
                staff_grants.c.unit_id == unit_id,
                staff_grants.c.revoked_at.is_(None),
            )
            .values(revoked_by=by, revoked_at=now)
            .returning(staff_grants.c.id)
        ).scalar()
        if revoked is None:
            raise AccountError(
                "%(username)s holds no active %(role)s role on %(unit_id)s",
                username=username,
                role=parsed.value,
                unit_id=unit_id,
            )
        what = {"role": parsed.value, "unit_id": unit_id, "by": by, "at": now}
        _history(conn, revoked, username, "revoked", **what)
    return _grant_by_id(engine, revoked)


def _grant_query() -> Select[Any]:
    return select(staff_grants, staff_accounts.c.username.label("username")).join_from(
        staff_grants, staff_accounts
    )


def _grant(row: object) -> Grant:
    m = row._mapping  # type: ignore[attr-defined]
    return Grant(
        id=m["id"],
        username=m["username"],
        role=Role(m["role"]),
        unit_id=m["unit_id"],
        granted_by=m["granted_by"],
        granted_at=_utc(m["granted_at"]) or m["granted_at"],
        revoked_by=m["revoked_by"],
        revoked_at=_utc(m["revoked_at"]),
    )


def _grant_by_id(engine: Engine, grant_id: int) -> Grant:
    with engine.connect() as conn:
        return _grant(conn.execute(_grant_query().where(staff_grants.c.id == grant_id)).one())


def _active_grant(engine: Engine, account_id: int, role: Role, unit_id: str) -> int | None:
    with engine.connect() as conn:
        found: int | None = conn.execute(
            select(staff_grants.c.id).where(
                staff_grants.c.account_id == account_id,
                staff_grants.c.role == role.value,
                staff_grants.c.unit_id == unit_id,
                staff_grants.c.revoked_at.is_(None),
            )
        ).scalar()
        return found


def active_grants(engine: Engine, username: str) -> list[Grant]:
    """The account's current grants, oldest first (the first is the default one to act under)."""
    with engine.connect() as conn:
        rows = conn.execute(
            _grant_query()
            .where(staff_accounts.c.username == username, staff_grants.c.revoked_at.is_(None))
            .order_by(staff_grants.c.id)
        )
        return [_grant(r) for r in rows]


def grant_history(engine: Engine, username: str | None = None) -> list[dict[str, object]]:
    """Every grant and revocation, oldest first, as plain rows."""
    query = select(staff_grant_history).order_by(staff_grant_history.c.id)
    if username is not None:
        query = query.where(staff_grant_history.c.username == username)
    with engine.connect() as conn:
        return [{**r._mapping, "at": _utc(r._mapping["at"])} for r in conn.execute(query).all()]


def authenticate(engine: Engine, username: str, password: str, now: datetime) -> Account | None:
    """The account when the password is right and the account active and unlocked, else None.

    An unknown username, a wrong password, a locked or a disabled account all give None, so the
    answer never tells which usernames exist. Five failures in a row lock the account for 15
    minutes; while locked even the right password is refused.
    """
    with engine.connect() as conn:
        row = conn.execute(
            select(staff_accounts).where(staff_accounts.c.username == username)
        ).first()
    if row is None:
        _verify(_dummy_hash(), password)
        return None
    account = _account(row)
    locked_until = account.locked_until
    if locked_until is not None and now < locked_until:
        _verify(_dummy_hash(), password)
        return None
    stored = row._mapping["password_hash"]
    if not _verify(stored, password) or not account.active:
        _record_failure(engine, account, now)
        return None
    values: dict[str, object] = {"failed_attempts": 0, "locked_until": None}
    if _hasher.check_needs_rehash(stored):
        values["password_hash"] = _hasher.hash(password)
    with engine.begin() as conn:
        conn.execute(
            update(staff_accounts).where(staff_accounts.c.id == account.id).values(**values)
        )
    return get_account(engine, username)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _record_failure(engine: Engine, account: Account, now: datetime) -> None:
    table = staff_accounts
    with engine.begin() as conn:
        failures = conn.execute(
            update(table)
            .where(table.c.id == account.id)
            .values(failed_attempts=table.c.failed_attempts + 1)
            .returning(table.c.failed_attempts)
        ).scalar_one()
        if failures >= MAX_FAILED_ATTEMPTS:
            conn.execute(
                update(table)
                .where(table.c.id == account.id)
                .values(failed_attempts=0, locked_until=now + LOCKOUT)
            )
