"""Rasa's socket.io channel, with the handoff's markers passed on to the widget.

Rasa's own socket.io output sends a bot message's text and buttons but drops its
metadata. The widget needs two markers to tell the visitor honestly who writes: a
staff message carries ``staff`` (the first name, set by kontor/handoff/rasa_api.py),
and the responses that start and end a live handoff carry ``handoff`` ("live",
"ended"; domain.yml). Everything else — connection, rooms, session persistence, the
messages visitors send — is Rasa's channel unchanged, under the same name, except
that a message too long or too fast is answered with why and not processed
(kontor/limits.py).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from kontor.limits import OK, ChatLimits

logger = logging.getLogger(__name__)

# the only metadata that reaches the browser
WIDGET_KEYS = ("staff", "handoff")


def widget_metadata(message: Dict[Text, Any]) -> Dict[Text, Any]:
    """The markers of a bot message, whether at its top level or under metadata."""
    found: Dict[Text, Any] = {}
    nested = message.get("metadata")
    if isinstance(nested, dict):
        found.update({k: nested[k] for k in WIDGET_KEYS if k in nested})
    found.update({k: message[k] for k in WIDGET_KEYS if k in message})
    return found


class KontorSocketIOOutput(SocketIOOutput):
    """Sends text messages with the handoff's markers as ``metadata``."""

    async def send_text_message(
        self, recipient_id: Text, text: Text, **kwargs: Any
    ) -> None:
        """Each paragraph as a message, as Rasa does; markers on every one."""
        markers = widget_metadata(kwargs)
        for part in text.strip().split("\n\n"):
            message: Dict[Text, Any] = {"text": part}
            if markers:
                message["metadata"] = markers
            await self._send_message(recipient_id, message)


class KontorSocketIOInput(SocketIOInput):
    """Rasa's socket.io input; messages sent from outside carry the markers.

    Every visitor message passes ``kontor.limits.ChatLimits`` first: too long or too
    fast, it is answered with why, and not processed.
    """

    limits: Optional[ChatLimits] = None

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        """Rasa's socket.io blueprint, with the limits in front of its handler."""
        limits = self.limits or ChatLimits.from_env()

        async def guarded(message: UserMessage) -> Any:
            text = message.text or ""
            verdict = limits.check(message.sender_id, text, time.monotonic())
            if verdict == OK:
                return await on_new_message(message)
            language = (message.metadata or {}).get("language")
            logger.info("message not processed: %s (%d characters)", verdict, len(text))
            await message.output_channel.send_text_message(
                message.sender_id,
                limits.reply(verdict, text, language if language == "en" else "de"),
            )
            return None

        return super().blueprint(guarded)

    @classmethod
    def name(cls) -> Text:
        """Rasa's name, so trackers, output_channel=latest and the URL stay the same."""
        return "socketio"

    def get_output_channel(self) -> Optional[OutputChannel]:
        """The output for messages sent through Rasa's API (staff, handoff)."""
        if super().get_output_channel() is None:
            return None
        assert self.sio is not None
        return KontorSocketIOOutput(self.sio, self.bot_message_evt)
