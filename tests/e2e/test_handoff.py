"""Triggers of the emergency exit through the whole stack (REST channel, real model)."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.conftest_stack import Stack
from tests.e2e.test_details import Visitor

EVENING = "2026-12-04T19:00:00+01:00"  # a Friday evening: a callback, not a person


@pytest.fixture
def evening(stack: Stack) -> Iterator[None]:
    stack.clock_file.write_text(EVENING, encoding="utf-8")
    yield
    stack.clock_file.unlink(missing_ok=True)


def test_two_misunderstandings_in_a_row_bring_a_person(
    stack: Stack, evening: None
) -> None:
    visitor = Visitor(stack)
    first = visitor.say("Wie wird morgen das Wetter in Chemnitz?")
    assert "nichts gefunden" in first, first
    second = visitor.say("Wer hat 1998 die Fußball-WM gewonnen?")
    assert "zweimal nicht verstanden" in second, second
    assert "Montag ab 7:30 Uhr" in second and "Wie ist Ihr Name?" in second, second


def test_one_miss_then_a_question_we_know_resets_the_count(
    stack: Stack, evening: None
) -> None:
    visitor = Visitor(stack)
    assert "nichts gefunden" in visitor.say("Wie wird morgen das Wetter in Chemnitz?")
    assert "Uhr" in visitor.say("Wann haben Sie geöffnet?")
    again = visitor.say("Wer hat 1998 die Fußball-WM gewonnen?")
    assert "nichts gefunden" in again and "zweimal" not in again, again
