"""The complainant's contact on the case page: shown to the intake desk only, on a POST that
says why, and every read logged by the contact store (who, when, which case, purpose)."""

from __future__ import annotations

from typing import Any

from flask import abort, g, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired

from admin.auth import current_actor, login_required, services
from admin.blueprint import bp
from admin.cases.actions import in_jurisdiction
from admin.cases.page import render_case
from core.case.aggregate import Case
from core.domain.errors import CaseNotFound, PermissionDenied
from core.domain.roles import Actor, Role

#: Why the desk looks up a complainant's contact; the code is logged with the read.
PURPOSES = {
    "callback": _l("Call the complainant back"),
    "inform": _l("Tell the complainant the result"),
    "verify": _l("Check the facts of the complaint"),
    "other": _l("Other casework"),
}
#: Roles that may see a complainant's identity (DESIGN §3: the intake desk only).
READERS = frozenset({Role.INTAKE})


class RevealContactForm(FlaskForm):
    purpose = SelectField(
        _l("Why"), [DataRequired()], choices=[(k, v) for k, v in PURPOSES.items()]
    )


def purpose_label(code: str) -> str:
    label = PURPOSES.get(code)
    return str(label) if label is not None else code


@bp.app_template_global()
def contact_form(actor: Actor, case: Case) -> RevealContactForm | None:
    """The "show contact" form, for the desk in the case's jurisdiction; else None."""
    if actor.role not in READERS or not in_jurisdiction(services().tree, actor, case):
        return None
    return RevealContactForm(formdata=None)


def _denied(message: str) -> Any:
    return render_template("admin/denied.html", message=message), 403


@bp.post("/cases/<reference>/contact", endpoint="reveal_contact")
@login_required
def reveal_contact(reference: str) -> Any:
    try:
        actor = current_actor()
        case = services().app.get_by_reference(reference)
    except CaseNotFound:
        abort(404)
    except PermissionDenied:
        return _denied(_("You hold no role yet. Ask the office to grant you one."))
    if not in_jurisdiction(services().tree, actor, case):
        return _denied(_("This case lies outside your jurisdiction."))
    if actor.role not in READERS:
        return _denied(_("Only the intake desk may see a complainant's contact."))
    form = RevealContactForm()
    if not form.validate():
        return render_case(actor, case, 400, message=_("Please say why you need the contact."))
    g.revealed_contacts = services().contacts.read(case.id, actor, form.purpose.data)
    page, status = render_case(actor, case)
    return page, status, {"Cache-Control": "no-store"}
