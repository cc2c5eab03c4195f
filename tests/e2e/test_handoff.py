"""Triggers of the emergency exit through the whole stack (REST channel, real model)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from typing import Iterator

import pytest
import requests

from kontor.db import make_engine, session_factory, transaction
from kontor.handoff import staff, store
from tests.conftest_stack import Stack
from tests.e2e.test_details import Visitor

EVENING = "2026-12-04T19:00:00+01:00"  # a Friday evening: a callback, not a person


@pytest.fixture
def evening(stack: Stack) -> Iterator[None]:
    stack.clock_file.write_text(EVENING, encoding="utf-8")
    yield
    stack.clock_file.unlink(missing_ok=True)


def test_two_misunderstandings_in_a_row_bring_a_person(
    stack: Stack, evening: None
) -> None:
    visitor = Visitor(stack)
    first = visitor.say("Wie wird morgen das Wetter in Chemnitz?")
    assert "nichts gefunden" in first, first
    second = visitor.say("Wer hat 1998 die Fußball-WM gewonnen?")
    assert "schon wieder nichts" in second, second
    assert "Montag ab 7:30 Uhr" in second and "Wie ist Ihr Name?" in second, second


def test_one_miss_then_a_question_we_know_resets_the_count(
    stack: Stack, evening: None
) -> None:
    visitor = Visitor(stack)
    assert "nichts gefunden" in visitor.say("Wie wird morgen das Wetter in Chemnitz?")
    assert "Uhr" in visitor.say("Wann haben Sie geöffnet?")
    again = visitor.say("Wer hat 1998 die Fußball-WM gewonnen?")
    assert "nichts gefunden" in again and "schon wieder" not in again, again


def test_a_chat_nobody_takes_becomes_a_callback(stack: Stack) -> None:
    """Open and staff online, but nobody takes the chat: the worker offers a callback."""
    morning = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    stack.clock_file.write_text(morning.isoformat(), encoding="utf-8")
    engine = make_engine(stack.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            member = staff.add_staff(
                session=session,
                username=f"wartend{uuid.uuid4().hex[:6]}",
                first_name="Jana",
                password="ein langes Passwort",
                now=morning,
            )
            member.last_seen_at = morning  # the inbox is open
        visitor = Visitor(stack)
        assert "Kollegin oder einen Kollegen" in visitor.say(
            "Ich will mit einem Menschen reden"
        )
        later = morning + dt.timedelta(minutes=4)
        stack.clock_file.write_text(later.isoformat(), encoding="utf-8")
        worker = subprocess.run(
            [sys.executable, "-m", "kontor", "worker"],
            env={
                **os.environ,
                "KONTOR_DATABASE_URL": stack.database_url,
                "KONTOR_RASA_URL": stack.rasa_url,
                "KONTOR_RASA_API_URL": stack.rasa_url,
                "KONTOR_RASA_TOKEN": stack.token,
                "KONTOR_HANDOFF_PICKUP_SECONDS": "180",
                "KONTOR_TEST_CLOCK_FILE": str(stack.clock_file),
                "KONTOR_SMTP_HOST": "",
                "KONTOR_NOTIFY_WEBHOOK_URL": "",
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stdout + worker.stderr
        assert "1 Chat(s) nicht übernommen" in worker.stdout, worker.stdout
        tracker = requests.get(
            f"{stack.rasa_url}/conversations/{visitor.sender}/tracker",
            params={"token": stack.token},
            timeout=30,
        ).json()
        said = " ".join(
            e.get("text") or "" for e in tracker["events"][-12:] if e["event"] == "bot"
        )
        assert "niemand aus unserem Team frei" in said, said
        assert "Wie ist Ihr Name?" in said, said
        assert "Wie erreichen wir Sie" in visitor.say("Jana Richter")
        # the handoff is over: nobody can take it any more
        with transaction(session_factory(engine)) as session:
            assert visitor.sender not in [
                h.sender_id for h in store.waiting(session=session)
            ]
            assert (
                store.active_handoff(session=session, sender_id=visitor.sender) is None
            )
    finally:
        engine.dispose()
        stack.clock_file.unlink(missing_ok=True)
