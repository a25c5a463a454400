"""Open311 discovery, the service list (our categories) and each service's definition.

A service code is a category (`water`, `air`, ...); its name is the portal's label in the
visitor's language (Chinese unless `?lang=en`). Every service has metadata: the district is a
required attribute (unless the point given lies in a district), the township an optional one.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from core.domain.values import Category
from portal.helpers import CATEGORY_LABELS, districts, services, townships
from portal.open311.blueprint import bp
from portal.open311.formats import JSON_TYPE, XML_TYPE, Open311Error, respond

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
#: Bump when the services or their definitions change: clients then refresh their copies.
CHANGESET = "2026-11-26T00:00:00Z"
POLLUTION = _l("Pollution")
GROUPS = {Category.ECOLOGY: _l("Ecology"), Category.OTHER: _l("Other")}


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.value,
        "service_name": str(CATEGORY_LABELS[category]),
        "description": None,
        "metadata": True,
        "type": "realtime",
        "keywords": None,
        "group": str(GROUPS.get(category, POLLUTION)),
    }


def category_of(code: str) -> Category:
    try:
        return Category(code.strip())
    except ValueError:
        raise Open311Error(404, f"service_code {code!r} not found") from None


def attributes() -> list[dict[str, Any]]:
    """The service definition's attributes: where the problem is, in the city's units."""
    tree = services().tree
    district_units = districts(tree)
    township_values = [
        {"key": t.id, "name": f"{d.name} {t.name}"}
        for d in district_units
        for t in townships(tree, d.id)
    ]
    return [
        {
            "variable": True,
            "code": "district",
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": None,
            "order": 1,
            "description": str(_l("District or county")),
            "values": [{"key": d.id, "name": d.name} for d in district_units],
        },
        {
            "variable": True,
            "code": "township",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": None,
            "order": 2,
            "description": str(_l("Township or subdistrict (if known)")),
            "values": township_values,
        },
    ]


@bp.get("/discovery.<any(xml, json):fmt>", endpoint="discovery")
def discovery(fmt: str) -> Any:
    base = services().settings.public_url.rstrip("/")
    return respond(
        fmt,
        "discovery",
        {
            "changeset": CHANGESET,
            "contact": base + url_for("portal.index"),
            "key_service": "API keys are issued by the city's rectification office "
            "(flask --app wsgi api-keys create NAME).",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base + "/open311/v2",
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": [XML_TYPE.split(";")[0], JSON_TYPE.split(";")[0]],
                }
            ],
        },
    )


@bp.get("/services.<any(xml, json):fmt>", endpoint="services")
def service_list(fmt: str) -> Any:
    return respond(fmt, "services", [service(c) for c in Category])


@bp.get("/services/<code>.<any(xml, json):fmt>", endpoint="service_definition")
def service_definition(code: str, fmt: str) -> Any:
    category = category_of(code)
    definition = {"service_code": category.value, "attributes": attributes()}
    return respond(fmt, "service_definition", definition)
