"""The account manager: only for a verified customer, from the CRM, never stuck."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import sessionmaker

from actions.customers import ActionAccountManager
from kontor.crm.hubspot import HubSpot
from kontor.db import make_engine, session_factory, transaction
from kontor.db.migrate import upgrade
from kontor.order_import import import_orders
from tests.actions.conftest import FakeCompanyFile, make_tracker
from tests.crm_servers import FakeHubSpot

ORDERS = (
    "Bestellnummer;Bestelldatum;E-Mail;PLZ;Status;Artikelnummer;Menge\n"
    "HA-104705;27.11.2026 09:15;einkauf@bau-richter.example;09117;eingegangen;W-1;5\n"
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
def hubspot() -> Iterator[FakeHubSpot]:
    with FakeHubSpot() as server:
        server.add(
            "owners",
            {
                "firstName": "Jens",
                "lastName": "Hartmann",
                "email": "j.hartmann@hartmann.example",
            },
        )
        server.add(
            "contacts",
            {
                "properties": {
                    "email": "einkauf@bau-richter.example",
                    "hubspot_owner_id": "101",
                }
            },
        )
        yield server


@pytest.fixture
def ask(make_company, company, domain_dict, render, clock_at, sessions):
    with_team = make_company(
        contact={
            **company.contact.dict(),
            "sales_team": [
                {
                    "name": "Jens Hartmann",
                    "email": "j.hartmann@hartmann.example",
                    "phone": "+49 371 000 0020",
                }
            ],
        }
    )

    async def run(number: str, secret: str, crm=None):
        action = ActionAccountManager(
            FakeCompanyFile(with_team), clock_at(2026, 12, 1, 10, 0), sessions, crm
        )
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(
            secret,
            intent="inform",
            slots={"order_number": number, "order_secret": secret},
        )
        await action.run(dispatcher, tracker, domain_dict)
        return await render(dispatcher.messages, "de")

    return run


async def test_a_verified_customer_gets_the_account_manager(ask, hubspot) -> None:
    crm = HubSpot(token=FakeHubSpot.token, base_url=hubspot.url, timeout=(1.0, 1.0))
    texts = await ask("HA-104705", "einkauf@bau-richter.example", crm)
    assert texts == [
        "Ihre Ansprechpartnerin bzw. Ihr Ansprechpartner ist Jens Hartmann: "
        "Durchwahl +49 371 000 0020, E-Mail j.hartmann@hartmann.example."
    ]


async def test_an_unverified_visitor_gets_no_name(ask, hubspot) -> None:
    crm = HubSpot(token=FakeHubSpot.token, base_url=hubspot.url, timeout=(1.0, 1.0))
    (text,) = await ask("HA-104705", "jemand@anders.example", crm)
    assert text.startswith("Diese Angaben passen zu keiner Bestellung bei uns")
    assert "Hartmann" not in text


async def test_a_crm_that_does_not_answer_means_the_sales_team(ask, hubspot) -> None:
    hubspot.fail("/crm/v3/objects/contacts/search", "slow")
    crm = HubSpot(token=FakeHubSpot.token, base_url=hubspot.url, timeout=(1.0, 0.5))
    (text,) = await ask("HA-104705", "09117", crm)
    assert text.startswith("Unser Vertriebsteam betreut Sie gern")


async def test_without_a_crm_the_sales_team(ask) -> None:
    (text,) = await ask("HA-104705", "09117")
    assert text.startswith("Unser Vertriebsteam betreut Sie gern")
