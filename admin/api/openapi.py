"""The OpenAPI 3 document of the staff API, generated from the code: the marshmallow schemas
and the views' docstrings (apispec), and one operation per action whose request body is the
action's schema (admin.api.action_schemas), so the document cannot drift from what the API
checks."""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.yaml_utils import load_operations_from_docstring
from flask import jsonify

from admin.api import cases, registration
from admin.api.action_schemas import ACTION_SCHEMAS
from admin.api.auth import services
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


def action_body(plugin: MarshmallowPlugin, ui: UiAction) -> dict[str, Any]:
    """The JSON Schema of the action's body, inline: its schema's fields, and its files."""
    schema = ACTION_SCHEMAS[ui.name](services().tree)
    # the plugin has its converter once the spec took it (build_spec), hence never None here
    body: dict[str, Any] = plugin.converter.schema2jsonschema(schema)  # type: ignore[union-attr]
    if ui.uploads is not None:
        body["properties"]["photos"] = {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
        }
    return body


def _responses() -> dict[str, Any]:
    failures = {
        code: {"description": text, "content": {"application/json": {"schema": "ErrorSchema"}}}
        for code, text in _ERRORS.items()
    }
    ok = {"content": {"application/json": {"schema": "ActionResultSchema"}}, "description": "done"}
    return {"200": ok, **failures}


def _action_operation(plugin: MarshmallowPlugin, ui: UiAction) -> dict[str, Any]:
    body = action_body(plugin, ui)
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
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Ducha staff API",
        version="1",
        openapi_version="3.0.3",
        plugins=[plugin],
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
        spec.path(path=path, operations=_action_operation(plugin, ui))
    attach = next(u for u in REGISTRY if u.name == "attach_evidence")
    evidence = _action_operation(plugin, attach)
    spec.path(path="/api/v1/cases/{reference}/evidence", operations=evidence)
    document = spec.to_dict()
    document["security"] = [{"bearer": []}]
    return document


@bp.get("/openapi.json")
def openapi() -> Any:
    """The OpenAPI 3 document of this API (open to all: it holds no data)."""
    return jsonify(build_spec())
