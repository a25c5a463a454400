"""Registering a case through the staff API (`POST /api/v1/cases`), so that a hotline platform's
dispatch (派单) can arrive by machine: the checks of /admin/cases/new, through the same
`register`; a platform's number for a channel registers one case, and posting it again answers
200 with that case instead of creating a second."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from marshmallow import Schema, fields, validate

from admin.api.auth import current_actor, services
from admin.api.blueprint import ApiError, bp
from admin.cases.registration import REGISTRARS, Registration, register
from core.domain.values import Category, Channel, Origin
from core.service.contacts import Contact

PHONE = r"^\+?[0-9][0-9 -]{4,18}[0-9]$"
EMAIL = r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$"


class StrictFloat(fields.Float):
    """A JSON number only: the string "31.2" is refused, not read as a number."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class ContactSchema(Schema):
    """The complainant's contact; it goes to the contact store, never into an event."""

    name = fields.String(validate=validate.Length(max=50), allow_none=True)
    phone = fields.String(validate=validate.Regexp(PHONE), allow_none=True)
    email = fields.String(
        validate=[validate.Length(max=200), validate.Regexp(EMAIL)], allow_none=True
    )


class RegistrationSchema(Schema):
    """A complaint, a petition, an inspection problem or a measure to register."""

    origin = fields.String(required=True, validate=validate.OneOf([o.value for o in Origin]))
    channel = fields.String(
        validate=validate.OneOf([c.value for c in Channel if c is not Channel.PORTAL]),
        allow_none=True,
        metadata={"description": "how a complaint came in; none for an inspection problem"},
    )
    external_ref = fields.String(
        validate=validate.Length(min=1, max=100),
        allow_none=True,
        metadata={"description": "the platform's or the list's own number"},
    )
    received_at = fields.AwareDateTime(
        allow_none=True, metadata={"description": "when it came in; not in the future"}
    )
    title = fields.String(validate=validate.Length(max=200), load_default="")
    description = fields.String(required=True, validate=validate.Length(min=1, max=4000))
    categories = fields.List(
        fields.String(validate=validate.OneOf([c.value for c in Category])),
        required=True,
        validate=validate.Length(min=1),
    )
    district = fields.String(required=True, validate=validate.Length(min=1, max=100))
    township = fields.String(validate=validate.Length(max=100), allow_none=True)
    address = fields.String(validate=validate.Length(max=300), load_default="")
    lat = StrictFloat(validate=validate.Range(-90, 90), allow_none=True)
    lon = StrictFloat(validate=validate.Range(-180, 180), allow_none=True)
    parent = fields.String(
        validate=validate.Length(max=40),
        allow_none=True,
        metadata={"description": "a measure's problem, by reference"},
    )
    deadline = fields.Date(allow_none=True)
    contact = fields.Nested(ContactSchema, allow_none=True)


class RegisteredSchema(Schema):
    reference = fields.String(required=True)
    case_id = fields.UUID(required=True)
    created = fields.Boolean(
        required=True, metadata={"description": "false: the platform's number was registered"}
    )
    tracking_secret = fields.String(
        allow_none=True, metadata={"description": "shown once, to pass on to the complainant"}
    )
    notification_id = fields.Integer(required=True)


def registration_from(body: dict[str, Any]) -> Registration:
    raw = body.get("contact") or {}
    contact = Contact(**{k: (v or "").strip() or None for k, v in raw.items()})
    return Registration(
        origin=Origin(body["origin"]),
        title=body["title"],
        description=body["description"].strip(),
        categories=[Category(c) for c in body["categories"]],
        district_id=body["district"],
        township_id=body.get("township") or None,
        address=body["address"].strip(),
        lat=body.get("lat"),
        lon=body.get("lon"),
        channel=Channel(body["channel"]) if body.get("channel") else None,
        external_ref=(body.get("external_ref") or "").strip() or None,
        received_at=body.get("received_at"),
        deadline=body.get("deadline"),
        parent_reference=body.get("parent"),
        contact=None if contact.is_empty else contact,
    )


@bp.post("/cases")
def register_case() -> Any:
    """Register a case; the same platform number for the same channel answers its case again.
    ---
    post:
      summary: Register a complaint, a petition, an inspection problem or a measure
      requestBody:
        required: true
        content:
          application/json:
            schema: RegistrationSchema
      responses:
        201:
          description: registered
          content:
            application/json:
              schema: RegisteredSchema
        200:
          description: the platform's number was registered before; its case
          content:
            application/json:
              schema: RegisteredSchema
        400:
          description: the input is malformed, or a rule of registration does not hold
          content:
            application/json:
              schema: ErrorSchema
        403:
          description: no valid key, a role that may not register, or outside the jurisdiction
          content:
            application/json:
              schema: ErrorSchema
    """
    actor = current_actor()
    if actor.role not in REGISTRARS:
        raise ApiError(403, "permission_denied", f"the {actor.role.value} role may not register")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_input", "send the case as a JSON object")
    loaded = RegistrationSchema().load(body)
    receipt = register(services().app, actor, registration_from(loaded))
    result = {
        "reference": receipt.reference,
        "case_id": receipt.case_id,
        "created": receipt.created,
        "tracking_secret": receipt.tracking_secret,
        "notification_id": receipt.notification_id,
    }
    return jsonify(RegisteredSchema().dump(result)), 201 if receipt.created else 200
