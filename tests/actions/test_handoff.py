"""The emergency exit: a person now, a callback later, or phone and e-mail."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from actions.handoff import (
    ActionAskCallbackConsent,
    ActionHandoffJoined,
    ActionHandoffNotTaken,
    ActionRequestHuman,
    ActionSubmitCallback,
    ValidateCallbackForm,
    trigger_of,
)
from kontor.db import make_engine, session_factory, transaction
from kontor.db.models import Handoff, Notification, Ticket
from kontor.handoff import staff
from tests.actions.conftest import FakeCompanyFile, make_tracker

NOTES = {
    "KONTOR_SMTP_HOST": "127.0.0.1",
    "KONTOR_NOTIFY_EMAIL": "team@muster.example",
    "KONTOR_NOTIFY_WEBHOOK_URL": "http://127.0.0.1:9/hooks",
}


@pytest.fixture
def sessions(tmp_path: Any) -> sessionmaker:
    from kontor.db.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'kontor.db'}")
    upgrade(engine)
    return session_factory(engine)


def _online(sessions: sessionmaker, moment: dt.datetime) -> None:
    with transaction(sessions) as session:
        staff.add_staff(
            session=session,
            username="anna",
            first_name="Anna",
            password="ein langes Passwort",
            now=moment,
        )
        staff.login(
            session=session,
            username="anna",
            password="ein langes Passwort",
            now=moment,
        )


def _slots(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_a_person_online_takes_over(
    company, dispatcher, domain_dict, render, clock_at, sessions, monkeypatch
) -> None:
    monkeypatch.setenv("KONTOR_SMTP_HOST", NOTES["KONTOR_SMTP_HOST"])
    monkeypatch.setenv("KONTOR_NOTIFY_EMAIL", NOTES["KONTOR_NOTIFY_EMAIL"])
    clock = clock_at(2026, 11, 30, 10, 0)  # Monday morning
    _online(sessions, clock())
    tracker = make_tracker(
        "Ich will mit einem Menschen reden",
        intent="request_human",
        slots={"order_number": "HA-100234"},
    )
    events = await ActionRequestHuman(
        FakeCompanyFile(company), clock=clock, sessions=sessions
    ).run(dispatcher, tracker, domain_dict)
    assert events[-1] == {"event": "pause", "timestamp": None}
    assert _slots(events) == {"handoff_route": "live", "handoff_trigger": None}
    (text,) = await render(dispatcher.messages, "de")
    assert "Kollegin oder einen Kollegen" in text
    with transaction(sessions) as session:
        handoff = session.execute(select(Handoff)).scalar_one()
        assert (handoff.status, handoff.trigger, handoff.sender_id) == (
            "waiting",
            "request",
            "test",
        )
        assert handoff.context == {"order_number": "HA-100234"}
        (note,) = session.execute(select(Notification)).scalars()
        assert note.channel == "email" and "Chat" in note.body


async def test_friday_evening_means_a_callback(
    company, dispatcher, domain_dict, render, clock_at, sessions
) -> None:
    clock = clock_at(2026, 11, 27, 16, 30)
    _online(sessions, clock())  # someone is still logged in, but the office is closed
    events = await ActionRequestHuman(
        FakeCompanyFile(company), clock=clock, sessions=sessions
    ).run(dispatcher, make_tracker("I need a person", "en"), domain_dict)
    assert _slots(events) == {"handoff_route": "callback", "handoff_trigger": "request"}
    (text,) = await render(dispatcher.messages, "en")
    assert "will be back on Monday from 7:30" in text
    with transaction(sessions) as session:
        assert session.execute(select(Handoff)).first() is None


async def test_open_but_nobody_online(
    company, dispatcher, domain_dict, render, clock_at, sessions
) -> None:
    events = await ActionRequestHuman(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 30, 10, 0), sessions=sessions
    ).run(dispatcher, make_tracker("Mitarbeiter bitte"), domain_dict)
    assert _slots(events)["handoff_route"] == "callback"
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith("Gerade kann leider niemand")


async def test_the_inbox_database_is_down(
    company, dispatcher, domain_dict, render, clock_at
) -> None:
    down = session_factory(make_engine("postgresql://kontor@127.0.0.1:1/kontor"))
    events = await ActionRequestHuman(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 30, 10, 0), sessions=down
    ).run(dispatcher, make_tracker("Mitarbeiter bitte"), domain_dict)
    assert _slots(events) == {"handoff_route": None, "handoff_trigger": None}
    (text,) = await render(dispatcher.messages, "de")
    assert text == (
        "Unser Team ist gerade für Sie da: Rufen Sie uns an unter "
        "+49 371 000 0000 oder schreiben Sie an info@muster.example."
    )


@pytest.mark.parametrize(
    "trigger, sentence",
    [
        ("misunderstood", "schon wieder nichts"),
        ("anger", "schiefgelaufen"),
    ],
)
async def test_each_trigger_is_explained(
    company, dispatcher, domain_dict, render, clock_at, sessions, trigger, sentence
) -> None:
    tracker = make_tracker("…", slots={"handoff_trigger": trigger})
    await ActionRequestHuman(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 30, 10, 0), sessions=sessions
    ).run(dispatcher, tracker, domain_dict)
    texts = await render(dispatcher.messages, "de")
    assert sentence in texts[0], texts


def test_yes_after_a_complaint_is_a_complaint() -> None:
    tracker = Tracker(
        sender_id="t",
        slots={},
        latest_message={"intent": {"name": "affirm"}, "text": "ja"},
        events=[
            {"event": "action", "name": "action_complaint"},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "ja"},
        ],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    assert trigger_of(tracker) == "complaint"
    assert trigger_of(make_tracker("Mitarbeiter")) == "request"


async def test_the_staff_member_says_hello_and_the_bot_pauses(
    company, dispatcher, domain_dict, render
) -> None:
    tracker = make_tracker(
        "EXTERNAL: EXTERNAL_handoff_joined",
        intent="EXTERNAL_handoff_joined",
        entities=[("staff_name", "Anna")],
    )
    events = await ActionHandoffJoined(FakeCompanyFile(company)).run(
        dispatcher, tracker, domain_dict
    )
    assert events == [{"event": "pause", "timestamp": None}]
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith("Anna aus unserem Team ist jetzt im Chat")


async def test_nobody_took_it(company, dispatcher, domain_dict, render) -> None:
    tracker = make_tracker("…", "en", entities=[("handoff_trigger", "anger")])
    events = await ActionHandoffNotTaken(FakeCompanyFile(company)).run(
        dispatcher, tracker, domain_dict
    )
    # the ticket will say why the visitor wanted a person
    assert _slots(events) == {"handoff_route": "callback", "handoff_trigger": "anger"}
    (text,) = await render(dispatcher.messages, "en")
    assert "nobody from our team is free" in text


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("p.seidel@elektro-seidel.example", "p.seidel@elektro-seidel.example"),
        ("Sie erreichen mich unter 0341 7788990", "0341 7788990"),
        ("morgen früh", None),
    ],
)
async def test_a_way_to_reach_the_visitor(
    dispatcher, domain_dict, typed: str, stored: str | None
) -> None:
    result = ValidateCallbackForm().validate_callback_contact(
        typed, dispatcher, make_tracker(typed), domain_dict
    )
    assert result == {"callback_contact": stored}
    assert bool(dispatcher.messages) == (stored is None)


async def test_the_consent_question_names_the_company(
    company, dispatcher, domain_dict, render
) -> None:
    await ActionAskCallbackConsent(FakeCompanyFile(company)).run(
        dispatcher, make_tracker("…"), domain_dict
    )
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith("Darf die Muster Arbeitsschutz GmbH diese Angaben")


def _callback_tracker(consent: bool | None, language: str = "de") -> Tracker:
    return make_tracker(
        "ja",
        language,
        intent="affirm",
        slots={
            "callback_name": "Petra Seidel",
            "callback_contact": "0341 7788990",
            "callback_description": "Warnwesten beschädigt geliefert",
            "callback_consent": consent,
            "handoff_trigger": "complaint",
            "handoff_route": "callback",
        },
    )


async def test_a_callback_with_consent_is_stored_with_its_reply_time(
    company, dispatcher, domain_dict, render, clock_at, sessions
) -> None:
    clock = clock_at(2026, 11, 27, 18, 0)  # Friday evening
    events = await ActionSubmitCallback(
        FakeCompanyFile(company), clock=clock, sessions=sessions
    ).run(dispatcher, _callback_tracker(True), domain_dict)
    assert all(value is None for value in _slots(events).values())
    (text,) = await render(dispatcher.messages, "de")
    assert (
        text == "Danke, Petra Seidel! Wir melden uns am Montag ab 7:30 Uhr bei Ihnen."
    )
    with transaction(sessions) as session:
        ticket = session.execute(select(Ticket)).scalar_one()
        assert (ticket.phone, ticket.email, ticket.trigger) == (
            "0341 7788990",
            None,
            "complaint",
        )
        assert ticket.consent_text.startswith("Darf die Muster Arbeitsschutz GmbH")
        assert ticket.consented_at == clock()
        assert ticket.reply_from is not None
        assert ticket.reply_from.astimezone(company.tz).strftime("%a %H:%M") == (
            "Mon 07:30"
        )


async def test_during_opening_hours_the_reply_comes_today(
    company, dispatcher, domain_dict, render, clock_at, sessions
) -> None:
    await ActionSubmitCallback(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 30, 10, 0), sessions=sessions
    ).run(dispatcher, _callback_tracker(True, "en"), domain_dict)
    (text,) = await render(dispatcher.messages, "en")
    assert text.startswith("Thank you, Petra Seidel! We will get back to you today")


async def test_without_consent_nothing_is_stored(
    company, dispatcher, domain_dict, render, clock_at, sessions
) -> None:
    await ActionSubmitCallback(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 30, 10, 0), sessions=sessions
    ).run(dispatcher, _callback_tracker(False), domain_dict)
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith("In Ordnung, ich habe nichts gespeichert")
    with transaction(sessions) as session:
        assert session.execute(select(Ticket)).first() is None


async def test_an_angry_visitor_is_told_why(
    company, dispatcher, domain_dict, render, clock_at, sessions
) -> None:
    tracker = make_tracker(
        "Das ist doch eine Frechheit, seit zwei Wochen nichts!!!",
        intent="request_human",
        metadata=None,
    )
    tracker.latest_message["anger"] = {
        "score": 0.97,
        "angry": True,
        "intent": "order_status",
    }
    assert trigger_of(tracker) == "anger"
    await ActionRequestHuman(
        FakeCompanyFile(company), clock=clock_at(2026, 11, 30, 10, 0), sessions=sessions
    ).run(dispatcher, tracker, domain_dict)
    texts = await render(dispatcher.messages, "de")
    assert texts[0].startswith("Das klingt, als wäre etwas"), texts
