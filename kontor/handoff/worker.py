"""The background round of ``kontor worker``: notes to staff, chats nobody took.

Run from the Procfile (and in production by exactly as many processes as you like:
every claim is an UPDATE only one of them wins).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from typing import Callable, Mapping, Optional

from sqlalchemy.orm import sessionmaker

from kontor.db import transaction
from kontor.handoff import notify, store
from kontor.handoff.rasa_api import NOT_TAKEN, RasaAPI, RasaUnavailable
from kontor.handoff.routing import PICKUP_TIMEOUT

logger = logging.getLogger(__name__)


def pickup_timeout_from_env(env: Mapping[str, str] = os.environ) -> dt.timedelta:
    """KONTOR_HANDOFF_PICKUP_SECONDS: how long a waiting chat is offered to staff."""
    text = env.get("KONTOR_HANDOFF_PICKUP_SECONDS", "").strip()
    if not text:
        return PICKUP_TIMEOUT
    if not text.isdigit() or int(text) < 10:
        raise ValueError(
            f"KONTOR_HANDOFF_PICKUP_SECONDS={text!r}: whole seconds, at least 10"
        )
    return dt.timedelta(seconds=int(text))


@dataclass
class Round:
    """What one round did."""

    notes_sent: int = 0
    notes_failed: int = 0
    given_up: int = 0
    not_told: int = 0


async def run_round(
    sessions: sessionmaker,
    settings: notify.NotifySettings,
    rasa: Optional[RasaAPI],
    now: Callable[[], dt.datetime],
    pickup_timeout: dt.timedelta = PICKUP_TIMEOUT,
    senders: Optional[Mapping[str, notify.Sender]] = None,
) -> Round:
    """Give up on chats nobody took (the visitor is offered a callback), send notes."""
    done = Round()
    with transaction(sessions) as session:
        given_up = [
            (handoff.id, handoff.sender_id, handoff.trigger)
            for handoff in store.give_up(
                session=session, now=now(), timeout=pickup_timeout
            )
        ]
    done.given_up = len(given_up)
    for handoff_id, sender_id, trigger in given_up:
        try:
            if rasa is None:
                raise RasaUnavailable("no Rasa URL configured (KONTOR_RASA_URL)")
            await rasa.trigger(sender_id, NOT_TAKEN, {"handoff_trigger": trigger})
        except RasaUnavailable as error:
            # waiting again: the next round tries again
            done.not_told += 1
            logger.error(
                "Could not offer a callback for handoff %s: %s", handoff_id, error
            )
            with transaction(sessions) as session:
                store.undo(
                    session=session,
                    handoff_id=handoff_id,
                    was="waiting",
                    now_is="not_taken",
                )
    if settings.channels:
        done.notes_sent, done.notes_failed = notify.drain(
            sessions, settings, now, senders
        )
    return done
