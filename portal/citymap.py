"""The public map: an inline SVG that works without script, enhanced by Leaflet (vendored,
no tile server) drawing the same district GeoJSON and the public cases."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, render_template, url_for
from flask_babel import gettext as _

from core.domain.districts import District, districts, geojson_text
from portal.blueprint import bp
from portal.helpers import STATUS_WORDS, services
from portal.map_svg import Dot, map_svg
from portal.public import english, today
from projections.public.queries import mapped_cases

GEOJSON_TYPE = "application/geo+json"
MAP_MAX_AGE = 300


def district_name(shape: District) -> str:
    return shape.name_en if english() else shape.name


@bp.get("/map", endpoint="map")
def map_page() -> Any:
    cases = mapped_cases(services().engine, today=today())
    dots = [
        Dot(
            lon=c.lon,
            lat=c.lat,
            href=url_for("portal.public_case", reference=c.reference),
            label=f"{c.reference} {c.title} ({STATUS_WORDS.get(c.status, c.status)})",
            status=c.status,
        )
        for c in cases
        if c.lat is not None and c.lon is not None
    ]
    svg = map_svg(districts(), dots, title=_("Public cases on the map"), name_of=district_name)
    return render_template("portal/public/map.html", svg=svg, cases=cases, english=english())


@bp.get("/map/districts.geojson", endpoint="districts_geojson")
def districts_geojson() -> Any:
    response = Response(geojson_text().encode("utf-8"), content_type=GEOJSON_TYPE)
    response.cache_control.public = True
    response.cache_control.max_age = 86_400
    return response


@bp.get("/map/cases.geojson", endpoint="cases_geojson")
def cases_geojson() -> Any:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
            "properties": {
                "reference": c.reference,
                "title": c.title,
                "status": c.status,
                "status_text": str(STATUS_WORDS.get(c.status, c.status)),
                "url": url_for("portal.public_case", reference=c.reference),
            },
        }
        for c in mapped_cases(services().engine)
    ]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.content_type = GEOJSON_TYPE
    response.cache_control.public = True
    response.cache_control.max_age = MAP_MAX_AGE
    return response
