"""`flask --app wsgi api-keys ...`: the key is printed last, stored hashed, and revocable."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import Engine, select

from stores.api_keys import api_keys, hash_key

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def cli(site: Flask, *args: str) -> tuple[int, str]:
    result = site.test_cli_runner().invoke(args=["api-keys", *args])
    return result.exit_code, result.output


def test_create_prints_the_key_last_and_stores_only_its_hash(site: Flask, engine: Engine) -> None:
    code, output = cli(site, "create", "fixmystreet")
    assert code == 0, output
    key = output.strip().splitlines()[-1]
    assert key.startswith("dk_") and len(key) > 40
    with engine.connect() as conn:
        row = conn.execute(select(api_keys)).mappings().one()
    assert row["key_hash"] == hash_key(key) and key not in str(dict(row))
    assert row["username"] is None


def test_a_staff_key_works_until_it_is_revoked(site: Flask) -> None:
    code, output = cli(site, "create", "li-script", "--user", "li", "--rate-limit", "5 per second")
    assert code == 0, output
    headers = {"Authorization": f"Bearer {output.strip().splitlines()[-1]}"}
    client = site.test_client()
    assert client.get("/api/v1/cases", headers=headers).status_code == 200
    assert cli(site, "revoke", "li-script") == (0, "revoked API key li-script\n")
    assert client.get("/api/v1/cases", headers=headers).status_code == 403
    assert "active" not in cli(site, "list")[1].split("\t")[-1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create", "x", "--user", "nobody"), "no staff account"),
        (("create", "bad name!"), "key name"),
        (("create", "y", "--rate-limit", "lots"), "not a rate limit"),
        (("revoke", "never-made"), "no active key"),
    ],
)
def test_refusals_exit_non_zero_with_the_reason(
    site: Flask, args: tuple[str, ...], message: str
) -> None:
    code, output = cli(site, *args)
    assert code != 0 and message in output


def test_a_name_is_used_once(site: Flask) -> None:
    assert cli(site, "create", "twice")[0] == 0
    code, output = cli(site, "create", "twice")
    assert code != 0 and "already a key called twice" in output
