"""Chinese names of origins and categories, as spreadsheets of the inspection lists use them."""

from __future__ import annotations

from core.domain.values import Category, Origin

ORIGIN_ZH: dict[Origin, str] = {
    Origin.CENTRAL_FEEDBACK: "中央督察反馈问题",
    Origin.MEASURE: "整改措施",
    Origin.LOOK_BACK: "回头看发现问题",
    Origin.CENTRAL_PETITION: "中央督察组交办信访件",
    Origin.PROVINCIAL_PROBLEM: "省级督察反馈问题",
    Origin.PROVINCIAL_PETITION: "省级督察交办件",
    Origin.ON_SITE: "现场检查发现问题",
    Origin.SELF_FOUND: "自查发现问题",
    Origin.RESIDENT_COMPLAINT: "群众举报",
}

CATEGORY_ZH: dict[Category, str] = {
    Category.WATER: "水",
    Category.AIR: "大气",
    Category.SOIL: "土壤",
    Category.SOLID_WASTE: "固废",
    Category.NOISE: "噪声",
    Category.ECOLOGY: "生态",
    Category.RADIATION: "辐射",
    Category.OTHER: "其他",
}


def origin_from_text(text: str) -> Origin | None:
    """An origin from its value (any case) or its Chinese name; None when unknown."""
    value = text.strip()
    for origin, name in ORIGIN_ZH.items():
        if value.lower() == origin.value or value == name:
            return origin
    return None


def category_from_text(text: str) -> Category | None:
    """A category from its value (any case) or its Chinese name; None when unknown."""
    value = text.strip()
    for category, name in CATEGORY_ZH.items():
        if value.lower() == category.value or value == name:
            return category
    return None


def origin_zh(value: str) -> str:
    try:
        return ORIGIN_ZH[Origin(value)]
    except ValueError:
        return value


def category_zh(value: str) -> str:
    try:
        return CATEGORY_ZH[Category(value)]
    except ValueError:
        return value
