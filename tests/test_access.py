"""Every route of the app, asked by everyone: anonymous, each staff role with a grant that
reaches the case and the campaign ("home"), and each with a grant in another district ("away").

The expected status of each route and identity is declared in one table, EXPECTED; a route the
app serves without a declared expectation fails the test, as does a declaration for a route
that no longer exists. POSTs carry a CSRF token and a body that is either valid and harmless
(a stale version, an act the status does not allow) or missing what the form needs, so that
what answers is the authorisation, not the CSRF check.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from core.service.application import Ducha
from tests.access_table import EXPECTED
from tests.access_world import IDENTITIES, World, build
from wsgi import create_app

__all__ = ["create_app"]  # imported first, so every table is known before `db init` runs

_ARGUMENT = re.compile(r"<(?:[^<>]*:)?([^<>:]+)>")


@pytest.fixture
def environ(environ: dict[str, str]) -> dict[str, str]:
    return {**environ, "DUCHA_REPORT_RATE_LIMIT": "1000 per minute"}


def routes(app: Flask) -> list[str]:
    """'METHOD /rule' for every route; logging out comes last (it ends the session)."""
    found = {
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    }
    return sorted(found, key=lambda r: (r == "POST /admin/logout", r))


def url_of(rule: str, world: World) -> str:
    values = world.values
    arguments = {
        **values,
        "name": values["photo"],
        "fmt": "json",
        "filename": "portal/site.css",
        "unknown": "nowhere",
        "action": "post_note",
        "request_id": values["reference"],
        "code": "water",
        "token": "no-such-token",
        "phrase_id": "999999",
        "kind": "transfer_notice",
        "version": str(world.case_version),
    }
    if rule == "/admin/evidence/<name>.pdf":
        arguments["name"] = values["document"]
    elif rule == "/admin/queues/<name>":
        arguments["name"] = "new_complaints"
    elif rule == "/admin/cases.<fmt>":
        arguments["fmt"] = "csv"
    elif rule == "/admin/assets/<path:filename>":
        arguments["filename"] = "admin/phrases.js"
    return _ARGUMENT.sub(lambda m: arguments[m.group(1)], rule)


def form_for(rule: str, world: World) -> dict[str, Any]:
    """What a POST to `rule` sends besides its CSRF token."""
    v = world.values
    version = str(world.case_version)
    forms: dict[str, dict[str, Any]] = {
        "/admin/login": {"username": "nobody", "password": "wrong"},
        "/admin/act-as": {"grant_id": "0"},
        "/admin/cases/<reference>/act/<action>": {"version": version, "text": ""},
        "/admin/campaigns": {
            "name": "另一次专项督查",
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-31",
            "origins": "resident_complaint",
        },
        "/admin/campaigns/<uuid:campaign_id>/groups": {
            "unit_id": "jc.dcz3",
            "districts": "jc.nanhe",
            "leader_name": "赵刚",
            "leader_department": "jc.zgb",
        },
        "/admin/campaigns/<uuid:campaign_id>/move": {"action": "start_visits", "version": "1"},
        "/admin/campaigns/<uuid:campaign_id>/outcomes": {
            "district_id": "jc.donghu",
            "outcome": "criticism",
            "reason": "整改不力",
        },
        "/admin/campaigns/<uuid:campaign_id>/groups/<group_id>/report": {
            "findings": "基本到位",
            "cases_found": "",
            "recommendations": "长效巡查",
        },
        "/admin/campaigns/<uuid:campaign_id>/groups/<group_id>/samples/<district_id>/draw": {
            "size": "1",
            "reason": "抽样框有误",
        },
        "/admin/campaigns/<uuid:campaign_id>/groups/<group_id>/samples/<district_id>/check": {
            "reference": v["reference"],
            "passed": "y",
            "note": "现场核查到位",
        },
        "/admin/staff/<username>/grant": {"role": "intake", "unit": "jc.donghu"},
        "/admin/staff/<username>/revoke": {"role": "leader", "unit": "jc"},
        "/track": {"code": v["reference"], "secret": "wrong"},
    }
    return forms.get(rule, {})


def ask(world: World, identity: str, route: str) -> int:
    method, rule = route.split(" ", 1)
    visitor = world.visitors[identity]
    url = url_of(rule, world)
    headers = {}
    if url.startswith("/api/") and visitor.api_key:
        headers["Authorization"] = f"Bearer {visitor.api_key}"
    if method == "GET":
        return int(visitor.client.get(url, headers=headers).status_code)
    if url.startswith("/api/"):
        if rule.endswith("/evidence"):
            data = {"version": str(world.case_version)}
            answer = visitor.client.post(url, data=data, headers=headers)
        else:
            body = {"version": world.case_version, "text": "", "public": False}
            answer = visitor.client.post(url, json=body, headers=headers)
        return int(answer.status_code)
    if url.startswith("/open311/"):
        return int(visitor.client.post(url, data={"service_code": "air"}).status_code)
    data = {"csrf_token": visitor.token, **form_for(rule, world)}
    answer = visitor.client.post(url, data=data, content_type="multipart/form-data")
    return int(answer.status_code)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_route_answers_each_identity_as_declared(
    web: Flask, ducha: Ducha, clock: Any
) -> None:
    world = build(web, ducha, clock)
    served = routes(web)
    undeclared = [r for r in served if r not in EXPECTED]
    assert not undeclared, f"routes without a declared expectation: {undeclared}"
    stale = sorted(set(EXPECTED) - set(served))
    assert not stale, f"declared routes the app no longer serves: {stale}"
    wrong = []
    for route in served:
        for identity in IDENTITIES:
            expected, got = EXPECTED[route][identity], ask(world, identity, route)
            if got != expected:
                wrong.append(f"{route} as {identity}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_the_table_names_every_identity() -> None:
    for route, statuses in EXPECTED.items():
        assert set(statuses) == set(IDENTITIES), route
