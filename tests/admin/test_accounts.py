"""Staff accounts, grants and authentication, as plain functions on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from core.domain.orgunits import OrgTree
from core.domain.roles import Role
from stores.staff import (
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    AccountError,
    active_grants,
    authenticate,
    create_account,
    get_account,
    grant,
    grant_history,
    reset_password,
    revoke,
    set_password,
)
from stores.staff_tables import staff_accounts, staff_grants
from tests.admin.conftest import NOW, PASSWORD


def test_create_account_stores_an_argon2_hash_never_the_password(engine: Engine) -> None:
    create_account(engine, "li", "李强", PASSWORD, NOW)
    with engine.connect() as conn:
        stored = conn.execute(select(staff_accounts.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_create_account_records_when(engine: Engine) -> None:
    account = create_account(engine, "li", "李强", PASSWORD, NOW)
    assert (account.created_at, account.password_changed_at) == (NOW, NOW)
    assert account.active and account.failed_attempts == 0 and account.locked_until is None


def test_a_username_is_taken_once(engine: Engine) -> None:
    create_account(engine, "li", "李强", PASSWORD, NOW)
    with pytest.raises(AccountError, match="already exists"):
        create_account(engine, "li", "另一个李强", PASSWORD, NOW)


def test_a_short_password_is_refused(engine: Engine) -> None:
    with pytest.raises(AccountError, match="at least 10 characters"):
        create_account(engine, "li", "李强", "short", NOW)


def test_grant_is_recorded_with_who_and_when(engine: Engine, tree: OrgTree) -> None:
    create_account(engine, "li", "李强", PASSWORD, NOW)
    granted = grant(engine, tree, "li", "office", "jc", "root", NOW)
    assert (granted.role, granted.unit_id, granted.granted_by, granted.granted_at) == (
        Role.OFFICE, "jc", "root", NOW,
    )  # fmt: skip
    assert [(g.role, g.unit_id) for g in active_grants(engine, "li")] == [(Role.OFFICE, "jc")]
    history = grant_history(engine, "li")
    assert [(h["action"], h["role"], h["unit_id"], h["by"], h["at"]) for h in history] == [
        ("granted", "office", "jc", "root", NOW)
    ]


def test_revoke_is_recorded_with_who_and_when_and_keeps_the_grant(
    engine: Engine, tree: OrgTree, office_account: str
) -> None:
    later = NOW + timedelta(days=3)
    revoked = revoke(engine, tree, office_account, "office", "jc", "chief", later)
    assert (revoked.revoked_by, revoked.revoked_at) == ("chief", later)
    assert [g.role for g in active_grants(engine, office_account)] == [Role.INTAKE]
    with engine.connect() as conn:
        assert conn.execute(select(staff_grants.c.id)).all().__len__() == 2
    last = grant_history(engine, office_account)[-1]
    assert (last["action"], last["role"], last["by"], last["at"]) == (
        "revoked", "office", "chief", later,
    )  # fmt: skip


def test_revoking_a_grant_that_is_not_active_is_an_error(
    engine: Engine, tree: OrgTree, office_account: str
) -> None:
    revoke(engine, tree, office_account, "office", "jc", "chief", NOW)
    with pytest.raises(AccountError, match="holds no active office role on jc"):
        revoke(engine, tree, office_account, "office", "jc", "chief", NOW)


def test_a_revoked_role_can_be_granted_again(
    engine: Engine, tree: OrgTree, office_account: str
) -> None:
    revoke(engine, tree, office_account, "office", "jc", "chief", NOW)
    grant(engine, tree, office_account, "office", "jc", "chief", NOW)
    assert {g.role for g in active_grants(engine, office_account)} == {Role.OFFICE, Role.INTAKE}


def test_a_duplicate_grant_is_refused(engine: Engine, tree: OrgTree, office_account: str) -> None:
    with pytest.raises(AccountError, match="already holds the office role on jc"):
        grant(engine, tree, office_account, "office", "jc", "root", NOW)


@pytest.mark.parametrize("role", ["resident", "mayor"])
def test_only_staff_roles_can_be_granted(engine: Engine, tree: OrgTree, role: str) -> None:
    create_account(engine, "li", "李强", PASSWORD, NOW)
    with pytest.raises(AccountError, match="unknown staff role"):
        grant(engine, tree, "li", role, "jc", "root", NOW)


def test_a_grant_needs_a_unit_of_the_org_tree(engine: Engine, tree: OrgTree) -> None:
    create_account(engine, "li", "李强", PASSWORD, NOW)
    with pytest.raises(AccountError, match=r"unknown org unit 'jc\.atlantis'"):
        grant(engine, tree, "li", "unit", "jc.atlantis", "root", NOW)


def test_a_grant_needs_an_existing_account(engine: Engine, tree: OrgTree) -> None:
    with pytest.raises(AccountError, match="no staff account 'ghost'"):
        grant(engine, tree, "ghost", "office", "jc", "root", NOW)


def test_authenticate_with_the_right_password(engine: Engine, office_account: str) -> None:
    account = authenticate(engine, office_account, PASSWORD, NOW)
    assert account is not None and account.username == office_account


def test_wrong_password_and_unknown_user_get_the_same_answer(
    engine: Engine, office_account: str
) -> None:
    assert authenticate(engine, office_account, "not the password", NOW) is None
    assert authenticate(engine, "ghost", "not the password", NOW) is None


def _fail(engine: Engine, username: str, times: int) -> None:
    for _ in range(times):
        assert authenticate(engine, username, "not the password", NOW) is None


def test_five_failures_in_a_row_lock_the_account(engine: Engine, office_account: str) -> None:
    _fail(engine, office_account, MAX_FAILED_ATTEMPTS)
    assert get_account(engine, office_account).locked_until == NOW + LOCKOUT


def test_a_locked_account_refuses_even_the_right_password(
    engine: Engine, office_account: str
) -> None:
    _fail(engine, office_account, MAX_FAILED_ATTEMPTS)
    almost = NOW + LOCKOUT - timedelta(seconds=1)
    assert authenticate(engine, office_account, PASSWORD, almost) is None


def test_the_lock_lifts_after_the_period(engine: Engine, office_account: str) -> None:
    _fail(engine, office_account, MAX_FAILED_ATTEMPTS)
    assert authenticate(engine, office_account, PASSWORD, NOW + LOCKOUT) is not None
    assert get_account(engine, office_account).failed_attempts == 0


def test_a_success_resets_the_failure_count(engine: Engine, office_account: str) -> None:
    _fail(engine, office_account, MAX_FAILED_ATTEMPTS - 1)
    assert authenticate(engine, office_account, PASSWORD, NOW) is not None
    _fail(engine, office_account, MAX_FAILED_ATTEMPTS - 1)
    assert get_account(engine, office_account).locked_until is None


def test_set_password_replaces_the_old_one(engine: Engine, office_account: str) -> None:
    set_password(engine, office_account, "a brand new secret", NOW + timedelta(hours=1))
    assert authenticate(engine, office_account, PASSWORD, NOW) is None
    assert authenticate(engine, office_account, "a brand new secret", NOW) is not None
    assert get_account(engine, office_account).password_changed_at == NOW + timedelta(hours=1)


def test_reset_password_returns_a_working_new_password(engine: Engine, office_account: str) -> None:
    _fail(engine, office_account, MAX_FAILED_ATTEMPTS)
    new = reset_password(engine, office_account, NOW)
    assert len(new) >= 10 and new != PASSWORD
    assert authenticate(engine, office_account, new, NOW) is not None
