"""Rasa's socket.io channel with session persistence, as rasa-webchat uses it.

python-socketio 5.10 made ``AsyncServer.enter_room`` a coroutine that Rasa 3.6's channel
never awaits: the client connects and gets ``session_confirm``, but no ``bot_uttered``
ever reaches it. These tests talk to a real Rasa server to catch that regression.
"""

from __future__ import annotations

import asyncio
import inspect
import uuid
from importlib.metadata import version
from typing import Any, Dict, Optional, Tuple

import pytest
import socketio

from tests.conftest_stack import Stack

REPLY_TIMEOUT = 60.0


def test_enter_room_is_synchronous() -> None:
    """Rasa 3.6.21 calls sio.enter_room() without await; it must not be a coroutine."""
    assert not inspect.iscoroutinefunction(socketio.AsyncServer.enter_room), (
        f"python-socketio {version('python-socketio')} made enter_room async: Rasa 3.6's "
        "socket.io replies would never arrive; pin python-socketio==5.9.0"
    )


async def _connect(
    url: str,
) -> Tuple[socketio.AsyncClient, asyncio.Queue[Dict[str, Any]]]:
    client = socketio.AsyncClient(reconnection=False)
    replies: asyncio.Queue[Dict[str, Any]] = asyncio.Queue()
    client.on("bot_uttered", replies.put_nowait)
    # Long-polling only: python-engineio 4.15's websocket client needs aiohttp>=3.10,
    # Rasa 3.6 pins 3.9.5. The browser tests cover the websocket upgrade.
    await client.connect(
        url, socketio_path="/socket.io", transports=["polling"], wait_timeout=30
    )
    return client, replies


async def _reply(replies: asyncio.Queue[Dict[str, Any]]) -> Dict[str, Any]:
    try:
        return await asyncio.wait_for(replies.get(), timeout=REPLY_TIMEOUT)
    except asyncio.TimeoutError:
        pytest.fail(
            f"no bot_uttered within {REPLY_TIMEOUT:.0f}s although the session was "
            "confirmed: is Rasa's sio.enter_room() not awaited (python-socketio>=5.10)?"
        )


async def _session(client: socketio.AsyncClient, session_id: str) -> str:
    confirmed: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    client.on(
        "session_confirm", lambda data: confirmed.done() or confirmed.set_result(data)
    )
    await client.emit("session_request", {"session_id": session_id})
    data = await asyncio.wait_for(confirmed, timeout=10)
    return data["session_id"] if isinstance(data, dict) else data


async def _say(
    client: socketio.AsyncClient,
    session_id: str,
    text: str,
    language: Optional[str] = "de",
) -> None:
    """What rasa-webchat emits when the visitor sends a message."""
    data: Dict[str, Any] = {"message": text, "session_id": session_id}
    if language:
        data["customData"] = {"language": language}
    await client.emit("user_uttered", data)


async def test_bot_replies_with_session_persistence(stack: Stack) -> None:
    """session_request, then user_uttered with the session id: a bot_uttered arrives."""
    client, replies = await _connect(stack.rasa_url)
    try:
        session_id = await _session(client, uuid.uuid4().hex)
        await _say(client, session_id, "/greet")
        reply = await _reply(replies)
    finally:
        await client.disconnect()
    assert reply.get("text"), f"bot_uttered without text: {reply}"


async def test_session_survives_reconnect(stack: Stack) -> None:
    """A new connection that requests the same session id gets the replies (page reload)."""
    session_id = uuid.uuid4().hex
    first, first_replies = await _connect(stack.rasa_url)
    try:
        assert await _session(first, session_id) == session_id
        await _say(first, session_id, "/greet", language=None)
        await _reply(first_replies)
    finally:
        await first.disconnect()

    second, second_replies = await _connect(stack.rasa_url)
    try:
        assert await _session(second, session_id) == session_id
        await _say(second, session_id, "Wann haben Sie geöffnet?")
        reply = await _reply(second_replies)
    finally:
        await second.disconnect()
    assert reply.get("text")


async def test_a_10_kb_message_gets_an_answer_and_the_chat_goes_on(
    stack: Stack,
) -> None:
    """A visitor pastes a whole e-mail thread: a reply comes, and the next question too."""
    client, replies = await _connect(stack.rasa_url)
    try:
        session_id = await _session(client, uuid.uuid4().hex)
        pasted = (
            "Sehr geehrte Damen und Herren, anbei noch einmal unser Schriftverkehr "
            "zur Bestellung der Sicherheitsschuhe. "
        ) * 100
        assert len(pasted.encode()) > 10_000
        await _say(client, session_id, pasted)
        first = await _reply(replies)
        while not replies.empty():  # the rest of that answer
            replies.get_nowait()
        await _say(client, session_id, "Wann haben Sie geöffnet?")
        second = await _reply(replies)
    finally:
        await client.disconnect()
    # not processed, and the visitor is told why
    assert (
        "zu lang" in first.get("text", "")
        and "höchstens 2.000 Zeichen" in first["text"]
    )
    # the opening-hours answer, whatever the time: "… bis 16:30 Uhr", "… ab 7:30 Uhr"
    assert "Uhr" in second.get("text", ""), f"not the opening hours: {second}"


async def test_a_flood_of_messages_is_slowed_down(stack: Stack) -> None:
    """A script sending twelve messages at once: the first few are answered, the
    rest are told to wait; nothing crashes and the session stays usable."""
    client, replies = await _connect(stack.rasa_url)
    try:
        session_id = await _session(client, uuid.uuid4().hex)
        for number in range(12):
            await _say(client, session_id, f"Hallo {number}")
        texts = []
        deadline = asyncio.get_running_loop().time() + REPLY_TIMEOUT
        while not any("schneller" in t for t in texts):
            if asyncio.get_running_loop().time() > deadline:
                break
            try:
                reply = await asyncio.wait_for(replies.get(), timeout=REPLY_TIMEOUT)
            except asyncio.TimeoutError:
                break
            texts.append(reply.get("text", ""))
    finally:
        await client.disconnect()
    assert any("schneller, als ich antworten kann" in t for t in texts), texts
