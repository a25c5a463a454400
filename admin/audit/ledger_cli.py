"""`flask --app wsgi audit keygen | checkpoint | verify`: the ledger's signing key, checkpoints
and their verification against the stored events (audit_perf.md §A3.4)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import click

from admin.audit.cli import audit_cli
from core.domain.errors import DomainError, InvalidInput
from core.ledger.tree import parse_checkpoint
from core.ledger.verify import Finding, KeptCheckpoint, Tolerances, verify_log
from core.service.application import Ducha
from projections.ledger.sealer import first_divergence, stored_records, write_checkpoint
from stores.ledger_grants import append_only_script
from stores.services import Services, current_services
from stores.signing import (
    KeyExists,
    Signer,
    default_key_name,
    make_signing_key,
    open_note,
    read_signer,
    read_verifier,
    verifier_path,
)


def _services() -> Services:
    services = current_services()
    return services


def _key_path(services: Services) -> Path:
    path = services.settings.signing_key
    if path is None:
        raise click.ClickException("DUCHA_SIGNING_KEY is not set: name the key file there")
    return path


@audit_cli.command("keygen")
@click.option(
    "--name",
    default=None,
    help="The key name and checkpoint origin (no spaces or '+'); default: <public host>/ledger.",
)
def keygen_command(name: str | None) -> None:
    """Make the Ed25519 signing key (DUCHA_SIGNING_KEY; embedded: the data folder's, made by
    `db init`); print the verifier key to pin."""
    services = _services()
    path = _key_path(services)
    try:
        if services.settings.signing_key_in_data_dir and path.exists():
            signer = _own_key(path, name)
            click.echo(f"signing key {path} was made on first run (never overwritten)")
        else:
            signer = make_signing_key(path, name or default_key_name(services.settings.public_url))
            click.echo(f"signing key written to {path} (keep it outside the database and backups)")
    except InvalidInput as exc:
        raise click.ClickException(exc.message) from None
    verifier = signer.verifier.text()
    public = verifier_path(path)
    if not public.exists():
        public.write_text(verifier + "\n", encoding="utf-8")
    click.echo(f"verifier key, also in {public}; auditors pin it:")
    click.echo(verifier)


def _own_key(path: Path, name: str | None) -> Signer:
    """The embedded store's key in its data folder, which `db init` made already."""
    signer = read_signer(path)
    if name is not None and name != signer.name:
        raise KeyExists(
            f"{path} exists already, named {signer.name}; a signing key is never overwritten"
        )
    return signer


@audit_cli.command("checkpoint")
def checkpoint_command() -> None:
    """Catch the ledger up and sign a checkpoint now; prints its file last."""
    try:
        path = write_checkpoint(_services())
    except InvalidInput as exc:
        raise click.ClickException(exc.message) from None
    click.echo(path)


def _kept(
    files: tuple[Path, ...], keys: tuple[str, ...], services: Services
) -> tuple[list[KeptCheckpoint], list[Finding]]:
    if not keys and services.settings.signing_key is None:
        raise click.ClickException(
            "pass the pinned verifier key with --key (or set DUCHA_SIGNING_KEY)"
        )
    try:
        if keys:
            verifiers = [read_verifier(key) for key in keys]
        else:
            verifiers = [read_signer(_key_path(services)).verifier]
    except InvalidInput as exc:
        raise click.ClickException(exc.message) from None
    kept, findings = [], []
    for path in files:
        try:
            text = open_note(path.read_bytes(), verifiers)
            kept.append(KeptCheckpoint(path.name, parse_checkpoint(text)))
        except InvalidInput as exc:
            findings.append(Finding("bad_checkpoint", exc.message, checkpoint=path.name))
    return kept, findings


def _case_id(services: Services, given: str) -> str:
    """A case id, or the id of the case with that reference."""
    try:
        return str(UUID(given))
    except ValueError:
        pass
    try:
        return str(services.app.get_by_reference(given).id)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None


@audit_cli.command("verify")
@click.option(
    "--checkpoint",
    "files",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A checkpoint file you kept; repeat for older ones.",
)
@click.option("--case", "case_id", default=None, help="Also export this case with proofs.")
@click.option(
    "--key",
    "keys",
    multiple=True,
    help="A pinned verifier key, or a file holding it; repeat for rotated keys "
    "(default: DUCHA_SIGNING_KEY's).",
)
@click.option(
    "--tolerance", default=60, show_default=True, help="Seconds recorded times may run back."
)
@click.option(
    "--claim-days",
    default=0,
    show_default=True,
    help="Days a claimed date may lie before a checkpoint that did not include its event.",
)
def verify_command(
    files: tuple[Path, ...],
    case_id: str | None,
    keys: tuple[str, ...],
    tolerance: int,
    claim_days: int,
) -> None:
    """Recompute the ledger from the stored events and check it against checkpoints; prints
    JSON findings and exits 1 on any."""
    services = _services()
    if case_id is not None:
        case_id = _case_id(services, case_id)
    kept, bad = _kept(files, keys, services)
    tolerances = Tolerances(
        clock=timedelta(seconds=tolerance),
        claim_days=claim_days,
        zone=ZoneInfo(services.settings.timezone),
    )
    report = verify_log(stored_records(services.app), kept, case_id=case_id, tolerances=tolerances)
    report.findings[:0] = bad
    if any(f.kind in ("root_mismatch", "log_shorter_than_checkpoint") for f in report.findings):
        index = first_divergence(services.engine, report.leaf_hashes)
        if index is not None:
            report.findings.append(
                Finding(
                    "first_divergent_leaf",
                    "the sealer's table differs from the stored events from this leaf on "
                    "(a hint: the table can be rewritten too)",
                    leaf_index=index,
                )
            )
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    if not report.ok:
        raise SystemExit(1)


@audit_cli.command("grants")
@click.argument("role")
def grants_command(role: str) -> None:
    """Print the SQL that lets ROLE (the application's PostgreSQL role) only read and append
    events; run it as the table's owner."""
    services = _services()
    if services.settings.backend != "postgresql":
        raise click.ClickException("grants apply to PostgreSQL; SQLite has no roles")
    try:
        click.echo(append_only_script(Ducha.name, role), nl=False)
    except InvalidInput as exc:
        raise click.ClickException(exc.message) from None
