"""Importing problem lists: preview row by row, apply problems before measures, never twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from admin.lists.importing import RowStatus, apply, preview, read_import_file
from core.domain.orgunits import OrgTree
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha
from core.settings import Settings
from stores.db import make_engine
from tests.admin.case_files import (
    GOOD_EN,
    GOOD_ZH,
    HEADER_EN,
    HEADER_ZH,
    SAMPLE,
    ReadSide,
    write_file,
)
from tests.helpers import OFFICE
from wsgi import create_app

TODAY = date(2026, 11, 2)  # the `clock` fixture's day
TREE = OrgTree.default()


@pytest.fixture
def read(ducha: Ducha, settings: Settings) -> Iterator[ReadSide]:
    engine = make_engine(settings.sqlalchemy_url)
    yield ReadSide(ducha, engine)
    engine.dispose()


def test_a_good_file_previews_every_row_as_new(tmp_path: Path) -> None:
    result = preview(read_import_file(write_file(tmp_path / "a.xlsx", GOOD_ZH)), {}, TREE, TODAY)
    assert result.ok and result.count(RowStatus.NEW) == 5
    assert [(r.line, r.number) for r in result.rows] == [
        (2, "FK-01"), (3, "FK-01-1"), (4, "FK-01-2"), (5, "SJ-07"), (6, "SJ-07-1"),
    ]  # fmt: skip
    problem, measure, _, county, _ = [r.entry for r in result.rows]
    assert problem is not None and measure is not None and county is not None
    assert problem.origin is Origin.CENTRAL_FEEDBACK and not problem.is_measure
    assert problem.place == Place("jc.donghu")
    assert problem.categories == (Category.WATER, Category.AIR)
    assert (problem.unit_id, problem.deadline) == ("jc.donghu", date(2027, 6, 30))
    assert measure.is_measure and measure.place is None and measure.parent_number == "FK-01"
    assert (measure.unit_id, measure.deadline) == ("jc.swj", date(2027, 3, 31))
    assert county.place == Place("jc.baishi", "jc.baishi.dashan")
    assert county.categories == (Category.ECOLOGY, Category.SOIL)
    assert (county.unit_id, county.deadline) == (None, None)


def test_chinese_and_english_headers_and_names_give_the_same_entries(tmp_path: Path) -> None:
    zh = write_file(tmp_path / "zh.csv", GOOD_ZH, HEADER_ZH)
    en = write_file(tmp_path / "en.csv", GOOD_EN, HEADER_EN)
    variants = ["来源", "编号*", "标题", "内容", "区县", "问题类别", "牵头单位",
                "整改时限（YYYY-MM-DD）", "所属问题编号"]  # fmt: skip
    other = write_file(tmp_path / "other.csv", GOOD_ZH, variants)
    entries = [
        [r.entry for r in preview(read_import_file(p), {}, TREE, TODAY).rows]
        for p in (zh, en, other)
    ]
    assert None not in entries[0]
    assert entries[0] == entries[1] == entries[2]


def test_xlsx_and_csv_give_the_same_result(tmp_path: Path) -> None:
    rows = [*GOOD_ZH, ["整改措施", "X-1", "", "缺标题", "", "", "", "2027-01-01", "NOPE"]]
    csv_rows = read_import_file(write_file(tmp_path / "a.csv", rows))
    xlsx_rows = read_import_file(write_file(tmp_path / "a.xlsx", rows))
    assert csv_rows == xlsx_rows
    assert preview(csv_rows, {}, TREE, TODAY) == preview(xlsx_rows, {}, TREE, TODAY)


def test_csv_with_or_without_bom_and_excel_dates(tmp_path: Path) -> None:
    text = "\n".join(",".join(r) for r in [HEADER_ZH, *GOOD_ZH])
    plain, bom = tmp_path / "plain.csv", tmp_path / "bom.csv"
    plain.write_bytes(text.encode("utf-8"))
    bom.write_bytes(text.encode("utf-8-sig"))
    assert read_import_file(plain) == read_import_file(bom)
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(HEADER_ZH)
    book.active.append([*GOOD_ZH[0][:7], date(2027, 6, 30), ""])
    book.save(tmp_path / "dates.xlsx")
    [row] = read_import_file(tmp_path / "dates.xlsx")
    assert row.get("deadline") == "2027-06-30"


BAD = [
    ("中央督察反馈问题", "P-1", "好问题", "内容", "东湖区", "水", "", "", ""),
    ("中央督察反馈问题", "P-2", "标题", "内容", "火星区", "水", "", "", ""),
    ("中央督察反馈问题", "P-3", "标题", "内容", "西山区", "水", "市水务局", "2027-13-01", ""),
    ("中央督察反馈问题", "P-4", "标题", "内容", "西山区", "水", "市水务局", "2026-01-01", ""),
    ("中央督察反馈问题", "P-5", "", "内容", "西山区", "水", "", "", ""),
    ("整改措施", "M-1", "措施", "内容", "", "", "", "", "NOPE"),
    ("中央督察反馈问题", "D-1", "标题", "内容", "南河区", "水", "", "", ""),
    ("中央督察反馈问题", "D-1", "标题", "内容", "南河区", "水", "", "", ""),
    ("随便", "P-6", "标题", "内容", "南河区", "水", "", "", ""),
    ("中央督察反馈问题", "P-7", "标题", "内容", "南河区", "空气", "", "", ""),
    ("中央督察反馈问题", "P-8", "标题", "内容", "南河区", "水", "市不存在局", "", ""),
    ("中央督察反馈问题", "P-9", "标题", "内容", "南河区", "水", "江城市", "", ""),
    ("群众举报", "P-10", "标题", "内容", "南河区", "水", "", "", ""),
    ("整改措施", "M-2", "措施", "内容", "", "", "", "", "P-2"),
    ("中央督察反馈问题", "P-11", "标题", "内容", "南河区", "水", "", "2027-05-01", ""),
    ("中央督察反馈问题", "P-12", "标题", "", "南河区", "水", "", "", ""),
    ("整改措施", "M-3", "措施", "内容", "", "", "", "", ""),
    ("中央督察反馈问题", "", "无编号", "内容", "南河区", "", "", "", ""),
]
EXPECTED = {
    3: "unknown district '火星区'",
    4: "bad date '2027-13-01'",
    5: "deadline 2026-01-01 is not in the future",
    6: "missing title",
    7: "unknown problem number NOPE",
    8: "D-1 appears 2 times",
    9: "D-1 appears 2 times",
    10: "unknown origin '随便'",
    11: "unknown category '空气'",
    12: "unknown responsible unit '市不存在局'",
    13: "江城市 cannot be a responsible unit",
    14: "resident complaints come in through the portal",
    15: "its problem P-2 (row 3) has errors",
    16: "a deadline needs a responsible unit",
    17: "missing description",
    18: "a measure needs the number of its problem",
    19: "missing number",
}


def test_each_kind_of_error_is_reported_on_its_row_and_nothing_is_written(
    tmp_path: Path, ducha: Ducha, read: ReadSide
) -> None:
    result = preview(read_import_file(write_file(tmp_path / "bad.csv", BAD)), {}, TREE, TODAY)
    assert not result.ok
    assert result.rows[0].status is RowStatus.NEW and result.rows[0].line == 2
    errors = {
        r.line: " / ".join(map(str, r.messages)) for r in result.rows if r.status is RowStatus.ERROR
    }
    assert set(errors) == set(EXPECTED)
    for line, fragment in EXPECTED.items():
        assert fragment in errors[line], (line, errors[line])
    assert "missing category" in errors[19]
    assert not ducha.recorder.max_notification_id()
    assert read.refs() == {}


def test_apply_writes_only_the_valid_new_rows(tmp_path: Path, ducha: Ducha, read: ReadSide) -> None:
    result = preview(read_import_file(write_file(tmp_path / "bad.csv", BAD)), {}, TREE, TODAY)
    report = apply(result, ducha, OFFICE)
    assert [c.number for c in report.created] == ["P-1"] and not report.failed
    assert set(read.refs()) == {"P-1"}


def test_apply_creates_problems_before_measures_linked_and_transferred(
    tmp_path: Path, ducha: Ducha, read: ReadSide
) -> None:
    measures_first = [GOOD_ZH[1], GOOD_ZH[4], GOOD_ZH[0], GOOD_ZH[2], GOOD_ZH[3]]
    result = preview(read_import_file(write_file(tmp_path / "a.xlsx", measures_first)), {},
                     TREE, TODAY)  # fmt: skip
    report = apply(result, ducha, OFFICE)
    assert not report.failed and not report.skipped
    assert [c.number for c in report.created] == ["FK-01", "SJ-07", "FK-01-1", "SJ-07-1", "FK-01-2"]
    ids = {c.number: c.case_id for c in report.created}
    problem = ducha.get(ids["FK-01"])
    assert problem.external_ref == "FK-01" and problem.origin is Origin.CENTRAL_FEEDBACK
    assert problem.status.value == "transferred"
    assert (problem.responsible_unit, problem.deadline) == ("jc.donghu", date(2027, 6, 30))
    assert set(problem.children) == {str(ids["FK-01-1"]), str(ids["FK-01-2"])}
    measure = ducha.get(ids["FK-01-1"])
    assert measure.origin is Origin.MEASURE and measure.parent_id == problem.id
    assert measure.external_ref == "FK-01-1" and measure.place == problem.place
    assert measure.categories == problem.categories
    assert (measure.responsible_unit, measure.deadline) == ("jc.swj", date(2027, 3, 31))
    county = ducha.get(ids["SJ-07"])
    assert county.status.value == "accepted" and county.responsible_unit is None
    assert county.place == Place("jc.baishi", "jc.baishi.dashan")
    assert ducha.get(ids["SJ-07-1"]).responsible_unit == "jc.baishi.sthj"
    by_number = {c.number: c for c in report.created}
    assert by_number["FK-01-2"].deadline == date(2027, 4, 30) and by_number["FK-01-2"].is_measure
    assert read.refs() == ids


def test_reimporting_creates_nothing_twice(tmp_path: Path, ducha: Ducha, read: ReadSide) -> None:
    path = write_file(tmp_path / "a.csv", GOOD_ZH)
    first = preview(read_import_file(path), read.refs(), TREE, TODAY)
    created = apply(first, ducha, OFFICE).created
    assert len(created) == 5
    last = ducha.recorder.max_notification_id()
    # The same stale preview again: numbers read just before writing are skipped.
    again = apply(first, ducha, OFFICE, known=read.refs())
    assert not again.created and len(again.skipped) == 5
    # A fresh preview sees every number stored and writes nothing.
    second = preview(read_import_file(path), read.refs(), TREE, TODAY)
    assert second.ok and second.count(RowStatus.IMPORTED) == 5
    assert not apply(second, ducha, OFFICE).created
    assert ducha.recorder.max_notification_id() == last
    # A later file adds a measure to a problem stored by the first one.
    more = [
        *GOOD_ZH,
        ["整改措施", "FK-01-3", "建立长效机制", "长效巡查。", "", "", "", "", "FK-01"],
    ]
    third = preview(read_import_file(write_file(tmp_path / "b.csv", more)), read.refs(), TREE,
                    TODAY)  # fmt: skip
    assert [r.status for r in third.rows].count(RowStatus.NEW) == 1
    [added] = apply(third, ducha, OFFICE).created
    assert ducha.get(added.case_id).parent_id == created[0].case_id
    assert len(read.refs()) == 6


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_sample_file_previews_176_valid_rows(fmt: str) -> None:
    result = preview(read_import_file(SAMPLE.with_suffix(f".{fmt}")), {}, TREE, TODAY)
    assert result.ok and result.count(RowStatus.NEW) == 176
    entries = [r.entry for r in result.rows if r.entry is not None]
    problems = [e for e in entries if not e.is_measure]
    assert len(problems) == 34 and {e.origin for e in problems} == {Origin.CENTRAL_FEEDBACK}
    per_problem = [sum(1 for e in entries if e.parent_number == p.number) for p in problems]
    assert sum(per_problem) == 142 and min(per_problem) >= 3 and max(per_problem) <= 6
    assert all(e.deadline and e.deadline.year == 2027 for e in entries)


def test_the_cli_previews_then_applies(
    tmp_path: Path, settings: Settings, environ: dict[str, str]
) -> None:
    web = create_app(environ)
    runner = web.test_cli_runner()
    try:
        good = write_file(tmp_path / "good.xlsx", GOOD_ZH)
        looked = runner.invoke(args=["cases", "import", str(good)])
        assert looked.exit_code == 0, looked.output
        assert "5 rows: 5 new, 0 already imported, 0 with errors" in looked.output
        done = runner.invoke(args=["cases", "import", str(good), "--apply"])
        assert done.exit_code == 0, done.output
        assert "created 2 problems and 3 measures; 0 skipped, 0 failed" in done.output
        assert "-> jc.swj, due 2027-03-31" in done.output
        again = runner.invoke(args=["cases", "import", str(good)])
        assert "5 already imported" in again.output
        bad = runner.invoke(args=["cases", "import", str(write_file(tmp_path / "b.csv", BAD))])
        assert bad.exit_code == 1 and "unknown district '火星区'" in bad.output
        wrong = write_file(tmp_path / "w.csv", [["x"]], ["foo"])
        refused = runner.invoke(args=["cases", "import", str(wrong)])
        assert refused.exit_code != 0 and "no external_number column" in refused.output
    finally:
        web.extensions["ducha"].close()
