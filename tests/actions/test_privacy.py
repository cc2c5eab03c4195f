"""The visitor's data in the chat: the notice, and "Löschen Sie meine Daten"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from actions.privacy import ActionEraseMyData, ActionPrivacyNotice
from kontor.db import make_engine, session_factory, transaction
from kontor.db.models import Lead, Notification, OutboxMessage, PrivacyAudit
from kontor.leads import LeadDraft, create_lead
from kontor.privacy.events import ERASED_RESPONSE
from tests.actions.conftest import FakeCompanyFile, make_tracker

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def sessions(tmp_path: Any) -> sessionmaker:
    from kontor.db.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'kontor.db'}")
    upgrade(engine)
    return session_factory(engine)


def _lead(sessions: sessionmaker, sender: str, crm: str = "local") -> None:
    with transaction(sessions) as session:
        create_lead(
            session=session,
            draft=LeadDraft(
                need="Helme",
                company="Kowalczyk Bau",
                name="Jana Kowalczyk",
                email="jana@kowalczyk.example",
                consent_text="Ja.",
                sender_id=sender,
            ),
            now=NOW,
            crm=crm,
        )


@pytest.mark.parametrize("language, days", [("de", "90 Tagen"), ("en", "90 days")])
async def test_the_notice_comes_from_company_yml(
    company, dispatcher, domain_dict, render, language: str, days: str
) -> None:
    await ActionPrivacyNotice(FakeCompanyFile(company)).run(
        dispatcher,
        make_tracker("Was passiert mit meinen Daten?", language),
        domain_dict,
    )
    (text,) = await render(dispatcher.messages, language)
    assert company.privacy.notice_text(language, company.retention) in text
    assert days in text and company.privacy.policy_url in text


async def test_erasure_deletes_this_conversations_lead_only(
    company, dispatcher, domain_dict, render, sessions, clock_at
) -> None:
    _lead(sessions, "test")  # make_tracker's conversation
    _lead(sessions, "someone-else")
    events = await ActionEraseMyData(
        FakeCompanyFile(company), clock=clock_at(2026, 12, 2, 11, 0), sessions=sessions
    ).run(dispatcher, make_tracker("ja", intent="affirm"), domain_dict)
    assert events == [{"event": "reset_slots", "timestamp": None}]
    (text,) = await render(dispatcher.messages, "de")
    assert "gelöscht" in text
    # the response the tracker store waits for before it deletes the conversation
    assert dispatcher.messages[0]["response"] == ERASED_RESPONSE
    with transaction(sessions) as session:
        assert [lead.sender_id for lead in session.execute(select(Lead)).scalars()] == [
            "someone-else"
        ]
        (audit,) = session.execute(select(PrivacyAudit)).scalars()
        assert (audit.action, audit.via, audit.counts["leads"]) == ("erase", "chat", 1)


async def test_a_lead_already_in_the_crm_is_named_to_staff(
    company, dispatcher, domain_dict, render, sessions, clock_at, monkeypatch
) -> None:
    monkeypatch.setenv("KONTOR_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("KONTOR_NOTIFY_EMAIL", "team@muster.example")
    _lead(sessions, "test", crm="hubspot")
    with transaction(sessions) as session:
        message = session.execute(select(OutboxMessage)).scalar_one()
        message.delivered_at, message.external_id = NOW, "hs-4711"
    await ActionEraseMyData(
        FakeCompanyFile(company), clock=clock_at(2026, 12, 2, 11, 0), sessions=sessions
    ).run(dispatcher, make_tracker("ja", intent="affirm"), domain_dict)
    texts = await render(dispatcher.messages, "de")
    assert len(texts) == 2 and "Vertriebssystem" in texts[1]
    with transaction(sessions) as session:
        (note,) = session.execute(select(Notification)).scalars()
        assert "hubspot hs-4711" in note.body and "Kowalczyk" not in note.body


async def test_a_database_that_is_down_is_said(
    company, dispatcher, domain_dict, render, tmp_path, clock_at
) -> None:
    broken = session_factory(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    events = await ActionEraseMyData(
        FakeCompanyFile(company), clock=clock_at(2026, 12, 2, 11, 0), sessions=broken
    ).run(dispatcher, make_tracker("ja", intent="affirm"), domain_dict)
    assert events == []
    (text,) = await render(dispatcher.messages, "de")
    assert "technisches Problem" in text and company.contact.email in text
