"""POST requests: an integrator files a resident's complaint, exactly as the portal's form does.

The Open311 fields are mapped onto the portal's ReportForm and checked by it (same lengths,
formats and choices), and the complaint is created by the portal's own code: contact details go
to the contact store, never into an event or a response. Photos may be uploaded as `media`
files (multipart, the v2.1 draft); a `media_url` is refused, because the server does not fetch
URLs on a client's behalf.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from core.domain.districts import districts as district_shapes
from core.domain.errors import DomainError
from core.domain.values import Origin
from portal.blueprint import limiter
from portal.forms import ReportForm
from portal.helpers import services
from portal.open311.blueprint import bp, key_rate_limit, limit_key, require_key
from portal.open311.formats import Open311Error, respond
from portal.open311.services import category_of
from portal.report import (
    create_complaint,  # the portal's own path
    report_payload,
    store_photos,
)

#: Our form's field names as the spec calls them, for error messages.
SPEC_NAMES = {
    "categories": "service_code",
    "district": "attribute[district]",
    "township": "attribute[township]",
    "address": "address_string",
    "lon": "long",
    "name": "first_name/last_name",
}


def _float(name: str) -> str:
    return (request.form.get(name) or "").strip()


def _district_of(lat: str, lon: str) -> str:
    """The district the point lies in, when the client gave a point but no district."""
    try:
        point = float(lon), float(lat)
    except ValueError:
        return ""
    return next((d.id for d in district_shapes() if d.contains(*point)), "")


def form_data() -> MultiDict[str, Any]:
    """The POST's fields under the portal form's names."""
    form = request.form
    lat, lon = _float("lat"), _float("long")
    name = " ".join(p for p in (form.get("first_name"), form.get("last_name")) if p).strip()
    data: MultiDict[str, Any] = MultiDict(
        {
            "categories": category_of(form.get("service_code", "")).value,
            "district": (form.get("attribute[district]") or "").strip() or _district_of(lat, lon),
            "township": (form.get("attribute[township]") or "").strip(),
            "address": form.get("address_string", ""),
            "lat": lat,
            "lon": lon,
            "description": form.get("description", ""),
            "name": name,
            "phone": form.get("phone", ""),
            "email": form.get("email", ""),
        }
    )
    for upload in request.files.getlist("media"):
        data.add("photos", upload)
    return data


def checked_form() -> ReportForm:
    if not (request.form.get("service_code") or "").strip():
        raise Open311Error(400, "service_code not provided")
    if (request.form.get("media_url") or "").strip():
        raise Open311Error(400, "media_url is not accepted: upload photos as media files")
    with force_locale("en"):  # WTForms takes its messages' language when the form is made
        form = ReportForm(formdata=form_data(), meta={"csrf": False})
        form.fill_choices(services().tree)
        if not form.validate():
            raise Open311Error(
                400,
                *(
                    f"{SPEC_NAMES.get(field, field)}: {message}"
                    for field, messages in form.errors.items()
                    for message in messages
                ),
            )
    return form


@bp.post("/requests.<any(xml, json):fmt>", endpoint="create_request")
@limiter.limit(key_rate_limit, key_func=limit_key)
def create_request(fmt: str) -> Any:
    require_key()
    form = checked_form()
    with force_locale("en"):
        photos, refused = store_photos(request.files.getlist("media"))
    if refused:
        raise Open311Error(400, *refused)
    try:
        receipt = create_complaint(report_payload(form, photos))
    except DomainError as exc:
        raise Open311Error(400, exc.message) from None
    policy = services().policy.profile(Origin.RESIDENT_COMPLAINT)
    notice = "Received."
    if policy.accept is not None:
        notice += f" It will be accepted or declined within {policy.accept.days} days."
    result = {"service_request_id": receipt.reference, "service_notice": notice}
    return respond(fmt, "service_requests", [result])
