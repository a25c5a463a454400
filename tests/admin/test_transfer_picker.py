"""The transfer form's responsible unit: grouped by district, the case's own district first,
its township's unit suggested and preselected."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from core.domain.orgunits import OrgTree
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from tests.admin.casework import (
    Sync,
    browser_for,
    events,
    officials,  # noqa: F401
    page,
    post,
    site,  # noqa: F401
    sync,  # noqa: F401
)
from tests.helpers import INTAKE, RESIDENT

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
_SELECT = re.compile(r'<select id="transfer-unit" name="unit"[^>]*>(.*?)</select>', re.S)
_GROUP = re.compile(r'<optgroup label="([^"]+)">(.*?)</optgroup>', re.S)
_OPTION = re.compile(r'<option( selected)? value="([^"]+)">([^<]+)</option>')


def accepted_case(ducha: Ducha, place: Place) -> str:
    receipt = ducha.report(
        RESIDENT, origin=Origin.RESIDENT_COMPLAINT, title="凤凰路排污口", description="述",
        categories=[Category.WATER], place=place,
    )  # fmt: skip
    ducha.accept(INTAKE, receipt.case_id)
    return receipt.reference


@pytest.fixture
def fenghuang(site: Flask, ducha: Ducha, sync: Sync) -> str:  # noqa: F811
    """An accepted complaint in Fenghuang subdistrict, Xishan, on the read side."""
    reference = accepted_case(ducha, Place("jc.xishan", "jc.xishan.fenghuang", "凤凰路 3 号"))
    sync()
    return reference


def groups(html: str) -> list[tuple[str, list[tuple[bool, str, str]]]]:
    """The transfer select's optgroups: label and (selected, value, label) per option."""
    select = _SELECT.search(html)
    assert select, "no transfer form"
    return [
        (label, [(bool(sel), value, text) for sel, value, text in _OPTION.findall(body)])
        for label, body in _GROUP.findall(select.group(1))
    ]


def test_the_cases_district_comes_first_and_its_township_is_suggested(
    site: Flask,  # noqa: F811
    fenghuang: str,
) -> None:
    shown = groups(page(browser_for(site, "wang", lang="zh"), fenghuang))
    labels = [label for label, _options in shown]
    assert labels[:2] == ["西山区", "市直部门和园区"]
    assert labels[2:] == ["东湖区", "南河区", "北塘区", "青峰县", "白石县"]
    xishan = shown[0][1]
    assert [v for _s, v, _t in xishan] == [
        "jc.xishan", "jc.xishan.sthj", "jc.xishan.fenghuang", "jc.xishan.shiqiao",
        "jc.xishan.yunling",
    ]  # fmt: skip
    assert [(v, t) for s, v, t in xishan if s] == [("jc.xishan.fenghuang", "凤凰街道（建议）")]
    every = [v for _label, options in shown for _s, v, _t in options]
    assert len(every) == len(set(every)) == 37
    assert "jc.zgb" not in every and "jc.dcz1" not in every  # the office, inspection groups


def test_without_a_township_nothing_is_preselected_but_the_district_leads(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    sync: Sync,  # noqa: F811
) -> None:
    reference = accepted_case(ducha, Place("jc.qingfeng", None, "县城北门"))
    sync()
    shown = groups(page(browser_for(site, "wang", lang="zh"), reference))
    assert shown[0][0] == "青峰县"
    assert not [v for _label, options in shown for s, v, _t in options if s]
    assert "（建议）" not in str(shown)


@pytest.mark.parametrize("unit", ["jc.xishan.fenghuang", "jc.swj", "jc.baishi.dashan"])
def test_any_listed_unit_can_be_chosen(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    fenghuang: str,
    tree: OrgTree,
    unit: str,
) -> None:
    reference = fenghuang
    browser = browser_for(site, "wang")
    fields = {"unit": unit, "deadline": "2027-06-30", "instructions": ""}
    response = post(browser, reference, "transfer", fields)
    assert response.status_code == 303
    case = ducha.get_by_reference(reference)
    assert case.responsible_unit == unit and events(ducha, case.id)[-1] == "Transferred"
    assert tree.get(unit)


def test_a_unit_not_offered_is_refused(
    site: Flask,  # noqa: F811
    ducha: Ducha,
    fenghuang: str,
) -> None:
    reference = fenghuang
    browser = browser_for(site, "wang")
    for unit in ("jc.zgb", "jc.mars"):
        assert post(browser, reference, "transfer", {"unit": unit}).status_code == 400
    assert ducha.get_by_reference(reference).responsible_unit is None
