"""The done-when of the catalog issue, in the real widget: a product, another colour
and size by buttons, 500 by Tuesday, a lead with consent, an order after verifying."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import Browser
from sqlalchemy import select

from kontor.db import make_engine, session_factory
from kontor.db.models import Lead
from tests.browser.widget_driver import click_reply, open_widget, send
from tests.conftest_stack import ROOT, Stack

ORDERS = list(
    csv.DictReader(
        io.StringIO(
            (ROOT / "demo" / "bestellungen.csv").read_text(encoding="utf-8-sig")
        ),
        delimiter=";",
    )
)


def test_product_lead_and_order_in_the_widget(browser: Browser, stack: Stack) -> None:
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        open_widget(page, stack.web_url + "/")
        reply = " ".join(send(page, "Haben Sie die Warnweste Basic?"))
        assert "Welche Farbe" in reply, reply
        reply = " ".join(click_reply(page, "Warngelb"))
        assert "Welche Größe" in reply, reply
        reply = " ".join(click_reply(page, "L/XL"))
        assert "Art.-Nr. 10001-101" in reply and "Staffelpreise" in reply, reply
        reply = " ".join(send(page, "Können Sie 500 Stück bis Dienstag liefern?"))
        assert "500 Stück" in reply, reply

        # the quote: quantity and date are known, the form asks the rest
        reply = " ".join(click_reply(page, "Angebot anfordern"))
        assert "Budget" in reply, reply
        send(page, "nein")
        send(page, "Elektro Seidel KG")
        send(page, "Petra Seidel")
        send(page, "p.seidel@elektro-seidel.example")
        summary = " ".join(send(page, "0341 7788990"))
        assert "Menge: 500" in summary and "Warnweste Basic, Warngelb" in summary
        reply = " ".join(click_reply(page, "Ja, stimmt so"))
        assert "Einwilligung" in reply, reply
        reply = " ".join(click_reply(page, "Ja, einverstanden"))
        assert "gespeichert" in reply, reply

        # an order, only after number and e-mail match
        order = next(row for row in ORDERS if row["Status"] == "versendet")
        send(page, "Wo bleibt meine Bestellung?")
        send(page, order["Bestellnummer"])
        reply = " ".join(send(page, order["E-Mail"]))
        assert order["Sendungsnummer"] in reply, reply
    finally:
        context.close()
    engine = make_engine(f"sqlite:///{stack.log_dir / 'kontor.db'}")
    with session_factory(engine)() as session:
        lead = session.execute(
            select(Lead).where(Lead.email == "p.seidel@elektro-seidel.example")
        ).scalar_one()
    engine.dispose()
    assert lead.quantity == 500 and lead.need.startswith("Warnweste Basic")
