"""What the campaign pages share: the application, loading a campaign, names, refusals."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from flask import abort, render_template
from flask_babel import gettext as _

from admin.auth import current_actor, services
from admin.campaigns.forms import INDICATOR_LABELS, ORIGIN_LABELS, OUTCOME_LABELS
from admin.cases.queues import status_label, today, unit_name
from core.campaign.aggregate import Campaign
from core.campaign.rules import is_city_wide, reaches_district
from core.campaign.service import CampaignNotFound, Campaigns
from core.domain.errors import DomainError
from core.domain.roles import Actor, Role
from ops.refusals import http_status
from projections.campaigns.report import CampaignNumbers, campaign_numbers
from stores.campaigns import campaigns_of

#: Who may read a campaign's pages at all (units are inspected, they do not read the plan).
READERS = (Role.OFFICE, Role.INSPECTOR, Role.LEADER, Role.AUDITOR)
#: Who may read the overall report (the groups write theirs, the office puts them together).
REPORT_READERS = (Role.OFFICE, Role.LEADER, Role.AUDITOR)


def campaigns() -> Campaigns:
    return campaigns_of(services())


def load(campaign_id: UUID) -> Campaign:
    try:
        return campaigns().get(campaign_id)
    except CampaignNotFound:
        abort(404)


def actor() -> Actor:
    return current_actor()


def labels() -> dict[str, Any]:
    """The names every campaign template uses."""
    return {
        "origin_labels": ORIGIN_LABELS,
        "indicator_labels": INDICATOR_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "unit_name": unit_name,
        "status_label": status_label,
    }


def reaches(official: Actor, district_id: str, group_id: str = "") -> bool:
    """Whether the official may read the district's part of a group's work: their grant
    reaches it, or they are the group."""
    return reaches_district(services().tree, official, district_id, group_id)


def numbers(campaign: Campaign, with_cases: bool = False) -> CampaignNumbers:
    """The campaign's numbers as the official may read them: a grant on the whole city reads
    every district; any other grant only the districts it reaches, and their groups."""
    s = services()
    weights = s.settings.assessment_weights
    figures = campaign_numbers(campaigns(), s.engine, campaign, today(), weights, with_cases)
    official = actor()
    if is_city_wide(s.tree, official):
        return figures
    return replace(
        figures,
        groups=[
            g
            for g in figures.groups
            if any(reaches(official, d, g.group.unit_id) for d in g.group.districts)
        ],
        districts=[
            p for p in figures.districts if reaches(official, p.district_id, p.group.unit_id)
        ],
        scorecards=[c for c in figures.scorecards if reaches(official, c.figures.district_id)],
    )


def refused(error: DomainError) -> Any:
    """A refusal shown as a page with the status code that fits it."""
    return render_template("admin/campaign_error.html", message=error.text(_)), http_status(error)


def form_errors(form: Any) -> Any:
    """A form that does not have the right shape: 400, naming each wrong field."""
    messages = [
        f"{getattr(form, name).label.text}: {', '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
        if name != "csrf_token"
    ]
    if "csrf_token" in form.errors:
        messages.append(_("The form expired; reload the page and try again."))
    return render_template("admin/campaign_error.html", message="; ".join(messages)), 400
