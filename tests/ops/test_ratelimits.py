"""Redis down: every request is still served, the rate limits count in each process's memory,
a warning and a metric say so, and /readyz names Redis (while the process stays ready)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask

from admin.blueprint import limiter as staff_limiter
from portal.blueprint import limiter as portal_limiter
from projections.engine.projector import catch_up_all
from stores.api_keys import create_key
from stores.staff import create_account, grant
from tests.admin.conftest import NOW, PASSWORD, quick_password_hashing  # noqa: F401
from tests.admin.conftest import Browser as StaffBrowser
from tests.browsing import Browser
from tests.ops.conftest import LogLines
from tests.ops.test_web import sample
from tests.portal.conftest import report_data

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def environ(environ: dict[str, str]) -> dict[str, str]:
    return {**environ, "REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0"}


@pytest.fixture
def site(web: Flask) -> Iterator[Flask]:
    """The app whose Redis is down; the limiters (one per process) are healthy again after."""
    services = web.extensions["ducha"]
    catch_up_all(services)
    create_account(services.engine, "wang", "王敏", PASSWORD, NOW)
    grant(services.engine, services.tree, "wang", "office", "jc", "root", NOW)
    yield web
    for limiter in (portal_limiter, staff_limiter):
        limiter._storage_dead = False  # the next test's app has a store that answers


def test_reports_logins_open311_and_the_staff_api_are_served(
    site: Flask, log_lines: LogLines
) -> None:
    services = site.extensions["ducha"]
    before = sample(
        site.test_client().get("/metrics").get_data(as_text=True),
        "ducha_rate_limit_fallbacks_total",
    )
    assert Browser(site.test_client()).submit("/report", report_data()).status_code == 303
    staff = StaffBrowser(site.test_client())
    assert staff.log_in("wang").status_code == 303
    key = create_key(services.engine, "integrator", datetime.now(UTC), rate_limit="5 per minute")
    posted = site.test_client().post(
        "/open311/v2/requests.json",
        data={"api_key": key, "service_code": "air", **_open311_place()},
    )
    assert posted.status_code == 200, posted.data
    api_key = create_key(services.engine, "wang-key", datetime.now(UTC), username="wang")
    listed = site.test_client().get("/api/v1/cases", headers={"Authorization": f"Bearer {api_key}"})
    assert listed.status_code == 200, listed.data
    warnings = [r for r in log_lines.records() if r["logger"] == "ducha.ratelimits"]
    assert warnings and warnings[0]["level"] == "WARNING" and "memory" in warnings[0]["message"]
    metrics = site.test_client().get("/metrics").get_data(as_text=True)
    assert sample(metrics, "ducha_rate_limit_fallbacks_total") > before
    assert sample(metrics, "ducha_rate_limit_store_up") == 0


def _open311_place() -> dict[str, Any]:
    return {
        "attribute[district]": "jc.donghu",
        "address_string": "湖滨路 18 号",
        "description": "工厂夜间排放黑烟，气味刺鼻。",
    }


def test_the_limits_still_hold_per_process(site: Flask) -> None:
    key = create_key(
        site.extensions["ducha"].engine, "slow", datetime.now(UTC), rate_limit="2 per minute"
    )
    client = site.test_client()
    codes = [
        client.post(
            "/open311/v2/requests.json",
            data={"api_key": key, "service_code": "air", **_open311_place()},
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]


def test_readiness_names_redis_and_stays_ready(site: Flask) -> None:
    answer = site.test_client().get("/readyz")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "ready"
    assert [w for w in body["warnings"] if "Redis is unreachable" in w]
