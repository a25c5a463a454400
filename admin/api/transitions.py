"""Actions on a case through the staff API: the body's shape is checked by the action's schema
(admin.api.action_schemas: 400 with each wrong field), then the case page's pipeline
(admin.cases.pipeline) does the rest: jurisdiction and role (403), the version the caller read
(409 when stale), the status (409) and the domain's rules (400, 403, 422). Refusals are JSON
{code, message}, in English.

Each action takes its fields as a JSON object, or as multipart form fields when it takes files
(`photos`); in a form, an empty field counts as not given.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import force_locale

from admin.api.action_schemas import ACTION_SCHEMAS
from admin.api.auth import actor_for, current_actor, services
from admin.api.blueprint import ApiError, bp
from admin.api.schemas import ActionResultSchema
from admin.cases.pipeline import action_named, perform


def request_fields() -> dict[str, Any]:
    """The body as a mapping: a JSON object, or the fields of a form (a repeated one as a list,
    which a schema refuses; an empty one left out)."""
    if request.mimetype == "multipart/form-data" or request.mimetype.endswith("urlencoded"):
        return {
            name: values[0] if len(values) == 1 else values
            for name, values in request.form.lists()
            if values != [""]
        }
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_input", "send the action's fields as a JSON object")
    return body


def act_on(reference: str, action: str) -> Any:
    current_actor()  # a valid key first: 403 otherwise
    ui = action_named(action)
    actor = actor_for(services().app.get_by_reference(reference))  # the grant covering it
    schema = ACTION_SCHEMAS[ui.name](services().tree)
    fields = schema.load(request_fields())  # ValidationError: 400, each wrong field named
    with force_locale("en"):  # uploads are refused in words; the API's are English
        result = perform(
            services().app,
            actor,
            reference,
            ui.name,
            fields,
            fields["version"],
            request.files.getlist("photos"),
        )
    return jsonify(ActionResultSchema().dump(result))


@bp.post("/cases/<reference>/actions/<action>")
def act(reference: str, action: str) -> Any:
    """Take an action on a case (its fields: see the operation of each action)."""
    return act_on(reference, action)


@bp.post("/cases/<reference>/evidence")
def upload_evidence(reference: str) -> Any:
    """Attach photos or PDF documents (multipart `photos`, with `version`, `kind`, `caption`)."""
    return act_on(reference, "attach_evidence")
