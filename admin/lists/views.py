"""Bulk import in the browser (批量导入), for the rectification office.

Two steps, as on the command line: the uploaded problem list is kept under the data folder by
its SHA-256 and previewed row by row, writing nothing; "Import" then checks the same file again
against the cases stored by then and writes its valid new rows. A number already stored is
never written twice, so sending the same file again creates nothing.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import suppress
from pathlib import Path
from typing import Any

from flask import abort, current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired

from admin.auth import current_actor, requires_roles, services
from admin.blueprint import bp
from admin.cases.queues import today
from admin.cases.views import WAIT_SECONDS_KEY
from admin.lists.fields import ImportFileError, read_import_file
from admin.lists.importing import (
    Preview,
    RowStatus,
    apply,
    preview,
    restrict_to,
    stored_external_refs,
)
from admin.lists.sheets import SheetError, format_of
from core.domain.roles import Role
from projections.engine.waiting import ProjectionLagging, wait_for

_UPLOAD = re.compile(r"^[0-9a-f]{64}\.(csv|xlsx)$")
#: How long the page waits for the case list to hold every stored case before checking numbers.
READ_SIDE_WAIT = 10.0


class UploadForm(FlaskForm):
    file = FileField(
        _l("Problem list (CSV or XLSX)"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "xlsx"], _l("Only CSV or XLSX files.")),
        ],
    )


class ApplyForm(FlaskForm):
    pass


def _folder() -> Path:
    folder = services().settings.data_dir / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _up_to_date(timeout: float = READ_SIDE_WAIT) -> None:
    """Wait until the case list holds every stored case: the numbers are checked against it."""
    target = services().app.recorder.max_notification_id() or 0
    wait_for(services().engine, "case_list", target, timeout=timeout)


def _check(path: Path) -> Preview:
    rows = read_import_file(path)
    _up_to_date()
    svc = services()
    checked = preview(rows, stored_external_refs(svc.engine), svc.tree, today())
    return restrict_to(checked, svc.tree, current_actor().unit_id)


def _render(status: int = 200, **context: Any) -> Any:
    context.setdefault("form", UploadForm())
    return render_template(
        "admin/import.html", RowStatus=RowStatus, say=lambda error: error.text(_), **context
    ), status


def _refused(form: UploadForm, message: str, status: int) -> Any:
    form.file.errors = [*form.file.errors, message]
    return _render(status, form=form)


@bp.route("/import", methods=["GET", "POST"], endpoint="import_cases")
@requires_roles(Role.OFFICE)
def upload() -> Any:
    form = UploadForm()
    if not form.is_submitted():
        return _render()
    if not form.validate():
        return _render(400, form=form)
    data = form.file.data.read()
    name = f"{hashlib.sha256(data).hexdigest()}.{format_of(form.file.data.filename)}"
    path = _folder() / name
    path.write_bytes(data)
    try:
        result = _check(path)
    except (ImportFileError, SheetError) as exc:
        why = exc.text(_) if isinstance(exc, ImportFileError) else str(exc)
        return _refused(form, _("This file cannot be imported: %(why)s", why=why), 400)
    except ProjectionLagging:
        return _refused(form, _("The case list is catching up; try again in a minute."), 503)
    return _render(upload=name, result=result, apply_form=ApplyForm())


@bp.post("/import/<upload>", endpoint="import_apply")
@requires_roles(Role.OFFICE)
def write(upload: str) -> Any:
    path = _folder() / upload
    if not _UPLOAD.match(upload) or not path.is_file():
        abort(404)
    if not ApplyForm().validate_on_submit():
        return _refused(UploadForm(), _("The form expired; reload the page and try again."), 400)
    try:
        result = _check(path)
    except ProjectionLagging:
        return _refused(
            UploadForm(), _("The case list is catching up; try again in a minute."), 503
        )
    report = apply(result, services().app, current_actor())
    # the new cases appear in the lists once the projector has caught up
    with suppress(ProjectionLagging):
        _up_to_date(float(current_app.config.get(WAIT_SECONDS_KEY, 1.0)))
    return _render(result=result, report=report)
