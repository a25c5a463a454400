"""The public list, search, filters, paging, a case's page, typical cases and 404s."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.domain.values import Category
from core.service.application import Ducha
from core.settings import Settings
from tests.helpers import INTAKE, OFFICE
from tests.portal.public_world import build, client, file_report, project, text


def test_the_case_list_shows_public_cases_only(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    page = text(client(environ).get("/cases"))
    assert world.references["closed"] in page and world.references["rectifying"] in page
    for hidden in ("reported", "declined", "merged"):
        assert world.references[hidden] not in page
    assert "2 cases found" in client(environ).get("/cases?lang=en").get_data(as_text=True)


def test_a_two_character_chinese_search_finds_the_case(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    page = text(client(environ).get("/cases", query_string={"q": "黑臭"}))
    assert "河道黑臭水体" in page and world.references["rectifying"] not in page


def test_search_matches_the_address_and_treats_wildcards_literally(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    web = client(environ)
    assert world.references["rectifying"] in text(web.get("/cases?q=西山路"))
    assert world.references["closed"] not in text(web.get("/cases?q=%25"))


def test_the_filters_narrow_the_list(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    web = client(environ)
    closed, rectifying = world.references["closed"], world.references["rectifying"]
    by_district = text(web.get("/cases?district=jc.xishan"))
    assert rectifying in by_district and closed not in by_district
    by_category = text(web.get("/cases?category=water"))
    assert closed in by_category and rectifying not in by_category
    by_status = text(web.get("/cases?status=closed"))
    assert closed in by_status and rectifying not in by_status


def test_an_unknown_filter_value_is_ignored(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    page = text(client(environ).get("/cases?status=declined&district=nowhere&page=x"))
    assert world.references["closed"] in page and world.references["rectifying"] in page


def test_the_list_pages_twenty_cases_newest_first(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    for n in range(21):
        case_id = file_report(ducha, f"第{n:02d}号河道问题", contact=None)
        ducha.accept(INTAKE, case_id)
        clock.advance(minutes=5)
    project(ducha, settings)
    web = client(environ)
    first = text(web.get("/cases?lang=en&q=河道"))
    second = text(web.get("/cases?lang=en&q=河道&page=2"))
    assert first.count('<li>\n  <a href="/cases/') == 20
    assert "第20号" in first and "第00号" not in first
    assert "第00号" in second and second.count('<li>\n  <a href="/cases/') == 1
    assert "page=2" in first and "q=" in first and "Page 2 of 2" in second


def test_the_case_page_shows_the_public_facts(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    page = text(client(environ).get(f"/cases/{world.references['closed']}?lang=en"))
    for expected in (
        "河道黑臭水体",
        "Closed",
        "Donghu District",
        "Hubin Subdistrict",
        "湖滨路 18 号",
        "Water",
        f"/cases/{world.references['closed']}/feed.atom",
    ):
        assert expected in page


def test_the_case_page_shows_the_public_timeline_in_the_visitors_language(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    web = client(environ)
    path = f"/cases/{world.references['closed']}"
    english, chinese = text(web.get(path + "?lang=en")), text(web.get(path + "?lang=zh_CN"))
    assert "Site inspected" in english and "Plan approved" not in english
    assert "现场核查" in chinese and "整改方案通过" not in chinese


def test_the_case_page_shows_the_responsible_unit_and_deadline(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    page = text(client(environ).get(f"/cases/{world.references['rectifying']}?lang=en"))
    deadline = ducha.get(world.cases["rectifying"]).deadline
    assert deadline is not None
    assert "Hubin Subdistrict" in page and deadline.isoformat() in page
    assert "Overdue" not in page


def test_a_past_deadline_shows_as_overdue(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    clock.now = datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    case_id = file_report(ducha, "逾期未整改的河道", contact=None)
    ducha.accept(INTAKE, case_id)
    ducha.transfer(OFFICE, case_id, "jc.donghu.hubin")
    project(ducha, settings)
    reference = ducha.get(case_id).reference
    web = client(environ)
    assert "(overdue)" in text(web.get(f"/cases/{reference}?lang=en"))
    assert "Overdue" in text(web.get("/cases?lang=en"))


def test_non_public_cases_have_no_page(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    web = client(environ)
    for name in ("reported", "declined", "merged"):
        response = web.get(f"/cases/{world.references[name]}")
        assert response.status_code == 404
        assert world.references[name] not in text(response)
    assert web.get("/cases/JC-NOPE-1").status_code == 404


def test_a_lower_case_reference_redirects_to_the_case(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    reference = world.references["closed"]
    response = client(environ).get(f"/cases/{reference.lower()}")
    assert response.status_code == 301 and response.location.endswith(f"/cases/{reference}")


def test_the_typical_cases_page_lists_published_texts(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    web = client(environ)
    page = text(web.get("/typical"))
    assert "东湖区河道黑臭整治典型案例" in page and "经督办，河道完成清淤截污。" in page
    assert world.references["rectifying"] not in page
    case_page = text(web.get(f"/cases/{world.references['closed']}"))
    assert "经督办，河道完成清淤截污。" in case_page


def test_a_typical_case_address_leads_to_the_case_page(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    world = build(ducha, settings, clock)
    web = client(environ)
    found = web.get(f"/typical/{world.references['closed']}")
    assert found.status_code == 302 and "#typical" in found.location
    assert web.get(f"/typical/{world.references['rectifying']}").status_code == 404


def test_the_category_filter_matches_whole_values(
    ducha: Ducha, settings: Settings, clock: Any, environ: dict[str, str]
) -> None:
    for title, category in (("土壤问题", Category.SOIL), ("固废问题", Category.SOLID_WASTE)):
        ducha.accept(INTAKE, file_report(ducha, title, category=category, contact=None))
    project(ducha, settings)
    page = text(client(environ).get("/cases?category=soil"))
    assert "土壤问题" in page and "固废问题" not in page


def test_the_navigation_links_to_the_public_pages(
    settings: Settings, environ: dict[str, str]
) -> None:
    page = text(client(environ).get("/"))
    for path in ("/cases", "/map", "/typical", "/stats", "/feed.atom"):
        assert f'href="{path}"' in page
