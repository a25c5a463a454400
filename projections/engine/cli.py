"""`flask --app wsgi db …` (the schema) and `flask --app wsgi projections …` (the projector)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

import click
from flask import Flask
from flask.cli import AppGroup

from core.settings import Settings
from projections.engine.catchup import catch_up
from projections.engine.locks import ProjectorBusy, ProjectorLock
from projections.engine.projector import prepare, projection_status, run_projector
from projections.engine.registry import SET_NAME, reset_projections, select_projections
from projections.engine.schema import SchemaReady, check_schema, init_schema, upgrade_schema
from projections.outbox.mailer import Mailer
from stores.migrate import SchemaMissing, write_revision
from stores.services import Services, current_services
from stores.signing import ensure_own_signing_key, verifier_path

db_cli = AppGroup("db", help="The database schema.")
projections_cli = AppGroup("projections", help="The read-side projector.")


def _services() -> Services:
    services = current_services()
    try:
        check_schema(services.settings)
    except SchemaMissing as exc:
        raise click.ClickException(str(exc)) from None
    return services


def _locked(services: Services, wait: bool) -> ProjectorLock:
    lock = ProjectorLock(services.settings, SET_NAME)
    try:
        lock.acquire(wait=wait)
    except ProjectorBusy as exc:
        raise click.ClickException(f"{exc}; stop it first, or pass --wait") from None
    return lock


def _schema_command(make: Callable[[Settings], SchemaReady]) -> None:
    settings = current_services().settings
    try:
        ready = make(settings)
    except SchemaMissing as exc:  # no installation, or one set up by a newer release
        raise click.ClickException(str(exc)) from None
    migration = ready.migration
    if migration.adopted:
        click.echo(f"adopted a database made before Alembic: stamped at {migration.before}")
    if migration.before != migration.after:
        click.echo(f"migrated the stores from {migration.before or 'nothing'} to {migration.after}")
    if settings.signing_key_in_data_dir and settings.signing_key is not None:
        made = "made now" if ensure_own_signing_key(settings) else "kept"
        click.echo(
            f"ledger signing key {settings.signing_key} ({made}); "
            f"auditors pin the verifier key in {verifier_path(settings.signing_key)}"
        )
    where = settings.database_url or str(settings.data_dir)
    click.echo(
        f"schema ready ({settings.backend}, {where}): {len(ready.tables)} tables, "
        f"revision {migration.after}"
    )


@db_cli.command("init")
def init_command() -> None:
    """Create the event store and read-side tables and migrate them (idempotent)."""
    _schema_command(init_schema)


@db_cli.command("upgrade")
def upgrade_command() -> None:
    """Migrate an existing installation to this release (idempotent)."""
    _schema_command(upgrade_schema)


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the revision changes.")
def revision_command(message: str) -> None:
    """Write a new migration of the stores' tables from their changed definitions (for
    developers: the database must be at the newest revision; review the file it writes)."""
    services = current_services()
    try:
        path = write_revision(services.engine, message)
    except SchemaMissing as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {path}")


@projections_cli.command("run")
@click.option(
    "--wait", is_flag=True, help="Wait for a running projector to stop instead of exiting."
)
@click.option(
    "--poll-interval", default=0.05, show_default=True, help="Seconds between polls (SQLite)."
)
def run_command(wait: bool, poll_interval: float) -> None:
    """Keep the projections up to date until SIGTERM or Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if not 0 < poll_interval <= 0.05:
        raise click.BadParameter("polls at most every 50 ms", param_hint="--poll-interval")
    services = _services()
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        click.echo(f"projector: {signal.Signals(signum).name}, stopping after this batch", err=True)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with _locked(services, wait):
        total = run_projector(services, stop, poll_interval=poll_interval)
    click.echo(f"projector stopped; {total} notifications processed")


@projections_cli.command("catch-up")
def catch_up_command() -> None:
    """Process what is pending, then exit."""
    services = _services()
    with _locked(services, wait=False):
        total = catch_up(services.app, services.engine, prepare(services))
    click.echo(f"caught up: {total} notifications processed")
    _exit_on_errors(services)


@projections_cli.command("send-mail")
@click.option("--wait", is_flag=True, help="Wait for a running projector to stop.")
def send_mail_command(wait: bool) -> None:
    """Send the pending resident e-mails now (backoff ignored), then exit."""
    services = _services()
    mailer = Mailer.from_settings(services.engine, services.settings)
    if mailer is None:
        raise click.ClickException("mail is off: set DUCHA_SMTP_URL to send e-mail")
    prepare(services)
    with _locked(services, wait):
        report = mailer.send_all(ignore_backoff=True)
    click.echo(f"sent {report.messages} messages for {report.done} notifications")
    if report.error:
        click.echo(f"{report.waiting} notifications wait for a retry: {report.error}", err=True)
        sys.exit(1)


@projections_cli.command("status")
def status_command() -> None:
    """Each projection's position, lag (events and seconds) and last error."""
    services = _services()
    prepare(services)
    for s in projection_status(services):
        lag = f"{s.lag_events}{'+' if s.lag_is_capped else ''} events, {s.lag_seconds:.1f} s"
        state = f"STOPPED at notification {s.error_notification_id}: {s.error}" if s.error else "ok"
        click.echo(f"{s.name:<14} position {s.position:<8} lag {lag:<24} {state}")


@projections_cli.command("rebuild")
@click.argument("name", required=False)
@click.option("--wait", is_flag=True, help="Wait for a running projector to stop.")
def rebuild_command(name: str | None, wait: bool) -> None:
    """Drop, recreate and replay from zero one projection (or all)."""
    services = _services()
    try:
        projections = select_projections(services.app, name)
    except LookupError as exc:
        raise click.BadParameter(str(exc), param_hint="NAME") from None
    app = services.app
    with _locked(services, wait):
        reset_projections(services.engine, projections)
        total = app.recorder.max_notification_id() or 0
        with click.progressbar(length=total, label="rebuilding", file=sys.stderr) as bar:
            done = catch_up(app, services.engine, projections, progress=bar.update)
            bar.update(max(0, total - done))
    click.echo(f"rebuilt {', '.join(p.name for p in projections)} from {done} notifications")
    _exit_on_errors(services)


def _exit_on_errors(services: Services) -> None:
    stopped = [s for s in projection_status(services) if s.error]
    for s in stopped:
        click.echo(
            f"{s.name} STOPPED at notification {s.error_notification_id}: {s.error}", err=True
        )
    if stopped:
        sys.exit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(projections_cli)
