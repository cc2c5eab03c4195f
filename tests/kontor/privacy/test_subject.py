"""Export and erasure of one person's data, on SQLite and PostgreSQL.

After an erasure every table of the business database and every row of Rasa's
tracker store is searched for the person's e-mail, name and phone number.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Iterator, List
from zoneinfo import ZoneInfo

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from kontor.db import make_engine, transaction
from kontor.db.models import Base, PrivacyAudit
from kontor.handoff import store
from kontor.leads import LeadDraft, create_lead
from kontor.order_import import import_orders
from kontor.privacy.subject import Person, erase, export

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)
EMAIL = "Jana.K@kowalczyk-bau.example"
NAME = "Jana Kowalczyk"
PHONE = "0171 2345678"
OTHER = "einkauf@lange.example"
ORDERS = (
    "Bestellnummer;Bestelldatum;E-Mail;PLZ;Status;Versendet am;Bezahlt am;"
    "Versanddienstleister;Sendungsnummer;Voraussichtliche Lieferung;Artikelnummer;"
    "Bezeichnung;Menge\n"
    f"HA-104705;27.11.2026 09:15;{EMAIL.lower()};09117;versendet;"
    "30.11.2026 14:30;27.11.2026 10:00;DHL;123456789012;02.12.2026;W-1;Warnweste;500\n"
)


@pytest.fixture
def tracker(db_engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    """Rasa's SQL tracker store beside the business database, same server."""
    if db_engine.dialect.name == "sqlite":
        url = f"sqlite:///{tmp_path / 'conversations.db'}"
    else:
        url = db_engine.url.render_as_string(hide_password=False)
        with db_engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS events"))
    rasa = SQLTrackerStore(domain=Domain.empty(), host=url)
    for sender, said in (
        ("chat-jana", f"Rufen Sie mich an: {PHONE}, ich bin {NAME}"),
        ("chat-mail-only", f"meine Adresse ist {EMAIL}"),
        ("chat-other", f"Bitte an {OTHER} schreiben"),
        # an address that merely contains the person's: someone else
        ("chat-similar", f"Schreiben Sie an s{EMAIL.lower()}"),
    ):
        asyncio.run(
            rasa.save(
                DialogueStateTracker.from_events(
                    sender,
                    [
                        ActionExecuted("action_listen"),
                        UserUttered(said),
                        BotUttered("Danke!"),
                    ],
                )
            )
        )
    rasa.engine.dispose()
    engine = make_engine(url)
    yield engine
    if engine.dialect.name == "postgresql":  # the migration test compares tables
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS events"))
    engine.dispose()


@pytest.fixture
def held(db_sessions: sessionmaker, tmp_path: Path) -> sessionmaker:
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    with transaction(db_sessions) as session:
        import_orders(session, path, tz=BERLIN)
        for email, name, sender in (
            (EMAIL, NAME, "chat-jana"),
            (OTHER, "Uwe Lange", "x"),
        ):
            create_lead(
                session=session,
                draft=LeadDraft(
                    need="500 Warnwesten",
                    company="Kowalczyk Bau",
                    name=name,
                    email=email,
                    phone=PHONE if name == NAME else None,
                    consent_text="Ja, Sie dürfen meine Angaben speichern.",
                    sender_id=sender,
                ),
                now=NOW,
                crm="hubspot",
            )
        store.create_ticket(
            session=session,
            callback=store.Callback(
                sender_id="chat-jana",
                language="de",
                trigger="request",
                name=NAME,
                description="Rückruf wegen Lieferung",
                consent_text="Ja, bitte zurückrufen.",
                consented_at=NOW,
                phone=PHONE,
            ),
            now=NOW,
        )
        store.open_handoff(
            session=session,
            sender_id="chat-jana",
            language="de",
            trigger="request",
            now=NOW,
        )
    return db_sessions


def _everything(sessions: sessionmaker, tracker: Engine) -> str:
    """Every row of every table, and every tracker event, as one text."""
    parts: List[str] = []
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            parts += [repr(tuple(row)) for row in session.execute(select(table))]
    with tracker.connect() as connection:
        parts += [
            row.data for row in connection.execute(text("SELECT data FROM events"))
        ]
    return "\n".join(parts).lower()


def test_export_holds_everything_about_the_person(
    held: sessionmaker, tracker: Engine
) -> None:
    document = export(
        business=held, tracker=tracker, person=Person(email=EMAIL), now=NOW, via="cli"
    )
    dumped = json.dumps(document, ensure_ascii=False)
    assert OTHER not in dumped and "Uwe Lange" not in dumped
    assert [c["conversation_id"] for c in document["conversations"]] == [
        "chat-jana",
        "chat-mail-only",
    ]
    [lead] = document["leads"]
    assert lead["consent"]["text"].startswith("Ja, Sie dürfen")
    assert len(document["crm_outbox"]) == 1
    assert [t["phone"] for t in document["callback_requests"]] == [PHONE]
    assert len(document["handoffs"]) == 1
    assert [o["number"] for o in document["orders"]] == ["HA-104705"]
    assert document["notes"]  # why the orders stay
    with held() as session:
        [audit] = session.execute(select(PrivacyAudit)).scalars().all()
    assert (audit.action, audit.via, audit.counts["leads"]) == ("export", "cli", 1)
    assert EMAIL.lower() not in json.dumps(audit.counts)


def test_erase_leaves_nothing_but_the_orders_the_law_keeps(
    held: sessionmaker, tracker: Engine
) -> None:
    assert NAME.lower() in _everything(held, tracker)
    erased = erase(
        business=held,
        tracker=tracker,
        person=Person(email=EMAIL),
        now=NOW,
        via="cli",
        reference="DSGVO-2026-014",
    )
    assert (erased.leads, erased.crm_outbox, erased.tickets, erased.handoffs) == (
        1,
        1,
        1,
        1,
    )
    assert (erased.conversations, erased.events, erased.orders_kept) == (2, 6, 1)
    left = _everything(held, tracker)
    assert NAME.lower() not in left and PHONE not in left
    # the address is left only in the order, which commercial law keeps (and as
    # the tail of the other visitor's address)
    assert left.count(EMAIL.lower()) - left.count(f"s{EMAIL.lower()}") == 1
    # the other visitors keep everything
    assert OTHER in left and "uwe lange" in left
    assert f"s{EMAIL.lower()}" in left
    with held() as session:
        audits = session.execute(select(PrivacyAudit)).scalars().all()
    assert [(a.action, a.reference) for a in audits] == [("erase", "DSGVO-2026-014")]
    assert NAME.lower() not in repr(audits[0].counts).lower()
    # idempotent: asked again, nothing more is there
    again = erase(
        business=held, tracker=tracker, person=Person(email=EMAIL), now=NOW, via="cli"
    )
    assert again.total() == 0


def test_a_conversation_id_alone_finds_that_conversation(
    held: sessionmaker, tracker: Engine
) -> None:
    erased = erase(
        business=held,
        tracker=tracker,
        person=Person(sender_id="chat-jana"),
        now=NOW,
        via="chat",
    )
    assert (erased.conversations, erased.leads, erased.tickets) == (1, 1, 1)
    assert erased.orders_kept == 0  # no address given, no order touched
    left = _everything(held, tracker)
    assert f"meine adresse ist {EMAIL.lower()}" in left  # another conversation


@pytest.mark.parametrize(
    "email, sender", [(None, None), ("  ", ""), ("keine-mail", None)]
)
def test_a_person_needs_an_address_or_a_conversation(email, sender) -> None:
    with pytest.raises(ValueError):
        Person(email=email, sender_id=sender)
