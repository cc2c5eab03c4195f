"""The widget learns who writes: markers of staff and handoff messages pass through."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from rasa.core.channels.socketio import SocketIOOutput
from rasa.shared.core.events import BotUttered

from channels.socketio import KontorSocketIOInput, KontorSocketIOOutput, widget_metadata


class FakeServer:
    """Records what would be emitted to the browsers."""

    def __init__(self) -> None:
        self.emitted: List[Tuple[str, Dict[str, Any], str]] = []

    async def emit(self, event: str, data: Dict[str, Any], room: str) -> None:
        self.emitted.append((event, data, room))


async def test_a_staff_message_carries_the_name() -> None:
    server = FakeServer()
    output = KontorSocketIOOutput(server, "bot_uttered")  # type: ignore[arg-type]
    # as Rasa's API turns {"event": "bot", "metadata": {"staff": "Anna"}} into a message
    event = BotUttered(
        "Anna: Guten Tag!\n\nWie kann ich helfen?", metadata={"staff": "Anna"}
    )
    await output.send_response("visitor-1", event.message())
    assert server.emitted == [
        (
            "bot_uttered",
            {"text": "Anna: Guten Tag!", "metadata": {"staff": "Anna"}},
            "visitor-1",
        ),
        (
            "bot_uttered",
            {"text": "Wie kann ich helfen?", "metadata": {"staff": "Anna"}},
            "visitor-1",
        ),
    ]


async def test_a_response_with_handoff_metadata_and_one_without() -> None:
    server = FakeServer()
    output = KontorSocketIOOutput(server, "bot_uttered")  # type: ignore[arg-type]
    # a rendered response keeps its domain.yml metadata under "metadata"
    joined = BotUttered(
        "Anna aus unserem Team ist jetzt im Chat.",
        metadata={
            "metadata": {"handoff": "live"},
            "utter_action": "utter_handoff_joined",
        },
    )
    await output.send_response("v", joined.message())
    plain = BotUttered(
        "Guten Tag!", metadata={"utter_action": "utter_greet", "secret": 1}
    )
    await output.send_response("v", plain.message())
    assert [data for _, data, _ in server.emitted] == [
        {
            "text": "Anna aus unserem Team ist jetzt im Chat.",
            "metadata": {"handoff": "live"},
        },
        {"text": "Guten Tag!"},
    ]


def test_only_the_markers_reach_the_browser() -> None:
    assert widget_metadata(
        {"staff": "Anna", "utter_action": "x", "metadata": {"handoff": "live", "a": 1}}
    ) == {"staff": "Anna", "handoff": "live"}
    assert widget_metadata({"template": "utter_greet"}) == {}


def test_the_channel_keeps_rasas_name_and_needs_its_server() -> None:
    channel = KontorSocketIOInput.from_credentials({"session_persistence": True})
    assert channel.name() == "socketio"
    assert channel.get_output_channel() is None  # before the blueprint made the server
    channel.sio = FakeServer()  # type: ignore[assignment]
    output = channel.get_output_channel()
    assert isinstance(output, KontorSocketIOOutput) and isinstance(
        output, SocketIOOutput
    )
