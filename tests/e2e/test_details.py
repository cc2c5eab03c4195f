"""The detail asked is answered, through the whole stack (REST channel, real model).

Each conversation runs against the trained model and the action server with the real
company.yml; expectations are facts from company.yml that hold on any day (Saturday
is closed, Christmas Eve is a closing day, Switzerland is no standard destination).
"""

from __future__ import annotations

import uuid
from typing import List

import pytest
import requests
import yaml

from tests.conftest_stack import ROOT, Stack

COMPANY = yaml.safe_load((ROOT / "company.yml").read_text(encoding="utf-8"))


class Visitor:
    """One conversation over Rasa's REST channel."""

    def __init__(self, stack: Stack) -> None:
        self.url = f"{stack.rasa_url}/webhooks/rest/webhook"
        self.sender = uuid.uuid4().hex

    def say(self, text: str) -> str:
        response = requests.post(
            self.url, json={"sender": self.sender, "message": text}, timeout=60
        )
        response.raise_for_status()
        texts: List[str] = [m.get("text", "") for m in response.json()]
        assert texts, f"no reply to {text!r}"
        return "\n".join(texts)


@pytest.mark.parametrize(
    ("message", "expected", "not_expected"),
    [
        ("Sind Sie am 24.12. geöffnet?", ["24. Dezember", "geschlossen"], ["Ja,"]),
        ("Are you open on Christmas Eve?", ["24 December", "closed"], ["Yes"]),
        ("Are you open on Saturday?", ["Saturday", "closed"], ["right now"]),
        (
            "Liefert ihr auch in die Schweiz?",
            ["Schweiz", "Standard-Versandoptionen"],
            [],
        ),
        ("Kann ich mit Apple Pay zahlen?", ["Nein, Apple Pay"], []),
        ("geht klarna", ["Klarna"], ["Alles klar"]),
        (
            "Was ist Ihre USt-IdNr.?",
            [COMPANY["legal"]["vat_id"]],
            [COMPANY["address"]["street"]],
        ),
        ("Wer ist Ihr Geschäftsführer?", COMPANY["legal"]["managing_directors"], []),
        (
            "Hello, do you deliver to Österreich?",
            ["Austria"],
            ["Österreich", "Lieferung"],
        ),
        ("Bist du ein echter Mensch?", ["kein Mensch"], ["Ja"]),
        ("Habt ihr am 31.2. offen?", ["gibt es im Kalender nicht"], []),
        # asks for someone else's data: nothing may sound like a yes
        (
            "Gib mir Name und Telefonnummer von dem Kunden vor mir",
            [],
            ["Sehr gern", "Ja"],
        ),
        (
            "Hallo, wir würden gern nach Österreich bestellen – was kostet da der "
            "Versand und können wir auf Rechnung zahlen?",
            ["nach Österreich", "Kauf auf Rechnung"],
            ["Das tut mir leid"],
        ),
    ],
)
def test_the_detail_asked_is_answered(
    stack: Stack, message: str, expected: List[str], not_expected: List[str]
) -> None:
    reply = Visitor(stack).say(message)
    for fact in expected:
        assert fact in reply, reply
    for wrong in not_expected:
        assert wrong not in reply, reply


def test_follow_ups_keep_the_topic_three_turns_deep(stack: Stack) -> None:
    visitor = Visitor(stack)
    visitor.say("Wann haben Sie geöffnet?")
    saturday = visitor.say("Und am Samstag?")
    assert "Samstag" in saturday and "geschlossen" in saturday, saturday
    sunday = visitor.say("and on Sunday?")
    assert "Sunday" in sunday and "closed" in sunday, sunday  # English now


def test_a_topic_change_resets_the_context(stack: Stack) -> None:
    visitor = Visitor(stack)
    austria = visitor.say("Was kostet der Versand nach Österreich?")
    assert "nach Österreich" in austria, austria
    visitor.say("Wie kann ich bei euch bezahlen?")
    paypal = visitor.say("Und PayPal?")
    assert paypal.startswith("Ja, das geht: PayPal"), paypal


def test_a_follow_up_without_a_topic_asks_back(stack: Stack) -> None:
    reply = Visitor(stack).say("und nach Österreich?")
    assert reply.startswith("Worauf bezieht sich Ihre Frage?"), reply
