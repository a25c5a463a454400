"""The work-queue pages, the queue counts in the navigation, and the case-list export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, g, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin.auth import current_actors, login_required, services
from admin.blueprint import bp
from admin.cases.worklists import (
    MIXED_STATUS_QUEUES,
    case_list,
    districts,
    find_queue,
    parse_filters,
    parse_page,
)
from admin.labels import category_zh, origin_zh
from core.case.statuses import Status
from core.domain.errors import PermissionDenied
from core.domain.roles import Actor
from core.domain.values import Category
from projections.cases.duplicates import Match, Suggestion, duplicate_suggestions
from projections.cases.queues import Queue, queue_counts, queue_names_for
from projections.timeline.summaries import status_zh

QUEUE_LABELS = {
    "new_complaints": _l("New complaints"),
    "to_transfer": _l("To transfer"),
    "plans_to_approve": _l("Plans to approve"),
    "extensions_to_decide": _l("Extensions to decide"),
    "open_notices": _l("Open public notices"),
    "ready_to_close": _l("Ready to close"),
    "to_acknowledge": _l("To acknowledge"),
    "in_rectification": _l("In rectification"),
    "awaiting_acceptance": _l("Awaiting acceptance"),
    "awaiting_sign_off": _l("Awaiting sign-off"),
    "overdue": _l("Overdue"),
}
#: The queue whose rows carry possible duplicates (the intake desk's new complaints).
DUPLICATES_QUEUE = "new_complaints"
MATCH_LABELS = {
    Match.ENTERPRISE: _l("same enterprise"),
    Match.NEARBY: _l("within %(metres)s m"),
    Match.TOWNSHIP: _l("same township"),
}


@dataclass(frozen=True)
class QueueLink:
    name: str
    label: str
    count: int


def today() -> date:
    return datetime.now(ZoneInfo(services().settings.timezone)).date()


def _english() -> bool:
    return str(get_locale()) == "en"


def queue_label(name: str) -> str:
    return str(QUEUE_LABELS.get(name, name))


def unit_name(unit_id: str | None) -> str:
    tree = services().tree
    if not unit_id:
        return ""
    if unit_id not in tree:
        return unit_id
    unit = tree.get(unit_id)
    return unit.name_en if _english() and unit.name_en else unit.name


def match_label(suggestion: Suggestion) -> str:
    metres = round(suggestion.distance_m) if suggestion.distance_m is not None else ""
    return str(MATCH_LABELS[suggestion.match]) % {"metres": metres}


def status_label(status: str) -> str:
    return status.replace("_", " ") if _english() else status_zh(status)


def category_label(category: str) -> str:
    return category if _english() else category_zh(category)


def origin_label(origin: str) -> str:
    return origin.replace("_", " ") if _english() else origin_zh(origin)


def _actors_or_none() -> list[Actor] | None:
    if not current_user.is_authenticated:
        return None
    try:
        return current_actors()
    except PermissionDenied:
        return None


def work_queues() -> list[QueueLink]:
    """The logged-in official's queues with their counts; computed once per request."""
    if "admin_work_queues" not in g:
        actors = _actors_or_none()
        links: list[QueueLink] = []
        if actors is not None:
            counts = queue_counts(services().engine, services().tree, actors, today())
            names = queue_names_for(actors[0].role)
            links = [QueueLink(n, queue_label(n), counts[n]) for n in names]
        g.admin_work_queues = links
    return list(g.admin_work_queues)


@bp.context_processor
def _layout_helpers() -> dict[str, Any]:
    return {"work_queues": work_queues}


def denied(message: str) -> Any:
    return render_template("admin/denied.html", message=message), 403


def actors_for_list() -> list[Actor] | Any:
    """The official's actors (admin.auth.current_actors), or the page refusing one with none."""
    try:
        return current_actors()
    except PermissionDenied:
        return denied(_("You hold no role yet. Ask the office to grant you one."))


def queue_for(actors: Sequence[Actor], name: str) -> Queue | Any:
    queue = find_queue(name)
    if queue is None:
        abort(404)
    if actors[0].role not in queue.roles:
        return denied(_("This queue is not one of your role's queues."))
    return queue


@bp.get("/queues/<name>", endpoint="queue")
@login_required
def queue_page(name: str) -> Any:
    actors = actors_for_list()
    if not isinstance(actors, list):
        return actors
    queue = queue_for(actors, name)
    if not isinstance(queue, Queue):
        return queue
    svc = services()
    filters = parse_filters(request.args, svc.tree)
    page = case_list(
        svc.engine, svc.tree, actors, filters, today(), queue=queue, page=parse_page(request.args)
    )
    args = {**filters.as_args(), "queue": name}
    suggestions = duplicate_suggestions(svc.engine, page.items) if name == DUPLICATES_QUEUE else {}
    return render_template(
        "admin/queue.html",
        queue_name=name,
        title=queue_label(name),
        page=page,
        filters=filters,
        page_args=filters.as_args(),
        export_args=args,
        districts=districts(svc.tree),
        categories=[x.value for x in Category],
        statuses=[s.value for s in Status] if name in MIXED_STATUS_QUEUES else [],
        unit_name=unit_name,
        status_label=status_label,
        category_label=category_label,
        suggestions=suggestions,
        match_label=match_label,
    )
