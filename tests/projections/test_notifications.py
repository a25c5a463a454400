"""Resident e-mail: the outbox projection and the mailer, against a real local SMTP server
(aiosmtpd). One message per recipient, no secret, failures retried, nothing sent twice after a
rebuild, commands never wait for mail. On SQLite and PostgreSQL."""

from __future__ import annotations

import email
import smtplib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, select

from core.service.application import Ducha
from core.service.contacts import Contact
from core.settings import Settings, SmtpServer
from projections.engine.catchup import Projection, catch_up
from projections.engine.projector import run_projector
from projections.engine.registry import reset_projections
from projections.engine.waiting import wait_for
from projections.outbox.mailer import Mailer, _describe, send_safely
from projections.outbox.projection import notification_outbox
from stores.contacts import SqlContactStore, contact_reads_table
from stores.services import Services
from tests.helpers import INTAKE, RESIDENT, drive, report
from tests.projections.conftest import dump
from tests.projections.test_cli import cli

PUBLIC_URL = "https://ducha.example.org"


class Collector:
    """An aiosmtpd handler that keeps every envelope it is given."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[tuple[list[str], bytes, EmailMessage]]:
        out = []
        for e in self.envelopes:
            raw = bytes(e.original_content or e.content)
            parsed = email.message_from_bytes(raw, policy=default)
            assert isinstance(parsed, EmailMessage)
            out.append((list(e.rcpt_tos), raw, parsed))
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Collector, int]]:
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


def mailer(engine: Engine, port: int, **kwargs: Any) -> Mailer:
    server = SmtpServer("127.0.0.1", port, None, None, "none")
    return Mailer(engine, server, "noreply@ducha.invalid", PUBLIC_URL, **kwargs)


def outbox(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(notification_outbox).order_by("id")))


def naive_utc(moment: datetime) -> datetime:
    """PostgreSQL returns aware datetimes, SQLite naive ones (stored in UTC)."""
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def assert_no_secret(messages: list[Any], *secrets: str | None) -> None:
    for _, raw, parsed in messages:
        text = body(parsed) + str(parsed["Subject"])
        for secret in secrets:
            assert secret and secret not in text and secret.encode() not in raw


def test_a_resident_hears_of_acceptance_and_of_the_public_notice(
    ducha: Ducha,
    clock: Any,
    engine: Engine,
    projections: list[Projection],
    settings: Settings,
    smtp: tuple[Collector, int],
) -> None:
    collector, port = smtp
    receipt = report(ducha, contact=Contact(name="王秀英", email="wang@example.org"))
    drive(ducha, receipt.case_id, clock, until="public_notice")
    catch_up(ducha, engine, projections)
    configured = replace(settings, smtp_url=f"smtp://127.0.0.1:{port}", public_url=PUBLIC_URL)
    sender = Mailer.from_settings(engine, configured)
    assert sender is not None
    result = sender.send_all()
    assert (result.messages, result.done, result.error) == (6, 6, None)
    messages = collector.messages()
    assert [m[0] for m in messages] == [["wang@example.org"]] * 6
    ref = receipt.reference
    track, feed = f"{PUBLIC_URL}/track/{ref}", f"{PUBLIC_URL}/cases/{ref}/feed.atom"
    accepted, notice = messages[0][2], messages[-1][2]
    assert ref in str(accepted["Subject"]) and "已受理" in str(accepted["Subject"])
    assert "accepted" in str(accepted["Subject"]) and accepted["To"] == "wang@example.org"
    text = body(accepted)
    assert text.index("已受理") < text.index("accepted") and track in text and feed in text
    ends_on = ducha.get(receipt.case_id).notice_ends_on
    assert "公示" in str(notice["Subject"]) and "public notice" in str(notice["Subject"])
    assert f"公示至 {ends_on}" in body(notice) and f"until {ends_on}" in body(notice)
    assert track in body(notice) and feed in body(notice)
    assert all("王秀英" not in body(m[2]) for m in messages)
    assert_no_secret(messages, receipt.tracking_secret)
    rows = outbox(engine)
    assert [r.kind for r in rows] == ["status"] * 5 + ["public_notice"]
    assert [r.status for r in rows][:3] == ["accepted", "transferred", "rectifying"]
    assert all(r.sent_at is not None and r.attempts == 1 and r.last_error is None for r in rows)
    assert sender.send_all().messages == 0


def test_each_mailer_read_is_logged_as_a_system_read(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection], smtp: Any
) -> None:
    receipt = report(ducha, contact=Contact(email="li@example.org"))
    drive(ducha, receipt.case_id, clock, until="transferred")
    catch_up(ducha, engine, projections)
    mailer(engine, smtp[1]).send_all()
    with engine.connect() as conn:
        reads = conn.execute(select(contact_reads_table)).all()
    assert len(reads) == 2 == len(outbox(engine))
    assert {(r.case_id, r.reader_user_id, r.reader_unit_id) for r in reads} == {
        (receipt.case_id, "system:mailer", "system")
    }
    assert all("e-mail notification" in r.purpose for r in reads)
    with pytest.raises(Exception, match="system process"):
        SqlContactStore(engine).emails_for(receipt.case_id, "u-intake", "curious")


def test_anonymous_cases_and_cases_without_e_mail_send_nothing(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection], smtp: Any
) -> None:
    anonymous = report(ducha)
    phone_only = report(ducha, contact=Contact(phone="13912345678"))
    for receipt in (anonymous, phone_only):
        drive(ducha, receipt.case_id, clock, until="transferred")
    catch_up(ducha, engine, projections)
    result = mailer(engine, smtp[1]).send_all()
    assert (result.messages, result.done) == (0, 4)
    assert smtp[0].envelopes == []
    assert all(r.sent_at is not None and r.attempts == 0 for r in outbox(engine))


def test_two_complainants_each_get_their_own_message(
    ducha: Ducha, engine: Engine, projections: list[Projection], smtp: Any
) -> None:
    first = report(ducha, contact=Contact(email="first@example.org"))
    second = ducha.add_complaint(
        RESIDENT, first.case_id, summary="我也闻到了", contact=Contact(email="second@example.org")
    )
    again = ducha.add_complaint(
        RESIDENT, first.case_id, summary="还是很臭", contact=Contact(email="First@example.org")
    )
    ducha.accept(INTAKE, first.case_id)
    catch_up(ducha, engine, projections)
    assert mailer(engine, smtp[1]).send_all().messages == 2  # the same address only once
    messages = smtp[0].messages()
    assert sorted(m[0][0] for m in messages) == ["first@example.org", "second@example.org"]
    for rcpt, raw, parsed in messages:
        assert len(rcpt) == 1 and parsed["To"] == rcpt[0] and parsed["Cc"] is None
        other = ({"first@example.org", "second@example.org"} - {rcpt[0]}).pop()
        assert other.encode() not in raw and other not in body(parsed)
    assert_no_secret(messages, first.tracking_secret, second.tracking_secret, again.tracking_secret)


def test_a_server_that_is_down_leaves_rows_waiting_and_a_later_run_sends_them(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection], smtp: Any
) -> None:
    receipt = report(ducha, contact=Contact(email="zhao@example.org"))
    drive(ducha, receipt.case_id, clock, until="transferred")
    catch_up(ducha, engine, projections)
    now = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    down = mailer(engine, free_port(), now=lambda: now)
    result = down.send_pending()
    assert result.error is not None and "unreachable" in result.error
    assert (result.messages, result.done, result.waiting) == (0, 0, 2)
    rows = outbox(engine)
    assert all(r.sent_at is None and r.attempts == 1 for r in rows)
    assert all("unreachable" in r.last_error for r in rows)
    retry = (now + timedelta(minutes=1)).replace(tzinfo=None)
    assert all(naive_utc(r.next_attempt_at) == retry for r in rows)
    assert down.send_pending().done == 0  # backing off: not due yet, not counted again
    assert {r.attempts for r in outbox(engine)} == {1}
    later = mailer(engine, smtp[1], now=lambda: now + timedelta(minutes=2))
    assert later.send_all().messages == 2
    assert all(r.sent_at is not None and r.attempts == 2 for r in outbox(engine))
    assert [m[0] for m in smtp[0].messages()] == [["zhao@example.org"]] * 2


def test_a_rebuild_of_the_outbox_sends_nothing_twice(
    ducha: Ducha, clock: Any, engine: Engine, projections: list[Projection], smtp: Any
) -> None:
    receipt = report(ducha, contact=Contact(email="sun@example.org"))
    ducha.accept(INTAKE, receipt.case_id)
    catch_up(ducha, engine, projections)
    sender = mailer(engine, smtp[1])
    assert sender.send_all().messages == 1
    drive(ducha, receipt.case_id, clock, until="transferred")  # not mailed before the rebuild
    catch_up(ducha, engine, projections)
    outbox_only = [p for p in projections if p.name == "notifications"]
    before = dump(engine, outbox_only)
    reset_projections(engine, outbox_only)
    assert outbox(engine) == []
    catch_up(ducha, engine, outbox_only)
    assert dump(engine, outbox_only) == before
    assert sender.send_all().messages == 1  # the transfer, once
    reset_projections(engine, outbox_only)
    catch_up(ducha, engine, outbox_only)
    assert sender.send_all().messages == 0
    subjects = [str(m[2]["Subject"]) for m in smtp[0].messages()]
    assert len(subjects) == 2 and "已受理" in subjects[0] and "已交办" in subjects[1]


def test_commands_never_wait_for_a_mail_server_that_hangs(
    settings: Settings, ducha: Ducha, engine: Engine, projections: list[Projection]
) -> None:
    # A server that accepts the connection and then says nothing: smtplib waits for its timeout.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    services = Services(settings)
    stop = threading.Event()
    hanging = mailer(engine, int(silent.getsockname()[1]), timeout=1.5)
    thread = threading.Thread(
        target=run_projector,
        args=(services, stop),
        kwargs={"poll_interval": 0.01, "mailer": hanging},
    )
    try:
        thread.start()
        first = report(ducha, contact=Contact(email="qian@example.org"))
        ducha.accept(INTAKE, first.case_id)
        wait_for(engine, "notifications", ducha.recorder.max_notification_id() or 0, timeout=10)
        time.sleep(0.3)  # the projector is now talking to the silent server
        started = time.monotonic()
        second = report(ducha, contact=Contact(email="zhou@example.org"))
        ducha.accept(INTAKE, second.case_id)
        assert time.monotonic() - started < 1.0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(r.last_error for r in outbox(engine)):
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=15)
        services.close()
        silent.close()
    assert not thread.is_alive()
    rows = outbox(engine)
    assert rows and all(r.sent_at is None for r in rows)
    assert any(r.last_error and "timed out" in r.last_error for r in rows)


def test_the_running_projector_sends_the_mail(
    settings: Settings, ducha: Ducha, engine: Engine, projections: list[Projection], smtp: Any
) -> None:
    configured = replace(settings, smtp_url=f"smtp://127.0.0.1:{smtp[1]}")
    services = Services(configured)
    stop = threading.Event()
    thread = threading.Thread(
        target=run_projector, args=(services, stop), kwargs={"poll_interval": 0.01}
    )
    thread.start()
    try:
        receipt = report(ducha, contact=Contact(email="wu@example.org"))
        ducha.accept(INTAKE, receipt.case_id)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not smtp[0].envelopes:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=15)
        services.close()
    assert [m[0] for m in smtp[0].messages()] == [["wu@example.org"]]


def test_a_failing_mailer_never_raises_into_the_projector(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(self: Mailer, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Mailer, "send_pending", explode)
    assert send_safely(mailer(engine, free_port())) is None
    assert "the mailer failed" in caplog.text


def test_the_send_mail_command(
    settings: Settings, environ: dict[str, str], ducha: Ducha, smtp: Any
) -> None:
    receipt = report(ducha, contact=Contact(email="zheng@example.org"))
    ducha.accept(INTAKE, receipt.case_id)
    off = cli(environ, "projections", "send-mail")
    assert off.exit_code == 1 and "DUCHA_SMTP_URL" in off.output
    mail_env = {**environ, "DUCHA_SMTP_URL": f"smtp://127.0.0.1:{smtp[1]}"}
    assert cli(mail_env, "projections", "catch-up").exit_code == 0
    done = cli(mail_env, "projections", "send-mail")
    assert done.exit_code == 0, done.output
    assert "sent 1 messages for 1 notifications" in done.output
    assert [m[0] for m in smtp[0].messages()] == [["zheng@example.org"]]


def test_a_refused_recipients_address_stays_out_of_the_error() -> None:
    refusal = smtplib.SMTPRecipientsRefused({"wang.xiuying@example.cn": (450, b"4.2.0 try later")})
    reply = smtplib.SMTPResponseException(450, b"<wang.xiuying@example.cn>: mailbox busy")
    for error in (refusal, reply):
        described = _describe(error)
        assert "450" in described and "wang.xiuying" not in described
