"""What the officials' case page shows: the summary, the staff timeline, related cases, and
the forms of the actions this official may take now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import render_template
from flask_babel import get_locale
from sqlalchemy import select

from admin.audit.flag_labels import flag_labels
from admin.audit.history import residents_words
from admin.auth import services
from admin.cases.actions import UiAction, offered
from admin.cases.evidence import case_evidence
from admin.cases.forms import ActionForm
from admin.cases.queues import match_label, status_label, today, unit_name
from admin.cases.unit_choices import transfer_choices
from admin.labels import category_zh, origin_zh
from core.case.aggregate import Case
from core.case.statuses import Status
from core.domain.roles import Actor, Role
from core.domain.values import Category
from projections.cases.duplicates import Suggestion, duplicate_suggestions
from projections.cases.queries import get_case_row
from projections.flags.queries import flags_for_case
from projections.public.redaction import public_title, redact
from projections.timeline.projection import timeline_entries
from stores.phrases import phrases_of


@dataclass(frozen=True)
class TimelineRow:
    version: int
    event_type: str
    summary: str
    actor: str
    role: str
    unit: str
    recorded_at: str
    effective_date: date | None


@dataclass(frozen=True)
class Related:
    reference: str
    title: str
    status: str


@dataclass(frozen=True)
class ShownAction:
    ui: UiAction
    form: ActionForm


def english() -> bool:
    return str(get_locale()) == "en"


def _unmasked(text: str) -> str:
    return text


def timeline(case: Case, mask: Callable[[str], str] = _unmasked) -> list[TimelineRow]:
    """The case's timeline rows from the projection, oldest first; `mask` is applied to the
    lines that quote a resident's words."""
    svc = services()
    zone = ZoneInfo(svc.settings.timezone)
    en = english()
    query = (
        select(timeline_entries)
        .where(timeline_entries.c.case_id == case.id)
        .order_by(timeline_entries.c.version)
    )
    with svc.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        TimelineRow(
            version=row.version,
            event_type=row.event_type,
            summary=(mask if residents_words(row.event_type, row.actor_role) else _unmasked)(
                row.summary_en if en else row.summary_zh
            ),
            actor=row.actor_user_id,
            role=row.actor_role,
            unit=unit_name(row.actor_unit_id),
            recorded_at=_local(row.recorded_at, zone),
            effective_date=row.effective_date,
        )
        for row in rows
    ]


def _local(moment: datetime, zone: ZoneInfo) -> str:
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def related(case: Case) -> tuple[Related | None, list[Related]]:
    """The parent problem and the measures of this case, with their statuses."""
    app = services().app
    parent = None
    if case.parent_id is not None:
        found = app.get(case.parent_id)
        parent = Related(found.reference, found.title, found.status.value)
    children = [Related(c.reference, c.title, c.status.value) for c in app.children_of(case)]
    return parent, children


def duplicates(case: Case) -> list[Suggestion]:
    """Open cases this new complaint may repeat, for the desk deciding to accept or merge."""
    if case.status is not Status.REPORTED:
        return []
    row = get_case_row(services().engine, case.id)
    return [] if row is None else duplicate_suggestions(services().engine, [row])[case.id]


def open_items(case: Case) -> dict[str, Any]:
    """Open objections and accountabilities with their texts, and the typical-case proposal."""
    objections: dict[str, str] = {}
    accountabilities: dict[str, str] = {}
    proposal: dict[str, str] | None = None
    for event in services().app.history(case.id):
        if isinstance(event, Case.ObjectionRaised):
            if event.objection_id in case.open_objections:
                objections[event.objection_id] = event.text
        elif isinstance(event, Case.AccountabilityTriggered):
            if event.accountability_id in case.accountability_open:
                target = unit_name(event.target_unit_id)
                accountabilities[event.accountability_id] = (
                    f"{event.form} · {target} · {event.target_post}"
                )
        elif isinstance(event, Case.TypicalCaseProposed):
            proposal = {"title": event.title, "text": event.text}
        elif isinstance(event, Case.TypicalCasePublished):
            proposal = None
    return {"objections": objections, "accountabilities": accountabilities, "proposal": proposal}


def prepare(form: ActionForm, case: Case, items: dict[str, Any], fresh: bool) -> ActionForm:
    """Fill in the choices that depend on the case and the org tree; the version when fresh."""
    tree = services().tree
    if fresh:
        form.version.data = case.version
    if hasattr(form, "unit"):
        suggested = case.place.township_id
        form.unit.choices = transfer_choices(tree, unit_name, case.place.district_id, suggested)
        if fresh:
            form.unit.data = case.responsible_unit or suggested
    if hasattr(form, "target_unit"):
        form.target_unit.choices = [(u.id, unit_name(u.id)) for u in tree]
        if fresh and case.responsible_unit:
            form.target_unit.data = case.responsible_unit
    if hasattr(form, "objection"):
        form.objection.choices = list(items["objections"].items())
    if hasattr(form, "accountability"):
        form.accountability.choices = list(items["accountabilities"].items())
    if fresh and hasattr(form, "title") and items["proposal"] is not None:
        form.title.data = items["proposal"]["title"]
        form.text.data = items["proposal"]["text"]
    return form


def shown_actions(
    actor: Actor, case: Case, items: dict[str, Any], submitted: dict[str, ActionForm]
) -> list[ShownAction]:
    shown = []
    for ui in offered(services().tree, actor, case):
        form = submitted.get(ui.name)
        if form is None:
            form = prepare(ui.form_class(formdata=None), case, items, fresh=True)
        shown.append(ShownAction(ui, form))
    return shown


def render_case(
    actor: Actor,
    case: Case,
    status: int = 200,
    *,
    message: str | None = None,
    submitted: dict[str, ActionForm] | None = None,
) -> Any:
    """The case page; `submitted` replaces a blank form by the one sent (with its errors)."""
    items = open_items(case)
    parent, children = related(case)
    day = today()
    # auditors read everything except complainant identity: contact details a resident typed
    # into their words are masked for them, as on the auditors' own pages
    mask = redact if actor.role is Role.AUDITOR else _unmasked
    page = render_template(
        "admin/case.html",
        mask=mask,
        case_title=public_title(case.title, case.description) if mask is redact else case.title,
        case=case,
        actor=actor,
        message=message,
        parent=parent,
        children=children,
        timeline=timeline(case, mask),
        items=items,
        actions=shown_actions(actor, case, items, submitted or {}),
        overdue=case.is_overdue(day),
        english=english(),
        origin_label=lambda o: o.replace("_", " ") if english() else origin_zh(o),
        category_label=lambda c: c if english() else category_zh(c),
        categories=[Category(c).value for c in case.categories],
        unit_name=unit_name,
        status_label=status_label,
        redact=redact,
        duplicates=duplicates(case),
        match_label=match_label,
        evidence_items=case_evidence(
            services().app, case.id, withhold_resident_exif=actor.role is Role.AUDITOR
        ),
        integrity_flags=flags_for_case(services().engine, case.id),
        phrases=phrases_of(services().engine, [actor.unit_id]),
        flag_labels=flag_labels(),
    )
    return page, status
