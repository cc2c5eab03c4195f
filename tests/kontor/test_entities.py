"""Details out of messages: German and English, typos, inflection, and what is no detail."""

from __future__ import annotations

import pytest

from kontor.entities import (
    MAX_CHARS,
    EntityExtractor,
    load_labels,
    load_vocabulary,
)


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def pairs(extractor: EntityExtractor, text: str) -> list:
    return [(e.entity, e.value) for e in extractor.extract(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # days and dates
        ("Sind Sie am 24.12. geöffnet?", [("date", "24.12.")]),
        ("Are you open on Christmas Eve?", [("date", "christmas eve")]),
        ("Habt ihr am Samstagvormittag offen?", [("date", "saturday")]),
        ("samstags auch?", [("date", "saturday")]),
        ("Sind Sie nächsten Freitag da?", [("date", "next friday")]),
        ("am kommenden Montag", [("date", "next monday")]),
        ("Montag nächste Woche", [("date", "next monday")]),
        ("next Monday", [("date", "next monday")]),
        ("morgen früh", [("date", "tomorrow")]),
        ("übermorgen", [("date", "day after tomorrow")]),
        ("am 2. Januar 2027", [("date", "02.01.2027")]),
        ("open on December 31st?", [("date", "31.12.")]),
        ("the 2nd of January", [("date", "02.01.")]),
        ("am 24.12.26", [("date", "24.12.2026")]),
        ("am 5.1", [("date", "05.01.")]),
        ("2026-12-24", [("date", "24.12.2026")]),
        ("Habt ihr zwischen den Jahren offen?", [("date", "between the years")]),
        ("Ist am Buß- und Bettag geöffnet?", [("date", "repentance day")]),
        ("Buss und Bettag", [("date", "repentance day")]),
        ("Ostermontag", [("date", "easter monday")]),
        ("Haben Sie Ostern offen?", [("date", "easter")]),
        ("nächste Woche", [("date", "next week")]),
        ("am Wochenende", [("date", "weekend")]),
        ("am 31.2.", [("date", "31.02.")]),  # impossible, but asked: dates.py says so
        # times
        ("um 17 Uhr", [("time", "17:00")]),
        ("um 9.30 Uhr", [("time", "09:30")]),
        ("gegen 12:15", [("time", "12:15")]),
        ("um 7", [("time", "07:00")]),
        ("Kann ich um 4 noch vorbeikommen?", [("time", "16:00")]),  # afternoon
        ("um 6 Uhr", [("time", "06:00")]),  # "Uhr" as written
        ("bis 16.30", [("time", "16:30")]),
        ("bis 12.12 liefern", [("date", "12.12.")]),
        ("at 12am", [("time", "00:00")]),
        ("diesen Freitag", [("date", "this friday")]),
        ("nach Nordirland", [("country", "GB")]),
        ("to Northern Ireland", [("country", "GB")]),
        ("at 5pm", [("time", "17:00")]),
        ("at 9 am", [("time", "09:00")]),
        ("Can I come by at 12:15 tomorrow?", [("time", "12:15"), ("date", "tomorrow")]),
        (
            "Kann ich am Freitag um 15 Uhr noch was abholen?",
            [("date", "friday"), ("time", "15:00"), ("shipping_option", "pickup")],
        ),
        # countries and regions
        ("und nach Österreich?", [("country", "AT")]),
        ("Liefert ihr auch in die Schweiz?", [("country", "CH")]),
        ("in den Niederlanden", [("country", "NL")]),
        ("nach Holland", [("country", "NL")]),
        ("to the UK", [("country", "GB")]),
        ("innerhalb der EU", [("country", "EU")]),
        ("ins EU-Ausland", [("country", "EU")]),
        ("innerhalb Deutschlands", [("country", "DE")]),
        ("Do you ship to Norway?", [("country", "NO")]),
        ("Hello, do you deliver to Österreich?", [("country", "AT")]),
        # payment, shipping, carriers, quantities, company details
        ("Kann ich mit Apple Pay zahlen?", [("payment_method", "apple_pay")]),
        ("geht klarna", [("payment_method", "klarna")]),
        ("Kauf auf Rechnung", [("payment_method", "invoice")]),
        ("per Nachnahme", [("payment_method", "cash_on_delivery")]),
        (
            "Zahlung in bar bei Abholung",
            [("payment_method", "cash"), ("shipping_option", "pickup")],
        ),
        ("do you take Amex", [("payment_method", "american_express")]),
        ("und mit Express?", [("shipping_option", "express")]),
        ("Lieferung auf Palette", [("shipping_option", "freight")]),
        ("Versendet ihr mit UPS oder DHL?", [("carrier", "UPS"), ("carrier", "DHL")]),
        (
            "Können Sie 500 Stück bis Dienstag liefern?",
            [("quantity", "500"), ("date", "tuesday")],
        ),
        ("1.000 Stück", [("quantity", "1000")]),
        ("50 pairs", [("quantity", "50")]),
        ("Was ist Ihre USt-IdNr.?", [("company_detail", "vat_id")]),
        ("Wer ist Ihr Geschäftsführer?", [("company_detail", "managing_director")]),
        ("Handelsregister?", [("company_detail", "register")]),
    ],
)
def test_finds_details(extractor, text, expected) -> None:
    assert pairs(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Östereich", [("country", "AT")]),
        ("Oesterreich", [("country", "AT")]),
        ("osterreich", [("country", "AT")]),
        ("Schweitz", [("country", "CH")]),
        ("samstg", [("date", "saturday")]),
        ("Sammstag", [("date", "saturday")]),
        ("heiligabnd", [("date", "christmas eve")]),
        ("paypall", [("payment_method", "paypal")]),
        ("Kreditkate", [("payment_method", "credit_card")]),
        ("am dezmber 24", [("date", "24.12.")]),
    ],
)
def test_forgives_typos(extractor, text, expected) -> None:
    assert pairs(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Guten Morgen!",  # a greeting, not "tomorrow"
        "Good morning",
        "Ich komme ungern",  # not a typo of Ungarn
        "Montagekleidung",  # not Montag
        "Wo finde ich meine Rechnungen?",  # invoices, not the payment method
        "Bei größeren Mengen",
        "Wie ist die Lage?",
        "Danke, das war's",
        "Kann ich das holen?",
        "Das kostet 12.50 Euro",
        "Lieferung nach Atlantis?",
    ],
)
def test_no_false_details(extractor, text) -> None:
    assert pairs(extractor, text) == []


