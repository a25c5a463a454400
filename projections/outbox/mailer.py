"""The mailer: sends the notification outbox to complainants who left an e-mail address.

It runs in the projector process between batches (and from `projections send-mail`), never in a
web request or an event transaction, so no command ever waits for mail. One plain-text UTF-8
message per recipient (Chinese first, English below), no CC, no other complainant's address, and
never the tracking secret (only its hash is stored anyway). Every address look-up is logged as a
read by `system:mailer` in complainant_contact_reads.

Failures: a recipient refused for good (5xx) is recorded and not retried; anything else (server
down, 4xx, timeout) stops the run, and the row in hand and the rows still due wait with the
error, one more attempt counted and an exponential backoff; after MAX_ATTEMPTS a row is left
unsent with its last error for an operator to look at.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, Row, insert, or_, select, update

from core.settings import Settings, SmtpServer
from projections.outbox.projection import PUBLIC_NOTICE, STATUS_EN, notification_outbox
from projections.public.redaction import redact
from projections.timeline.summaries import status_zh
from stores.contacts import SqlContactStore
from stores.mail_log import notification_deliveries, notification_sent

log = logging.getLogger("ducha.mailer")

READER = "system:mailer"
MAX_ATTEMPTS = 10
BACKOFF_START = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
_RULE = "-" * 40


def backoff(attempts: int) -> timedelta:
    """How long to wait after the n-th failed attempt: 1, 2, 4 … minutes, at most six hours."""
    return min(BACKOFF_START * (1 << min(max(0, attempts - 1), 20)), BACKOFF_CAP)


@dataclass
class SendReport:
    """What one run did: messages sent, outbox rows finished, rows left waiting, the error."""

    messages: int = 0
    done: int = 0
    waiting: int = 0
    error: str | None = None


class _Transient(Exception):
    """The server is unreachable or said 'try later': stop this run, retry the rows later."""


def compose(row: Any, address: str, mail_from: str, public_url: str) -> EmailMessage:
    """One message for one recipient: what changed, where to look, and nothing private."""
    ref = row.reference
    zh_status, en_status = status_zh(row.status), STATUS_EN.get(row.status, row.status)
    track = f"{public_url}/track/{quote(ref, safe='')}"
    feed = f"{public_url}/cases/{quote(ref, safe='')}/feed.atom"
    public = row.status not in ("declined", "merged")
    extra_zh = extra_en = None
    if row.kind == PUBLIC_NOTICE:
        subject = f"[{ref}] 整改结果公示 / Rectification result on public notice"
        extra_zh = "公示期间如有异议，可在查询页面提出。"
        extra_en = "While the notice runs you may raise an objection on the tracking page."
    else:
        subject = f"[{ref}] 案件状态：{zh_status} / Case status: {en_status}"
    zh = [
        "您好：",
        "",
        f"您举报的问题（编号 {ref}）有新进展：{zh_status}。",
        row.text_zh,
        extra_zh,
        "",
        f"查看进度（需输入查询编号和查询密码）：{track}",
        f"订阅本案公开动态（Atom）：{feed}" if public else None,
        "",
        "本邮件由系统自动发送，请勿直接回复。我们不会通过邮件索取您的查询密码。",
    ]
    en = [
        "Hello,",
        "",
        f"There is news on the problem you reported (reference {ref}): {en_status}.",
        row.text_en,
        extra_en,
        "",
        f"Track it (with your tracking code and secret): {track}",
        f"Follow this case's public updates (Atom feed): {feed}" if public else None,
        "",
        "This message was sent automatically; please do not reply.",
        "We never ask for your tracking secret by e-mail.",
    ]
    lines = [line for line in [*zh, "", _RULE, "", *en] if line is not None]
    body = "\n".join(lines) + "\n"
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = mail_from
    message["To"] = address
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=mail_from.rsplit("@", 1)[-1])
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body, charset="utf-8", cte="quoted-printable")
    return message


class _Connection:
    """One SMTP session per run, opened on the first message."""

    def __init__(self, server: SmtpServer, timeout: float) -> None:
        self.server, self.timeout = server, timeout
        self._smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        if self._smtp is None:
            self._smtp = self._open()
        self._smtp.send_message(message, from_addr=sender, to_addrs=[recipient])

    def _open(self) -> smtplib.SMTP:
        s = self.server
        try:
            smtp: smtplib.SMTP
            if s.tls == "ssl":
                context = ssl.create_default_context()
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
                if s.tls == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if s.username:
                smtp.login(s.username, s.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise _Transient(f"SMTP {s.host}:{s.port} unreachable: {_describe(exc)}") from exc
        return smtp

    def close(self) -> None:
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (OSError, smtplib.SMTPException):
            self._smtp.close()
        self._smtp = None


def _describe(exc: BaseException) -> str:
    """The error for the log and the outbox row; a server's answer often quotes the
    recipient's address, and a complainant's address belongs in neither."""
    return redact(f"{type(exc).__name__}: {exc}")[:1000]


def _permanent(exc: BaseException) -> bool:
    """A refusal of this recipient for good; anything else is worth another try."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(int(code) >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return False  # our From is refused: a configuration problem, not the recipient's
    if isinstance(exc, smtplib.SMTPResponseException):
        return int(exc.smtp_code) >= 500
    # No SMTPUTF8 for a non-ASCII address, or an address no header can carry.
    return isinstance(exc, (smtplib.SMTPNotSupportedError, ValueError))


