"""The OpenAPI 3 document of the staff API, generated from the code: the marshmallow schemas
and the views' docstrings (apispec), and one operation per action whose request body is derived
from the action's case-page form, so the document cannot drift from what the API checks."""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.yaml_utils import load_operations_from_docstring
from flask import jsonify
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    MultipleFileField,
    SelectField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from admin.api import cases, registration
from admin.api.blueprint import bp
from admin.api.schemas import ActionResultSchema, ErrorSchema
from admin.cases.actions import REGISTRY, UiAction

_ERRORS = {
    "400": "the input is malformed",
    "403": "no valid key, wrong role or outside the jurisdiction",
    "404": "no such case",
    "409": "stale version, or not possible in the case's status",
    "422": "a rule of the domain does not hold",
}


def field_schema(field: Any) -> dict[str, Any] | None:
    """The JSON Schema of one form field; None for fields the API does not take as JSON."""
    if isinstance(field, SubmitField | MultipleFileField):
        return None
    schema: dict[str, Any] = {"type": "string"}
    if isinstance(field, IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, FloatField):
        schema = {"type": "number"}
    elif isinstance(field, BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, SelectField) and field.choices:
        schema["enum"] = [value for value, _label in field.choices]
    for check in field.validators:
        if isinstance(check, Length) and check.max != -1:
            schema["maxLength"] = check.max
        if isinstance(check, NumberRange):
            schema.update(minimum=check.min, maximum=check.max)
    if field.description:
        schema["description"] = str(field.description)
    return schema


def action_body(ui: UiAction) -> dict[str, Any]:
    form = ui.form_class(formdata=None, meta={"csrf": False})
    properties: dict[str, Any] = {}
    required = []
    for field in form:
        schema = field_schema(field)
        if schema is None:
            continue
        properties[field.name] = schema
        if any(isinstance(v, DataRequired | InputRequired) for v in field.validators):
            required.append(field.name)
    if ui.uploads is not None:
        properties["photos"] = {"type": "array", "items": {"type": "string", "format": "binary"}}
    return {"type": "object", "properties": properties, "required": required}


def _responses() -> dict[str, Any]:
    failures = {
        code: {"description": text, "content": {"application/json": {"schema": "ErrorSchema"}}}
        for code, text in _ERRORS.items()
    }
    ok = {"content": {"application/json": {"schema": "ActionResultSchema"}}, "description": "done"}
    return {"200": ok, **failures}


def _action_operation(ui: UiAction) -> dict[str, Any]:
    body = action_body(ui)
    content = {"application/json": {"schema": body}}
    if ui.uploads is not None:
        content = {"multipart/form-data": {"schema": body}}
    return {
        "post": {
            "summary": f"{ui.name.replace('_', ' ').capitalize()}",
            "parameters": [
                {
                    "in": "path",
                    "name": "reference",
                    "required": True,
                    "schema": {"type": "string", "maxLength": 40},
                }
            ],
            "requestBody": {"required": True, "content": content},
            "responses": _responses(),
        }
    }


def build_spec() -> dict[str, Any]:
    spec = APISpec(
        title="Ducha staff API",
        version="1",
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        servers=[{"url": "/"}],
        info={"description": "Cases, timelines and transitions for integrations (token auth)."},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("ErrorSchema", schema=ErrorSchema)
    spec.components.schema("ActionResultSchema", schema=ActionResultSchema)
    for path, view in (
        ("/api/v1/cases", cases.list_cases),
        ("/api/v1/cases", registration.register_case),
        ("/api/v1/cases/{reference}", cases.read_case),
    ):
        spec.path(path=path, operations=load_operations_from_docstring(view.__doc__ or ""))
    for ui in REGISTRY:
        path = f"/api/v1/cases/{{reference}}/actions/{ui.name}"
        spec.path(path=path, operations=_action_operation(ui))
    evidence = _action_operation(next(u for u in REGISTRY if u.name == "attach_evidence"))
    spec.path(path="/api/v1/cases/{reference}/evidence", operations=evidence)
    document = spec.to_dict()
    document["security"] = [{"bearer": []}]
    return document


@bp.get("/openapi.json")
def openapi() -> Any:
    """The OpenAPI 3 document of this API (open to all: it holds no data)."""
    return jsonify(build_spec())
