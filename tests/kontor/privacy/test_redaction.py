"""Personal data replaced by placeholders; order and article numbers left alone."""

from __future__ import annotations

import pytest

from kontor.privacy.redaction import find, redact


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Schreiben Sie an max.muster@firma-gmbh.de", "Schreiben Sie an [E-MAIL]"),
        ("Tel. 0371 1234567", "Tel. [TELEFON]"),
        ("Rufen Sie +49 (0)171 2345678 an", "Rufen Sie [TELEFON] an"),
        ("call +44 20 7946 0958", "call [TELEFON]"),
        ("IBAN DE89 3704 0044 0532 0130 00 bitte", "IBAN [IBAN] bitte"),
        ("IBAN DE89370400440532013000", "IBAN [IBAN]"),
        ("Karte 4111 1111 1111 1111", "Karte [KARTE]"),
        ("Amex 3782-822463-10005 läuft ab", "Amex [KARTE] läuft ab"),
        ("iban at61 1904 3002 3457 3201", "iban [IBAN]"),
        ("MAX@FIRMA.CO.UK schreibt", "[E-MAIL] schreibt"),
        ("Tel 0371/123456 oder 0049 371 123456", "Tel [TELEFON] oder [TELEFON]"),
        ("Lieferadresse: Hauptstraße 12, 09111 Chemnitz", "Lieferadresse: [ADRESSE]"),
        ("an die Zwickauer Str. 5a", "an die [ADRESSE]"),
        ("Karl-Marx-Allee 90, 10243 Berlin", "[ADRESSE]"),
        ("wir sitzen Am Mühlgraben 3a", "wir sitzen [ADRESSE]"),
        ("Straße des 17. Juni 135", "[ADRESSE]"),
        ("ship to 221B Baker Street, London", "ship to [ADRESSE], London"),
        ("geboren am 03.04.1985", "geboren am [GEBURTSDATUM]"),
        ("Geburtsdatum: 1.2.1979", "Geburtsdatum: [GEBURTSDATUM]"),
        ("ich bin am 5. Mai 1972 geboren", "ich bin am [GEBURTSDATUM] geboren"),
        ("DOB 1990-07-04", "DOB [GEBURTSDATUM]"),
        ("born on July 4, 1990", "born on [GEBURTSDATUM]"),
        ("IBAN es48 2100 3321 1869 4300 4705 und nicht", "IBAN [IBAN] und nicht"),
        ("Rückruf bitte, +49 1577 8322904", "Rückruf bitte, [TELEFON]"),
        ("Karte 5298  0712  4442  3407", "Karte [KARTE]"),
        ("Meine Nummer: +41 44 494 53 29", "Meine Nummer: [TELEFON]"),
        ("Geburtsdatum? Na gut: 02.12.1995", "Geburtsdatum? Na gut: [GEBURTSDATUM]"),
        ("versand an birkenweg 33, 09126 chemnitz", "versand an [ADRESSE]"),
        ("to 1200 W Madison St, Chicago, IL 60607", "to [ADRESSE]"),
        ("Konto DE 31 1820 8835 6140 0427 17 bitte", "Konto [IBAN] bitte"),
        ("geb am 9.9.77", "geb am [GEBURTSDATUM]"),
        ("Geburtsdatm 28. Februar 1991", "Geburtsdatm [GEBURTSDATUM]"),
        ("Bitte an einkauf(at)tischlerei-brandt.de", "Bitte an [E-MAIL]"),
        ("email me at j.taylor at btinternet dot com", "email me at [E-MAIL]"),
        ("an m.hartig [at] haustechnik-ebert24 [dot] de", "an [E-MAIL]"),
        ("Kartennr.5386 8161 9147 5773", "Kartennr.[KARTE]"),
        ("card number: 5330.0512.6553.8275", "card number: [KARTE]"),
        ("Karte 3832 584841 4030 01/2027", "Karte [KARTE] 01/2027"),
        ("IBAN NL40-ASNB-0859-3915-36 bitte", "IBAN [IBAN] bitte"),
        ("auf DE84 100 500007 234267 272 überweisen", "auf [IBAN] überweisen"),
        ("Handy 41 78 648 23 21 ab 10 Uhr", "Handy [TELEFON] ab 10 Uhr"),
        (
            "please ring 0151 - 17898805 re: invoice",
            "please ring [TELEFON] re: invoice",
        ),
        (
            "Auftrag ha-2026-01948, bitte an DE35 1203 0000 8176 8815 44",
            "Auftrag ha-2026-01948, bitte an [IBAN]",
        ),
    ],
)
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bestellung HA-2026-00123 vom 12.11.2026",
        "Artikel 10001-100, 500 Stück, PLZ 09116",
        "EN ISO 20471 Klasse 2, 60 °C, 50 Wäschen",
        "IBAN-ähnlich, aber falsch: DE00 1234 5678 9012 3456 78",
        # an EAN-13 passes no card scheme's prefix
        "EAN 4006381333931 bitte nachbestellen",
        "Sendungsnummer 00340434161094042557",
        "Kundennummer 4711-0815, Rechnung RE-2026-10045",
        "Preis 12,90 € netto ab 100 Stück, 15,35 € brutto",
        "Können Sie bis 12.12.2026 liefern? Sonst am Dienstag, den 3.3.",
        "Öffnungszeiten Mo-Fr 7:30-16:30 Uhr",
        "Sicherheitsschuh S3 Größe 42, EN ISO 20345:2022",
        "Die Straße 5 Mal gefegt",
        "Weg 3 Tage",
        "Kundennummer: 037 144 551",
        "Angebot Nr. 2026-0815 vom 02.11.2026",
        "Is 4017552668691 the barcode for the nitrile gloves",
        "Im Shop steht 23.90 EUR",
        "i need 12 vests for road works",
        "Lieferung am Dienstag den 22.1.2027 möglich",
        "DPD Paket 05613848588345 ging an den Absender zurück",
        "Ich gebe Ihnen bis 12.03.2027 Zeit",
        "Gibt es für 34012954261496 einen Staffelpreis?",  # a GTIN-14, not an Amex
        "wir treffen uns at noon dot",
        "see you at home.de",
    ],
)
def test_other_numbers_stay(text: str) -> None:
    assert redact(text) == text


def test_find_says_what_and_where() -> None:
    text = "Mail max@firma.de, Tel. 0371 1234567"
    assert [(f.kind, text[f.start : f.end]) for f in find(text)] == [  # noqa: E203
        ("email", "max@firma.de"),
        ("phone", "0371 1234567"),
    ]


def test_an_iban_is_not_also_a_phone_number() -> None:
    assert [f.kind for f in find("DE89 3704 0044 0532 0130 00")] == ["iban"]
