"""Event by event: what of a conversation is kept (Rasa's JSON, without Rasa)."""

from __future__ import annotations

import logging

import pytest

from kontor.privacy import logs
from kontor.privacy.events import EventRedactor, FormState

REDACTOR = EventRedactor()


def _user(text: str, entities: list = ()) -> dict:
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": "inform", "confidence": 0.9},
            "entities": list(entities),
        },
    }


def test_an_answer_to_a_personal_question_is_replaced_as_a_whole() -> None:
    state = FormState(active_loop="lead_form", requested_slot="lead_company")
    [kept] = REDACTOR.redact([_user("Kowalczyk Bau")], state, "lead_form")
    assert kept["text"] == kept["parse_data"]["text"] == "[FIRMA]"
    assert kept["parse_data"]["intent"]["name"] == "inform"


def test_other_answers_keep_their_words() -> None:
    state = FormState(active_loop="lead_form", requested_slot="lead_need")
    [kept] = REDACTOR.redact(
        [_user("500 Warnwesten, Fragen an max@firma.de")], state, "lead_form"
    )
    assert kept["text"] == "500 Warnwesten, Fragen an [E-MAIL]"


def test_entities_lose_their_values_but_keep_their_names() -> None:
    entity = {"entity": "email", "value": "max@firma.de", "start": 0, "end": 12}
    [kept] = REDACTOR.redact([_user("max@firma.de", [entity])], FormState(), None)
    assert kept["parse_data"]["entities"] == [{**entity, "value": "[E-MAIL]"}]


@pytest.mark.parametrize(
    "active, expected", [("lead_form", "Jana Kowalczyk"), (None, None)]
)
def test_a_personal_slot_is_kept_only_while_a_form_runs(
    active: str, expected: str
) -> None:
    slot = {"event": "slot", "name": "lead_name", "value": "Jana Kowalczyk"}
    [kept] = REDACTOR.redact([slot], FormState(active_loop=active), active)
    assert kept["value"] == expected


def test_other_slots_keep_their_values() -> None:
    slot = {"event": "slot", "name": "product", "value": "Warnweste Classic"}
    assert REDACTOR.redact([slot], FormState(), None) == [slot]


def test_a_name_the_bot_repeats_goes_too() -> None:
    bot = {"event": "bot", "text": "Danke, Frau Kowalczyk!", "data": {}}
    [kept] = REDACTOR.redact(
        [bot], FormState(), None, known=[("lead_name", "Jana Kowalczyk")]
    )
    assert kept["text"] == "Danke, Frau [NAME]!"


def test_the_form_state_follows_the_events() -> None:
    state = FormState()
    REDACTOR.redact(
        [
            {"event": "active_loop", "name": "callback_form"},
            {"event": "slot", "name": "requested_slot", "value": "callback_name"},
        ],
        state,
        "callback_form",
    )
    assert state == FormState("callback_form", "callback_name")
    [kept] = REDACTOR.redact([_user("Jana")], state, "callback_form")
    assert kept["text"] == "[NAME]"


@pytest.mark.parametrize(
    "events, needed",
    [
        ([{"event": "active_loop", "name": None}], True),
        ([{"event": "session_started"}], True),
        ([{"event": "restart"}], True),
        ([{"event": "active_loop", "name": "lead_form"}], False),
        ([_user("hallo")], False),
    ],
)
def test_a_scrub_follows_the_end_of_a_form_or_conversation(
    events: list, needed: bool
) -> None:
    assert REDACTOR.needs_scrub(events) is needed


def test_the_broker_gets_outcomes_not_words() -> None:
    events = [
        _user("Jana hier, jana@firma.de"),
        {"event": "bot", "text": "Danke!", "metadata": {"name": "Jana"}},
        {"event": "slot", "name": "lead_need", "value": "500 Westen für Jana"},
        {"event": "slot", "name": "handoff_route", "value": "live"},
    ]
    published = [REDACTOR.for_broker(event) for event in events]
    assert published[0]["text"] is None and published[0]["parse_data"]["text"] is None
    assert published[0]["parse_data"]["intent"]["name"] == "inform"
    assert "metadata" not in published[1] and published[1]["text"] is None
    assert published[2]["value"] is None  # free text
    assert published[3]["value"] == "live"  # an outcome


def test_log_lines_lose_personal_data(caplog: pytest.LogCaptureFixture) -> None:
    logs.install()
    logs.install()  # idempotent
    with caplog.at_level(logging.INFO):
        logging.getLogger("kontor.test").info("Nachricht von %s", "max@firma.de")
    assert caplog.messages == ["Nachricht von [E-MAIL]"]


def test_a_responses_variables_are_text_too() -> None:
    """utter_message(name=…) puts the variables into the bot event's metadata."""
    bot = {
        "event": "bot",
        "text": "Vielen Dank, Jana Kowalczyk!",
        "metadata": {"name": "Jana Kowalczyk", "utter_action": "utter_lead_saved"},
    }
    action = {"event": "action", "name": "action_submit_lead"}
    kept = REDACTOR.redact(
        [bot, action], FormState(), None, known=[("lead_name", "Jana Kowalczyk")]
    )
    assert kept[0]["metadata"] == {"name": "[NAME]", "utter_action": "utter_lead_saved"}
    assert kept[1] == action