class Mailer:
    """Sends due outbox rows; never raises for a mail problem, it records it on the rows."""

    def __init__(
        self,
        engine: Engine,
        server: SmtpServer,
        mail_from: str,
        public_url: str,
        timeout: float = 10.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.engine = engine
        self.contacts = SqlContactStore(engine)
        self.server, self.mail_from, self.public_url = server, mail_from, public_url
        self.timeout, self.now = timeout, now

    @classmethod
    def from_settings(cls, engine: Engine, settings: Settings) -> Mailer | None:
        """A mailer for these settings, or None when mail is off (no DUCHA_SMTP_URL)."""
        server = settings.smtp
        if server is None:
            return None
        return cls(engine, server, settings.mail_from, settings.public_url)

    def send_pending(self, limit: int = 100, ignore_backoff: bool = False) -> SendReport:
        """Send the rows that are due (at most `limit`), in outbox order."""
        now = self.now().astimezone(UTC)
        rows = self._due(now, limit, ignore_backoff)
        report = SendReport()
        connection = _Connection(self.server, self.timeout)
        try:
            for index, row in enumerate(rows):
                try:
                    report.messages += self._deliver(row, connection)
                except _Transient as exc:
                    report.error = str(exc)
                    report.waiting = len(rows) - index
                    self._postpone(rows[index:], str(exc), now)
                    log.warning("mail postponed for %d notifications: %s", report.waiting, exc)
                    break
                report.done += 1
        finally:
            connection.close()
        return report

    def send_all(self, batch: int = 100, ignore_backoff: bool = False) -> SendReport:
        """Send everything due, batch by batch, until nothing is due or the server fails."""
        total = SendReport()
        while True:
            report = self.send_pending(batch, ignore_backoff)
            total.messages += report.messages
            total.done += report.done
            total.waiting, total.error = report.waiting, report.error
            if report.error or report.done < batch:
                return total

    def _due(self, now: datetime, limit: int, ignore_backoff: bool) -> Sequence[Row[Any]]:
        t = notification_outbox.c
        query = select(notification_outbox).where(t.sent_at.is_(None), t.attempts < MAX_ATTEMPTS)
        if not ignore_backoff:
            query = query.where(or_(t.next_attempt_at.is_(None), t.next_attempt_at <= now))
        with self.engine.connect() as conn:
            return conn.execute(query.order_by(t.id).limit(limit)).all()

    def _deliver(self, row: Any, connection: _Connection) -> int:
        """Send one row to each of its recipients not yet served; mark it sent. Messages sent."""
        purpose = f"e-mail notification {row.notification_id} ({row.kind})"
        recipients = self.contacts.emails_for(row.case_id, READER, purpose)
        served = self._served(row)
        sent, tried = 0, False
        refused: list[str] = []
        addresses: set[str] = set()
        for contact_id, address in recipients:
            if contact_id in served:
                continue
            if address.strip().lower() in addresses:  # one complainant who complained twice
                self._served_now(row, contact_id, None)
                continue
            addresses.add(address.strip().lower())
            tried = True
            try:
                message = compose(row, address, self.mail_from, self.public_url)
                connection.send(message, self.mail_from, address)
            except _Transient:
                raise
            except (OSError, smtplib.SMTPException, ValueError) as exc:
                if not _permanent(exc):
                    raise _Transient(_describe(exc)) from exc
                refused.append(f"contact {contact_id}: {_describe(exc)}")
                self._served_now(row, contact_id, _describe(exc))
                continue
            self._served_now(row, contact_id, None)
            sent += 1
        self._mark_sent(row, "; ".join(refused) or None, tried)
        return sent

    def _served(self, row: Any) -> set[int]:
        d = notification_deliveries.c
        with self.engine.connect() as conn:
            found = conn.execute(
                select(d.contact_id).where(
                    d.notification_id == row.notification_id, d.kind == row.kind
                )
            ).scalars()
            return {int(c) for c in found}

    def _served_now(self, row: Any, contact_id: int, error: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(notification_deliveries).values(
                    notification_id=row.notification_id,
                    kind=row.kind,
                    contact_id=contact_id,
                    delivered_at=self.now(),
                    error=error,
                )
            )

    def _mark_sent(self, row: Any, error: str | None, tried: bool) -> None:
        sent_at, attempts = self.now(), row.attempts + (1 if tried else 0)
        with self.engine.begin() as conn:
            conn.execute(
                update(notification_outbox)
                .where(notification_outbox.c.id == row.id)
                .values(sent_at=sent_at, attempts=attempts, last_error=error, next_attempt_at=None)
            )
            conn.execute(
                insert(notification_sent).values(
                    notification_id=row.notification_id,
                    kind=row.kind,
                    sent_at=sent_at,
                    attempts=attempts,
                    last_error=error,
                )
            )

    def _postpone(self, rows: Sequence[Any], error: str, now: datetime) -> None:
        with self.engine.begin() as conn:
            for row in rows:
                attempts = row.attempts + 1
                conn.execute(
                    update(notification_outbox)
                    .where(notification_outbox.c.id == row.id)
                    .values(
                        attempts=attempts,
                        last_error=error[:4000],
                        next_attempt_at=now + backoff(attempts),
                    )
                )


def send_safely(mailer: Mailer) -> SendReport | None:
    """For the projector loop: send what is due, and log rather than raise whatever happens."""
    try:
        return mailer.send_pending()
    except Exception:
        log.exception("the mailer failed; the projector goes on")
        return None
