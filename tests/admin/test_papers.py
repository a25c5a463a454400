"""Papers on the case page: offered when due to the roles that issue them, printed under a
document number recorded on the case, shown as a page and as a PDF with the unit's name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pypdfium2 as pdfium
import pytest
from flask import Flask

from core.service.application import Ducha
from tests.admin.casework import (
    BEIJING,
    PAST,
    Browser,
    Sync,
    browser_for,
    events,
    new_case,
    officials,  # noqa: F401
    page,
    seen,
    site,  # noqa: F401
    sync,  # noqa: F401
)
from tests.conftest import Clock
from tests.helpers import drive

#: The web app prints with the wall clock, so numbers carry this year.
YEAR = datetime.now(BEIJING).year
NOTICE = f"江督交〔{YEAR}〕1号"


def offered_papers(html: str) -> set[str]:
    return {part.split('"')[0] for part in html.split('data-paper="')[1:]}


def print_paper(browser: Browser, reference: str, kind: str, **base: str) -> Any:
    fields = base or seen(page(browser, reference))
    return browser.client.post(f"/admin/cases/{reference}/papers/{kind}", data=fields)


@pytest.fixture
def transferred(site: Flask, ducha: Ducha, clock: Clock, sync: Sync) -> tuple[Any, str]:  # noqa: F811
    clock.now = datetime.now(BEIJING)  # the web app's today: the notice is not overdue
    case_id, reference = new_case(ducha, "湖滨路排口排放黑水")
    drive(ducha, case_id, clock, until="transferred")
    sync()
    return case_id, reference


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return str(document[0].get_textpage().get_text_range())


def test_the_office_prints_a_transfer_notice_as_a_page_and_a_pdf(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    transferred: tuple[Any, str],
    sync: Sync,  # noqa: F811
) -> None:
    case_id, reference = transferred
    office = browser_for(site, "wang", lang="zh_CN")
    assert offered_papers(page(office, reference)) == {"transfer_notice"}
    response = print_paper(office, reference, "transfer_notice")
    assert response.status_code == 303
    assert events(ducha, case_id)[-1] == "DocumentPrinted"
    html = office.get(response.headers["Location"]).get_data(as_text=True)
    assert "交办单" in html and NOTICE in html and "湖滨街道" in html
    version = ducha.get(case_id).version
    pdf = office.get(f"/admin/cases/{reference}/papers/{version}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    assert NOTICE in text and "湖滨街道" in text
    sync()
    listed = page(office, reference)
    assert f"打印交办单（{NOTICE}）" in listed and 'id="printed-papers"' in listed


def test_a_paper_shows_the_case_as_it_stood_when_printed(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    transferred: tuple[Any, str],
    clock: Clock,
) -> None:
    case_id, reference = transferred
    office = browser_for(site, "wang", lang="zh_CN")
    location = print_paper(office, reference, "transfer_notice").headers["Location"]
    deadline = str(ducha.get(case_id).deadline)
    drive(ducha, case_id, clock, until="verified")
    assert deadline in office.get(location).get_data(as_text=True)
    unit = browser_for(site, "zhao")
    assert unit.get(location).status_code == 200  # the unit reads the notice it was sent
    assert browser_for(site, "sun").get(location).status_code == 200
    assert browser_for(site, "xu").get(location).status_code == 403
    assert office.get(f"/admin/cases/{reference}/papers/1").status_code == 404  # not a paper


@pytest.mark.parametrize("username", ["li", "zhao", "zhou", "chen", "sun"])
def test_roles_that_do_not_issue_a_transfer_notice_are_refused(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    transferred: tuple[Any, str],
    username: str,
) -> None:
    case_id, reference = transferred
    browser = browser_for(site, username)
    if username not in ("li",):
        assert offered_papers(page(browser, reference)) == set()
    version = str(ducha.get(case_id).version)
    token = browser.token("/admin/")
    response = print_paper(browser, reference, "transfer_notice", csrf_token=token, version=version)
    assert response.status_code == 403
    assert events(ducha, case_id)[-1] == "Transferred"


def test_papers_not_yet_due_stale_or_unknown_are_refused(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    transferred: tuple[Any, str],
) -> None:
    case_id, reference = transferred
    office = browser_for(site, "wang")
    base = seen(page(office, reference))
    assert print_paper(office, reference, "closing_approval", **base).status_code == 422
    assert print_paper(office, reference, "supervision_letter", **base).status_code == 422
    assert print_paper(office, reference, "memo", **base).status_code == 404
    stale = {**base, "version": str(int(base["version"]) - 1)}
    assert print_paper(office, reference, "transfer_notice", **stale).status_code == 409
    assert (
        print_paper(office, reference, "transfer_notice", version=base["version"]).status_code
        == 400
    )
    assert events(ducha, case_id)[-1] == "Transferred"


def test_each_paper_is_offered_at_its_step(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    clock: Clock,
    sync: Sync,  # noqa: F811
) -> None:
    clock.now = PAST  # transferred in March: overdue by the web app's today
    case_id, reference = new_case(ducha)
    drive(ducha, case_id, clock, until="transferred")
    office, inspector = browser_for(site, "wang"), browser_for(site, "zhou")
    assert offered_papers(page(office, reference)) >= {"transfer_notice", "supervision_letter"}
    drive(ducha, case_id, clock, until="verified")
    assert "acceptance_opinion" in offered_papers(page(inspector, reference))
    assert "acceptance_opinion" in offered_papers(page(office, reference))
    response = print_paper(inspector, reference, "acceptance_opinion")
    html = inspector.get(response.headers["Location"]).get_data(as_text=True)
    assert "江督验〔" in html and "通过" in html
    drive(ducha, case_id, clock, until="signed")
    assert "closing_approval" in offered_papers(page(office, reference))
