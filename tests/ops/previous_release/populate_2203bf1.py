"""Fill a store the way release 2203bf1 (the last before Alembic) did; run by make_fixture.py.

This script imports that release's modules (core.application, projections.services, ...), so it
runs only with a `git archive 2203bf1` tree first on the path, never with this tree's code.
Usage: python populate_2203bf1.py (the environment names the store: DUCHA_DATA_DIR and
DATABASE_URL, DUCHA_SIGNING_KEY).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from core.contacts import Contact
from portal.drafts import save_draft
from projections.notifications import notification_deliveries, notification_sent
from projections.readings import import_readings
from sqlalchemy import insert

from core.domain.roles import Actor, Role
from core.domain.values import Category, Origin, Place
from wsgi import create_app

PASSWORD = "previous-release-pass-1"
RESIDENT = Actor("public", "jc", Role.RESIDENT)
INTAKE = Actor("u-intake", "jc", Role.INTAKE)
PLACE = Place("jc.donghu", "jc.donghu.hubin", "湖滨路 18 号")


def run(*args: str, input: str | None = None) -> str:
    result = create_app(dict(os.environ)).test_cli_runner().invoke(args=list(args), input=input)
    assert result.exit_code == 0, (args, result.output)
    return str(result.output)


def main() -> None:
    run("db", "init")
    run("staff", "create", "wang.intake", "--name", "王 受理", "--password-stdin", input=PASSWORD)
    run("staff", "grant", "wang.intake", "intake", "jc", "--by", "setup")
    run("staff", "grant", "wang.intake", "office", "jc", "--by", "setup")
    run("staff", "revoke", "wang.intake", "office", "jc", "--by", "setup")
    run("api-keys", "create", "city-hotline", "--user", "wang.intake")
    run("audit", "keygen")

    web = create_app(dict(os.environ))
    services = web.extensions["ducha"]
    app, engine = services.app, services.engine
    receipt = app.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title="河道黑臭水体",
        description="河道黑臭，夏季异味明显。",
        categories=[Category.WATER],
        place=PLACE,
        contact=Contact(name="李 居民", phone="13800000000", email="li@example.org"),
    )
    app.accept(INTAKE, receipt.case_id)
    services.contacts.read(receipt.case_id, INTAKE, "call back about the smell")
    save_draft(engine, {"title": "工地扬尘", "description": "夜间施工扬尘严重。"})
    readings_csv = (
        "case,station,metric,time,value,limit\n"
        f"{receipt.reference},湖滨断面,COD,2026-10-01 08:00,42.5,40\n"
    )
    with engine.begin() as conn:
        imported = import_readings(
            conn, readings_csv, ZoneInfo("Asia/Shanghai"), lambda _: True, datetime.now(UTC)
        )
        assert imported.imported == 1, imported.errors
        # The mailer needs an SMTP server to write these; its rows are written as it would.
        conn.execute(
            insert(notification_sent).values(
                notification_id=2, kind="status", sent_at=datetime.now(UTC), attempts=1
            )
        )
        conn.execute(
            insert(notification_deliveries).values(
                notification_id=2, kind="status", contact_id=1, delivered_at=datetime.now(UTC)
            )
        )
    services.close()
    run("projections", "catch-up")
    run("audit", "checkpoint")
    print(receipt.reference)


if __name__ == "__main__":
    main()
