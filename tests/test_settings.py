"""Settings: read from the environment in one place; bad or missing ones stop the start."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import SettingsError, load_settings


def test_the_embedded_default_is_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    settings = load_settings({"DUCHA_DATA_DIR": str(tmp_path / "var")})
    env = settings.event_store_env()
    assert settings.backend == "sqlite"
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert env["SQLITE_DBNAME"] == str(tmp_path / "var" / "events.sqlite3")
    assert env["CREATE_TABLE"] == "n"


def test_the_embedded_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    first = load_settings({"DUCHA_DATA_DIR": str(tmp_path)}).secret_key
    again = load_settings({"DUCHA_DATA_DIR": str(tmp_path)}).secret_key
    assert first == again and len(first) >= 32


def test_the_embedded_store_keeps_its_signing_key_in_the_data_folder(tmp_path: Path) -> None:
    settings = load_settings({"DUCHA_DATA_DIR": str(tmp_path)})
    assert settings.signing_key == tmp_path / "ledger.key" and settings.signing_key_in_data_dir
    named = load_settings({"DUCHA_DATA_DIR": str(tmp_path), "DUCHA_SIGNING_KEY": "/keys/l.key"})
    assert named.signing_key == Path("/keys/l.key") and not named.signing_key_in_data_dir


def test_production_names_its_signing_key_itself(tmp_path: Path) -> None:
    production = {"DUCHA_DATA_DIR": str(tmp_path), "DATABASE_URL": "postgresql://db/ducha"}
    production["SECRET_KEY"] = "k" * 32
    assert load_settings(production).signing_key is None
    named = load_settings({**production, "DUCHA_SIGNING_KEY": str(tmp_path / "ledger.key")})
    assert named.signing_key == tmp_path / "ledger.key" and not named.signing_key_in_data_dir


def test_a_postgresql_url_selects_the_postgres_store(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "DUCHA_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgresql://ducha:s%40cret@db.internal:5433/ducha",
            "SECRET_KEY": "k" * 32,
        }
    )
    env = settings.event_store_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == (
        "db.internal",
        "5433",
        "ducha",
    )
    assert env["POSTGRES_PASSWORD"] == "s@cret"
    assert settings.sqlalchemy_url.startswith("postgresql+psycopg://")


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql://host"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql://host/db"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DUCHA_TIMEZONE": "Mars/Olympus"}, "DUCHA_TIMEZONE"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL"),
        ({"DUCHA_PROVINCIAL_RESULT_DAYS": "seven"}, "DUCHA_PROVINCIAL_RESULT_DAYS"),
        ({"DUCHA_DB_POOL_SIZE": "0"}, "DUCHA_DB_POOL_SIZE"),
        ({"DUCHA_REPORT_RATE_LIMIT": "lots"}, "DUCHA_REPORT_RATE_LIMIT"),
        ({"DUCHA_PUBLIC_URL": "ftp://x"}, "DUCHA_PUBLIC_URL"),
        ({"DUCHA_PROXY_HOPS": "9"}, "DUCHA_PROXY_HOPS"),
        ({"DUCHA_SMTP_URL": "http://mail.example.org"}, "DUCHA_SMTP_URL"),
        ({"DUCHA_SMTP_URL": "smtp://"}, "DUCHA_SMTP_URL"),
        ({"DUCHA_SMTP_URL": "smtp://mail.example.org:port"}, "DUCHA_SMTP_URL"),
        ({"DUCHA_SMTP_URL": "smtp://mail.example.org?tls=maybe"}, "DUCHA_SMTP_URL"),
        ({"DUCHA_SMTP_URL": "smtps://mail.example.org?starttls=1"}, "DUCHA_SMTP_URL"),
        ({"DUCHA_MAIL_FROM": "not an address"}, "DUCHA_MAIL_FROM"),
        ({"DUCHA_MAIL_FROM": "a@b.org, c@d.org"}, "DUCHA_MAIL_FROM"),
        ({"DUCHA_DOC_NUMBER_FORMAT": "江督整改〔{year}〕{seq}号"}, "DUCHA_DOC_NUMBER_FORMAT"),
        ({"DUCHA_DOC_PREFIXES": "transfer_notice=督"}, "DUCHA_DOC_PREFIXES"),
    ],
)
def test_a_bad_setting_is_refused_by_name(
    tmp_path: Path, environ: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError, match=named):
        load_settings({"DUCHA_DATA_DIR": str(tmp_path), **environ})


def test_an_unusable_data_folder_is_refused_by_name(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(SettingsError, match="DUCHA_DATA_DIR"):
        load_settings({"DUCHA_DATA_DIR": str(blocker / "var")})


def test_mail_is_off_by_default_and_smtp_urls_are_understood(tmp_path: Path) -> None:
    plain = load_settings({"DUCHA_DATA_DIR": str(tmp_path)})
    assert plain.smtp is None and plain.mail_from == "noreply@ducha.invalid"
    settings = load_settings(
        {
            "DUCHA_DATA_DIR": str(tmp_path),
            "DUCHA_SMTP_URL": "smtp://ducha%40city:p%40ss@mail.example.org:587?starttls=1",
            "DUCHA_MAIL_FROM": "ducha@example.org",
        }
    )
    smtp = settings.smtp
    assert smtp is not None and (smtp.host, smtp.port, smtp.tls) == (
        "mail.example.org",
        587,
        "starttls",
    )
    assert (smtp.username, smtp.password) == ("ducha@city", "p@ss")
    assert settings.mail_from == "ducha@example.org"
    tls = load_settings({"DUCHA_DATA_DIR": str(tmp_path), "DUCHA_SMTP_URL": "smtps://mx.local"})
    assert tls.smtp is not None and (tls.smtp.port, tls.smtp.tls, tls.smtp.username) == (
        465,
        "ssl",
        None,
    )


def test_papers_are_numbered_as_the_office_configures(tmp_path: Path) -> None:
    from core.case.papers import PaperKind

    default = load_settings({"DUCHA_DATA_DIR": str(tmp_path)}).paper_numbering
    assert default.number(PaperKind.TRANSFER_NOTICE, 2026, 7) == "江督交〔2026〕7号"
    settings = load_settings(
        {
            "DUCHA_DATA_DIR": str(tmp_path),
            "DUCHA_DOC_NUMBER_FORMAT": "江督整改{prefix}〔{year}〕{seq:03d}号",
            "DUCHA_DOC_PREFIXES": "supervision_letter=督办",
        }
    )
    numbering = settings.paper_numbering
    assert numbering.number(PaperKind.SUPERVISION_LETTER, 2026, 7) == "江督整改督办〔2026〕007号"
