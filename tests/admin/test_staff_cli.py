"""`flask --app wsgi staff ...` through the test CLI runner, on both backends."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import Engine

from core.domain.roles import Role
from stores.staff import active_grants, authenticate, grant_history
from tests.admin.conftest import NOW, PASSWORD

Run = Callable[..., Result]


@pytest.fixture
def staff(web: Flask) -> Iterator[Run]:
    runner = web.test_cli_runner()

    def run(*args: str, stdin: str | None = None) -> Result:
        return runner.invoke(args=["staff", *args], input=stdin)

    yield run


def test_create_prints_a_generated_password_that_works(staff: Run, engine: Engine) -> None:
    result = staff("create", "li", "--name", "李强")
    assert result.exit_code == 0, result.output
    password = result.output.strip().splitlines()[-1].removeprefix("password: ")
    assert authenticate(engine, "li", password, NOW) is not None


def test_create_reads_the_password_from_stdin(staff: Run, engine: Engine) -> None:
    result = staff("create", "li", "--name", "李强", "--password-stdin", stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "password" not in result.output.replace("staff account", "")
    assert authenticate(engine, "li", PASSWORD, NOW) is not None


def test_create_refuses_a_taken_username(staff: Run, office_account: str) -> None:
    result = staff("create", office_account, "--name", "again")
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_grant_records_who_granted(staff: Run, engine: Engine, office_account: str) -> None:
    result = staff("grant", office_account, "leader", "jc.xishan", "--by", "chief")
    assert result.exit_code == 0, result.output
    held = {(g.role, g.unit_id) for g in active_grants(engine, office_account)}
    assert (Role.LEADER, "jc.xishan") in held
    assert grant_history(engine, office_account)[-1]["by"] == "chief"


def test_grant_needs_the_by_option(staff: Run, office_account: str) -> None:
    result = staff("grant", office_account, "leader", "jc")
    assert result.exit_code != 0 and "--by" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ghost", "office", "jc"], "no staff account 'ghost'"),
        (["wang", "mayor", "jc"], "unknown staff role 'mayor'"),
        (["wang", "resident", "jc"], "unknown staff role 'resident'"),
        (["wang", "unit", "jc.atlantis"], "unknown org unit 'jc.atlantis'"),
        (["wang", "office", "jc"], "already holds the office role on jc"),
    ],
)
def test_grant_errors_are_clear(
    staff: Run, office_account: str, args: list[str], message: str
) -> None:
    result = staff("grant", *args, "--by", "chief")
    assert result.exit_code != 0
    assert message in result.output


def test_revoke_records_who_revoked(staff: Run, engine: Engine, office_account: str) -> None:
    result = staff("revoke", office_account, "office", "jc", "--by", "chief")
    assert result.exit_code == 0, result.output
    assert [g.role for g in active_grants(engine, office_account)] == [Role.INTAKE]
    last = grant_history(engine, office_account)[-1]
    assert (last["action"], last["by"]) == ("revoked", "chief")


def test_revoke_of_an_inactive_grant_is_an_error(staff: Run, office_account: str) -> None:
    result = staff("revoke", office_account, "leader", "jc", "--by", "chief")
    assert result.exit_code != 0
    assert "holds no active leader role on jc" in result.output


def test_reset_password_prints_a_new_password(
    staff: Run, engine: Engine, office_account: str
) -> None:
    result = staff("reset-password", office_account)
    assert result.exit_code == 0, result.output
    password = result.output.strip().rsplit(" ", 1)[-1]
    assert authenticate(engine, office_account, password, NOW) is not None
    assert authenticate(engine, office_account, PASSWORD, NOW) is None


def test_reset_password_of_an_unknown_user_is_an_error(staff: Run) -> None:
    result = staff("reset-password", "ghost")
    assert result.exit_code != 0 and "no staff account 'ghost'" in result.output


def test_list_shows_accounts_and_their_grants(staff: Run, office_account: str) -> None:
    result = staff("list")
    assert result.exit_code == 0, result.output
    assert "wang\t王敏\toffice@jc, intake@jc.donghu" in result.output
