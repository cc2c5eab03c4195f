"""Product questions against the demo price list in a real (SQLite) database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import sessionmaker

from actions.products import ActionProductQuestion
from kontor.catalog import CatalogSource
from kontor.catalog_import import import_catalog
from kontor.db import make_engine, session_factory, transaction
from kontor.db.migrate import upgrade
from kontor.knowledge.embeddings import BundledE5
from kontor.knowledge.index import KnowledgeSource
from tests.actions.conftest import FakeCompanyFile, make_tracker

DEMO = Path(__file__).resolve().parents[2] / "demo" / "artikel.csv"
FRIDAY_EVENING = (2026, 12, 4, 16, 30)
TUESDAY_MORNING = (2026, 12, 1, 9, 0)


@pytest.fixture(scope="module")
def demo_sessions(tmp_path_factory: pytest.TempPathFactory) -> sessionmaker:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'kontor.db'}")
    upgrade(engine)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        import_catalog(session, DEMO)
    return sessions


@pytest.fixture(scope="module")
def knowledge(demo_knowledge_sessions) -> KnowledgeSource:  # type: ignore[no-untyped-def]
    return KnowledgeSource(demo_knowledge_sessions, BundledE5())


@pytest.fixture
def ask(company, domain_dict, render, clock_at, demo_sessions, knowledge):
    async def run(
        text: str,
        language: str = "de",
        slots=None,
        at=TUESDAY_MORNING,
        intent="product_question",
    ):
        dispatcher = CollectingDispatcher()
        action = ActionProductQuestion(
            FakeCompanyFile(company),
            clock_at(*at),
            source=CatalogSource(demo_sessions),
            knowledge=knowledge,
        )
        tracker = make_tracker(text, language, intent=intent, slots=slots)
        events = await action.run(dispatcher, tracker, domain_dict)
        texts = await render(dispatcher.messages, language)
        return events, texts, dispatcher.messages

    return run


def slots_of(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def buttons(messages) -> List[str]:
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


def responses(messages) -> List[str]:
    return [m["response"] for m in messages]


FOCUS = {"topic": "product", "product": "Warnweste Basic"}
VARIANT = {**FOCUS, "colour": "warngelb", "size": "L/XL"}


async def test_a_kind_in_a_size_offers_products_that_have_it(
    ask, demo_sessions
) -> None:
    events, texts, messages = await ask("Haben Sie Warnwesten in XL?")
    assert responses(messages) == ["utter_product_choices"]
    assert texts[0].startswith("Dazu habe ich 12 passende Produkte, zum Beispiel:")
    assert "\xa0€ netto" in texts[0] and "inkl. MwSt." in texts[0]
    offered = [json.loads(p[p.index("{") :]) for p in buttons(messages)]
    catalog = CatalogSource(demo_sessions).get()
    for choice in offered:
        (product,) = catalog.named(choice["product"])
        assert product.kind_de == "Warnweste"
        assert any(v.has_size("XL") for v in product.variants)
    assert slots_of(events) == {
        "topic": "product",
        "product_type": "Warnweste",
        "size": "XL",
    }


async def test_one_product_asks_which_colour(ask) -> None:
    events, texts, messages = await ask("Haben Sie die Warnweste Basic?")
    assert responses(messages) == ["utter_product_variants_colour"]
    assert "Farben: Warngelb und Warnorange; Größen: S/M, L/XL und XXL/3XL" in texts[0]
    assert texts[0].endswith("Welche Farbe hätten Sie gern?")
    assert buttons(messages) == [
        '/follow_up{"colour": "warngelb"}',
        '/follow_up{"colour": "warnorange"}',
    ]
    assert slots_of(events)["product"] == "Warnweste Basic"


async def test_a_colour_the_product_does_not_come_in(ask) -> None:
    _, texts, _ = await ask("Gibt es die auch in Rot?", slots=FOCUS)
    assert texts == [
        "„Warnweste Basic“ gibt es bei uns leider nicht in Rot – nur in Warngelb und Warnorange."
    ]
    _, texts, _ = await ask("Do you have hi-vis vests in red?", "en")
    assert texts == [
        "We do not have “hi-vis vest” in red, I am afraid — only in hi-vis yellow and hi-vis orange."
    ]


async def test_a_variant_with_its_price_tiers(ask) -> None:
    events, texts, messages = await ask(
        "und in warngelb, L/XL?", slots=FOCUS, intent="follow_up"
    )
    assert responses(messages) == ["utter_product_offer", "utter_product_offer_quote"]
    assert texts[0].startswith(
        "Warnweste Basic, Warngelb, L/XL (Art.-Nr. 10001-101): 7,50\xa0€ netto (8,93\xa0€ inkl. MwSt.) pro Stück."
    )
    assert "ab 100 Stück: 6,38\xa0€" in texts[0]
    assert texts[1].startswith("Soll ich eine Angebotsanfrage aufnehmen?")


async def test_the_price_from_100_pieces(ask) -> None:
    _, texts, _ = await ask("Was kostet die ab 100 Stück?", slots=VARIANT)
    assert "6,38\xa0€ netto (7,59\xa0€ inkl. MwSt.) pro Stück" in texts[0]


async def test_500_by_tuesday_on_friday_evening(ask, demo_sessions) -> None:
    """Friday 16:30: the stock leaves on Monday, the rest after the lead time."""
    catalog = CatalogSource(demo_sessions).get()
    _, vest = catalog.variant("10001-101")
    assert 0 < vest.stock < 500
    _, texts, messages = await ask(
        "Können Sie 500 Stück bis Dienstag liefern?", slots=VARIANT, at=FRIDAY_EVENING
    )
    assert responses(messages) == [
        "utter_product_offer",
        "utter_product_not_in_time",
        "utter_product_partly_from_stock",
        "utter_product_offer_quote",
    ]
    assert (
        texts[1]
        == "Bis Dienstag, 8. Dezember schaffen wir 500 Stück leider nicht komplett."
    )
    assert texts[2].startswith(
        f"{vest.stock} Stück haben wir auf Lager: Sie gehen am Montag, 7. Dezember raus "
        "und sind voraussichtlich zwischen Dienstag, 8. Dezember und Mittwoch, 9. Dezember bei Ihnen."
    )
    assert f"Die übrigen {500 - vest.stock} können wir am " in texts[2]


async def test_a_quantity_in_stock_by_a_day_it_can_reach(ask) -> None:
    _, texts, messages = await ask(
        "Können Sie 50 Stück bis Freitag liefern?", slots=VARIANT
    )
    assert responses(messages)[1:3] == [
        "utter_product_in_time",
        "utter_product_from_stock_today",
    ]
    assert texts[1] == "Ja, bis Freitag, 4. Dezember schaffen wir 50 Stück:"
    assert "noch heute raus" in texts[2]


async def test_all_sizes_together_when_the_size_is_open(ask) -> None:
    events, texts, messages = await ask(
        "Can you deliver 500 by Tuesday?", "en", slots=FOCUS, at=FRIDAY_EVENING
    )
    assert responses(messages)[0] == "utter_product_offer_any_variant"
    assert "in all colours and sizes together" in texts[0]
    assert "(counting all colours and sizes)" in texts[1]
    assert slots_of(events) == {"quantity": "500", "date": "tuesday"}


async def test_a_norm_a_group_and_a_size(ask, demo_sessions) -> None:
    _, texts, messages = await ask("Sicherheitsschuhe S3 in Größe 44")
    assert responses(messages) == ["utter_product_choices"]
    catalog = CatalogSource(demo_sessions).get()
    for payload in buttons(messages):
        (product,) = catalog.named(json.loads(payload[payload.index("{") :])["product"])
        assert product.category_de == "Sicherheitsschuhe" and product.fits_norm("S3")


async def test_what_we_do_not_sell_is_never_invented(ask) -> None:
    _, texts, messages = await ask("Haben Sie Sonnencreme?")
    assert responses(messages) == ["utter_product_nothing_asked"]
    assert texts[0].startswith(
        "Dazu habe ich in unserem Sortiment nichts gefunden. Wir führen Warnschutzkleidung"
    )


async def test_an_unreachable_database_is_said_plainly(
    company, domain_dict, render, clock_at, tmp_path
) -> None:
    engine = make_engine(
        f"sqlite:///{tmp_path / 'leer.db'}"
    )  # no tables: every query fails
    action = ActionProductQuestion(
        FakeCompanyFile(company),
        clock_at(*TUESDAY_MORNING),
        source=CatalogSource(session_factory(engine)),
    )
    dispatcher = CollectingDispatcher()
    events = await action.run(
        dispatcher, make_tracker("Haben Sie Warnwesten?"), domain_dict
    )
    assert events == []
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith("Unsere Artikeldatenbank ist gerade nicht erreichbar")


@pytest.mark.parametrize(
    "text",
    [
        "Warnwesten " + "bitte " * 1700,  # about 10 kB
        "'; DROP TABLE products; -- Warnwesten",
        "Habt ihr 🦺 Warnwesten in XL? 👍",
        "Do you have Warnwesten in gelb, size XL?",
    ],
)
async def test_odd_messages_get_a_plain_answer(ask, text: str) -> None:
    _, texts, messages = await ask(text)
    assert responses(messages) == ["utter_product_choices"]
    assert texts and "Warnweste" in texts[0]


async def test_how_to_care_for_a_product_is_answered_from_its_data_sheet(ask) -> None:  # type: ignore[no-untyped-def]
    events, (text,), messages = await ask(
        "Wie oft kann ich die Warnweste Basic waschen?"
    )
    assert responses(messages) == ["utter_knowledge_quote_page"]
    assert "50 Wäschen" in text and "Seite 2" in text
    # the product stays in focus for a follow-up about its price
    assert slots_of(events) == {"topic": "product", "product": "Warnweste Basic"}


@pytest.mark.parametrize(
    "text",
    [
        "Was kostet die Warnweste Basic?",
        "Haben Sie die Warnweste Basic in XXL/3XL?",
        "Gibt es die Warnweste Basic auch in Orange?",
    ],
)
async def test_catalog_questions_stay_with_the_catalog(ask, text: str) -> None:  # type: ignore[no-untyped-def]
    _, _, messages = await ask(text)
    assert not any(r.startswith("utter_knowledge") for r in responses(messages))


@pytest.mark.parametrize(
    "text", ["Verkaufen Sie auch Gabelstapler?", "Führen Sie auch Leitern?"]
)
async def test_another_thing_is_not_answered_with_the_product_in_focus(
    ask, text: str
) -> None:  # type: ignore[no-untyped-def]
    events, (reply,), messages = await ask(text, slots=FOCUS)
    assert responses(messages) == ["utter_product_nothing_asked"]
    assert "Warnweste Basic" not in reply
    assert slots_of(events).get("product", "cleared") is None


@pytest.mark.parametrize(
    "text",
    ["Was kostet die ab 100 Stück?", "wie teuer ist das", "Habt ihr die auf Lager?"],
)
async def test_a_message_pointing_back_keeps_the_product_in_focus(
    ask, text: str
) -> None:  # type: ignore[no-untyped-def]
    _, texts, messages = await ask(text, slots=FOCUS)
    assert "Warnweste Basic" in " ".join(texts), texts
