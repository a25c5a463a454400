"""The officials' case search (/admin/cases) and the CSV/XLSX export of a search or a queue.

The page, its export and the staff API's list all go through projections.cases.search.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, ValidationError

from admin.auth import login_required, services
from admin.blueprint import bp
from admin.cases.queues import (
    actors_for_list,
    category_label,
    origin_label,
    queue_for,
    status_label,
    today,
    unit_name,
)
from admin.cases.search_args import SearchArgs, given_args, load_search
from admin.cases.unit_choices import DISTRICT_KINDS, RESPONSIBLE_KINDS, unit_groups
from admin.cases.worklists import parse_filters, references
from admin.lists.exporting import HEADER, export_rows, format_rows
from admin.lists.sheets import write_table
from core.case.statuses import Status
from core.domain.errors import InvalidInput
from core.domain.orgunits import UnitKind
from core.domain.roles import Actor
from core.domain.values import Category, Origin
from projections.cases.queues import Queue
from projections.cases.search import CaseQuery, Searcher, find_cases, iter_found
from projections.flags.queries import flagged_among

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: The form's labels, also naming a malformed parameter in the refusal.
LABELS = {
    "q": _l("Words"),
    "reference": _l("Reference"),
    "external_ref": _l("External number"),
    "district": _l("District"),
    "township": _l("Township"),
    "unit": _l("Responsible unit"),
    "category": _l("Category"),
    "origin": _l("Origin"),
    "status": _l("Status"),
    "overdue": _l("Overdue"),
    "flagged": _l("Flagged"),
    "reported_from": _l("Reported from"),
    "reported_to": _l("Reported until"),
    "sort": _l("Sort by"),
    "order": _l("Order"),
    "page": _l("Page"),
    "page_size": _l("Rows per page"),
}
SORT_LABELS = {
    "reported": _l("Date reported"),
    "deadline": _l("Deadline"),
    "reference": _l("Reference"),
    "status": _l("Status"),
}
ORDER_LABELS = {"desc": _l("Descending"), "asc": _l("Ascending")}


def zone() -> ZoneInfo:
    return ZoneInfo(services().settings.timezone)


def searcher(actors: Sequence[Actor]) -> Searcher:
    """The logged-in official searching today (the staff API's list searches the same way)."""
    return Searcher(services().tree, actors, today(), zone())


def _refusal(error: ValidationError) -> str:
    names = sorted(error.messages) if isinstance(error.messages, dict) else []
    shown = "、".join(str(LABELS.get(n, n)) for n in names)
    return str(_("These search fields are not valid: %(fields)s.", fields=shown))


def _page(
    status: int,
    search: SearchArgs | None,
    given: dict[str, str],
    *,
    page: Any = None,
    message: str | None = None,
) -> Any:
    tree = services().tree
    query = search.query if search else CaseQuery()
    flagged = flagged_among(services().engine, [r.case_id for r in page.items]) if page else set()
    body = render_template(
        "admin/search.html",
        search=search,
        query=query,
        given=given,
        page=page,
        message=message,
        flagged=flagged,
        districts=tree.of_kind(*DISTRICT_KINDS),
        townships=unit_groups(tree, (UnitKind.TOWNSHIP,)),
        units=unit_groups(tree, RESPONSIBLE_KINDS),
        categories=[c.value for c in Category],
        origins=[o.value for o in Origin],
        statuses=[s.value for s in Status],
        labels=LABELS,
        sort_labels=SORT_LABELS,
        order_labels=ORDER_LABELS,
        unit_name=unit_name,
        status_label=status_label,
        category_label=category_label,
        origin_label=origin_label,
        zone=zone(),
    )
    return body, status


@bp.get("/cases", endpoint="cases")
@login_required
def search_page() -> Any:
    """Search every case the official may read; the form's fields are the API's parameters."""
    actors = actors_for_list()
    if not isinstance(actors, list):
        return actors
    given = given_args(request.args)
    try:
        search = load_search(request.args, unknown=EXCLUDE)
    except ValidationError as error:
        return _page(400, None, given, message=_refusal(error))
    svc = services()
    try:
        page = find_cases(
            svc.engine, searcher(actors), search.query, page=search.page, page_size=search.page_size
        )
    except InvalidInput as error:
        return _page(400, search, given, message=error.text(_))
    return _page(200, search, given, page=page)


def _download(fmt: str, rows: list[list[Any]]) -> Response:
    buffer = io.BytesIO()
    write_table(buffer, HEADER, rows, fmt, title="案件清单")
    name = f"cases-{today().isoformat()}.{fmt}"
    return Response(
        buffer.getvalue(),
        mimetype=EXPORT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _queue_rows(actors: Sequence[Actor], queue: Queue) -> list[list[Any]]:
    """A work queue's rows with the queue page's own (forgiving) filters."""
    svc, day = services(), today()
    filters = parse_filters(request.args, svc.tree)
    allowed = references(svc.engine, svc.tree, actors, filters, day, queue=queue)
    rows = export_rows(
        svc.engine, svc.tree, day, filters.as_export(), timezone=svc.settings.timezone
    )
    return [r for r in rows if r[0] in allowed]


@bp.get("/cases.<fmt>", endpoint="export_cases")
@login_required
def export(fmt: str) -> Any:
    """The search (or, with `queue`, the work queue) as a spreadsheet: every page, in order."""
    if fmt not in EXPORT_TYPES:
        abort(404)
    actors = actors_for_list()
    if not isinstance(actors, list):
        return actors
    if request.args.get("queue"):
        queue = queue_for(actors, request.args["queue"])
        if not isinstance(queue, Queue):
            return queue
        return _download(fmt, _queue_rows(actors, queue))
    given = given_args(request.args)
    svc = services()
    try:
        search = load_search(request.args, unknown=EXCLUDE)
        found = list(iter_found(svc.engine, searcher(actors), search.query))
    except ValidationError as error:
        return _page(400, None, given, message=_refusal(error))
    except InvalidInput as error:
        return _page(400, None, given, message=error.text(_))
    rows = format_rows(svc.engine, svc.tree, found, timezone=svc.settings.timezone)
    return _download(fmt, rows)
