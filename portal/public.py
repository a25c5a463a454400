"""Public results: the list of public cases with search and filters, a case's public page,
typical cases (典型案例) and the metadata-free photos."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel.speaklater import LazyString

from core.domain.values import Category
from portal.blueprint import bp
from portal.helpers import (
    CATEGORY_LABELS,
    STATUS_SHORT,
    STATUS_WORDS,
    districts,
    evidence_store,
    local_date,
    services,
    unit_name,
)
from projections.evidence.queries import is_public_photo
from projections.public.queries import (
    get_public_case,
    public_timeline,
    search_public_cases,
    typical_cases,
)

#: Statuses a public case can have (reported, declined and merged are never public).
PUBLIC_STATUSES = [s for s in STATUS_WORDS if s not in ("reported", "declined", "merged")]
PHOTO_MAX_AGE = 365 * 86_400


def today() -> date:
    return datetime.now(ZoneInfo(services().settings.timezone)).date()


def english() -> bool:
    return str(get_locale()) == "en"


def page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


@bp.app_template_filter("public_day")
def public_day(moment: datetime | date | None) -> str:
    """A date in the city's time zone, ISO style (readable in both languages)."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        day = local_date(moment)
        return day.isoformat() if day else ""
    return moment.isoformat()


def district_options() -> list[tuple[str, str]]:
    return [(u.id, unit_name(u.id, english())) for u in districts(services().tree)]


def category_options() -> list[tuple[str, str | LazyString]]:
    return [(c.value, CATEGORY_LABELS[c]) for c in Category]


def status_options() -> list[tuple[str, str | LazyString]]:
    return [(s, STATUS_SHORT[s]) for s in PUBLIC_STATUSES]


def _choice(name: str, allowed: list[str]) -> str | None:
    value = request.args.get(name, "")
    return value if value in allowed else None


@bp.get("/cases", endpoint="public_cases")
def cases() -> Any:
    districts_ = district_options()
    filters = {
        "district": _choice("district", [d for d, _ in districts_]),
        "category": _choice("category", [c.value for c in Category]),
        "status": _choice("status", PUBLIC_STATUSES),
    }
    text = request.args.get("q", "").strip()[:100]
    result = search_public_cases(
        services().engine,
        today=today(),
        text=text or None,
        district_id=filters["district"],
        category=filters["category"],
        status=filters["status"],
        page=page_number(),
    )
    args = {k: v for k, v in filters.items() if v}
    if text:
        args["q"] = text
    return render_template(
        "portal/public/cases.html",
        result=result,
        q=text,
        filters=filters,
        args=args,
        districts=districts_,
        categories=category_options(),
        statuses=status_options(),
        english=english(),
    )


@bp.get("/cases/<reference>", endpoint="public_case")
def case_page(reference: str) -> Any:
    case = get_public_case(services().engine, reference, today())
    if case is None:
        abort(404)
    if case.reference != reference:
        return redirect(url_for("portal.public_case", reference=case.reference), code=301)
    timeline = public_timeline(services().engine, case.case_id, english=english())
    return render_template(
        "portal/public/case.html", case=case, timeline=timeline, english=english()
    )


@bp.get("/typical", endpoint="typical_cases")
def typical() -> Any:
    result = typical_cases(services().engine, today=today(), page=page_number())
    return render_template("portal/public/typical.html", result=result, english=english())


@bp.get("/typical/<reference>", endpoint="typical_case")
def typical_case(reference: str) -> Any:
    case = get_public_case(services().engine, reference)
    if case is None or case.typical_published_at is None:
        abort(404)
    return redirect(
        url_for("portal.public_case", reference=case.reference, _anchor="typical"), code=302
    )


@bp.get("/photos/<name>.jpg", endpoint="photo")
def photo(name: str) -> Any:
    """The public copy of a photo of a case shown to the public; nothing else."""
    path = evidence_store().public_file(name)
    if path is None or not is_public_photo(services().engine, name):
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=PHOTO_MAX_AGE, conditional=True)
    response.headers["Cache-Control"] = f"public, max-age={PHOTO_MAX_AGE}, immutable"
    return response
