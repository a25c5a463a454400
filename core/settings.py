"""Settings: read from the environment here and nowhere else; bad values stop the start.

The eventsourcing library silently falls back to an in-memory store when told nothing, so the
event store's settings are always built here, explicitly.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.campaign.assessment import DEFAULT_WEIGHTS, Weights, parse_weights
from core.case.papers import Numbering
from core.domain.errors import InvalidInput
from core.rules.thresholds import Thresholds, thresholds_from

_RATE = re.compile(
    r"^\s*\d+\s*(/|per)\s*(\d+\s*)?(second|minute|hour|day)s?\s*"
    r"(;\s*\d+\s*(/|per)\s*(\d+\s*)?(second|minute|hour|day)s?\s*)*$"
)

#: The embedded store's ledger signing key in the data folder (Settings.signing_key_in_data_dir).
OWN_SIGNING_KEY = "ledger.key"


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class SmtpServer:
    """Where mail goes: `smtp://` (plain, or STARTTLS with `?starttls=1`) or `smtps://` (TLS)."""

    host: str
    port: int
    username: str | None
    password: str | None
    tls: str  # "none", "starttls" or "ssl"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str | None
    secret_key: str
    redis_url: str | None
    signing_key: Path | None
    timezone: str
    provincial_result_days: int
    pool_size: int
    checkpoint_events: int = 1000
    checkpoint_seconds: int = 600
    report_rate_limit: str = "30 per hour;5 per minute"
    public_url: str = "http://127.0.0.1:8000"
    proxy_hops: int = 0
    assessment_weights: Weights = DEFAULT_WEIGHTS
    smtp_url: str | None = None
    mail_from: str = "noreply@ducha.invalid"
    rule_thresholds: Thresholds = Thresholds()  # noqa: RUF009 (frozen) DUCHA_RULE_*: R1-R16
    ready_max_lag_events: int = 1000
    ready_max_lag_seconds: int = 60
    #: DUCHA_DOC_NUMBER_FORMAT and DUCHA_DOC_PREFIXES: how printed papers' numbers (文号) read
    paper_numbering: Numbering = field(default_factory=Numbering)

    @property
    def smtp(self) -> SmtpServer | None:
        """The mail server, or None when mail is off (DUCHA_SMTP_URL unset)."""
        return None if self.smtp_url is None else _smtp_server(self.smtp_url)

    @property
    def backend(self) -> str:
        return "postgresql" if self.database_url else "sqlite"

    @property
    def events_path(self) -> Path:
        return self.data_dir / "events.sqlite3"

    @property
    def signing_key_in_data_dir(self) -> bool:
        """The embedded store keeps its own ledger key in the data folder, made on first run,
        so checkpoints are signed out of the box; production names its key (outside the
        database and its backups) in DUCHA_SIGNING_KEY."""
        return self.database_url is None and self.signing_key == self.data_dir / OWN_SIGNING_KEY

    @property
    def checkpoints_dir(self) -> Path:
        """Where the ledger's signed checkpoints are written for auditors to take away."""
        return self.data_dir / "checkpoints"

    @property
    def read_path(self) -> Path:
        return self.data_dir / "ducha.sqlite3"

    @property
    def metrics_dir(self) -> Path:
        """Where gunicorn's workers keep their Prometheus samples (emptied at each start)."""
        return self.data_dir / "prometheus"

    def event_store_env(self, create_table: bool = False) -> dict[str, str]:
        """The environment for the eventsourcing Application (tables made by `db init` only)."""
        env = {"CREATE_TABLE": "y" if create_table else "n"}
        if self.database_url is None:
            env.update(
                PERSISTENCE_MODULE="eventsourcing.sqlite", SQLITE_DBNAME=str(self.events_path)
            )
            return env
        url = urlsplit(self.database_url)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.postgres",
            POSTGRES_DBNAME=url.path.lstrip("/"),
            POSTGRES_HOST=url.hostname or "127.0.0.1",
            POSTGRES_PORT=str(url.port or 5432),
            POSTGRES_USER=unquote(url.username or "postgres"),
            POSTGRES_PASSWORD=unquote(url.password or ""),
            POSTGRES_POOL_SIZE=str(self.pool_size),
            POSTGRES_MAX_OVERFLOW=str(self.pool_size * 2),
        )
        return env

    @property
    def sqlalchemy_url(self) -> str:
        """The read side's database: the same PostgreSQL, or a second SQLite file."""
        if self.database_url is None:
            return f"sqlite:///{self.read_path}"
        return "postgresql+psycopg://" + self.database_url.split("://", 1)[1]


