"""Registration by officials (/admin/cases/new): the intake desk registers a complaint that came
by phone, letter, visit, e-mail or from a hotline platform; the office registers an inspection
problem or a measure by hand. The staff API registers through the same `register`.

The complainant's contact goes to the contact store, never into an event; the tracking code and
secret are shown once, so the desk can read them out or send them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from admin.auth import current_actor, login_required, services
from admin.blueprint import bp
from admin.cases.evidence_upload import store_uploads
from admin.cases.page import english
from admin.cases.registration_form import CHANNEL_LABELS, RegisterForm
from core.domain.errors import CaseNotFound, DomainError, InvalidInput, PermissionDenied
from core.domain.roles import REPORTERS, Actor, Role
from core.domain.values import Category, Channel, Evidence, EvidenceKind, Origin, Place
from core.service.application import Ducha, ReportReceipt
from core.service.contacts import Contact
from ops.refusals import http_status as status_of

#: Officials who may register (residents report through the portal).
REGISTRARS = REPORTERS - {Role.RESIDENT}
_RECEIPT_KEY = "registered"


@dataclass(frozen=True)
class Registration:
    """What is registered, as plain values (from the page's form or the API's JSON)."""

    origin: Origin
    description: str
    categories: list[Category]
    district_id: str
    title: str = ""
    township_id: str | None = None
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    channel: Channel | None = None
    external_ref: str | None = None
    received_at: datetime | None = None
    deadline: date | None = None
    parent_reference: str | None = None
    contact: Contact | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def headline(self) -> str:
        """The title, or the description's first line when none was given."""
        if self.title.strip():
            return self.title.strip()
        first = (self.description.strip().splitlines() or [""])[0]
        return first[:60] + ("…" if len(first) > 60 else "")


def register(app: Ducha, actor: Actor, reg: Registration) -> ReportReceipt:
    """Register a complaint, a problem or a measure; the domain checks every rule."""
    if reg.origin is not Origin.MEASURE:
        if reg.parent_reference:
            raise InvalidInput("a measure needs a parent problem, and only a measure has one")
        place = Place(reg.district_id, reg.township_id, reg.address, reg.lat, reg.lon)
        return app.report(
            actor,
            origin=reg.origin,
            title=reg.headline,
            description=reg.description,
            categories=reg.categories,
            place=place,
            external_ref=reg.external_ref,
            contact=reg.contact,
            evidence=reg.evidence,
            channel=reg.channel,
            received_at=reg.received_at,
            deadline=reg.deadline,
        )
    if not reg.parent_reference:
        raise InvalidInput("a measure needs a parent problem, and only a measure has one")
    if reg.channel is not None or reg.contact is not None:
        raise InvalidInput("only complaints and petitions come in through a channel")
    if reg.evidence:
        raise InvalidInput("attach a measure's photos on its case page once it is registered")
    try:
        parent = app.get_by_reference(reg.parent_reference)
    except (CaseNotFound, ValueError):
        raise InvalidInput(
            "no case with reference %(reference)s", reference=reg.parent_reference.strip()
        ) from None
    return app.add_measure(
        actor,
        parent.id,
        title=reg.headline,
        description=reg.description,
        categories=reg.categories or None,
        external_ref=reg.external_ref,
        deadline=reg.deadline,
    )


@bp.app_template_global()
def channel_label(value: str) -> str:
    try:
        return str(CHANNEL_LABELS[Channel(value)])
    except ValueError:
        return value


def _denied(message: str) -> Any:
    return render_template("admin/denied.html", message=message), 403


def _registrar() -> Actor | Any:
    try:
        actor = current_actor()
    except PermissionDenied:
        return _denied(_("You hold no role yet. Ask the office to grant you one."))
    if actor.role not in REGISTRARS:
        return _denied(_("Your role may not register cases."))
    return actor


def _from_form(form: RegisterForm, evidence: list[Evidence]) -> Registration:
    zone = ZoneInfo(services().settings.timezone)
    received = form.received_at.data
    contact = None
    if not form.anonymous.data:
        contact = Contact(
            name=(form.name.data or "").strip() or None,
            phone=(form.phone.data or "").strip() or None,
            email=(form.email.data or "").strip() or None,
        )
        contact = None if contact.is_empty else contact
    return Registration(
        origin=Origin(form.origin.data),
        title=form.title.data or "",
        description=form.description.data.strip(),
        categories=[Category(c) for c in form.categories.data or []],
        district_id=form.district.data,
        township_id=form.township.data or None,
        address=(form.address.data or "").strip(),
        lat=form.lat.data,
        lon=form.lon.data,
        channel=Channel(form.channel.data) if form.channel.data else None,
        external_ref=(form.external_ref.data or "").strip() or None,
        received_at=received.replace(tzinfo=zone) if received else None,
        deadline=form.deadline.data,
        parent_reference=(form.parent.data or "").strip() or None,
        contact=contact,
        evidence=evidence,
    )


def _form_page(form: RegisterForm, status: int = 200, message: str | None = None) -> Any:
    return render_template("admin/register.html", form=form, message=message), status


@bp.route("/cases/new", methods=["GET", "POST"], endpoint="register_case")
@login_required
def register_case() -> Any:
    actor = _registrar()
    if not isinstance(actor, Actor):
        return actor
    form = RegisterForm()
    form.fill_choices(services().tree, english())
    if request.method == "GET":
        form.origin.data = form.origin.data or (
            Origin.RESIDENT_COMPLAINT.value
            if actor.role is Role.INTAKE
            else Origin.SELF_FOUND.value
        )
        return _form_page(form)
    if not form.validate():
        return _form_page(form, 400, _("Please correct the form."))
    evidence, refused = store_uploads(request.files.getlist(form.photos.name), EvidenceKind.BEFORE)
    if refused:
        form.photos.errors = [*form.photos.errors, *refused]
        return _form_page(form, 400, _("Please correct the form."))
    try:
        receipt = register(services().app, actor, _from_form(form, evidence))
    except DomainError as error:
        return _form_page(form, status_of(error), error.text(_))
    session[_RECEIPT_KEY] = {
        "code": receipt.reference,
        "secret": receipt.tracking_secret,
        "created": receipt.created,
    }
    return redirect(url_for("admin.registered"), code=303)


@bp.get("/cases/new/done", endpoint="registered")
@login_required
def registered() -> Any:
    receipt = session.pop(_RECEIPT_KEY, None)
    if not receipt:
        return redirect(url_for("admin.register_case"))
    page = render_template("admin/registered.html", receipt=receipt)
    return page, 200, {"Cache-Control": "no-store"}
