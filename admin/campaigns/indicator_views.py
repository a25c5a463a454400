"""Binding indicators in the browser: the year's table, and a CSV upload with a preview."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin.auth import login_required, requires_roles, services
from admin.blueprint import bp
from admin.campaigns.common import READERS, actor, campaigns, form_errors, labels, refused
from admin.campaigns.forms import IndicatorApplyForm, IndicatorUploadForm
from admin.campaigns.indicators import COLUMNS, read_indicator_csv
from admin.cases.queues import today
from core.campaign.indicators import FIRST_YEAR, LAST_YEAR
from core.domain.errors import DomainError, InvalidInput
from core.domain.orgunits import UnitKind
from core.domain.roles import Role
from projections.campaigns.report import indicator_lines


def _year() -> int:
    raw = request.args.get("year", "")
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw)
    return today().year


@bp.get("/indicators", endpoint="indicators")
@login_required
@requires_roles(*READERS)
def indicators_page() -> Any:
    year = _year()
    app = campaigns()
    districts = services().tree.of_kind(UnitKind.DISTRICT, UnitKind.COUNTY)
    rows = [(d.id, *indicator_lines(app, year, d.id)) for d in districts]
    return render_template(
        "admin/campaign_indicators.html",
        year=year,
        rows=rows,
        columns=COLUMNS,
        upload_form=IndicatorUploadForm(),
        may_import=actor().role is Role.OFFICE,
        **labels(),
    )


@bp.post("/indicators/preview", endpoint="indicators_preview")
@login_required
@requires_roles(Role.OFFICE)
def indicators_preview() -> Any:
    form = IndicatorUploadForm()
    if not form.validate():
        return form_errors(form)
    data = form.file.data.read()
    try:
        result = read_indicator_csv(data, services().tree)
    except InvalidInput as error:
        return refused(error)
    apply_form = IndicatorApplyForm(content=data.decode("utf-8-sig"))
    return render_template(
        "admin/campaign_indicators_preview.html",
        result=result,
        row_errors=[(e.line, e.error.text(_)) for e in result.errors],
        apply_form=apply_form,
        **labels(),
    ), (400 if result.errors else 200)


@bp.post("/indicators/apply", endpoint="indicators_apply")
@login_required
@requires_roles(Role.OFFICE)
def indicators_apply() -> Any:
    form = IndicatorApplyForm()
    if not form.validate():
        return form_errors(form)
    try:
        result = read_indicator_csv(form.content.data.encode("utf-8"), services().tree)
        if result.errors:
            raise InvalidInput(
                _("%(n)d rows have errors; nothing was recorded", n=len(result.errors))
            )
        count = campaigns().record_indicators(actor(), result.values, "upload")
    except DomainError as error:
        return refused(error)
    flash(_("%(n)d binding-indicator values are recorded.", n=count), "success")
    year = result.values[0].year
    return redirect(url_for("admin.indicators", year=year), code=303)
