"""The fallback and the complaint: honest, with the contact data."""

from __future__ import annotations

import pytest

from actions.service import ActionComplaint, ActionFallback
from tests.actions.conftest import FakeCompanyFile, make_tracker


@pytest.mark.parametrize(
    "action_class, response, german, english",
    [
        (
            ActionFallback,
            "utter_ask_rephrase",
            "nicht verstanden",
            "did not understand",
        ),
    ],
)
async def test_interim_answers_name_the_contact_data(
    company, dispatcher, domain_dict, render, action_class, response, german, english
) -> None:
    events = await action_class(FakeCompanyFile(company)).run(
        dispatcher, make_tracker("…"), domain_dict
    )
    # Rasa's core fallback takes the message back, or the policies predict it again
    assert events == [{"event": "rewind", "timestamp": None}]
    assert [m["response"] for m in dispatcher.messages] == [response]
    for language, phrase in (("de", german), ("en", english)):
        (text,) = await render(dispatcher.messages, language)
        assert phrase in text
        assert "+49 371 000 0000" in text and "info@muster.example" in text


async def test_complaint_asks_about_a_colleague(
    company, dispatcher, domain_dict, render
) -> None:
    await ActionComplaint(FakeCompanyFile(company)).run(
        dispatcher, make_tracker("Die Lieferung war kaputt"), domain_dict
    )
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith("Das tut mir leid") and text.endswith("darum kümmert?")
