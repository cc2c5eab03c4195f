"""Shipping, delivery time, returns and payment actions, rendered with the real domain."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.shipping import (
    ActionDeliveryTime,
    ActionPayment,
    ActionReturns,
    ActionShippingCosts,
)
from kontor.company import load_company
from tests.actions.conftest import FakeCompanyFile, make_tracker
from tests.conftest import REPO_COMPANY_FILE


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


@pytest.fixture(scope="module")
def demo():
    return FakeCompanyFile(load_company(REPO_COMPANY_FILE))


TUESDAY_1511 = (2026, 12, 1, 15, 11)


@pytest.mark.parametrize(
    ("entities", "language", "expected"),
    [
        (
            [("country", "AT")],
            "de",
            [
                "Das kostet der Versand nach Österreich (netto):\n"
                "• DHL Paket (EU): 12,90\xa0€"
            ],
        ),
        (
            [("country", "CH")],
            "de",
            [
                "Eine Lieferung in die Schweiz gehört nicht zu unseren "
                "Standard-Versandoptionen. Ob und zu welchen Konditionen wir dorthin "
                "liefern können, klärt gern unser Team: Telefon +49 371 000 0000, "
                "E-Mail service@hartmann-arbeitsschutz.example."
            ],
        ),
        (
            [("country", "NL")],
            "en",
            ["Shipping to the Netherlands costs (net):\n• DHL parcel (EU): €12.90"],
        ),
        (
            [("country", "DE"), ("shipping_option", "express")],
            "de",
            [
                "Das kostet der Versand nach Deutschland (netto):\n"
                "• DHL Express (Deutschland): 14,90\xa0€"
            ],
        ),
        (
            [("country", "AT"), ("shipping_option", "express")],
            "de",
            [
                "Expressversand nach Österreich bieten wir leider nicht an.",
                "Das kostet der Versand nach Österreich (netto):\n"
                "• DHL Paket (EU): 12,90\xa0€",
            ],
        ),
    ],
)
async def test_shipping_costs_to_the_country_asked(
    demo, dispatcher, domain_dict, render, entities, language, expected
) -> None:
    tracker = make_tracker("…", language, intent="shipping_costs", entities=entities)
    events = await ActionShippingCosts(demo).run(dispatcher, tracker, domain_dict)
    texts = await render(dispatcher.messages, language)
    assert texts[: len(expected)] == expected
    assert SlotSet("country", entities[0][1]) in events


async def test_free_shipping_only_where_it_applies(
    demo, dispatcher, domain_dict, render
) -> None:
    tracker = make_tracker("Versand nach DE?", entities=[("country", "DE")])
    await ActionShippingCosts(demo).run(dispatcher, tracker, domain_dict)
    assert "utter_free_shipping" in [m.get("response") for m in dispatcher.messages]
    dispatcher.messages.clear()
    tracker = make_tracker("Versand nach AT?", entities=[("country", "AT")])
    await ActionShippingCosts(demo).run(dispatcher, tracker, domain_dict)
    assert "utter_free_shipping" not in [m.get("response") for m in dispatcher.messages]


async def test_follow_up_keeps_the_country_and_changes_the_option(
    demo, dispatcher, domain_dict, render
) -> None:
    tracker = make_tracker(
        "und mit Express?",
        intent="follow_up",
        entities=[("shipping_option", "express")],
        slots={"topic": "shipping_costs", "country": "AT"},
    )
    events = await ActionShippingCosts(demo).run(dispatcher, tracker, domain_dict)
    texts = await render(dispatcher.messages, "de")
    assert texts[0] == "Expressversand nach Österreich bieten wir leider nicht an."
    assert events == [SlotSet("shipping_option", "express")]


async def test_follow_up_without_a_country_asks_back(
    demo, dispatcher, domain_dict, render
) -> None:
    tracker = make_tracker(
        "und dahin?", "en", intent="follow_up", slots={"topic": "delivery_time"}
    )
    assert await ActionDeliveryTime(demo).run(dispatcher, tracker, domain_dict) == []
    assert await render(dispatcher.messages, "en") == [
        "Which country should we deliver to?"
    ]


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (
            TUESDAY_1511,
            "Für heute ist der Versand schon abgeschlossen: Was an einem Werktag bis "
            "14:00 Uhr bei uns eingeht, verschicken wir noch am selben Tag. Wenn Sie "
            "jetzt bestellen, verlässt Ihre Bestellung unser Lager am Mittwoch, "
            "2. Dezember.",
        ),
        (
            (2026, 12, 1, 11, 0),
            "Wenn Ihre Bestellung heute bis 14:00 Uhr bei uns eingeht, verlässt sie "
            "unser Lager noch heute.",
        ),
    ],
)
async def test_same_day_question_applies_the_cutoff(
    demo, dispatcher, domain_dict, render, clock_at, clock, expected
) -> None:
    tracker = make_tracker(
        "Wenn ich jetzt bestelle, geht es heute noch raus?",
        intent="delivery_time",
        entities=[("date", "today")],
    )
    action = ActionDeliveryTime(demo, clock=clock_at(*clock))
    await action.run(dispatcher, tracker, domain_dict)
    texts = await render(dispatcher.messages, "de")
    assert texts[0] == expected  # the answer to the question comes first


async def test_delivery_to_a_country(
    demo, dispatcher, domain_dict, render, clock_at
) -> None:
    tracker = make_tracker(
        "Hello, do you deliver to Österreich?", "en", entities=[("country", "AT")]
    )
    action = ActionDeliveryTime(demo, clock=clock_at(*TUESDAY_1511))
    await action.run(dispatcher, tracker, domain_dict)
    texts = await render(dispatcher.messages, "en")
    assert texts[0] == (
        "For items in stock, delivery to Austria takes:\n"
        "• DHL parcel (EU): €12.90, 3–5 working days"
    )
    assert texts[1].endswith(
        "your order leaves our warehouse on Wednesday, 2 December."
    )


@pytest.mark.parametrize(
    ("kind", "language", "first"),
    [
        (
            "invoice",
            "de",
            "Für Geschäftskunden ja: Kauf auf Rechnung (zahlbar innerhalb von 30 "
            "Tagen, 2 % Skonto bei Zahlung innerhalb von 10 Tagen).",
        ),
        ("direct_debit", "de", "Ja, das geht: SEPA-Lastschrift."),
        ("paypal", "en", "Yes, you can: PayPal."),
        ("credit_card", "de", "Ja, das geht: Kreditkarte (Visa, Mastercard)."),
        ("prepayment", "en", "Yes, you can: prepayment by bank transfer."),
        ("apple_pay", "de", "Nein, Apple Pay bieten wir leider nicht an."),
        ("klarna", "de", "Nein, Klarna bieten wir leider nicht an."),
        ("american_express", "en", "No, I am afraid we do not offer American Express."),
        ("cash_on_delivery", "de", "Nein, Nachnahme bieten wir leider nicht an."),
        (
            "installments",
            "en",
            "No, I am afraid we do not offer payment in instalments.",
        ),
    ],
)
async def test_payment_yes_or_no(
    demo, dispatcher, domain_dict, render, kind, language, first
) -> None:
    tracker = make_tracker("…", language, entities=[("payment_method", kind)])
    await ActionPayment(demo).run(dispatcher, tracker, domain_dict)
    texts = await render(dispatcher.messages, language)
    assert texts[0] == first
    # a "no" says what exists instead; a "yes" says no more than was asked
    assert (len(texts) == 2) is first.startswith(("Nein", "No"))


def test_every_payment_method_of_the_demo_company_has_a_type() -> None:
    demo = load_company(REPO_COMPANY_FILE)
    assert all(method.type for method in demo.payment.methods)


@pytest.mark.parametrize(
    ("text", "first", "no_dispatch"),
    [
        # asked about another day: today's cut-off is no answer
        ("Wenn ich am Freitag bestelle, wann ist es da?", "Lieferzeiten", True),
        # a country we do not serve: no promise about today
        (
            "Geht meine Bestellung in die Schweiz heute noch raus?",
            "Eine Lieferung in die Schweiz",
            True,
        ),
        ("Geht meine Bestellung heute noch raus?", "Für heute ist der Versand", False),
    ],
)
async def test_the_cutoff_only_answers_today_and_served_countries(
    demo, dispatcher, domain_dict, render, clock_at, text, first, no_dispatch
) -> None:
    action = ActionDeliveryTime(demo, clock=clock_at(*TUESDAY_1511))
    await action.run(dispatcher, make_tracker(text), domain_dict)
    texts = await render(dispatcher.messages, "de")
    assert texts[0].startswith(first), texts
    responses = [m.get("response", "") for m in dispatcher.messages]
    assert (not any(r.startswith("utter_dispatch") for r in responses)) is no_dispatch


async def test_without_payment_types_there_is_no_false_no(
    company, dispatcher, domain_dict, render
) -> None:
    """The test company's methods have no `type`: "Rechnung?" gets the list, no "no"."""
    await ActionPayment(FakeCompanyFile(company)).run(
        dispatcher, make_tracker("Kann ich auf Rechnung zahlen?"), domain_dict
    )
    texts = await render(dispatcher.messages, "de")
    assert texts == [
        "So können Sie bei uns bezahlen:\n• Rechnung (nur für Geschäftskunden)\n• PayPal"
    ]


async def test_one_of_two_questions_says_which_it_answered(
    demo, dispatcher, domain_dict, render, clock_at
) -> None:
    tracker = make_tracker(
        "Wie lange dauert die Rücksendung und wer zahlt das Porto?",
        intent="returns",
    )
    await ActionReturns(demo).run(dispatcher, tracker, domain_dict)
    texts = await render(dispatcher.messages, "de")
    assert texts[-1].startswith("Das war meine Antwort zu Rücksendungen.")


async def test_one_question_gets_no_such_note(demo, dispatcher, domain_dict) -> None:
    tracker = make_tracker("Wie funktioniert die Rücksendung?", intent="returns")
    await ActionReturns(demo).run(dispatcher, tracker, domain_dict)
    assert "utter_answered_one_question" not in [
        m.get("response") for m in dispatcher.messages
    ]
