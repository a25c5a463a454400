"""The statistics page: SVG charts drawn on the server, and the same numbers as tables."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _

from portal.blueprint import bp
from portal.charts import bar_chart, paired_bar_chart
from portal.helpers import STATUS_WORDS, category_label, districts, services, unit_name
from portal.public import english, today
from projections.cases.stats import Stats, statistics


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.0f}%"


def days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def charts(numbers: Stats) -> dict[str, Any]:
    en = english()
    district_ids = [u.id for u in districts(services().tree)]
    district_ids += sorted(set(numbers.by_district_status) - set(district_ids))
    by_district = [
        (unit_name(d, en), float(sum(numbers.by_district_status.get(d, {}).values())))
        for d in district_ids
    ]
    by_category = [
        (str(category_label(cat)), float(n))
        for cat, n in sorted(numbers.by_category.items(), key=lambda item: -item[1])
    ]
    monthly = [(month, float(m.reported), float(m.closed)) for month, m in numbers.monthly.items()]
    return {
        "district_ids": district_ids,
        "district": bar_chart(_("Cases by district or county"), by_district, chart_id="c-dist"),
        "category": bar_chart(_("Cases by kind of problem"), by_category, chart_id="c-cat"),
        "monthly": paired_bar_chart(
            _("Cases reported and closed, by month"),
            monthly,
            (_("Reported"), _("Closed")),
            chart_id="c-month",
        ),
    }


@bp.get("/stats", endpoint="stats")
def stats_page() -> Any:
    numbers = statistics(services().engine, today())
    drawn = charts(numbers)
    statuses = [s for s in STATUS_WORDS if any(s in d for d in numbers.by_district_status.values())]
    return render_template(
        "portal/public/stats.html",
        numbers=numbers,
        charts=drawn,
        statuses=statuses,
        english=english(),
        on_time=percent(numbers.on_time_rate),
        rebound=percent(numbers.rebound_rate),
        median=days(numbers.median_days_to_close),
    )
