"""Notes to staff through a real SMTP server and a webhook receiver on this machine."""

from __future__ import annotations

import datetime as dt
from typing import Iterator, List

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from kontor.db import transaction
from kontor.db.models import Notification
from kontor.handoff import notify
from tests.notify_servers import MailBox, WebhookReceiver

NOW = dt.datetime(2026, 12, 2, 18, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def mailbox() -> Iterator[MailBox]:
    box = MailBox().start()
    yield box
    box.stop()


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver().start()
    yield receiver
    receiver.stop()


def _settings(mailbox: MailBox, webhook: WebhookReceiver) -> notify.NotifySettings:
    return notify.NotifySettings.from_env(
        {
            "KONTOR_SMTP_HOST": "127.0.0.1",
            "KONTOR_SMTP_PORT": str(mailbox.port),
            "KONTOR_NOTIFY_EMAIL": "vertrieb@hartmann.example, info@hartmann.example",
            "KONTOR_NOTIFY_FROM": "kontor@hartmann.example",
            "KONTOR_NOTIFY_WEBHOOK_URL": webhook.url,
            "KONTOR_INBOX_URL": "https://kontor.hartmann.example/inbox/",
        }
    )


def test_nothing_configured_nothing_written(db_sessions: sessionmaker) -> None:
    settings = notify.NotifySettings.from_env({})
    assert settings.channels == ()
    with transaction(db_sessions) as session:
        written = notify.enqueue(
            session=session,
            settings=settings,
            key="ticket-1",
            subject="x",
            body="y",
            now=NOW,
        )
        assert written == 0
        assert session.execute(select(Notification)).first() is None


@pytest.mark.parametrize(
    "env, problem",
    [
        ({"KONTOR_SMTP_HOST": "mail.example"}, "KONTOR_NOTIFY_EMAIL"),
        ({"KONTOR_SMTP_PORT": "fünf"}, "KONTOR_SMTP_PORT"),
    ],
)
def test_settings_that_cannot_work(env: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        notify.NotifySettings.from_env(env)


def test_mail_and_webhook_arrive_once(
    db_sessions: sessionmaker, mailbox: MailBox, webhook: WebhookReceiver
) -> None:
    settings = _settings(mailbox, webhook)
    for _ in range(2):  # the same event twice: noted once
        with transaction(db_sessions) as session:
            notify.enqueue(
                session=session,
                settings=settings,
                key="ticket-7",
                subject="Kontor: Neuer Rückrufwunsch",
                body="Rückruf 7 wartet im Posteingang.",
                now=NOW,
            )
    sent, failed = notify.drain(db_sessions, settings, lambda: NOW)
    assert (sent, failed) == (2, 0)
    (mail,) = mailbox.wait_for(1)
    assert mail["Subject"] == "Kontor: Neuer Rückrufwunsch"
    assert mailbox.envelopes[0]["to"] == [
        "vertrieb@hartmann.example",
        "info@hartmann.example",
    ]
    body = mail.get_payload(decode=True).decode("utf-8")
    assert "Rückruf 7" in body and "https://kontor.hartmann.example/inbox/" in body
    (hook,) = webhook.wait_for(1)
    assert set(hook) == {"text"}
    assert "Rückruf 7" in hook["text"]
    # nothing is sent twice
    assert notify.drain(db_sessions, settings, lambda: NOW) == (0, 0)


def test_an_outage_is_retried_with_backoff(
    db_sessions: sessionmaker, mailbox: MailBox, webhook: WebhookReceiver
) -> None:
    settings = _settings(mailbox, webhook)
    webhook.refuse = 2
    with transaction(db_sessions) as session:
        notify.enqueue(
            session=session,
            settings=settings,
            key="handoff-3",
            subject="Kontor: Ein Chat wartet auf Sie",
            body="Chat 3 wartet im Posteingang.",
            now=NOW,
        )
    assert notify.drain(db_sessions, settings, lambda: NOW) == (1, 1)
    moments: List[dt.datetime] = []
    with transaction(db_sessions) as session:
        note = session.execute(
            select(Notification).where(Notification.channel == "webhook")
        ).scalar_one()
        assert note.attempts == 1 and "HTTPError" in (note.last_error or "")
        assert webhook.url not in (note.last_error or "")  # the URL is a secret
        moments.append(note.next_attempt_at)
    assert moments[0] == NOW + notify.FIRST_DELAY
    # not due yet: nothing happens
    assert notify.drain(db_sessions, settings, lambda: NOW) == (0, 0)
    later = NOW + dt.timedelta(minutes=1)
    assert notify.drain(db_sessions, settings, lambda: later) == (0, 1)
    much_later = NOW + dt.timedelta(minutes=10)
    assert notify.drain(db_sessions, settings, lambda: much_later) == (1, 0)
    assert len(webhook.wait_for(1)) == 1


def test_an_smtp_server_that_is_down(db_sessions: sessionmaker) -> None:
    settings = notify.NotifySettings.from_env(
        {
            "KONTOR_SMTP_HOST": "127.0.0.1",
            "KONTOR_SMTP_PORT": "1",
            "KONTOR_NOTIFY_EMAIL": "vertrieb@hartmann.example",
        }
    )
    with transaction(db_sessions) as session:
        notify.enqueue(
            session=session,
            settings=settings,
            key="ticket-1",
            subject="s",
            body="b",
            now=NOW,
        )
    assert notify.drain(db_sessions, settings, lambda: NOW) == (0, 1)
