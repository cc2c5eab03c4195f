"""The worker's round: a chat nobody took is offered a callback — or waits again."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import sessionmaker

from kontor.db import transaction
from kontor.handoff import notify, store
from kontor.handoff.rasa_api import RasaAPI
from kontor.handoff.worker import pickup_timeout_from_env, run_round

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.timezone.utc)


async def test_rasa_down_keeps_the_chat_waiting(db_sessions: sessionmaker) -> None:
    with transaction(db_sessions) as session:
        store.open_handoff(
            session=session,
            sender_id="visitor",
            language="de",
            trigger="anger",
            now=NOW - dt.timedelta(minutes=5),
        )
    down = RasaAPI("http://127.0.0.1:9", "token", timeout=2)
    done = await run_round(
        db_sessions, notify.NotifySettings(), down, lambda: NOW, dt.timedelta(minutes=3)
    )
    assert (done.given_up, done.not_told) == (1, 1)
    with transaction(db_sessions) as session:
        # waiting again: the next round tries again instead of forgetting the visitor
        assert [h.sender_id for h in store.waiting(session=session)] == ["visitor"]


@pytest.mark.parametrize("value, seconds", [("", 180), ("60", 60), ("  300 ", 300)])
def test_pickup_timeout(value: str, seconds: int) -> None:
    env = {"KONTOR_HANDOFF_PICKUP_SECONDS": value}
    assert pickup_timeout_from_env(env) == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize("value", ["drei Minuten", "5", "-1"])
def test_pickup_timeout_refused(value: str) -> None:
    with pytest.raises(ValueError, match="KONTOR_HANDOFF_PICKUP_SECONDS"):
        pickup_timeout_from_env({"KONTOR_HANDOFF_PICKUP_SECONDS": value})
