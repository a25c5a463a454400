"""`flask --app wsgi cases import FILE [--apply]` and `flask --app wsgi cases export FILE`."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask.cli import AppGroup

from admin.labels import category_from_text
from admin.lists.exporting import export_cases
from admin.lists.fields import ImportFileError, find_unit
from admin.lists.importing import ImportReport, Preview, RowStatus, apply, preview, read_import_file
from admin.lists.importing import stored_external_refs as stored
from admin.lists.sheets import SheetError, format_of
from core.case.statuses import Status
from core.domain.roles import Actor, Role
from projections.engine.catchup import catch_up
from projections.engine.locks import ProjectorLock
from projections.engine.projector import prepare
from projections.engine.registry import SET_NAME
from projections.engine.schema import check_schema
from projections.engine.waiting import ProjectionLagging, wait_for
from stores.migrate import SchemaMissing
from stores.services import Services, current_services

cases_cli = AppGroup("cases", help="Import inspection problem lists; export case lists.")


def _services() -> Services:
    services = current_services()
    try:
        check_schema(services.settings)
    except SchemaMissing as exc:
        raise click.ClickException(str(exc)) from None
    return services


def _today(services: Services) -> date:
    return datetime.now(ZoneInfo(services.settings.timezone)).date()


def bring_read_side_up_to_date(services: Services, timeout: float = 60.0) -> None:
    """Catch the case list up with every recorded event: ourselves when no projector runs,
    else by waiting for the running one. ClickException when it cannot get there."""
    app = services.app
    lock = ProjectorLock(services.settings, SET_NAME)
    if lock.try_acquire():
        try:
            catch_up(app, services.engine, prepare(services))
        finally:
            lock.release()
    target = app.recorder.max_notification_id() or 0
    try:
        wait_for(services.engine, "case_list", target, timeout=timeout)
    except ProjectionLagging as exc:
        raise click.ClickException(f"the case list is not up to date: {exc}") from None


def _print_preview(result: Preview) -> None:
    click.echo(f"{'row':>5}  {'number':<20} {'status':<17} title / messages")
    for row in result.rows:
        title = row.title if len(row.title) <= 30 else row.title[:29] + "…"
        click.echo(f"{row.line:>5}  {row.number:<20} {row.status.value:<17} {title}")
        for message in row.messages:
            click.echo(f"{'':>45}- {message}")
    click.echo(
        f"{len(result.rows)} rows: {result.count(RowStatus.NEW)} new, "
        f"{result.count(RowStatus.IMPORTED)} already imported, "
        f"{result.count(RowStatus.ERROR)} with errors"
    )


def _print_report(report: ImportReport) -> None:
    for item in report.created:
        kind = "measure" if item.is_measure else "problem"
        sent = f" -> {item.unit_id}, due {item.deadline}" if item.unit_id else ""
        click.echo(f"created {kind} {item.reference} ({item.number}, row {item.line}){sent}")
    for line, message in report.skipped:
        click.echo(f"skipped row {line}: {message}")
    for line, message in report.failed:
        click.echo(f"FAILED row {line}: {message}", err=True)
    problems = sum(1 for c in report.created if not c.is_measure)
    click.echo(
        f"created {problems} problems and {len(report.created) - problems} measures; "
        f"{len(report.skipped)} skipped, {len(report.failed)} failed"
    )


@cases_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "write", is_flag=True, help="Write the valid new rows (default: preview).")
@click.option("--user", default="import", show_default=True, help="User id recorded on events.")
def import_command(file: Path, write: bool, user: str) -> None:
    """Check a problem list (CSV or XLSX) and, with --apply, register its new rows."""
    services = _services()
    try:
        rows = read_import_file(file)
    except (ImportFileError, SheetError) as exc:
        raise click.ClickException(f"{file.name}: {exc}") from None
    bring_read_side_up_to_date(services)
    result = preview(rows, stored(services.engine), services.tree, _today(services))
    _print_preview(result)
    if not write:
        sys.exit(0 if result.ok else 1)
    actor = Actor(user, services.tree.root.id, Role.OFFICE)
    report = apply(result, services.app, actor)
    _print_report(report)
    bring_read_side_up_to_date(services)
    sys.exit(0 if result.ok and not report.failed else 1)


@cases_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--district", help="District, county or township: unit id or name.")
@click.option("--status", multiple=True, type=click.Choice([s.value for s in Status]))
@click.option("--category", help="Category: value (water) or Chinese name (水).")
@click.option("--origin", help="Origin value, e.g. central_feedback.")
@click.option("--unit", help="Responsible unit: id or name.")
@click.option("--overdue/--not-overdue", default=None, help="Only overdue (or on-time) cases.")
@click.option("--q", "text", help="Text in reference, title or description.")
def export_command(
    file: Path,
    district: str | None,
    status: tuple[str, ...],
    category: str | None,
    origin: str | None,
    unit: str | None,
    overdue: bool | None,
    text: str | None,
) -> None:
    """Write the filtered case list to FILE.csv or FILE.xlsx."""
    services = _services()
    try:
        format_of(file)
    except SheetError as exc:
        raise click.BadParameter(str(exc), param_hint="FILE") from None
    filters: dict[str, object] = {"text": text, "origin": origin, "overdue": overdue}
    if district:
        place = find_unit(district, services.tree)
        if place is None:
            raise click.BadParameter(f"unknown unit {district!r}", param_hint="--district")
        key = "township_id" if place.kind == "township" else "district_id"
        filters[key] = place.id
    if unit:
        found = find_unit(unit, services.tree)
        if found is None:
            raise click.BadParameter(f"unknown unit {unit!r}", param_hint="--unit")
        filters["responsible_unit"] = found.id
    if category:
        chosen = category_from_text(category)
        if chosen is None:
            raise click.BadParameter(f"unknown category {category!r}", param_hint="--category")
        filters["category"] = chosen.value
    if status:
        filters["status"] = set(status)
    bring_read_side_up_to_date(services)
    count = export_cases(
        services.engine,
        file,
        services.tree,
        _today(services),
        {k: v for k, v in filters.items() if v is not None},
        timezone=services.settings.timezone,
    )
    click.echo(f"exported {count} cases to {file}")
