"""Order status: verified first, then told in plain words; failures end the form."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import sessionmaker

from actions.orders import (
    ActionCheckOrder,
    ValidateOrderStatusForm,
    order_number_in,
    secret_in,
)
from kontor.db import make_engine, session_factory, transaction
from kontor.db.migrate import upgrade
from kontor.order_import import import_orders
from tests.actions.conftest import FakeCompanyFile, make_tracker

ORDERS = (
    "Bestellnummer;Bestelldatum;E-Mail;PLZ;Status;Bezahlt am;Versendet am;Zugestellt am;"
    "Versanddienstleister;Sendungsnummer;Voraussichtliche Lieferung;Artikelnummer;"
    "Bezeichnung;Menge\n"
    "HA-104705;27.11.2026 09:15;einkauf@bau-richter.example;09117;versendet;"
    "27.11.2026 10:00;30.11.2026 14:30;;DHL;123456789012;02.12.2026;W-1;Warnweste;500\n"
    "HA-104712;20.11.2026 11:00;info@lange.example;09599;zugestellt;"
    "20.11.2026 12:00;20.11.2026 14:00;23.11.2026 10:00;DHL;998877665544;;H-1;Helm;2\n"
)


@pytest.fixture
def sessions(tmp_path: Path, company) -> sessionmaker:
    engine = make_engine(f"sqlite:///{tmp_path / 'kontor.db'}")
    upgrade(engine)
    made = session_factory(engine)
    csv = tmp_path / "orders.csv"
    csv.write_text(ORDERS, encoding="utf-8")
    with transaction(made) as session:
        import_orders(session, csv, tz=company.tz)
    return made


@pytest.fixture
def check(company, domain_dict, render, clock_at, sessions, make_company):
    tracked = make_company(
        shipping={
            **company.shipping.dict(),
            "options": [o.dict() for o in company.shipping.options],
            "tracking_urls": {"DHL": "https://dhl.example/track?n={number}"},
        }
    )

    async def run(
        number: str, secret: str, attempts: float = 0, language: str = "de", db=None
    ):
        action = ActionCheckOrder(
            FakeCompanyFile(tracked), clock_at(2026, 12, 1, 10, 0), db or sessions
        )
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(
            secret,
            language,
            intent="inform",
            slots={
                "order_number": number,
                "order_secret": secret,
                "order_attempts": attempts,
            },
        )
        events = await action.run(dispatcher, tracker, domain_dict)
        return events, await render(dispatcher.messages, language)

    return run


def slots(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_a_verified_order_is_told_with_tracking(check) -> None:
    events, texts = await check("HA-104705", "einkauf@bau-richter.example")
    assert texts == [
        "Ihre Bestellung HA-104705 ist am Montag, 30. November mit DHL an Sie "
        "rausgegangen, Sendungsnummer 123456789012.",
        "Voraussichtliche Zustellung: Mittwoch, 2. Dezember.",
        "Hier können Sie die Sendung verfolgen: https://dhl.example/track?n=123456789012",
    ]
    assert slots(events) == {
        "order_number": None,
        "order_secret": None,
        "order_attempts": 0.0,
        "order_retry": False,
    }


async def test_delivered_in_english_with_the_postcode(check) -> None:
    _, texts = await check("HA-104712", "09599", language="en")
    assert texts == ["Your order HA-104712 was delivered on Monday, 23 November."]


async def test_wrong_secret_and_unknown_number_get_the_same_answer(check) -> None:
    wrong_mail, texts_wrong = await check("HA-104705", "jemand@anders.example")
    unknown, texts_unknown = await check("HA-999999", "einkauf@bau-richter.example")
    assert texts_wrong == texts_unknown
    assert texts_wrong[0].startswith(
        "Zu dieser Bestellnummer mit dieser E-Mail-Adresse"
    )
    assert (
        slots(wrong_mail)
        == slots(unknown)
        == {
            "order_number": None,
            "order_secret": None,
            "order_attempts": 1.0,
            "order_retry": True,
        }
    )


async def test_the_third_failure_ends_the_form_and_offers_a_person(check) -> None:
    events, texts = await check("HA-104705", "01067", attempts=2)
    assert texts[0].startswith("Das hat mehrmals nicht gepasst")
    assert slots(events)["order_retry"] is False


async def test_an_unreachable_database_is_said_plainly(check, tmp_path: Path) -> None:
    broken = session_factory(make_engine(f"sqlite:///{tmp_path / 'leer.db'}"))
    events, texts = await check("HA-104705", "09117", db=broken)
    assert texts[0].startswith("Unser Bestellsystem ist gerade nicht erreichbar")
    assert slots(events)["order_retry"] is False


@pytest.mark.parametrize(
    "text, number",
    [
        ("HA-104705", "HA-104705"),
        ("die nummer ist ha 104705", "HA-104705"),
        ("104705", "104705"),
        ("keine Ahnung", None),
        ("'; DROP TABLE orders; --", None),
    ],
)
def test_order_numbers_in_what_visitors_type(text: str, number) -> None:
    assert order_number_in(text) == number


@pytest.mark.parametrize(
    "text, secret",
    [
        ("Einkauf@Bau-Richter.example", "einkauf@bau-richter.example"),
        ("meine Mail ist a.b@firma.example.", "a.b@firma.example"),
        ("09117", "09117"),
        ("PLZ 04109 Leipzig", "04109"),
        ("weiß ich nicht", None),
        ("max@", None),
    ],
)
def test_secrets_in_what_visitors_type(text: str, secret) -> None:
    assert secret_in(text) == secret


async def test_the_form_says_what_it_expects(domain_dict, render) -> None:
    form = ValidateOrderStatusForm()
    dispatcher = CollectingDispatcher()
    result = form.validate_order_number(
        "ich weiß nicht", dispatcher, make_tracker("x"), domain_dict
    )
    assert result == {"order_number": None}
    result = form.validate_order_secret(
        "meine Oma", dispatcher, make_tracker("x"), domain_dict
    )
    assert result == {"order_secret": None}
    texts = await render(dispatcher.messages, "de")
    assert texts[0].startswith("Das sieht nicht nach einer Bestellnummer aus")
    assert texts[1].startswith(
        "Nennen Sie mir bitte die E-Mail-Adresse oder die Postleitzahl"
    )
