"""Write sample_problems.xlsx and .csv: 34 central-inspection feedback problems, 142 measures.

Run once from the repository root: `PYTHONPATH=. .venv/bin/python demo/data/make_sample.py`.
The rows are deterministic: running it again gives the same content (XLSX bytes differ by their
save time only).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from admin.lists.sheets import write_table

HERE = Path(__file__).resolve().parent
HEADER = [
    "来源", "编号", "标题", "问题描述", "区县", "类别", "责任单位", "整改时限", "所属问题编号",
]  # fmt: skip
DISTRICTS = ["东湖区", "西山区", "南河区", "北塘区", "青峰县", "白石县"]
#: The townships of each district, in the order of the org tree.
TOWNSHIPS = {
    "东湖区": ["湖滨街道", "关山街道", "梨园街道"],
    "西山区": ["凤凰街道", "石桥镇", "云岭镇"],
    "南河区": ["滨江街道", "周家镇"],
    "北塘区": ["港口街道", "新庄镇", "桃花乡"],
    "青峰县": ["城关镇", "白河镇", "松林乡"],
    "白石县": ["石城镇", "芦口镇", "大山乡"],
}
# fmt: off
#: (problem title, what the inspectors found, categories, city department, measure titles)
THEMES: list[tuple[str, str, str, str, list[str]]] = [
    ("{d}城区污水管网建设滞后，生活污水直排{t}河段",
     "督察发现，{d}{t}片区雨污合流，约{n}千吨/日生活污水未经处理直排河道，"
     "下游断面氨氮、总磷长期超标。", "水", "市水务局",
     ["完成{t}片区雨污分流改造", "新建污水提升泵站一座", "排查整治沿河排污口",
      "开展河道清淤和生态修复", "建立排口长效巡查机制", "实施断面水质月度通报"]),
    ("{d}黑臭水体整治不彻底，{t}内河返黑返臭",
     "{t}内河{n}公里河段整治后返黑返臭，群众反映强烈，整治工程验收流于形式。", "水、生态",
     "市住房和城乡建设局",
     ["重新排查黑臭水体成因", "截污纳管补短板", "实施底泥清淤", "补水活水工程建设",
      "落实河长巡河制度", "开展整治效果第三方评估"]),
    ("{d}工业园区大气污染治理不到位，{t}异味扰民",
     "{t}周边化工、涂装企业挥发性有机物收集处理设施运行不正常，夜间异味扰民问题突出。",
     "大气", "市生态环境局",
     ["开展园区VOCs专项执法检查", "督促企业升级废气收集处理设施", "安装在线监测设备并联网",
      "建立异味投诉快速响应机制", "实施夜间错峰巡查", "编制园区大气污染综合整治方案"]),
    ("{d}建筑工地扬尘管控不严",
     "督察抽查{d}{n}个在建工地，半数以上未落实围挡、覆盖、冲洗等扬尘防治措施。", "大气",
     "市住房和城乡建设局",
     ["全面排查在建工地扬尘防治措施", "安装视频监控和扬尘在线监测", "对违规工地立案查处",
      "落实渣土车密闭运输", "建立工地扬尘红黑榜"]),
    ("{d}生活垃圾填埋场渗滤液超标排放",
     "{t}生活垃圾填埋场渗滤液处理能力不足，调节池满溢，渗滤液超标排入周边沟渠。",
     "固废、水", "市城市管理局",
     ["扩建渗滤液处理设施", "清理调节池积存渗滤液", "开展周边土壤和地下水监测",
      "完善填埋场雨污分流", "落实填埋场封场规划", "建立运行台账和监管制度"]),
    ("{d}建筑垃圾乱堆乱倒问题突出",
     "{t}沿线、河道岸坡堆放建筑垃圾约{n}万立方米，部分侵占河道管理范围。", "固废",
     "市城市管理局",
     ["清运存量建筑垃圾", "规划建设建筑垃圾消纳场", "加强渣土运输源头管控",
      "开展河道岸坡垃圾清理", "建立举报奖励机制"]),
    ("{d}畜禽养殖污染治理滞后",
     "{t}禁养区内仍有{n}家规模养殖场未关闭搬迁，养殖粪污直排农田沟渠。", "水、土壤",
     "市农业农村局",
     ["关闭搬迁禁养区养殖场", "配套建设粪污处理设施", "推进粪污资源化利用",
      "开展养殖污染专项执法", "建立养殖场环境监管台账", "复核禁养区划定范围"]),
    ("{d}矿山生态修复进展缓慢",
     "{t}废弃矿山{n}处未完成生态修复，边坡裸露、水土流失严重。", "生态、土壤",
     "市生态环境局",
     ["编制废弃矿山生态修复方案", "实施边坡治理和复绿", "开展水土流失治理",
      "严厉打击非法采矿", "落实修复资金保障", "开展修复成效评估"]),
    ("{d}饮用水水源保护区内违法建设未清理",
     "{t}饮用水水源二级保护区内存在{n}处违法建筑和农家乐，生活污水未收集处理。",
     "水、生态", "市水务局",
     ["拆除保护区内违法建筑", "完善保护区隔离防护设施", "开展水源地环境风险排查",
      "建设周边污水收集管网", "设立保护区界标和警示牌"]),
    ("{d}餐饮油烟和夜间施工噪声扰民",
     "{t}商业街区餐饮油烟净化设施缺失，夜间施工噪声投诉{n}余件。", "大气、噪声",
     "市城市管理局",
     ["督促餐饮单位安装油烟净化设施", "开展夜间施工专项检查", "完善噪声投诉处理流程",
      "设置噪声自动监测点"]),
    ("{d}危险废物管理不规范",
     "{t}部分企业危险废物贮存场所不规范，转移联单填报不实，存在非法处置风险。",
     "固废、土壤", "市生态环境局",
     ["开展危险废物规范化管理检查", "整改不规范贮存场所", "核查危险废物转移联单",
      "对违法企业立案查处", "建立危险废物全过程信息化监管", "开展企业环境管理培训"]),
    ("{d}河湖岸线违规占用问题整改不力",
     "{t}沿湖岸线存在{n}处违规码头和养殖围网，湿地面积萎缩。", "生态、水",
     "市水务局",
     ["拆除违规码头和养殖围网", "实施岸线生态修复", "开展湿地保护专项行动",
      "落实河湖长巡查责任"]),
]
# fmt: on
MEASURE_COUNTS = [4, 3, 5, 4, 6, 4, 3, 5, 4, 4, 6, 3, 4, 5, 4, 3, 4]  # 34 problems, 142 measures


def rows() -> list[list[str]]:
    """Problems in order, each followed by its measures."""
    counts = MEASURE_COUNTS * 2
    assert len(counts) == 34 and sum(counts) == 142
    out: list[list[str]] = []
    for k, count in enumerate(counts):
        title_t, text_t, categories, department, measures = THEMES[k % len(THEMES)]
        district = DISTRICTS[(k * 5) % len(DISTRICTS)]
        towns = TOWNSHIPS[district]
        town = towns[k % len(towns)]
        fill = {"d": district, "t": town, "n": str(3 + (k * 7) % 17)}
        number = f"ZY2026-FK-{k + 1:02d}"
        problem_due = date(2027, 12, 31) - timedelta(days=30 * (k % 6))
        lead = district if k % 3 else department
        out.append(["中央督察反馈问题", number, title_t.format(**fill), text_t.format(**fill),
                    district, categories, lead, problem_due.isoformat(), ""])  # fmt: skip
        for m in range(count):
            measure = measures[(m + k) % len(measures)].format(**fill)
            unit = [department, f"{district}生态环境分局", towns[m % len(towns)]][m % 3]
            due = date(2027, 3, 31) + timedelta(days=61 * (m % 4) + 7 * (k % 4))
            detail = (
                f"针对“{title_t.format(**fill)}”问题，{measure}，"
                "明确责任人和时间节点，按期报送佐证材料。"
            )
            out.append(["整改措施", f"{number}-{m + 1}", measure, detail, "", "", unit,
                        due.isoformat(), number])  # fmt: skip
    return out


def main() -> None:
    table = rows()
    write_table(HERE / "sample_problems.xlsx", HEADER, table, title="问题清单")
    write_table(HERE / "sample_problems.csv", HEADER, table)
    print(f"wrote {len(table)} rows to {HERE}/sample_problems.xlsx and .csv")


if __name__ == "__main__":
    main()
