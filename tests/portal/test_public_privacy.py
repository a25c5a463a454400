"""Every public page and feed escapes a script payload and never shows a complainant."""

from __future__ import annotations

from typing import Any

from core.service.application import Ducha
from core.settings import Settings
from stores.contacts import SqlContactStore
from stores.db import make_engine
from tests.helpers import INTAKE
from tests.portal.public_world import (
    PII_EMAIL,
    PII_NAME,
    PII_PHONE,
    PLANTED,
    XSS,
    build,
    client,
    public_paths,
    text,
)


def test_a_script_payload_is_escaped_on_every_public_page_and_feed(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    web = client(environ)
    for path in public_paths(world):
        if path.endswith(".geojson"):
            continue  # JSON data, not markup: checked below
        response = web.get(path)
        assert response.status_code == 200, path
        assert XSS not in text(response), path
    page = text(web.get(f"/cases/{world.references['rectifying']}"))
    assert "扬尘严重&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "西山路&lt;script&gt;" in page


def test_the_payload_reaches_the_feed_as_escaped_text(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    body = text(client(environ).get(f"/cases/{world.references['rectifying']}/feed.atom"))
    assert "工地扬尘&lt;script&gt;alert(1)&lt;/script&gt;" in body and XSS not in body


def test_the_payload_is_searchable_and_escaped_in_the_list(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    page = text(client(environ).get("/cases", query_string={"q": XSS}))
    assert world.references["rectifying"] in page and XSS not in page


def test_no_public_response_carries_the_complainants_contact(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    web = client(environ)
    planted = [PII_NAME, PII_PHONE, PII_EMAIL, PLANTED.address or ""]
    paths = [*public_paths(world), "/map/districts.geojson", "/stats?lang=en"]
    for path in paths:
        body = text(web.get(path))
        assert not [p for p in planted if p in body], path


def test_the_planted_contact_is_really_stored(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    """The privacy scan above means something only if the contact was kept, privately."""
    world = build(ducha, settings, clock)
    engine = make_engine(settings.sqlalchemy_url)
    try:
        kept = SqlContactStore(engine).read(world.cases["closed"], INTAKE, "test")
    finally:
        engine.dispose()
    assert [c.phone for c in kept] == [PII_PHONE]
