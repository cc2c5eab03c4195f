"""The lead form: prefilled from the conversation, validated, stored only with a yes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from actions.leads import (
    ActionAskLeadConfirmed,
    ActionChangeLeadField,
    ActionStartLead,
    ActionSubmitLead,
    ValidateLeadForm,
)
from kontor.db import make_engine, session_factory
from kontor.db.migrate import upgrade
from kontor.db.models import Lead, OutboxMessage
from kontor.leads import list_leads
from tests.actions.conftest import FakeCompanyFile, make_tracker

TUESDAY = (2026, 12, 1, 10, 0)
FILLED = {
    "lead_need": "Warnweste Basic, Warngelb, L/XL",
    "lead_quantity": "500",
    "lead_deadline": "2026-12-08",
    "lead_budget": "-",
    "lead_company": "Bau Richter GmbH",
    "lead_name": "Anna Richter",
    "lead_email": "a.richter@bau-richter.example",
    "lead_phone": "0371 123456",
    "lead_confirmed": True,
}


def slots(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker:
    engine = make_engine(f"sqlite:///{tmp_path / 'kontor.db'}")
    upgrade(engine)
    return session_factory(engine)


async def test_the_product_in_focus_fills_the_form(
    company, domain_dict, clock_at
) -> None:
    tracker = make_tracker(
        "/quote_request",
        intent="quote_request",
        entities=[],
        slots={
            "topic": "product",
            "product": "Warnweste Basic",
            "colour": "warngelb",
            "size": "L/XL",
            "quantity": "500",
            "date": "tuesday",
        },
    )
    action = ActionStartLead(FakeCompanyFile(company), clock_at(*TUESDAY))
    events = await action.run(CollectingDispatcher(), tracker, domain_dict)
    assert slots(events) == {
        "lead_need": "Warnweste Basic, Warngelb, L/XL",
        "lead_quantity": "500",
        "lead_deadline": "2026-12-08",
    }


async def test_a_request_in_words_is_the_need(company, domain_dict, clock_at) -> None:
    text = "Wir brauchen ein Angebot über 200 Warnwesten mit Logo bis nächsten Freitag"
    action = ActionStartLead(FakeCompanyFile(company), clock_at(*TUESDAY))
    events = await action.run(
        CollectingDispatcher(), make_tracker(text, intent="quote_request"), domain_dict
    )
    assert slots(events) == {
        "lead_need": text,
        "lead_quantity": "200",
        "lead_deadline": "2026-12-04",
    }


@pytest.mark.parametrize(
    "slot, text, value",
    [
        ("lead_quantity", "so um die 1.200 Stück", "1200"),
        ("lead_quantity", "viele", None),
        ("lead_deadline", "bis nächsten Freitag", "2026-12-04"),
        ("lead_deadline", "egal, keine Eile", "flexible"),
        ("lead_deadline", "gestern", None),
        ("lead_budget", "nein", "-"),
        ("lead_budget", "etwa 3.000 €", "etwa 3.000 €"),
        (
            "lead_email",
            "Meine Mail: A.Richter@Bau-Richter.EXAMPLE",
            "a.richter@bau-richter.example",
        ),
        ("lead_email", "a.richter(at)bau-richter", None),
        ("lead_phone", "0371 / 12 34 56", "0371 / 12 34 56"),
        ("lead_phone", "nein", "-"),
        ("lead_phone", "12", None),
        ("lead_company", "x", None),
        (
            "lead_company",
            "Robert'); DROP TABLE leads;-- 🦺",
            "Robert'); DROP TABLE leads;-- 🦺",
        ),
    ],
)
async def test_answers_are_checked(
    company, domain_dict, clock_at, slot, text, value
) -> None:
    form = ValidateLeadForm(FakeCompanyFile(company), clock_at(*TUESDAY))
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent="inform")
    result = getattr(form, f"validate_{slot}")(text, dispatcher, tracker, domain_dict)
    assert result == {slot: value}
    assert bool(dispatcher.messages) == (value is None)  # a hint only when refused


async def test_the_summary_and_changing_a_field(domain_dict, render) -> None:
    dispatcher = CollectingDispatcher()
    await ActionAskLeadConfirmed().run(
        dispatcher, make_tracker("ja", slots=FILLED), domain_dict
    )
    (summary,) = await render(dispatcher.messages, "de")
    assert summary.startswith(
        "Ich fasse zusammen:\n• Bedarf: Warnweste Basic, Warngelb, L/XL\n• Menge: 500\n"
    )
    assert "• Budget: keine Angabe\n" in summary and summary.endswith("Stimmt das so?")
    change = make_tracker(
        "/change", intent="change", entities=[("field", "lead_email")], slots=FILLED
    )
    events = await ActionChangeLeadField().run(
        CollectingDispatcher(), change, domain_dict
    )
    assert slots(events) == {"lead_email": None, "lead_confirmed": None}


async def test_no_consent_stores_nothing(
    company, domain_dict, render, clock_at, sessions
) -> None:
    action = ActionSubmitLead(
        FakeCompanyFile(company), clock_at(*TUESDAY), sessions, crm="hubspot"
    )
    dispatcher = CollectingDispatcher()
    events = await action.run(
        dispatcher,
        make_tracker("nein", slots={**FILLED, "lead_consent": False}),
        domain_dict,
    )
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith("Verstanden – ohne Ihre Einwilligung speichere ich nichts")
    assert all(value is None for value in slots(events).values())
    with sessions() as session:
        assert session.scalar(select(func.count(Lead.id))) == 0


async def test_with_consent_the_lead_is_stored_and_queued(
    company, domain_dict, render, clock_at, sessions
) -> None:
    action = ActionSubmitLead(
        FakeCompanyFile(company), clock_at(*TUESDAY), sessions, crm="hubspot"
    )
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("ja", slots={**FILLED, "lead_consent": True})
    await action.run(dispatcher, tracker, domain_dict)
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith(
        "Vielen Dank, Anna Richter! Ihre Anfrage ist gespeichert (Nr. 1)"
    )
    with sessions() as session:
        (lead,) = list_leads(session=session)
        assert (lead.company, lead.quantity, lead.deadline, lead.budget) == (
            "Bau Richter GmbH",
            500,
            dt.date(2026, 12, 8),
            None,
        )
        assert lead.consent_text.startswith(
            "Darf die Muster Arbeitsschutz GmbH diese Angaben speichern"
        )
        assert lead.consented_at == dt.datetime(
            2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc
        )
        assert session.scalar(select(func.count(OutboxMessage.id))) == 1
