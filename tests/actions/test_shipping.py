"""Shipping, delivery time, returns and payment actions, rendered with the real domain."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.shipping import (
    ActionDeliveryTime,
    ActionPayment,
    ActionReturns,
    ActionShippingCosts,
)
from tests.actions.conftest import FakeCompanyFile, make_tracker


async def test_shipping_costs(company, dispatcher, domain_dict, render) -> None:
    events = await ActionShippingCosts(FakeCompanyFile(company)).run(
        dispatcher, make_tracker("Versandkosten?"), domain_dict
    )
    assert events == [SlotSet("topic", "shipping_costs")]
    assert await render(dispatcher.messages, "de") == [
        "Unsere Versandkosten (netto):\n• DHL Paket: 5,90\xa0€",
        "Ab einem Bestellwert von 150,00\xa0€ (netto) liefern wir innerhalb "
        "Deutschlands versandkostenfrei (Standardversand).",
    ]


async def test_shipping_costs_in_english_without_threshold(
    make_company, company_data, dispatcher, domain_dict, render
) -> None:
    shipping = dict(
        company_data["shipping"],
        free_shipping_threshold=None,
        notes={"de": "Alle Preise netto.", "en": "All prices net."},
    )
    await ActionShippingCosts(FakeCompanyFile(make_company(shipping=shipping))).run(
        dispatcher, make_tracker("shipping costs?", "en"), domain_dict
    )
    assert await render(dispatcher.messages, "en") == [
        "Our shipping costs (net):\n• DHL parcel: €5.90",
        "All prices net.",
    ]


async def test_delivery_time(company, dispatcher, domain_dict, render) -> None:
    await ActionDeliveryTime(FakeCompanyFile(company)).run(
        dispatcher, make_tracker("Wie lange dauert die Lieferung?"), domain_dict
    )
    options, cutoff, caveat = await render(dispatcher.messages, "de")
    assert (
        options
        == "Lieferzeiten für Artikel, die wir auf Lager haben:\n• DHL Paket: 1–2 Werktage"
    )
    assert "bis 14:00 Uhr" in cutoff
    assert "verbindlichen Liefertermin" in caveat


async def test_returns(company, dispatcher, domain_dict, render) -> None:
    await ActionReturns(FakeCompanyFile(company)).run(
        dispatcher, make_tracker("Rückgabe?"), domain_dict
    )
    periods, conditions = await render(dispatcher.messages, "de")
    assert "innerhalb von 14 Tagen" in periods and "30 Tagen" in periods
    assert conditions == "Bitte ungetragen zurückschicken."


async def test_returns_for_consumers_only_with_label(
    make_company, company_data, dispatcher, domain_dict, render
) -> None:
    returns = dict(
        company_data["returns"], business_return_days=0, free_return_label=True
    )
    await ActionReturns(FakeCompanyFile(make_company(returns=returns))).run(
        dispatcher, make_tracker("returns?", "en"), domain_dict
    )
    periods, _, label = await render(dispatcher.messages, "en")
    assert periods == (
        "Consumers can withdraw from their purchase within 14 days without giving a reason."
    )
    assert "info@muster.example" in label


async def test_payment(company, dispatcher, domain_dict, render) -> None:
    await ActionPayment(FakeCompanyFile(company)).run(
        dispatcher, make_tracker("Kann ich auf Rechnung zahlen?"), domain_dict
    )
    assert await render(dispatcher.messages, "de") == [
        "So können Sie bei uns bezahlen:\n• Rechnung (nur für Geschäftskunden)\n• PayPal"
    ]
