"""Atom 1.0 feeds of public results: one per case, and the site-wide latest entries.

Built with xml.etree, which escapes every text and attribute; links are absolute, from the
`public_url` setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from flask import Response, abort, url_for
from flask_babel import gettext as _

from portal.blueprint import bp
from portal.helpers import services
from portal.public import english, today
from projections.public.queries import (
    PublicEntry,
    get_public_case,
    latest_public_entries,
    public_timeline,
)

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
SITE_FEED_SIZE = 50


def absolute(path: str) -> str:
    return services().settings.public_url + path


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def atom(
    title: str, self_path: str, page_path: str, entries: Sequence[PublicEntry], *, titled: bool
) -> Response:
    """A feed document; `titled` puts the case title into each entry's title."""
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: "en" if english() else "zh-CN"})
    _add(feed, "id", absolute(self_path))
    _add(feed, "title", title)
    newest = max((e.recorded_at for e in entries), default=datetime(2000, 1, 1, tzinfo=UTC))
    _add(feed, "updated", _stamp(newest))
    _add(feed, "link", rel="self", type="application/atom+xml", href=absolute(self_path))
    _add(feed, "link", rel="alternate", type="text/html", href=absolute(page_path))
    author = _add(feed, "author")
    _add(author, "name", _("Ducha"))
    _add(feed, "generator", "Ducha")
    for entry in entries:
        case_path = url_for("portal.public_case", reference=entry.reference)
        item = _add(feed, "entry")
        _add(item, "id", f"{absolute(case_path)}#entry-{entry.notification_id}")
        headline = f"{entry.reference} {entry.case_title}: {entry.text}" if titled else entry.text
        _add(item, "title", headline)
        _add(item, "updated", _stamp(entry.recorded_at))
        _add(item, "link", rel="alternate", type="text/html", href=absolute(case_path))
        _add(item, "content", entry.text, type="text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    document = '<?xml version="1.0" encoding="utf-8"?>\n' + body
    return Response(document.encode("utf-8"), content_type=ATOM_TYPE)


@bp.get("/cases/<reference>/feed.atom", endpoint="case_feed")
def case_feed(reference: str) -> Any:
    case = get_public_case(services().engine, reference, today())
    if case is None:
        abort(404)
    entries = list(reversed(public_timeline(services().engine, case.case_id, english=english())))
    return atom(
        f"{case.reference} {case.title}",
        url_for("portal.case_feed", reference=case.reference),
        url_for("portal.public_case", reference=case.reference),
        entries,
        titled=False,
    )


@bp.get("/feed.atom", endpoint="site_feed")
def site_feed() -> Any:
    entries = latest_public_entries(services().engine, english=english(), limit=SITE_FEED_SIZE)
    return atom(
        _("Ducha: new public results"),
        url_for("portal.site_feed"),
        url_for("portal.public_cases"),
        entries,
        titled=True,
    )
