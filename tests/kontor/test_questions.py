"""Counting the questions in a message."""

from __future__ import annotations

import pytest

from kontor.questions import count_questions


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Was kostet der Versand?", 1),
        ("Was kostet der Versand??", 1),
        ("Was kostet der Versand? Und geht PayPal?", 2),
        (
            "Was kostet der Versand nach Österreich und können wir auf Rechnung zahlen?",
            2,
        ),
        ("Wann habt ihr offen und wo finde ich euch", 2),
        ("How long does delivery take, and can I pay with PayPal?", 2),
        ("Hallo! Ich bin Frau Weber. Wie lange dauert die Lieferung?", 1),
        ("Schuhe und Handschuhe in Größe 10?", 1),
        ("ok", 1),
        ("", 0),
        ("???", 0),
    ],
)
def test_count_questions(text, count) -> None:
    assert count_questions(text) == count
