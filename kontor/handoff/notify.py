"""Telling staff that a chat waits or a callback came in: e-mail and/or a webhook.

Notes are written to the database in the same transaction as the handoff or ticket,
then sent by the worker (``kontor worker``) with retries, so a mail server that is
down loses nothing. They carry no personal data — only what happened and a link to
the inbox, where the details are behind the login — because a webhook usually ends up
at a chat service outside the company.

The webhook body ``{"text": "…"}`` is what Slack's and Mattermost's incoming webhooks
and Microsoft Teams' incoming-webhook connectors accept.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Callable, Mapping, Optional, Tuple

import requests
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from kontor.db import transaction
from kontor.db.models import Notification

logger = logging.getLogger(__name__)

CHANNELS = ("email", "webhook")
TIMEOUT = 10.0
FIRST_DELAY = dt.timedelta(seconds=30)
MAX_DELAY = dt.timedelta(hours=1)
LEASE = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class NotifySettings:
    """Where notes go; with nothing set none are written: nothing leaves the server."""

    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    sender: str = ""
    recipients: Tuple[str, ...] = field(default_factory=tuple)
    webhook_url: str = ""
    # the inbox's address as staff open it, for the link in every note
    inbox_url: str = "http://localhost:8080/inbox/"

    @property
    def channels(self) -> Tuple[str, ...]:
        """The configured channels."""
        found = []
        if self.smtp_host and self.recipients:
            found.append("email")
        if self.webhook_url:
            found.append("webhook")
        return tuple(found)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> NotifySettings:
        """Read KONTOR_SMTP_…, KONTOR_NOTIFY_… and KONTOR_INBOX_URL."""
        port = env.get("KONTOR_SMTP_PORT", "").strip() or "25"
        if not port.isdigit():
            raise ValueError(f"KONTOR_SMTP_PORT={port!r}: expected a port number")
        recipients = tuple(
            address.strip()
            for address in env.get("KONTOR_NOTIFY_EMAIL", "").split(",")
            if address.strip()
        )
        host = env.get("KONTOR_SMTP_HOST", "").strip()
        if host and not recipients:
            raise ValueError("KONTOR_SMTP_HOST is set: set KONTOR_NOTIFY_EMAIL too")
        return cls(
            smtp_host=host,
            smtp_port=int(port),
            smtp_user=env.get("KONTOR_SMTP_USER", "").strip(),
            smtp_password=env.get("KONTOR_SMTP_PASSWORD", ""),
            smtp_starttls=env.get("KONTOR_SMTP_STARTTLS", "").strip().lower()
            in ("1", "true", "yes", "ja"),
            sender=env.get("KONTOR_NOTIFY_FROM", "").strip()
            or (recipients[0] if recipients else ""),
            recipients=recipients,
            webhook_url=env.get("KONTOR_NOTIFY_WEBHOOK_URL", "").strip(),
            inbox_url=env.get("KONTOR_INBOX_URL", "").strip() or cls.inbox_url,
        )


def enqueue(
    *,
    session: Session,
    settings: NotifySettings,
    key: str,
    subject: str,
    body: str,
    now: dt.datetime,
) -> int:
    """One note per configured channel for the event ``key``; how many were written."""
    written = 0
    for channel in settings.channels:
        channel_key = f"{key}-{channel}"
        exists = session.execute(
            select(Notification.id).where(Notification.key == channel_key)
        ).first()
        if exists:
            continue
        session.add(
            Notification(
                key=channel_key,
                channel=channel,
                subject=subject,
                body=f"{body}\n\n{settings.inbox_url}",
                created_at=now,
                attempts=0,
                next_attempt_at=now,
            )
        )
        written += 1
    return written


def send_email(settings: NotifySettings, subject: str, body: str) -> None:
    """One plain-text mail to every recipient (raises on failure)."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)


def post_webhook(settings: NotifySettings, subject: str, body: str) -> None:
    """POST ``{"text": …}`` to the webhook (raises on failure or a non-2xx answer)."""
    response = requests.post(
        settings.webhook_url,
        json={"text": f"{subject}\n{body}"},
        timeout=TIMEOUT,
    )
    if response.status_code >= 400:
        # not raise_for_status(): its message holds the URL, and a webhook's URL is
        # its secret (it would end up in the log and the database)
        raise requests.HTTPError(f"webhook answered HTTP {response.status_code}")


Sender = Callable[[NotifySettings, str, str], None]


def _claim(session: Session, now: dt.datetime) -> Optional[Notification]:
    due = session.execute(
        select(Notification.id)
        .where(
            Notification.delivered_at.is_(None),
            Notification.next_attempt_at <= now,
            or_(
                Notification.claimed_until.is_(None),
                Notification.claimed_until < now,
            ),
        )
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(5)
    ).scalars()
    for note_id in list(due):
        won = session.execute(
            update(Notification)
            .where(
                Notification.id == note_id,
                or_(
                    Notification.claimed_until.is_(None),
                    Notification.claimed_until < now,
                ),
            )
            .values(claimed_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if won.rowcount == 1:
            return session.get(Notification, note_id)
    return None


def drain(
    sessions: sessionmaker,
    settings: NotifySettings,
    now: Callable[[], dt.datetime],
    senders: Optional[Mapping[str, Sender]] = None,
    limit: int = 50,
) -> Tuple[int, int]:
    """Send due notes; (sent, failed). A failure is retried with backoff."""
    senders = senders or {"email": send_email, "webhook": post_webhook}
    sent = failed = 0
    for _ in range(limit):
        with transaction(sessions) as session:
            note = _claim(session, now())
            if note is None:
                break
            note_id, channel = note.id, note.channel
            subject, body = note.subject, note.body
        error: Optional[str] = None
        try:
            senders[channel](settings, subject, body)
        except requests.RequestException as exception:
            # only the kind: a connection error's text names the webhook's URL
            error = type(exception).__name__
            if isinstance(exception, requests.HTTPError):
                error = f"{error}: {exception}"
        except Exception as exception:  # any other failure: kept and retried
            error = f"{type(exception).__name__}: {exception}"[:500]
        with transaction(sessions) as session:
            note = session.get(Notification, note_id)
            assert note is not None
            note.attempts += 1
            note.claimed_until = None
            if error is None:
                note.delivered_at = now()
                sent += 1
            else:
                delay = min(FIRST_DELAY * 2 ** (note.attempts - 1), MAX_DELAY)
                note.next_attempt_at = now() + delay
                note.last_error = error
                failed += 1
                logger.warning(
                    "Notification %s (%s) failed: %s", note.key, channel, error
                )
    return sent, failed
