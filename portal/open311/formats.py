"""Open311's two formats: schemaless XML without a namespace, and its JSON mapping.

JSON drops the root element, so lists (services, requests, errors) are bare arrays; the service
definition and discovery are objects. Every value is a string, number or boolean; None fields
are left out. XML lists nest under a plural tag with singular children (`<attributes>`
holds `<attribute>`s), as in the spec's examples.
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from flask import Response, request

#: The child tag of each list, by the list's tag.
SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
XML_TYPE = "text/xml; charset=utf-8"
#: Characters XML 1.0 cannot hold at all; residents' text may carry them, so XML drops them.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
JSON_TYPE = "application/json; charset=utf-8"


class Open311Error(Exception):
    """A refusal in the spec's error format; `status` is the HTTP status and the error's code."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__("; ".join(descriptions))
        self.status = status
        self.descriptions = descriptions


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_IN_XML.sub("", str(value))


def _fill(parent: Element, tag: str, value: Any) -> None:
    if value is None:
        return
    node = SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(node, key, item)
    elif isinstance(value, list):
        for item in value:
            _fill(node, SINGULAR[tag], item)
    else:
        node.text = _text(value)


def to_xml(root: str, value: dict[str, Any] | list[Any]) -> bytes:
    """The document for a list (under `root`, one child per item) or an object (as `root`)."""
    top = Element(root)
    if isinstance(value, list):
        for item in value:
            _fill(top, SINGULAR[root], item)
    else:
        for key, item in value.items():
            _fill(top, key, item)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(top, encoding="unicode").encode()


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def respond(fmt: str, root: str, value: dict[str, Any] | list[Any], status: int = 200) -> Response:
    """`value` as XML (under `root`) or as JSON, with the spec's content types."""
    if fmt == "xml":
        return Response(to_xml(root, value), status, content_type=XML_TYPE)
    body = json.dumps(_drop_none(value), ensure_ascii=False)
    return Response(body.encode(), status, content_type=JSON_TYPE)


def requested_format() -> str:
    """The format the URL asks for; JSON unless it ends in .xml (errors before routing too)."""
    return "xml" if request.path.endswith(".xml") else "json"


def error_response(status: int, descriptions: tuple[str, ...]) -> Response:
    errors = [{"code": status, "description": d} for d in descriptions]
    return respond(requested_format(), "errors", errors, status)
