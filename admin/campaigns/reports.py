"""The overall report (HTML and PDF), the county scorecards and the recorded outcomes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from admin.auth import login_required, requires_roles
from admin.blueprint import bp
from admin.campaigns.charts import bar_chart
from admin.campaigns.common import (
    READERS,
    REPORT_READERS,
    actor,
    campaigns,
    form_errors,
    labels,
    load,
    numbers,
    refused,
)
from admin.campaigns.forms import OutcomeForm
from admin.cases.queues import unit_name
from core.campaign.rules import Outcome
from core.domain.errors import DomainError
from core.domain.roles import Role
from projections.campaigns.report import CampaignNumbers


def _charts(figures: CampaignNumbers) -> list[Any]:
    rectified = []
    for part in figures.districts:
        totals = part.checklist.totals
        items = totals.problems + totals.measures
        share = None if items == 0 else 100 * totals.rectified / items
        rectified.append((unit_name(part.district_id), share))
    scores = [(unit_name(c.figures.district_id), c.score) for c in figures.scorecards]
    return [
        bar_chart(_("Rectified share of the checked items"), rectified, 100, "%"),
        bar_chart(_("Assessment score"), scores, 100),
    ]


def render_report(campaign_id: UUID) -> str:
    campaign = load(campaign_id)
    figures = numbers(campaign)
    official = actor()
    return render_template(
        "admin/campaign_report.html",
        campaign=campaign,
        numbers=figures,
        charts=_charts(figures),
        sample_visible={
            p.district_id: campaign.may_see_sample(official, p.group.unit_id, p.district_id)
            for p in figures.districts
        },
        **labels(),
    )


@bp.get("/campaigns/<uuid:campaign_id>/report", endpoint="campaign_report")
@login_required
@requires_roles(*REPORT_READERS)
def report_html(campaign_id: UUID) -> Any:
    return render_report(campaign_id)


@bp.get("/campaigns/<uuid:campaign_id>/report.pdf", endpoint="campaign_report_pdf")
@login_required
@requires_roles(*REPORT_READERS)
def report_pdf(campaign_id: UUID) -> Any:
    from weasyprint import HTML  # heavy; loaded only when a PDF is asked for

    pdf = HTML(string=render_report(campaign_id)).write_pdf()
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="campaign-{campaign_id}.pdf"'},
    )


@bp.get("/campaigns/<uuid:campaign_id>/scorecards", endpoint="campaign_scorecards")
@login_required
@requires_roles(*READERS)
def scorecards(campaign_id: UUID) -> Any:
    campaign = load(campaign_id)
    return render_template(
        "admin/campaign_scorecards.html",
        campaign=campaign,
        numbers=numbers(campaign),
        form=OutcomeForm(),
        may_decide=actor().role is Role.OFFICE
        and campaign.status.value in ("feedback", "follow_up"),
        **labels(),
    )


@bp.post("/campaigns/<uuid:campaign_id>/outcomes", endpoint="campaign_outcome")
@login_required
@requires_roles(Role.OFFICE)
def decide_outcome(campaign_id: UUID) -> Any:
    load(campaign_id)
    form = OutcomeForm()
    if not form.validate():
        return form_errors(form)
    try:
        campaigns().decide_outcome(
            actor(),
            campaign_id,
            form.district_id.data,
            Outcome(form.outcome.data),
            form.reason.data,
            form.score.data,
        )
    except DomainError as error:
        return refused(error)
    flash(_("The outcome for %(d)s is recorded.", d=unit_name(form.district_id.data)), "success")
    return redirect(url_for("admin.campaign_scorecards", campaign_id=campaign_id), code=303)
