"""Personal data replaced by placeholders; order and article numbers left alone."""

from __future__ import annotations

import pytest

from kontor.privacy.redaction import redact


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
    ],
)
def test_other_numbers_stay(text: str) -> None:
    assert redact(text) == text
