"""The inbox's and the worker's way into a conversation: Rasa's HTTP API.

Rasa pauses a conversation for a handoff (the action returns ``ConversationPaused``);
while it is paused, visitor messages are only recorded. Staff messages are appended as
bot events with ``execute_side_effects``, which makes Rasa send them through the
channel the visitor last wrote on (the widget's socket.io). Joining, handing back and
giving up resume the conversation and trigger an external intent, so the bot's own
words for those moments stay in domain.yml. The API needs the token that ``make run``
writes into .env; Rasa reads it from the query string only, so our error messages
name the path, never the URL that carries it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, Dict, List, Optional
from urllib.parse import quote

import aiohttp

TIMEOUT = 10.0
# the external intents (domain.yml) and what each one means
JOINED = "EXTERNAL_handoff_joined"
ENDED = "EXTERNAL_handoff_ended"
NOT_TAKEN = "EXTERNAL_handoff_not_taken"


class RasaUnavailable(RuntimeError):
    """The Rasa server did not answer as expected; the message says what happened."""


class RasaAPI:
    """A few calls of Rasa's HTTP API, authenticated with its token."""

    def __init__(self, base_url: str, token: str, timeout: float = TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    def _url(self, sender_id: str, path: str) -> str:
        return f"{self.base_url}/conversations/{quote(sender_id, safe='')}/{path}"

    async def _call(
        self,
        method: str,
        url: str,
        body: Any = None,
        params: Optional[Dict[str, str]] = None,
    ) -> Any:
        # Rasa's token auth reads ?token= (a header is only for JWTs)
        params = {**(params or {}), "token": self._token}
        try:
            async with aiohttp.ClientSession(timeout=self._timeout) as client:
                async with client.request(
                    method, url, json=body, params=params
                ) as response:
                    if response.status >= 400:
                        detail = (await response.text())[:300]
                        raise RasaUnavailable(
                            f"Rasa answered {response.status} to {method} "
                            f"{url.replace(self.base_url, '')}: {detail}"
                        )
                    return await response.json(content_type=None)
        except aiohttp.ClientError as error:
            raise RasaUnavailable(
                f"Rasa server at {self.base_url} not reachable: {error}"
            ) from error
        except (asyncio.TimeoutError, TimeoutError) as error:
            raise RasaUnavailable(
                f"Rasa server at {self.base_url} did not answer in time"
            ) from error

    async def tracker(self, sender_id: str) -> Dict[str, Any]:
        """The conversation as Rasa keeps it (events since the last restart)."""
        result = await self._call("GET", self._url(sender_id, "tracker"))
        return dict(result)

    async def append(
        self, sender_id: str, events: List[Dict[str, Any]], send: bool = False
    ) -> None:
        """Append events; with ``send``, bot events also reach the visitor's widget."""
        params = (
            {"output_channel": "latest", "execute_side_effects": "true"} if send else {}
        )
        await self._call("POST", self._url(sender_id, "tracker/events"), events, params)

    async def say(self, sender_id: str, text: str, staff: str) -> None:
        """A staff member's message, signed with the first name, into the chat."""
        event = {
            "event": "bot",
            "text": f"{staff}: {text}",
            "timestamp": dt.datetime.now(dt.timezone.utc).timestamp(),
            "metadata": {"staff": staff},
        }
        await self.append(sender_id, [event], send=True)

    async def pause(self, sender_id: str) -> None:
        """Pause the conversation (again): the bot stays silent, messages are kept."""
        await self.append(sender_id, [{"event": "pause"}])

    async def trigger(
        self, sender_id: str, intent: str, entities: Optional[Dict[str, str]] = None
    ) -> None:
        """Resume the conversation and let the bot react to an external intent."""
        # A paused conversation stopped right after the handoff action, before Rasa
        # listened; the rules for the external intents expect a listen first.
        await self.append(
            sender_id,
            [{"event": "resume"}, {"event": "action", "name": "action_listen"}],
        )
        await self._call(
            "POST",
            self._url(sender_id, "trigger_intent"),
            {"name": intent, "entities": entities or {}},
            {"output_channel": "latest"},
        )
