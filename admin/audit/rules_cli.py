"""`flask --app wsgi audit scan` and `audit import-readings FILE`: the anti-fake rules in full,
and monitoring readings for R9. Thin wrappers over importable functions."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import Engine

from admin.audit.cli import audit_cli
from core.rules.thresholds import Thresholds
from core.service.application import Ducha
from projections.flags.projection import FlagsProjection, rule_setting
from projections.flags.scan import compare, full_scan
from stores.readings import ReadingsImport, import_readings
from stores.services import current_services


def import_readings_file(
    app: Ducha, engine: Engine, text: str, thresholds: Thresholds | None = None
) -> ReadingsImport:
    """Import the good rows and re-run the rules over the cases they are linked to."""

    def known(case_id: object) -> bool:
        return bool(app.recorder.select_events(case_id, limit=1))  # type: ignore[arg-type]

    with engine.begin() as conn:
        report = import_readings(conn, text, app.zone, known, datetime.now(UTC))
        FlagsProjection(app, thresholds).reevaluate(conn, sorted(report.cases, key=str))
    return report


@audit_cli.command("import-readings")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_readings_command(path: Path) -> None:
    """Import monitoring readings (CSV: case,station,metric,time,value,limit)."""
    services = current_services()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not UTF-8 text") from None
    report = import_readings_file(
        services.app, services.engine, text, services.settings.rule_thresholds
    )
    for line, message in report.errors:
        click.echo(f"line {line}: {message}", err=True)
    click.echo(
        f"{report.imported} reading(s) imported, {report.duplicates} already known, "
        f"{len(report.errors)} row(s) refused"
    )
    if report.errors:
        raise SystemExit(1)


@audit_cli.command("scan")
@click.option("--json", "as_json", is_flag=True, help="Print every flag as a JSON line.")
def scan_command(as_json: bool) -> None:
    """Run every rule over every case from scratch; compare with the flags projection."""
    services = current_services()
    app = services.app
    found = full_scan(app, services.engine, rule_setting(app, services.settings.rule_thresholds))
    if as_json:
        for flag in found:
            click.echo(json.dumps({
                "flag_id": flag.flag_id, "rule": flag.rule, "case_id": str(flag.case_id),
                "severity": flag.severity.value, "explanation": flag.explanation,
                "cited": [f"{c.case_id}:{c.version}" for c in flag.cited],
                "at": flag.at.isoformat(), "proposal": flag.proposal,
            }, ensure_ascii=False))  # fmt: skip
    for rule, count in sorted(Counter(f.rule for f in found).items(), key=lambda i: int(i[0][1:])):
        click.echo(f"{rule}: {count}")
    comparison = compare(services.engine, found)
    click.echo(f"{comparison.scanned} flag(s) found by the scan")
    if comparison.agrees:
        click.echo("the flags projection holds the same flags")
        return
    click.echo(
        f"the flags projection differs: {len(comparison.missing)} missing, "
        f"{len(comparison.extra)} extra (is the projector behind? see `projections status`)"
    )
    raise SystemExit(1)
