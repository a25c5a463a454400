"""The production layout on one machine: two gunicorn servers on one PostgreSQL, one projector.

Residents report through both servers while two officials, one on each server, accept the same
cases at the same moment. Afterwards nothing is lost or doubled, each case was accepted once,
references are unique, the projections equal a rebuild, the ledger verifies, each server's
/metrics adds up the requests of both its workers, and the projector stops cleanly on SIGTERM.
"""

from __future__ import annotations

import re
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from bench.portal import BIN, ROOT, base_env, gunicorn
from core.domain.orgunits import OrgTree
from core.service.application import Ducha
from core.settings import load_settings
from projections.engine.catchup import catch_up
from projections.engine.registry import build_projections, reset_projections
from projections.engine.schema import init_schema
from projections.engine.waiting import wait_for
from stores.services import Services
from stores.staff import create_account, grant
from tests.helpers import report
from tests.ops.test_web import sample
from tests.projections.conftest import dump
from wsgi import create_app

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SHARED_CASES, RESIDENT_REPORTS = 12, 30


def csrf(session: requests.Session, url: str) -> str:
    found = _CSRF.search(session.get(url, timeout=30).text)
    assert found, url
    return found.group(1)


def resident_report(base: str, n: int) -> int:
    session = requests.Session()
    data = {
        "csrf_token": csrf(session, f"{base}/report"),
        "categories": "water",
        "district": "jc.qingfeng",
        "township": "jc.qingfeng.baihe",
        "address": f"白河路 {n} 号",
        "description": f"河水发黑发臭（第 {n} 份）。",
        "name": "居民",
        "phone": f"138{n:08d}",
    }
    answer = session.post(f"{base}/report", data=data, allow_redirects=False, timeout=30)
    return answer.status_code


def official(base: str, username: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    data = {"csrf_token": csrf(session, f"{base}/admin/login"), "username": username}
    answer = session.post(
        f"{base}/admin/login", data={**data, "password": PASSWORD}, allow_redirects=False
    )
    assert answer.status_code == 303, answer.text[:500]
    return session, csrf(session, f"{base}/admin/")


def accept(base: str, who: tuple[requests.Session, str], reference: str) -> int:
    session, token = who
    answer = session.post(
        f"{base}/admin/cases/{reference}/act/accept",
        data={"csrf_token": token, "version": "1", "note": ""},
        allow_redirects=False,
        timeout=30,
    )
    return answer.status_code


def seed(env: dict[str, str]) -> list[str]:
    settings = load_settings(env)
    init_schema(settings)
    keygen = create_app(env).test_cli_runner().invoke(args=["audit", "keygen", "--name", "t/l"])
    assert keygen.exit_code == 0, keygen.output
    services = Services(settings)
    now, tree = datetime.now(UTC), OrgTree.default()
    for username in ("li", "lin"):
        create_account(services.engine, username, username.title(), PASSWORD, now)
        grant(services.engine, tree, username, "intake", "jc.donghu", "root", now)
    references = [report(services.app).reference for _ in range(SHARED_CASES)]
    services.close()
    return references


def event_log(app: Ducha) -> list[Any]:
    return list(app.recorder.select_notifications(start=1, limit=1_000_000))


def test_two_servers_and_a_projector_on_one_postgresql(pg_database: str, tmp_path: Path) -> None:
    env = {**base_env(str(tmp_path / "var")), "DATABASE_URL": pg_database}
    env["DUCHA_SIGNING_KEY"] = str(tmp_path / "ledger.key")
    references = seed(env)
    projector = subprocess.Popen(
        [str(BIN / "flask"), "--app", "wsgi", "projections", "run"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        statuses, accepted, metrics_a = load(env, tmp_path, references)
        services = Services(load_settings(env))
        log = event_log(services.app)
        for projection in build_projections(services.app):
            wait_for(services.engine, projection.name, log[-1].id, timeout=15)
        projector.send_signal(signal.SIGTERM)
        _out, err = projector.communicate(timeout=30)
    finally:
        if projector.poll() is None:
            projector.kill()
            projector.wait()
    assert projector.returncode == 0 and "stopping after this batch" in err
    for server in ("a", "b"):  # stopped by SIGTERM: workers finished, none killed
        output = (tmp_path / "logs" / server).read_text()
        assert "Shutting down: Master" in output and "SIGKILL" not in output
    assert statuses == [303] * RESIDENT_REPORTS
    assert all(pair == [303, 409] for pair in accepted.values()), accepted
    assert sample(metrics_a, "ducha_http_requests_total", route="/report", status="303") == (
        RESIDENT_REPORTS // 2
    )
    check_the_log_and_projections(services, log, references)
    services.close()
    cli = create_app(env).test_cli_runner()
    checkpoint = cli.invoke(args=["audit", "checkpoint"]).output.strip().splitlines()[-1]
    verified = cli.invoke(args=["audit", "verify", "--checkpoint", checkpoint])
    assert verified.exit_code == 0, verified.output
    assert f'"tree_size": {len(log)}' in verified.output


def load(
    env: dict[str, str], tmp_path: Path, references: list[str]
) -> tuple[list[int], dict[str, list[int]], str]:
    """Residents on both servers, and two officials accepting the same cases at once."""
    logs = tmp_path / "logs"
    logs.mkdir()
    with ExitStack() as stack:
        servers = [
            stack.enter_context(
                gunicorn({**env, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / name)}, logs / name)
            )
            for name in ("a", "b")
        ]
        officials = [official(servers[0], "li"), official(servers[1], "lin")]
        with ThreadPoolExecutor(6) as residents, ThreadPoolExecutor(2) as pair:
            reported = [
                residents.submit(resident_report, servers[n % 2], n)
                for n in range(RESIDENT_REPORTS)
            ]
            accepted = {
                ref: sorted(pair.map(lambda i, r=ref: accept(servers[i], officials[i], r), (0, 1)))
                for ref in references
            }
            statuses = [f.result() for f in reported]
        metrics_a = requests.get(f"{servers[0]}/metrics", timeout=30).text
    return statuses, accepted, metrics_a


def check_the_log_and_projections(
    services: Services, log: list[Any], references: list[str]
) -> None:
    app, engine = services.app, services.engine
    ids = [n.id for n in log]
    assert ids == sorted(set(ids))
    created = [app.mapper.to_domain_event(n) for n in log if n.topic.endswith("Case.Reported")]
    assert len(created) == SHARED_CASES + RESIDENT_REPORTS
    assert len({e.reference for e in created}) == len(created)  # type: ignore[attr-defined]
    for reference in references:
        history = [type(e).__name__ for e in app.history(app.get_by_reference(reference).id)]
        assert history == ["Reported", "Accepted"]
    projections = build_projections(app)
    live = dump(engine, projections)
    reset_projections(engine, projections)
    catch_up(app, engine, projections)
    assert dump(engine, projections) == live
