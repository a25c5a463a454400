"""Helpers of the import and export tests: problem-list files and the read side to check."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from uuid import UUID

from sqlalchemy import Engine

from admin.lists.importing import stored_external_refs
from admin.lists.sheets import write_table
from core.service.application import Ducha
from projections.engine.catchup import catch_up
from projections.engine.registry import build_projections, create_projections

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "demo" / "data" / "sample_problems"

HEADER_ZH = [
    "来源", "编号", "标题", "问题描述", "区县", "类别", "责任单位", "整改时限", "所属问题编号",
]  # fmt: skip
HEADER_EN = [
    "origin", "external_number", "title", "description", "district", "categories",
    "responsible_unit", "deadline", "parent_external_number",
]  # fmt: skip

#: Two problems and three measures, with Chinese names (the English twin uses ids and values).
GOOD_ZH = [
    ["中央督察反馈问题", "FK-01", "东湖区生活污水直排", "湖滨街道雨污合流，污水直排河道。",
     "东湖区", "水、大气", "东湖区", "2027-06-30", ""],
    ["整改措施", "FK-01-1", "完成雨污分流改造", "湖滨街道片区雨污分流。",
     "", "", "市水务局", "2027-03-31", "FK-01"],
    ["整改措施", "FK-01-2", "开展河道清淤", "清淤并生态修复。",
     "", "", "湖滨街道", "2027-04-30", "FK-01"],
    ["省级督察反馈问题", "SJ-07", "白石县矿山修复滞后", "废弃矿山未完成生态修复。",
     "大山乡", "生态;土壤", "", "", ""],
    ["整改措施", "SJ-07-1", "编制修复方案", "编制废弃矿山生态修复方案。",
     "", "", "白石县生态环境分局", "2027-05-31", "SJ-07"],
]  # fmt: skip
GOOD_EN = [
    ["central_feedback", "FK-01", "东湖区生活污水直排", "湖滨街道雨污合流，污水直排河道。",
     "jc.donghu", "water,air", "jc.donghu", "2027-06-30", ""],
    ["measure", "FK-01-1", "完成雨污分流改造", "湖滨街道片区雨污分流。",
     "", "", "jc.swj", "2027-03-31", "FK-01"],
    ["measure", "FK-01-2", "开展河道清淤", "清淤并生态修复。",
     "", "", "jc.donghu.hubin", "2027-04-30", "FK-01"],
    ["provincial_problem", "SJ-07", "白石县矿山修复滞后", "废弃矿山未完成生态修复。",
     "jc.baishi.dashan", "ecology; soil", "", "", ""],
    ["measure", "SJ-07-1", "编制修复方案", "编制废弃矿山生态修复方案。",
     "", "", "jc.baishi.sthj", "2027-05-31", "SJ-07"],
]  # fmt: skip


def write_file(
    path: Path, rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER_ZH
) -> Path:
    write_table(path, header, rows)
    return path


class ReadSide:
    """The case list of the test's app, brought up to date on request."""

    def __init__(self, app: Ducha, engine: Engine) -> None:
        self.app, self.engine = app, engine
        self.projections = build_projections(app)
        create_projections(engine, self.projections)

    def sync(self) -> None:
        catch_up(self.app, self.engine, self.projections)

    def refs(self) -> dict[str, UUID]:
        self.sync()
        return stored_external_refs(self.engine)
