"""An inspection group's pages: its checklist beside the indicators, its random samples and
site checks, its report and the leader's sign-off. Samples stay secret until executed."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from admin.auth import login_required, requires_roles, services
from admin.blueprint import bp
from admin.campaigns.common import (
    READERS,
    actor,
    campaigns,
    form_errors,
    labels,
    load,
    numbers,
    reaches,
    refused,
)
from admin.campaigns.forms import CheckForm, DrawForm, ReportForm, SignForm
from core.campaign.aggregate import Campaign
from core.domain.errors import DomainError
from core.domain.roles import Actor, Role
from projections.campaigns.queries import sampling_frame


def _denied() -> Any:
    message = _("Only the office and the group itself see its work until the sample is executed.")
    return render_template("admin/denied.html", message=message), 403


def _outside() -> Any:
    message = _("This district lies outside your jurisdiction.")
    return render_template("admin/denied.html", message=message), 403


def _may_see_group(official: Actor, campaign: Campaign, group_id: str) -> bool:
    """An inspection group sees its own work only; any other reader a group working in a
    district their grant reaches."""
    if official.role is Role.INSPECTOR and official.unit_id != group_id:
        return False
    return any(reaches(official, d, group_id) for d in campaign.group(group_id).districts)


def _group_or_404(campaign: Campaign, group_id: str) -> None:
    if group_id not in campaign.groups:
        abort(404)


@bp.get("/campaigns/<uuid:campaign_id>/groups/<group_id>", endpoint="campaign_group")
@login_required
@requires_roles(*READERS)
def group_page(campaign_id: UUID, group_id: str) -> Any:
    campaign = load(campaign_id)
    _group_or_404(campaign, group_id)
    official = actor()
    if not _may_see_group(official, campaign, group_id):
        return _denied()
    parts = [p for p in numbers(campaign, True).districts if p.group.unit_id == group_id]
    report = campaign.reports.get(group_id)
    form = ReportForm()
    if report:
        form.findings.data = report["findings"]
        form.cases_found.data = "\n".join(report["cases_found"])
        form.recommendations.data = report["recommendations"]
    return render_template(
        "admin/campaign_group.html",
        campaign=campaign,
        group=campaign.group(group_id),
        parts=parts,
        report=report,
        report_form=form,
        sign_form=SignForm(),
        official=official,
        may_see_sample={
            p.district_id: campaign.may_see_sample(official, group_id, p.district_id) for p in parts
        },
        **labels(),
    )


def _sample_page(campaign: Campaign, group_id: str, district_id: str, status: int = 200) -> Any:
    sample = campaign.sample(group_id, district_id)
    return render_template(
        "admin/campaign_sample.html",
        campaign=campaign,
        group_id=group_id,
        district_id=district_id,
        sample=sample,
        executed=sample is not None and campaign.is_executed(sample),
        frame=sampling_frame(services().engine, district_id, campaign.origins),
        draw_form=DrawForm(size=5),
        check_form=CheckForm(),
        official=actor(),
        **labels(),
    ), status


def _sample_target(campaign_id: UUID, group_id: str, district_id: str) -> Campaign | Any:
    campaign = load(campaign_id)
    _group_or_404(campaign, group_id)
    if district_id not in campaign.group(group_id).districts:
        abort(404)
    official = actor()
    sample = campaign.sample(group_id, district_id)
    executed = sample is not None and campaign.is_executed(sample)
    if not executed and not reaches(official, district_id, group_id):
        return _outside()  # secret until executed, and only ever to those who reach it
    if not campaign.may_see_sample(official, group_id, district_id):
        return _denied()
    return campaign


_SAMPLE = "/campaigns/<uuid:campaign_id>/groups/<group_id>/samples/<district_id>"


@bp.get(_SAMPLE, endpoint="campaign_sample")
@login_required
@requires_roles(*READERS)
def sample_page(campaign_id: UUID, group_id: str, district_id: str) -> Any:
    campaign = _sample_target(campaign_id, group_id, district_id)
    if not isinstance(campaign, Campaign):
        return campaign
    return _sample_page(campaign, group_id, district_id)


@bp.post(_SAMPLE + "/draw", endpoint="campaign_draw")
@login_required
@requires_roles(Role.OFFICE, Role.INSPECTOR)
def draw_sample(campaign_id: UUID, group_id: str, district_id: str) -> Any:
    campaign = _sample_target(campaign_id, group_id, district_id)
    if not isinstance(campaign, Campaign):
        return campaign
    form = DrawForm()
    if not form.validate():
        return form_errors(form)
    frame = sampling_frame(services().engine, district_id, campaign.origins)
    try:
        campaigns().draw_sample(
            actor(),
            campaign_id,
            group_id,
            district_id,
            frame=frame,
            size=form.size.data,
            reason=form.reason.data or "",
        )
    except DomainError as error:
        return refused(error)
    flash(_("The sample is drawn and recorded with its frame and seed."), "success")
    return redirect(
        url_for(
            "admin.campaign_sample",
            campaign_id=campaign_id,
            group_id=group_id,
            district_id=district_id,
        ),
        code=303,
    )


@bp.post(_SAMPLE + "/check", endpoint="campaign_check")
@login_required
@requires_roles(Role.INSPECTOR)
def record_check(campaign_id: UUID, group_id: str, district_id: str) -> Any:
    campaign = _sample_target(campaign_id, group_id, district_id)
    if not isinstance(campaign, Campaign):
        return campaign
    form = CheckForm()
    if not form.validate():
        return form_errors(form)
    try:
        campaigns().record_check(
            actor(),
            campaign_id,
            group_id,
            district_id,
            form.reference.data,
            passed=bool(form.passed.data),
            note=form.note.data,
        )
    except DomainError as error:
        return refused(error)
    flash(_("The site check of %(ref)s is recorded.", ref=form.reference.data), "success")
    return redirect(
        url_for(
            "admin.campaign_sample",
            campaign_id=campaign_id,
            group_id=group_id,
            district_id=district_id,
        ),
        code=303,
    )


@bp.post("/campaigns/<uuid:campaign_id>/groups/<group_id>/report", endpoint="campaign_draft")
@login_required
@requires_roles(Role.INSPECTOR)
def draft_report(campaign_id: UUID, group_id: str) -> Any:
    _group_or_404(load(campaign_id), group_id)
    form = ReportForm()
    if not form.validate():
        return form_errors(form)
    try:
        campaigns().draft_report(
            actor(),
            campaign_id,
            group_id,
            findings=form.findings.data,
            cases_found=(form.cases_found.data or "").split(),
            recommendations=form.recommendations.data,
        )
    except DomainError as error:
        return refused(error)
    flash(_("The report is saved as a draft."), "success")
    return redirect(
        url_for("admin.campaign_group", campaign_id=campaign_id, group_id=group_id), code=303
    )


@bp.post("/campaigns/<uuid:campaign_id>/groups/<group_id>/sign-off", endpoint="campaign_sign")
@login_required
@requires_roles(Role.LEADER)
def sign_off(campaign_id: UUID, group_id: str) -> Any:
    _group_or_404(load(campaign_id), group_id)
    form = SignForm()
    if not form.validate():
        return form_errors(form)
    try:
        campaigns().sign_off_report(actor(), campaign_id, group_id)
    except DomainError as error:
        return refused(error)
    flash(_("The report is signed off."), "success")
    return redirect(
        url_for("admin.campaign_group", campaign_id=campaign_id, group_id=group_id), code=303
    )