def test_spans_point_into_the_text(extractor) -> None:
    text = "Sind Sie nächsten Freitag um 15 Uhr in der Schweiz?"
    for entity in extractor.extract(text):
        assert text[entity.start : entity.end] == entity.text
    assert [e.text for e in extractor.extract(text)] == [
        "nächsten Freitag",
        "15 Uhr",
        "Schweiz",
    ]


def test_long_messages_are_cut(extractor) -> None:
    text = "Hallo " * 3000 + "am Samstag"
    assert extractor.extract(text) == []  # beyond MAX_CHARS
    assert pairs(extractor, "am Samstag " + "x" * (MAX_CHARS * 5)) == [
        ("date", "saturday")
    ]
    assert extractor.extract("") == []


def test_vocabulary_file_is_well_formed() -> None:
    vocabulary = load_vocabulary()
    assert {"country", "date", "payment_method", "shipping_option"} <= set(vocabulary)
    labels = load_labels()
    # every payment method and shipping option can be named in an answer
    for entity in ("payment_method", "shipping_option", "colour"):
        assert set(labels[entity]) == set(vocabulary[entity])
        for names in labels[entity].values():
            assert set(names) == {"de", "en"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[1, 2]", "expected entity types"),
        ("country: [AT]", "expected value: [phrases]"),
        ("country:\n  AT: Österreich", "expected a list of words"),
        ("country:\n  AT: ['']", "expected a list of words"),
    ],
)
def test_malformed_vocabulary_is_named(text, problem) -> None:
    with pytest.raises(ValueError, match=problem.replace("[", r"\[")):
        load_vocabulary(text)


def test_a_message_read_twice_gives_the_same_details(extractor) -> None:
    first = extractor.extract("Habt ihr am Samstag offen?")
    second = extractor.extract("Habt ihr am Samstag offen?")
    assert first == second and first is not second  # a copy: callers may change it
