"""The numbers of a campaign put together: each district's checklist, sample and indicators, the
groups' reports, and the county scorecards ranked. The overall report and its pages read this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.campaign.aggregate import Campaign
from core.campaign.assessment import Scorecard, Weights, ranked, scorecard
from core.campaign.indicators import Indicator, attained, attainment
from core.campaign.rules import Group
from core.campaign.service import Campaigns
from projections.campaigns.queries import Checklist, checklists, district_figures
from projections.cases.queries import Bind


@dataclass(frozen=True)
class IndicatorLine:
    indicator: str
    target: float | None
    measured: float | None
    attained: bool | None


@dataclass(frozen=True)
class DistrictPart:
    district_id: str
    group: Group
    checklist: Checklist
    indicators: list[IndicatorLine]
    attainment: float | None
    sample: dict[str, Any] | None
    outcome: dict[str, Any] | None


@dataclass(frozen=True)
class GroupPart:
    group: Group
    report: dict[str, Any] | None


@dataclass(frozen=True)
class CampaignNumbers:
    campaign: Campaign
    year: int
    groups: list[GroupPart]
    districts: list[DistrictPart]
    scorecards: list[Scorecard]


def indicator_lines(
    app: Campaigns, year: int, district_id: str
) -> tuple[list[IndicatorLine], float | None]:
    """A district's binding indicators for a year, and the share it attained."""
    book = app.indicator_book(year)
    entries = {} if book is None else book.districts.get(district_id, {})
    lines = []
    for indicator in Indicator:
        entry = entries.get(indicator.value, {})
        target, measured = entry.get("target"), entry.get("measured")
        lines.append(
            IndicatorLine(indicator.value, target, measured, attained(indicator, target, measured))
        )
    return lines, attainment(entries)


def campaign_numbers(
    app: Campaigns,
    bind: Bind,
    campaign: Campaign,
    today: date,
    weights: Weights,
    with_cases: bool = False,
) -> CampaignNumbers:
    """Everything the campaign's pages and its overall report show, read once (the checklists'
    cases only `with_cases`)."""
    year = campaign.starts_on.year
    lists = checklists(bind, campaign.districts, campaign.origins, today, with_cases)
    parts = []
    attainments: dict[str, float | None] = {}
    for group_id in campaign.groups:
        group = campaign.group(group_id)
        for district_id in group.districts:
            lines, share = indicator_lines(app, year, district_id)
            attainments[district_id] = share
            parts.append(
                DistrictPart(
                    district_id=district_id,
                    group=group,
                    checklist=lists[district_id],
                    indicators=lines,
                    attainment=share,
                    sample=campaign.sample(group_id, district_id),
                    outcome=campaign.outcomes.get(district_id),
                )
            )
    figures = district_figures(bind, [p.district_id for p in parts], attainments)
    return CampaignNumbers(
        campaign=campaign,
        year=year,
        groups=[GroupPart(campaign.group(g), campaign.reports.get(g)) for g in campaign.groups],
        districts=parts,
        scorecards=ranked([scorecard(f, weights) for f in figures]),
    )
