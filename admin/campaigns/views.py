"""The office's campaign pages: the list, planning, assigning groups, moving the campaign on."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.auth import login_required, requires_roles, services
from admin.blueprint import bp
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
from admin.campaigns.forms import GroupForm, MoveForm, PlanForm
from admin.cases.queues import unit_name
from core.campaign.rules import CampaignAction, Group, Member
from core.domain.errors import DomainError, InvalidInput
from core.domain.orgunits import UnitKind
from core.domain.roles import Role
from core.domain.values import Origin

STATUS_LABELS = {
    "planned": _l("Planned"),
    "on_site": _l("On site"),
    "reporting": _l("Reporting"),
    "feedback": _l("Feedback"),
    "follow_up": _l("Follow-up"),
    "closed": _l("Closed"),
}
#: The office's next step from each status, and its button.
NEXT_STEP = {
    "planned": (CampaignAction.START_VISITS, _l("Start the site visits")),
    "on_site": (CampaignAction.START_REPORTING, _l("Start reporting")),
    "reporting": (CampaignAction.GIVE_FEEDBACK, _l("Give feedback to the districts")),
    "feedback": (CampaignAction.START_FOLLOW_UP, _l("Start the follow-up")),
    "follow_up": (CampaignAction.CLOSE, _l("Close the campaign")),
}


def _group_form() -> GroupForm:
    tree = services().tree
    form = GroupForm()
    form.unit_id.choices = [
        (u.id, unit_name(u.id)) for u in tree.of_kind(UnitKind.INSPECTION_GROUP)
    ]
    form.districts.choices = [
        (u.id, unit_name(u.id)) for u in tree.of_kind(UnitKind.DISTRICT, UnitKind.COUNTY)
    ]
    form.leader_department.choices = [
        (u.id, unit_name(u.id)) for u in tree.of_kind(UnitKind.DEPARTMENT, UnitKind.OFFICE)
    ]
    return form


def _department(text: str) -> str:
    """A department given by id or name, as its id."""
    tree = services().tree
    for unit in tree.of_kind(UnitKind.DEPARTMENT, UnitKind.OFFICE):
        if text in (unit.id, unit.name, unit.name_en):
            return unit.id
    raise InvalidInput(_("%(name)s is not a department", name=text))


def parse_people(text: str) -> tuple[Member, ...]:
    """'name, department' per line (a Chinese comma does as well)."""
    people = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, _sep, department = line.replace("，", ",").partition(",")
        if not department.strip():
            raise InvalidInput(
                _("line %(n)d: give a name and a department, e.g. 李明, 市水务局", n=number)
            )
        people.append(Member(name.strip(), _department(department.strip())))
    return tuple(people)


@bp.get("/campaigns", endpoint="campaigns")
@login_required
@requires_roles(*READERS)
def campaign_list() -> Any:
    form = PlanForm()
    if not form.is_submitted():
        form.origins.data = [Origin.CENTRAL_FEEDBACK.value, Origin.CENTRAL_PETITION.value]
    return render_template(
        "admin/campaigns.html",
        campaigns=campaigns().campaigns(),
        form=form,
        may_plan=actor().role is Role.OFFICE,
        status_labels=STATUS_LABELS,
    )


@bp.post("/campaigns", endpoint="campaign_plan")
@login_required
@requires_roles(Role.OFFICE)
def campaign_plan() -> Any:
    form = PlanForm()
    if not form.validate():
        return form_errors(form)
    try:
        campaign_id = campaigns().plan(
            actor(),
            name=form.name.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            origins=[Origin(o) for o in form.origins.data or []],
        )
    except DomainError as error:
        return refused(error)
    flash(_("The campaign is planned. Assign its groups next."), "success")
    return redirect(url_for("admin.campaign", campaign_id=campaign_id), code=303)


@bp.get("/campaigns/<uuid:campaign_id>", endpoint="campaign")
@login_required
@requires_roles(*READERS)
def campaign_page(campaign_id: UUID) -> Any:
    campaign = load(campaign_id)
    official = actor()
    return render_template(
        "admin/campaign.html",
        campaign=campaign,
        numbers=numbers(campaign),
        is_office=official.role is Role.OFFICE,
        may_report=official.role in REPORT_READERS,
        group_form=_group_form(),
        move_form=MoveForm(version=campaign.version),
        next_step=NEXT_STEP.get(campaign.status.value),
        status_labels=STATUS_LABELS,
        **labels(),
    )


@bp.post("/campaigns/<uuid:campaign_id>/groups", endpoint="campaign_assign")
@login_required
@requires_roles(Role.OFFICE)
def campaign_assign(campaign_id: UUID) -> Any:
    load(campaign_id)
    form = _group_form()
    if not form.validate():
        return form_errors(form)
    try:
        leader = Member(
            form.leader_name.data.strip(),
            form.leader_department.data,
            (form.leader_user.data or "").strip(),
        )
        group = Group(
            unit_id=form.unit_id.data,
            leader=leader,
            districts=tuple(form.districts.data or ()),
            deputies=parse_people(form.deputies.data or ""),
            members=parse_people(form.members.data or ""),
        )
        campaigns().assign_group(actor(), campaign_id, group)
    except DomainError as error:
        return refused(error)
    flash(_("%(group)s is assigned.", group=unit_name(group.unit_id)), "success")
    return redirect(url_for("admin.campaign", campaign_id=campaign_id), code=303)


@bp.post("/campaigns/<uuid:campaign_id>/move", endpoint="campaign_move")
@login_required
@requires_roles(Role.OFFICE)
def campaign_move(campaign_id: UUID) -> Any:
    load(campaign_id)
    form = MoveForm()
    if not form.validate():
        return form_errors(form)
    try:
        step = CampaignAction(form.action.data)
        campaigns().move_on(actor(), campaign_id, step, form.version.data)
    except ValueError:
        return refused(InvalidInput(_("Unknown step: %(step)s", step=request.form.get("action"))))
    except DomainError as error:
        return refused(error)
    flash(_("The campaign has moved on."), "success")
    return redirect(url_for("admin.campaign", campaign_id=campaign_id), code=303)
