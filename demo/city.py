"""The demo city's staff and problems (text only; loaded by demo.cli)."""

from __future__ import annotations

from core.domain.roles import Actor, Role
from core.domain.values import Category

DISTRICTS = ["donghu", "xishan", "nanhe", "beitang", "qingfeng", "baishi"]

#: One account per role at city level, plus each district's responsible township unit staff.
STAFF = {
    "intake": Actor("demo-intake", "jc", Role.INTAKE),
    "office": Actor("demo-office", "jc", Role.OFFICE),
    "office-2": Actor("demo-office-2", "jc", Role.OFFICE),  # approves what the first proposes
    "leader": Actor("demo-leader", "jc", Role.LEADER),
    "auditor": Actor("demo-auditor", "jc", Role.AUDITOR),
}


#: The one password of every demo account (they log in at /admin/login). Never use it elsewhere.
DEMO_PASSWORD = "ducha-demo"


def unit_user(district: str) -> str:
    """The demo account of a district's responsible units; it holds the unit role per township."""
    return f"demo-unit-{district}"


def inspector_for(index: int) -> Actor:
    return Actor(f"demo-inspector-{index + 1}", f"jc.dcz{index + 1}", Role.INSPECTOR)


PROBLEMS: list[tuple[str, str, list[Category]]] = [
    (
        "河道黑臭水体反复出现",
        "河道黑臭水体，夏季异味明显，沿岸有生活污水直排口。",
        [Category.WATER],
    ),
    ("工业园区夜间异味扰民", "园区企业夜间排放刺鼻气味，附近居民反映多次。", [Category.AIR]),
    ("建筑工地扬尘未覆盖", "工地裸土未覆盖，运输车辆带泥上路，扬尘严重。", [Category.AIR]),
    ("废弃矿山生态修复滞后", "矿山开采后未复绿，边坡裸露，存在水土流失。", [Category.ECOLOGY]),
    ("固体废物非法倾倒", "河滩空地有大量建筑垃圾和工业固废倾倒。", [Category.SOLID_WASTE]),
    (
        "养殖场粪污直排",
        "养殖场粪污未经处理直排入沟渠，流入下游河道。",
        [Category.WATER, Category.SOIL],
    ),
    ("餐饮油烟直排居民楼", "临街餐馆油烟净化器未运行，油烟直排居民窗前。", [Category.AIR]),
    ("夜间施工噪声扰民", "工地夜间连续施工，噪声影响周边居民休息。", [Category.NOISE]),
    ("污水处理厂超标排放", "污水处理厂出水氨氮超标，在线监测数据异常。", [Category.WATER]),
    (
        "饮用水水源保护区违建",
        "水源地二级保护区内有农家乐和违建房屋。",
        [Category.WATER, Category.ECOLOGY],
    ),
    (
        "危险废物贮存不规范",
        "企业危废仓库无防渗、无标识，废桶露天堆放。",
        [Category.SOLID_WASTE, Category.SOIL],
    ),
    (
        "小散乱污企业回潮",
        "已取缔的小作坊夜间恢复生产，废气无组织排放。",
        [Category.AIR, Category.OTHER],
    ),
]

#: The statuses the demo reaches, in lifecycle order.
TARGETS = [
    "reported",
    "accepted",
    "declined",
    "merged",
    "transferred",
    "rectifying",
    "acceptance_requested",
    "verified",
    "public_notice",
    "closed",
    "rebounded",
]

#: Typical violation cases (典型案例) the office publishes: title and text written for residents.
TYPICAL: list[tuple[str, str]] = [
    (
        "某化工企业夜间偷排废水被查处",
        "群众举报河道夜间出现异味和发黑的水体。执法人员夜间蹲守，查实企业通过暗管排放未经处理的"
        "生产废水，依法责令停产整治、处以罚款并移送公安机关。整改后经现场核查和水质监测，河道水质"
        "恢复，结果已公示。",
    ),
    (
        "建筑工地扬尘治理不到位被通报",
        "群众多次反映工地裸土未覆盖、运输车辆带泥上路。经现场核查属实，责令工地完成裸土覆盖、"
        "车辆冲洗设施建设，对施工单位处以罚款并通报批评。复查时扬尘问题已整改到位。",
    ),
]
