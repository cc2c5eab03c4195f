"""Products, order status and a quote request through the whole stack (REST channel,
real model, action server on the demo database)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from kontor.db import make_engine, session_factory
from kontor.db.models import Lead
from tests.conftest_stack import ROOT, Stack
from tests.e2e.test_details import Visitor

ORDERS = list(
    csv.DictReader(
        io.StringIO(
            (ROOT / "demo" / "bestellungen.csv").read_text(encoding="utf-8-sig")
        ),
        delimiter=";",
    )
)
SHIPPED = next(row for row in ORDERS if row["Status"] == "versendet")


def test_a_product_its_colours_and_a_quantity_by_a_day(stack: Stack) -> None:
    visitor = Visitor(stack)
    reply = visitor.say("Haben Sie die Warnweste Basic?")
    assert "Warngelb und Warnorange" in reply and "Welche Farbe" in reply
    reply = visitor.say("Gibt es die auch in Rot?")
    assert "nicht in Rot" in reply and "Warngelb" in reply
    reply = visitor.say("und in warngelb, Größe L/XL?")
    assert "Art.-Nr. 10001-101" in reply and "netto" in reply
    reply = visitor.say("Können Sie 500 Stück bis Dienstag liefern?")
    assert "500 Stück" in reply and "Angebotsanfrage" in reply


def test_what_we_do_not_sell_is_said_plainly(stack: Stack) -> None:
    reply = Visitor(stack).say("Haben Sie auch Leitern im Sortiment?")
    assert "nichts gefunden" in reply or "nicht gefunden" in reply
    assert "€" not in reply


def test_an_order_only_after_verification(stack: Stack) -> None:
    visitor = Visitor(stack)
    assert "Bestellnummer" in visitor.say("Wo bleibt meine Bestellung?")
    assert "E-Mail-Adresse oder" in visitor.say(SHIPPED["Bestellnummer"])
    wrong = visitor.say("jemand@anders.example")
    assert "keine Bestellung gefunden" in wrong
    assert SHIPPED["Sendungsnummer"] not in wrong
    assert "Bestellnummer" in wrong  # the form asks again
    visitor.say(SHIPPED["Bestellnummer"])
    reply = visitor.say(SHIPPED["E-Mail"])
    assert f"Ihre Bestellung {SHIPPED['Bestellnummer']}" in reply
    assert SHIPPED["Sendungsnummer"] in reply and "verfolgen" in reply


def test_a_quote_request_becomes_a_lead(stack: Stack) -> None:
    visitor = Visitor(stack)
    assert "Wie viele" in visitor.say(
        "Wir bräuchten ein Angebot für Warnwesten mit unserem Logo"
    )
    assert "Bis wann" in visitor.say("etwa 200 Stück")
    assert "Budget" in visitor.say("bis zum 15.01.")
    assert "Firma" in visitor.say("nein")
    assert "Name" in visitor.say("Stadtwerke Aue")
    assert "E-Mail-Adresse" in visitor.say("Jens Hoffmann")
    assert "Telefonnummer" in visitor.say("j.hoffmann@stadtwerke-aue.example")
    summary = visitor.say("0371 998877")
    assert "• Menge: 200" in summary and "• Firma: Stadtwerke Aue" in summary
    assert "Einwilligung" in visitor.say("ja, stimmt so")
    assert "gespeichert" in visitor.say("Ja, einverstanden")
    engine = make_engine(f"sqlite:///{stack.log_dir / 'kontor.db'}")
    with session_factory(engine)() as session:
        lead = session.execute(
            select(Lead).where(Lead.email == "j.hoffmann@stadtwerke-aue.example")
        ).scalar_one()
    engine.dispose()
    assert (lead.company, lead.quantity, lead.phone) == (
        "Stadtwerke Aue",
        200,
        "0371 998877",
    )


def test_the_account_manager_only_after_verification(stack: Stack) -> None:
    order = ORDERS[0]
    visitor = Visitor(stack)
    assert "Bestellnummer" in visitor.say("Wer ist mein Ansprechpartner?")
    visitor.say(order["Bestellnummer"])
    reply = visitor.say(order["PLZ"])
    # no CRM in the test stack: the visitor is looked after by the sales team
    assert reply.startswith("Unser Vertriebsteam betreut Sie gern")