def _int(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must lie between {low} and {high}, not {value}")
    return value


def _database_url(raw: str | None) -> str | None:
    if raw is None or raw.strip() == "":
        return None
    url = urlsplit(raw.strip())
    if url.scheme in ("postgres", "postgresql", "postgresql+psycopg"):
        if not url.path.strip("/"):
            raise SettingsError("DATABASE_URL must name a database, e.g. postgresql://host/ducha")
        return "postgresql://" + raw.strip().split("://", 1)[1]
    raise SettingsError(
        f"DATABASE_URL must be a postgresql:// URL (unset it for the embedded SQLite store), "
        f"not {url.scheme or raw!r}"
    )


_SMTP_PORTS = {"smtp": 25, "smtps": 465}
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")
_ADDRESS = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def _smtp_server(raw: str) -> SmtpServer:
    """Parse DUCHA_SMTP_URL, e.g. smtp://user:pass@host:587?starttls=1 or smtps://host."""
    url = urlsplit(raw)
    if url.scheme not in _SMTP_PORTS:
        raise SettingsError(f"DUCHA_SMTP_URL must start with smtp:// or smtps://, not {raw!r}")
    try:
        port = url.port or _SMTP_PORTS[url.scheme]
    except ValueError:
        raise SettingsError("DUCHA_SMTP_URL has a port that is not a number 1-65535") from None
    if not url.hostname:
        raise SettingsError("DUCHA_SMTP_URL must name a host, e.g. smtp://mail.example.org:587")
    if url.path.strip("/") or url.fragment:
        raise SettingsError("DUCHA_SMTP_URL takes no path, e.g. smtp://mail.example.org:587")
    tls = "ssl" if url.scheme == "smtps" else "none"
    for key, value in parse_qsl(url.query, keep_blank_values=True):
        if key != "starttls" or value.lower() not in (*_TRUE, *_FALSE):
            raise SettingsError(
                f"DUCHA_SMTP_URL knows only ?starttls=1 or ?starttls=0, not {key}={value}"
            )
        if value.lower() in _TRUE:
            if url.scheme == "smtps":
                raise SettingsError("DUCHA_SMTP_URL: smtps:// is TLS already; drop ?starttls=1")
            tls = "starttls"
    return SmtpServer(
        host=url.hostname,
        port=port,
        username=unquote(url.username) if url.username else None,
        password=unquote(url.password) if url.password is not None else None,
        tls=tls,
    )


def _mail_settings(env: Mapping[str, str]) -> tuple[str | None, str]:
    smtp_url = (env.get("DUCHA_SMTP_URL") or "").strip() or None
    if smtp_url is not None:
        _smtp_server(smtp_url)
    mail_from = (env.get("DUCHA_MAIL_FROM") or "").strip() or Settings.mail_from
    if not _ADDRESS.match(mail_from):
        raise SettingsError(f"DUCHA_MAIL_FROM must be one e-mail address, not {mail_from!r}")
    return smtp_url, mail_from


def _secret_key(environ: Mapping[str, str], data_dir: Path, embedded: bool) -> str:
    key = environ.get("SECRET_KEY", "").strip()
    if key:
        if len(key) < 16:
            raise SettingsError("SECRET_KEY must be at least 16 characters long")
        return key
    if not embedded:
        raise SettingsError("SECRET_KEY is required when DATABASE_URL points to PostgreSQL")
    # Embedded mode: one key per data folder, made once and kept beside the data.
    path = data_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _signing_key(environ: Mapping[str, str], data_dir: Path, embedded: bool) -> Path | None:
    given = (environ.get("DUCHA_SIGNING_KEY") or "").strip()
    if given:
        return Path(given)
    return data_dir / OWN_SIGNING_KEY if embedded else None


def _assessment_weights(env: Mapping[str, str]) -> Weights:
    try:
        return parse_weights(env.get("DUCHA_ASSESSMENT_WEIGHTS") or "")
    except InvalidInput as exc:
        raise SettingsError(f"DUCHA_ASSESSMENT_WEIGHTS: {exc.message}") from None


def _paper_numbering(env: Mapping[str, str]) -> Numbering:
    template = (env.get("DUCHA_DOC_NUMBER_FORMAT") or "").strip() or Numbering.template
    try:
        return Numbering(template, Numbering.parse_prefixes(env.get("DUCHA_DOC_PREFIXES") or ""))
    except InvalidInput as exc:
        raise SettingsError(
            f"DUCHA_DOC_NUMBER_FORMAT / DUCHA_DOC_PREFIXES: {exc.message}"
        ) from None


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read every setting, or raise SettingsError naming the one that is wrong."""
    env = os.environ if environ is None else environ
    data_dir = Path(env.get("DUCHA_DATA_DIR") or "./var").resolve()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsError(f"DUCHA_DATA_DIR {str(data_dir)!r} cannot be created: {exc}") from exc
    database_url = _database_url(env.get("DATABASE_URL"))
    timezone = env.get("DUCHA_TIMEZONE") or "Asia/Shanghai"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"DUCHA_TIMEZONE {timezone!r} is not a known time zone") from None
    redis_url = env.get("REDIS_URL") or None
    if redis_url is not None and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError("REDIS_URL must start with redis://, rediss:// or unix://")
    rate_limit = env.get("DUCHA_REPORT_RATE_LIMIT") or Settings.report_rate_limit
    if not _RATE.match(rate_limit):
        raise SettingsError(
            f"DUCHA_REPORT_RATE_LIMIT must look like '30 per hour;5 per minute', not {rate_limit!r}"
        )
    public_url = (env.get("DUCHA_PUBLIC_URL") or Settings.public_url).rstrip("/")
    if not public_url.startswith(("http://", "https://")):
        raise SettingsError("DUCHA_PUBLIC_URL must start with http:// or https://")
    smtp_url, mail_from = _mail_settings(env)
    try:
        rule_thresholds = thresholds_from(env)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=_secret_key(env, data_dir, embedded=database_url is None),
        redis_url=redis_url,
        signing_key=_signing_key(env, data_dir, embedded=database_url is None),
        timezone=timezone,
        provincial_result_days=_int(env, "DUCHA_PROVINCIAL_RESULT_DAYS", 7, 1, 30),
        pool_size=_int(env, "DUCHA_DB_POOL_SIZE", 3, 1, 50),
        checkpoint_events=_int(env, "DUCHA_CHECKPOINT_EVENTS", 1000, 1, 10_000_000),
        checkpoint_seconds=_int(env, "DUCHA_CHECKPOINT_SECONDS", 600, 1, 31 * 86_400),
        report_rate_limit=rate_limit,
        public_url=public_url,
        proxy_hops=_int(env, "DUCHA_PROXY_HOPS", 0, 0, 5),
        assessment_weights=_assessment_weights(env),
        smtp_url=smtp_url,
        mail_from=mail_from,
        rule_thresholds=rule_thresholds,
        ready_max_lag_events=_int(env, "DUCHA_READY_MAX_LAG_EVENTS", 1000, 0, 10_000_000),
        ready_max_lag_seconds=_int(env, "DUCHA_READY_MAX_LAG_SECONDS", 60, 1, 86_400),
        paper_numbering=_paper_numbering(env),
    )
