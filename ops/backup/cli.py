"""`flask --app wsgi events export FILE` and `events import FILE`: the event log, out and in."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from ops.backup.archive import BackupError, Transfer, export_all, import_all, read_header
from ops.backup.stores import recorders
from projections.engine.cli import _services
from projections.ledger.sealer import LedgerError, write_checkpoint
from stores.services import Services

events_cli = AppGroup("events", help="Back up and restore the event log.")


def _checkpoint(services: Services) -> str | None:
    """A ledger checkpoint signed now, covering what the export will hold; None without a key."""
    if services.settings.signing_key is None:
        click.echo("no ledger checkpoint: DUCHA_SIGNING_KEY is not set", err=True)
        return None
    try:
        path = write_checkpoint(services)
    except LedgerError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"ledger checkpoint: {path}")
    return path.read_text(encoding="utf-8")


@events_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_command(file: Path) -> None:
    """Write every stored event, in notification order, and the rows no projection rebuilds
    (accounts, contacts, mail sent, ...) to FILE (JSON lines)."""
    services = _services()
    checkpoint = _checkpoint(services)
    total = sum(r.max_notification_id() or 0 for r in recorders(services).values())
    partial = file.with_name(file.name + ".partial")
    with (
        partial.open("w", encoding="utf-8") as out,
        click.progressbar(length=total, label="exporting", file=sys.stderr) as bar,
    ):
        done = export_all(services, out, checkpoint, progress=bar.update)
        bar.update(max(0, total - sum(done.events.values())))
    partial.replace(file)  # a file under FILE's name is always complete
    click.echo(f"exported {_moved(done)}")


def _moved(done: Transfer) -> str:
    return (
        f"{done.events['ducha']} events (up to notification {done.last['ducha']}) "
        f"and {done.rows} table rows"
    )


@events_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Load FILE (from `events export`) into this empty store, all or nothing."""
    services = _services()
    with file.open(encoding="utf-8") as lines:
        try:
            total = sum(read_header(lines.readline())["logs"].values())
            lines.seek(0)
            with click.progressbar(length=total, label="importing", file=sys.stderr) as bar:
                done = import_all(services, lines, progress=bar.update)
                bar.update(max(0, total - sum(done.events.values())))
        except BackupError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"imported {_moved(done)}; now run `flask --app wsgi projections rebuild`")
    if done.checkpoint is not None:
        kept = file.with_name(file.name + ".checkpoint")
        kept.write_text(done.checkpoint, encoding="utf-8")
        click.echo(f"the export's ledger checkpoint is in {kept}; check the restored log with")
        click.echo(f"  flask --app wsgi audit verify --checkpoint {kept}")


def init_app(app: Flask) -> None:
    app.cli.add_command(events_cli)
