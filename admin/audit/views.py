"""The auditors' read-only pages: find a case, its full event history, its state at any version
or moment, the difference between two versions, and exports of its history.

Every view requires the auditor role; nothing here writes (the only forms are GET searches).
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from admin.audit.blueprint import audit_bp
from admin.audit.export import export_document, printable, proofs_section, render_pdf
from admin.audit.history import (
    between,
    differences,
    event_records,
    moment_from_text,
    state_at,
    state_fields,
    version_number,
)
from admin.auth import requires_roles, services
from admin.cases.page import english
from admin.cases.queues import status_label, unit_name
from core.case.aggregate import Case
from core.domain.errors import CaseNotFound, InvalidInput
from core.domain.roles import Role
from projections.cases.projection import case_rows
from projections.public.redaction import public_title

RECENT_CASES = 20
auditors_only = requires_roles(Role.AUDITOR)


def _zone() -> ZoneInfo:
    return ZoneInfo(services().settings.timezone)


def _problem(message: str, status: int) -> Any:
    return render_template("audit/problem.html", message=message), status


def _find(text: str) -> Case:
    """A case by its reference or its id (CaseNotFound otherwise)."""
    app = services().app
    text = text.strip()
    try:
        case_id = UUID(text)
    except ValueError:
        return app.get_by_reference(text)
    return app.get(case_id)


def _load(reference: str) -> Case | Any:
    try:
        return services().app.get_by_reference(reference)
    except CaseNotFound:
        return _problem(_("No case has the reference %(reference)s.", reference=reference), 404)


def _helpers() -> dict[str, Any]:
    return {
        "zone": _zone(),
        "english": english(),
        "unit_name": unit_name,
        "status_label": status_label,
        "pretty": lambda value: json.dumps(value, ensure_ascii=False),
        "case_title": public_title,  # titles come from residents' words: masked
    }


def _recent() -> list[Any]:
    query = select(case_rows).order_by(case_rows.c.updated_at.desc()).limit(RECENT_CASES)
    with services().engine.connect() as conn:
        return list(conn.execute(query).all())


@audit_bp.get("/", endpoint="home")
@auditors_only
def home() -> Any:
    """Find a case by reference or id; the cases changed most recently below."""
    query = request.args.get("q", "").strip()
    message = None
    if query:
        try:
            case = _find(query)
        except CaseNotFound:
            message = _("No case has the reference or id %(query)s.", query=query)
        else:
            return redirect(url_for("audit.history", reference=case.reference), code=303)
    page = render_template(
        "audit/home.html", query=query, message=message, recent=_recent(), **_helpers()
    )
    return page, 404 if message else 200


@audit_bp.get("/cases/<reference>", endpoint="history")
@auditors_only
def history(reference: str) -> Any:
    case = _load(reference)
    if not isinstance(case, Case):
        return case
    records = event_records(services().app, case.id)
    return render_template("audit/history.html", case=case, records=records, **_helpers())


@audit_bp.get("/cases/<reference>/state", endpoint="state")
@auditors_only
def state(reference: str) -> Any:
    """The case at `version`, or at the moment `at` (local time unless it names an offset)."""
    case = _load(reference)
    if not isinstance(case, Case):
        return case
    app = services().app
    at = request.args.get("at", "").strip()
    try:
        if at:
            past = state_at(app, case.id, moment=moment_from_text(at, _zone()))
        else:
            raw = request.args.get("version") or str(case.version)
            number = version_number(raw, case.version)
            past = state_at(app, case.id, version=number)
    except InvalidInput as error:
        return _problem(str(error), 400)
    page = render_template(
        "audit/state.html",
        case=case,
        past=past,
        at=at,
        fields=state_fields(past),
        **_helpers(),
    )
    return page


@audit_bp.get("/cases/<reference>/diff", endpoint="diff")
@auditors_only
def diff(reference: str) -> Any:
    """Which state fields changed from version `from` to version `to`, and the events between."""
    case = _load(reference)
    if not isinstance(case, Case):
        return case
    app = services().app
    try:
        low = version_number(request.args.get("from"), case.version)
        high = version_number(request.args.get("to"), case.version)
    except InvalidInput as error:
        return _problem(str(error), 400)
    low, high = min(low, high), max(low, high)
    old = state_fields(state_at(app, case.id, version=low))
    new = state_fields(state_at(app, case.id, version=high))
    return render_template(
        "audit/diff.html",
        case=case,
        low=low,
        high=high,
        changes=differences(old, new),
        events=between(event_records(app, case.id), low, high),
        **_helpers(),
    )


def _download(body: bytes | str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _export(case: Case) -> dict[str, Any]:
    svc = services()
    return export_document(
        svc.app, case, _zone(), proofs_section(svc.engine, case.id, case.version)
    )


@audit_bp.get("/cases/<reference>/export.json", endpoint="export_json")
@auditors_only
def export_json(reference: str) -> Any:
    case = _load(reference)
    if not isinstance(case, Case):
        return case
    body = json.dumps(_export(case), ensure_ascii=False, indent=2)
    return _download(body, "application/json", f"{case.reference}-history.json")


@audit_bp.get("/cases/<reference>/export.html", endpoint="export_html")
@auditors_only
def export_html(reference: str) -> Any:
    case = _load(reference)
    if not isinstance(case, Case):
        return case
    return printable(_export(case), english())


@audit_bp.get("/cases/<reference>/export.pdf", endpoint="export_pdf")
@auditors_only
def export_pdf(reference: str) -> Any:
    case = _load(reference)
    if not isinstance(case, Case):
        return case
    pdf = render_pdf(printable(_export(case), english()))
    return _download(pdf, "application/pdf", f"{case.reference}-history.pdf")
