"""Papers officials print and file (交办单, 督办函, 验收意见, 销号审批表): offered on the case page
when due to the roles that issue them, numbered and recorded when printed, and shown as a
printable page or a PDF, always as the case stood when the paper was printed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from flask import Response, abort, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.audit.export import render_pdf
from admin.auth import current_actor, login_required, services
from admin.blueprint import bp
from admin.cases.actions import in_jurisdiction
from admin.cases.forms import ActionForm
from admin.cases.page import english, render_case
from admin.cases.queues import unit_name
from admin.labels import category_zh, origin_zh
from core.case.aggregate import Case
from core.case.kinds import KIND_OF, EventKind
from core.case.papers import PRINTERS, PaperKind, is_due
from core.case.statuses import Action
from core.domain.errors import CaseNotFound, DomainError, PermissionDenied
from core.domain.roles import ROLE_ACTIONS, Actor, Role
from ops.refusals import http_status as status_of
from projections.public.redaction import redact

KIND_LABELS = {
    PaperKind.TRANSFER_NOTICE: _l("Transfer notice"),
    PaperKind.SUPERVISION_LETTER: _l("Supervision letter"),
    PaperKind.ACCEPTANCE_OPINION: _l("Acceptance opinion"),
    PaperKind.CLOSING_APPROVAL: _l("Closing approval form"),
}
#: The events a paper quotes, the latest of each up to the paper's printing.
_QUOTED = (
    EventKind.TRANSFERRED,
    EventKind.SITE_INSPECTED,
    EventKind.VERIFIED,
    EventKind.PUBLIC_NOTICE_OPENED,
    EventKind.SIGNED_OFF,
)


@dataclass(frozen=True)
class Printed:
    """A paper printed for the case: its number, kind, who printed it and when."""

    version: int
    kind: PaperKind
    number: str
    actor: Actor
    printed_at: datetime


def _zone() -> ZoneInfo:
    return ZoneInfo(services().settings.timezone)


def printed_papers(case: Case) -> list[Printed]:
    return [
        Printed(
            e.originator_version,
            PaperKind(e.kind),
            e.number,
            e.actor,
            e.timestamp.astimezone(_zone()),
        )
        for e in services().app.history(case.id)
        if isinstance(e, Case.DocumentPrinted)
    ]


@bp.app_template_global()
def papers_offered(actor: Actor, case: Case) -> list[tuple[str, Any]]:
    """The papers this official may print for the case now: (kind, label)."""
    if Action.PRINT_PAPER not in ROLE_ACTIONS[actor.role]:
        return []
    if not in_jurisdiction(services().tree, actor, case):
        return []
    day = services().app.context(actor).today  # the day the print would be checked against
    return [
        (kind.value, label)
        for kind, label in KIND_LABELS.items()
        if actor.role in PRINTERS[kind] and is_due(case, kind, day)
    ]


@bp.app_template_global()
def papers_of(case: Case) -> list[Printed]:
    return printed_papers(case)


@bp.app_template_global()
def paper_label(kind: str) -> str:
    return str(KIND_LABELS[PaperKind(kind)])


@bp.app_template_global()
def paper_form(case: Case) -> ActionForm:
    form = ActionForm(formdata=None)
    form.version.data = case.version
    return form


def _denied(message: str) -> Response:
    return make_response(render_template("admin/denied.html", message=message), 403)


def _case_for(reference: str) -> tuple[Actor, Case] | Any:
    try:
        actor = current_actor()
        case = services().app.get_by_reference(reference)
    except CaseNotFound:
        abort(404)
    except PermissionDenied:
        return _denied(_("You hold no role yet. Ask the office to grant you one."))
    if actor.role is not Role.AUDITOR and not in_jurisdiction(services().tree, actor, case):
        return _denied(_("This case lies outside your jurisdiction."))
    return actor, case


@bp.post("/cases/<reference>/papers/<kind>", endpoint="print_paper")
@login_required
def print_paper(reference: str, kind: str) -> Any:
    found = _case_for(reference)
    if not isinstance(found, tuple):
        return found
    actor, case = found
    try:
        paper_kind = PaperKind(kind)
    except ValueError:
        abort(404)
    form = ActionForm()
    if not form.validate():
        return render_case(actor, case, 400, message=_("Please correct the form."))
    try:
        printed = services().app.print_paper(
            actor,
            case.id,
            paper_kind,
            services().settings.paper_numbering,
            version=form.version.data,
        )
    except DomainError as error:
        return render_case(
            actor, services().app.get(case.id), status_of(error), message=error.text(_)
        )
    url = url_for("admin.paper", reference=case.reference, version=printed.version)
    return redirect(url, code=303)


def paper_document(case_id: UUID, version: int) -> dict[str, Any]:
    """What the paper printed at `version` says: the case as it stood then, and the latest
    transfer, inspection, verification, notice and sign-off before it."""
    app = services().app
    history = app.history(case_id)
    if not 1 <= version <= len(history):
        abort(404)
    printed = history[version - 1]
    if not isinstance(printed, Case.DocumentPrinted):
        abort(404)
    case = app.get(case_id, version=version)
    quoted: dict[str, Any] = {}
    for event in history[:version]:
        kind = KIND_OF.get(type(event))  # type: ignore[arg-type]
        if kind in _QUOTED:
            quoted[kind] = event
    printed_on = printed.timestamp.astimezone(_zone()).date()
    deadline: date | None = case.deadline
    return {
        "kind": printed.kind,
        "number": printed.number,
        "printed_by": printed.actor,
        "printed_on": printed_on,
        "case": case,
        "description": redact(case.description),
        "unit": unit_name(case.responsible_unit) if case.responsible_unit else "",
        "deadline": deadline,
        "days_overdue": (printed_on - deadline).days if deadline else 0,
        "quoted": quoted,
    }


def _paper_page(reference: str, version: int) -> str | Any:
    found = _case_for(reference)
    if not isinstance(found, tuple):
        return found
    _actor, case = found
    doc = paper_document(case.id, version)
    return render_template(
        "admin/paper.html",
        doc=doc,
        title=KIND_LABELS[PaperKind(doc["kind"])],
        english=english(),
        unit_name=unit_name,
        origin_label=lambda o: o.replace("_", " ") if english() else origin_zh(o),
        category_label=lambda c: c if english() else category_zh(c),
        zone=_zone(),
    )


@bp.get("/cases/<reference>/papers/<int:version>", endpoint="paper")
@login_required
def paper(reference: str, version: int) -> Any:
    return _paper_page(reference, version)


@bp.get("/cases/<reference>/papers/<int:version>.pdf", endpoint="paper_pdf")
@login_required
def paper_pdf(reference: str, version: int) -> Any:
    page = _paper_page(reference, version)
    if not isinstance(page, str):
        return page
    response = Response(render_pdf(page), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{reference}-{version}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
