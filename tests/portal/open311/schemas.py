"""JSON Schemas of Open311 GeoReport v2 responses, and a check of the XML shape.

SERVICE, SERVICE_DEFINITION and REQUEST follow open311/schema-validation
(https://github.com/open311/schema-validation, schema/georeport-v2/service.json,
service-definition.json, request.json and requests.json at commit 1116d93): the same required
fields, types and enums, with descriptions left out. Two things are stricter here: date-times
must carry a zone (the spec's rule), and no object may hold fields outside the spec's list plus
the extensions this server documents. ERROR and DISCOVERY follow the spec's text
(wiki.open311.org/GeoReport_v2 "Errors", Service_Discovery), which has no published schema;
REQUEST_UPDATE follows mySociety's open311-adapter (perllib/Open311/Endpoint/Role/mySociety.pm).
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, fromstring

from jsonschema import Draft7Validator

W3C_DATETIME = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"
TEXT_OR_NULL = {"anyOf": [{"type": "string"}, {"type": "null"}]}
DATETIME = {"type": "string", "pattern": W3C_DATETIME}
DATETIME_OR_NULL = {"anyOf": [DATETIME, {"type": "null"}]}
NUMBER_OR_NULL = {"anyOf": [{"type": "number"}, {"type": "null"}]}

SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "metadata", "type"],
    "additionalProperties": False,
    "properties": {
        "service_code": {"type": "string"},
        "service_name": {"type": "string"},
        "description": TEXT_OR_NULL,
        "metadata": {"type": "boolean"},
        "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
        "keywords": TEXT_OR_NULL,
        "group": TEXT_OR_NULL,
    },
}
SERVICES = {"type": "array", "items": SERVICE}

VALUE = {
    "type": "object",
    "required": ["key", "name"],
    "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
}
SERVICE_DEFINITION = {
    "type": "object",
    "required": ["service_code", "attributes"],
    "additionalProperties": False,
    "properties": {
        "service_code": {"type": "string"},
        "attributes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["variable", "code", "datatype", "required"],
                "additionalProperties": False,
                "properties": {
                    "variable": {"type": "boolean"},
                    "code": {"type": "string"},
                    "datatype": {
                        "type": "string",
                        "enum": [
                            "string",
                            "number",
                            "datetime",
                            "text",
                            "singlevaluelist",
                            "multivaluelist",
                        ],
                    },
                    "required": {"type": "boolean"},
                    "datatype_description": TEXT_OR_NULL,
                    "order": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                    "description": TEXT_OR_NULL,
                    "values": {"type": "array", "items": VALUE},
                },
            },
        },
    },
}

REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "requested_datetime"],
    "additionalProperties": False,
    "properties": {
        "service_request_id": {"type": "string"},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "status_notes": TEXT_OR_NULL,
        "service_name": TEXT_OR_NULL,
        "service_code": {"type": "string"},
        "description": {"anyOf": [{"type": "string", "maxLength": 4000}, {"type": "null"}]},
        "agency_responsible": TEXT_OR_NULL,
        "service_notice": TEXT_OR_NULL,
        "requested_datetime": DATETIME,
        "updated_datetime": DATETIME_OR_NULL,
        "expected_datetime": DATETIME_OR_NULL,
        "address": TEXT_OR_NULL,
        "address_id": TEXT_OR_NULL,
        "zipcode": TEXT_OR_NULL,
        "lat": NUMBER_OR_NULL,
        "long": NUMBER_OR_NULL,
        "media_url": {"anyOf": [{"type": "string", "format": "uri"}, {"type": "null"}]},
    },
}
REQUESTS = {"type": "array", "items": REQUEST}

#: The answer to POST requests: an id (or a token, never both), an optional notice.
CREATED = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "additionalProperties": False,
        "oneOf": [{"required": ["service_request_id"]}, {"required": ["token"]}],
        "properties": {
            "service_request_id": {"type": "string"},
            "token": {"type": "string"},
            "service_notice": TEXT_OR_NULL,
            "account_id": TEXT_OR_NULL,
        },
    },
}

ERRORS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "additionalProperties": False,
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}

DISCOVERY = {
    "type": "object",
    "required": ["changeset", "contact", "key_service", "endpoints"],
    "additionalProperties": False,
    "properties": {
        "changeset": {"type": "string"},
        "contact": {"type": "string"},
        "key_service": {"type": "string"},
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["specification", "url", "changeset", "type", "formats"],
                "properties": {
                    "specification": {"type": "string"},
                    "url": {"type": "string"},
                    "changeset": {"type": "string"},
                    "type": {"enum": ["production", "test"]},
                    "formats": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}

REQUEST_UPDATES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["update_id", "service_request_id", "status", "updated_datetime"],
        "additionalProperties": False,
        "properties": {
            "update_id": {"type": "string"},
            "service_request_id": {"type": "string"},
            "status": {"type": "string", "pattern": "^[a-z_]+$"},
            "updated_datetime": DATETIME,
            "description": {"type": "string"},
            "media_url": {"type": "string"},
            "external_status_code": {"type": "string"},
        },
    },
}


def validate(schema: dict[str, Any], document: Any) -> None:
    """Raise on the first way `document` breaks `schema`."""
    Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER).validate(document)


# -- XML: the same documents, read back into the JSON mapping -------------------------------

#: For each list tag, its item tag (the spec's XML examples).
LISTS = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
NUMBERS = {"lat", "long", "order"}
BOOLEANS = {"metadata", "variable", "required"}


def _scalar(tag: str, text: str, parent: str) -> Any:
    if tag == "code" and parent == "error":
        return int(text)
    if tag in BOOLEANS:
        assert text in ("true", "false"), f"<{tag}> holds {text!r}, not true or false"
        return text == "true"
    if tag in NUMBERS:
        return int(text) if tag == "order" else float(text)
    return text


def _read(node: Element, parent: str = "") -> Any:
    if node.tag in LISTS:
        assert all(child.tag == LISTS[node.tag] for child in node), f"<{node.tag}> mixes tags"
        return [_read(child, node.tag) for child in node]
    if len(node):
        return {child.tag: _read(child, node.tag) for child in node}
    return _scalar(node.tag, node.text or "", parent)


def from_xml(body: bytes, root: str) -> Any:
    """The XML document as its JSON mapping; checks the declaration and the root element."""
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>'), body[:60]
    element = fromstring(body)
    assert element.tag == root, f"root <{element.tag}>, expected <{root}>"
    assert "xmlns" not in body.decode()[:200], "the spec's XML has no namespace"
    return _read(element)
