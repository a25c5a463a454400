"""Reporting a problem: the form, "is it one of these?", and the receipt shown once."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from core.domain.errors import DomainError
from core.domain.values import Category, EvidenceKind, Origin, Place
from core.service.application import ReportReceipt
from core.service.contacts import Contact
from ops.metrics import count_refused_upload
from portal.blueprint import bp, limiter, report_limit
from portal.forms import MAX_PHOTOS, LinkForm, ReportForm
from portal.helpers import evidence_store, resident, services
from portal.track_access import remember_case
from projections.public.nearby import nearby_open_cases
from projections.public.projection import public_cases
from projections.public.redaction import headline
from stores.drafts import save_draft, take_draft
from stores.evidence import PhotoRejected, StoredPhoto

PHOTO_REASONS = {
    "empty": _l("the file is empty."),
    "too_large": _l("a photo may be at most 10 MB."),
    "format": _l("only JPEG, PNG and WebP photos are accepted."),
    "pixels": _l("the photo is too large in pixels."),
    "unreadable": _l("this file is not a photo we can read."),
}


def store_photos(files: list[FileStorage]) -> tuple[list[StoredPhoto], list[str]]:
    """Keep each uploaded photo; the reasons for any that were refused."""
    stored, errors = [], []
    store = evidence_store()
    for upload in [f for f in files if f and f.filename][:MAX_PHOTOS]:
        try:
            stored.append(store.store_photo(upload.read()))
        except PhotoRejected as exc:
            count_refused_upload(exc.code)
            reason = PHOTO_REASONS.get(exc.code, PHOTO_REASONS["unreadable"])
            errors.append(_("%(name)s: %(reason)s", name=upload.filename, reason=reason))
    return stored, errors


def report_payload(form: ReportForm, photos: list[StoredPhoto]) -> dict[str, Any]:
    anonymous = bool(form.anonymous.data)
    return {
        "categories": list(form.categories.data or []),
        "district": form.district.data,
        "township": form.township.data or None,
        "address": form.address.data.strip(),
        "lat": form.lat.data,
        "lon": form.lon.data,
        "description": form.description.data.strip(),
        "contact": None
        if anonymous
        else {
            "name": (form.name.data or "").strip() or None,
            "phone": (form.phone.data or "").strip() or None,
            "email": (form.email.data or "").strip() or None,
        },
        "photos": [photo.__dict__ for photo in photos],
    }


def _contact(payload: dict[str, Any]) -> Contact | None:
    raw = payload.get("contact")
    if not raw or not any(raw.values()):
        return None
    return Contact(ip=request.remote_addr, **raw)


def _evidence(payload: dict[str, Any]) -> list[Any]:
    return [
        StoredPhoto(**photo).as_evidence(EvidenceKind.BEFORE, "resident's photo")
        for photo in payload["photos"]
    ]


def create_complaint(payload: dict[str, Any]) -> ReportReceipt:
    return services().app.report(
        resident(),
        origin=Origin.RESIDENT_COMPLAINT,
        title=headline(payload["description"]),
        description=payload["description"],
        categories=[Category(c) for c in payload["categories"]],
        place=Place(
            payload["district"],
            payload["township"],
            payload["address"],
            payload["lat"],
            payload["lon"],
        ),
        contact=_contact(payload),
        evidence=_evidence(payload),
    )


def _done(receipt: ReportReceipt) -> Any:
    remember_case(receipt.reference)
    session["receipt"] = {"code": receipt.reference, "secret": receipt.tracking_secret}
    return redirect(url_for("portal.report_done"), code=303)


@bp.route("/report", methods=["GET", "POST"], endpoint="report_form")
@limiter.limit(report_limit, methods=["POST"])
def report_form() -> Any:
    form = ReportForm()
    form.fill_choices(services().tree)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("portal/report.html", form=form), status
    if form.website.data:
        abort(400)  # the honeypot: only a robot fills an invisible field
    photos, refused = store_photos(request.files.getlist(form.photos.name))
    if refused:
        form.photos.errors = [*form.photos.errors, *refused]
        return render_template("portal/report.html", form=form), 400
    payload = report_payload(form, photos)
    candidates = nearby_open_cases(
        services().engine,
        payload["categories"],
        payload["district"],
        payload["township"],
        payload["lat"],
        payload["lon"],
    )
    if candidates:
        token = save_draft(services().engine, payload)
        return render_template(
            "portal/report_nearby.html", candidates=candidates, token=token, form=LinkForm()
        )
    try:
        return _done(create_complaint(payload))
    except DomainError as exc:
        form.description.errors = [*form.description.errors, exc.text(_)]
        return render_template("portal/report.html", form=form), 400


@bp.post("/report/confirm", endpoint="report_confirm")
@limiter.limit(report_limit)
def report_confirm() -> Any:
    form = LinkForm()
    if not form.validate_on_submit():
        abort(400)
    payload = take_draft(services().engine, request.form.get("token", ""))
    if payload is None:
        return render_template("portal/report_expired.html"), 410
    choice = form.choice.data.strip().upper()
    if choice == "NEW":
        return _done(create_complaint(payload))
    existing = _open_public_case(choice)
    if existing is None:
        abort(400)
    receipt = services().app.add_complaint(
        resident(),
        existing,
        summary=payload["description"],
        contact=_contact(payload),
        evidence=_evidence(payload),
    )
    return _done(receipt)


def _open_public_case(reference: str) -> Any:
    with services().engine.connect() as conn:
        return conn.execute(
            select(public_cases.c.case_id).where(
                public_cases.c.reference == reference, public_cases.c.status != "closed"
            )
        ).scalar()


@bp.get("/report/done", endpoint="report_done")
def report_done() -> Any:
    receipt = session.pop("receipt", None)
    if not receipt:
        return redirect(url_for("portal.track_form"))
    policy = services().policy.profile(Origin.RESIDENT_COMPLAINT)
    response = render_template(
        "portal/report_done.html",
        receipt=receipt,
        accept_days=policy.accept.days if policy.accept else None,
        close_days=policy.close.days if policy.close else None,
        extension_days=policy.max_extension_days,
    )
    return response, 200, {"Cache-Control": "no-store"}
