"""An angry message becomes a request for a person; answers inside a form do not."""

from __future__ import annotations

from typing import Any, Dict, Optional

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.anger_handoff import AngerHandoff


def _message(intent: str, anger: Optional[Dict[str, Any]]) -> Message:
    message = Message(data={"text": "…"})
    message.set("intent", {"name": intent, "confidence": 0.9}, add_to_output=True)
    if anger is not None:
        message.set("anger", anger, add_to_output=True)
    return message


@pytest.mark.parametrize(
    "intent, anger, expected",
    [
        ("order_status", {"score": 0.93, "angry": True}, "request_human"),
        ("complaint", {"score": 0.71, "angry": True}, "request_human"),
        # flagged, but not strongly enough to take the question from the bot
        ("complaint", {"score": 0.55, "angry": True}, "complaint"),
        ("nlu_fallback", {"score": 0.8, "angry": True}, "request_human"),
        ("order_status", {"score": 0.2, "angry": False}, "order_status"),
        ("order_status", None, "order_status"),
        ("deny", {"score": 0.9, "angry": True}, "deny"),
        ("cancel", {"score": 0.9, "angry": True}, "cancel"),
        # "ich widerrufe meine einwilligung" scores 0.81: still an erasure request
        ("erase_my_data", {"score": 0.81, "angry": True}, "erase_my_data"),
        (
            "EXTERNAL_handoff_ended",
            {"score": 0.9, "angry": True},
            "EXTERNAL_handoff_ended",
        ),
    ],
)
def test_angry_messages_go_to_a_person(
    intent: str, anger: Optional[Dict[str, Any]], expected: str
) -> None:
    component = AngerHandoff(AngerHandoff.get_default_config())
    (message,) = component.process([_message(intent, anger)])
    assert message.get("intent")["name"] == expected
    output = message.as_dict(only_output_properties=True)
    assert output["intent"]["name"] == expected
    if expected != intent:
        # the question asked is kept for the staff member
        assert output["anger"]["intent"] == intent
        assert message.get("intent")["confidence"] == anger["score"]  # type: ignore[index]
