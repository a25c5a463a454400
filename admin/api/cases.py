"""Reading cases through the staff API: the list (search and filters, the caller's jurisdiction
only) and one case with its timeline and the actions the caller may take now."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import jsonify, request
from sqlalchemy import select

from admin.acting import actor_for_case
from admin.api.auth import current_actors, services
from admin.api.blueprint import bp
from admin.api.schemas import CaseDetailSchema, CasePageSchema, CaseQuerySchema
from admin.cases.actions import offered
from admin.cases.search import searcher  # the search page's own
from admin.cases.search_args import load_search
from core.domain.errors import CaseNotFound
from core.domain.roles import Actor, Role, check_jurisdiction
from projections.cases.queries import CaseRow, aware, get_case_row_by_reference
from projections.cases.search import find_cases
from projections.timeline.projection import timeline_entries


def today() -> Any:
    return datetime.now(ZoneInfo(services().settings.timezone)).date()


def readable_row(actors: list[Actor], reference: str) -> tuple[Actor, CaseRow]:
    """The case's row and the caller's actor for it, when the caller may read it: auditors
    every case, others the cases of their jurisdiction (of any grant acting together)."""
    row = get_case_row_by_reference(services().engine, reference, today())
    if row is None:
        raise CaseNotFound(f"no case with reference {reference}")
    location = row.township_id or row.district_id
    actor = actor_for_case(services().tree, actors, location, row.responsible_unit)
    if actor.role is not Role.AUDITOR:
        check_jurisdiction(services().tree, actor, location, row.responsible_unit)
    return actor, row


@bp.get("/cases")
def list_cases() -> Any:
    """Search the cases the caller may read, with the filters of the officials' search page.
    ---
    get:
      summary: Search cases
      parameters:
      - in: query
        schema: CaseQuerySchema
      responses:
        200:
          description: found
          content:
            application/json:
              schema: CasePageSchema
        400:
          description: the filters are malformed, or the page lies past the last one
          content:
            application/json:
              schema: ErrorSchema
        403:
          description: no valid key
          content:
            application/json:
              schema: ErrorSchema
    """
    actors = current_actors()
    search = load_search(request.args, CaseQuerySchema())
    svc = services()
    page = find_cases(
        svc.engine, searcher(actors), search.query, page=search.page, page_size=search.page_size
    )
    body = {
        "items": page.items,
        "total": page.total,
        "page": page.page,
        "page_size": page.page_size,
        "pages": page.pages,
    }
    return jsonify(CasePageSchema().dump(body))


def timeline_rows(row: CaseRow) -> list[dict[str, Any]]:
    query = (
        select(timeline_entries)
        .where(timeline_entries.c.case_id == row.case_id)
        .order_by(timeline_entries.c.version)
    )
    with services().engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [{k: aware(v) for k, v in r.items()} for r in rows]


@bp.get("/cases/<reference>")
def read_case(reference: str) -> Any:
    """One case, its timeline (oldest first) and the actions the caller may take now.
    ---
    get:
      summary: Read a case with its timeline
      parameters:
      - in: path
        name: reference
        required: true
        schema: {type: string, maxLength: 40}
      responses:
        200:
          description: found
          content:
            application/json:
              schema: CaseDetailSchema
        403:
          description: no valid key, or outside the jurisdiction
          content:
            application/json:
              schema: ErrorSchema
        404:
          description: no such case
          content:
            application/json:
              schema: ErrorSchema
    """
    actor, row = readable_row(current_actors(), reference)
    case = services().app.get(row.case_id)
    actions = [ui.name for ui in offered(services().tree, actor, case)]
    body = {"case": row, "timeline": timeline_rows(row), "actions": actions}
    return jsonify(CaseDetailSchema().dump(body))
