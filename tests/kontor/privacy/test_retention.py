"""Retention: old conversations go as a whole, with their handoffs; the rest stays."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import List

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select, text
from sqlalchemy.orm import sessionmaker

from kontor.company import Retention
from kontor.db import make_engine, transaction
from kontor.db.models import Handoff, Notification, StaffSession, Ticket
from kontor.handoff import staff, store
from kontor.privacy.retention import apply_retention

NOW = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.timezone.utc)
DAY = dt.timedelta(days=1)


def _conversation(sender: str, last: dt.datetime) -> DialogueStateTracker:
    first = (last - dt.timedelta(minutes=5)).timestamp()
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen", timestamp=first),
            UserUttered("Ich will mit einem Menschen reden", timestamp=first),
            BotUttered("Ich bitte eine Kollegin dazu.", timestamp=first + 1),
            UserUttered("Meine Mail: max@example.org", timestamp=last.timestamp()),
        ],
    )


@pytest.fixture
def tracker_store(tmp_path: Path) -> SQLTrackerStore:
    return SQLTrackerStore(
        domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "conversations.db")
    )


def _senders(tracker_store: SQLTrackerStore) -> List[str]:
    return sorted(asyncio.run(tracker_store.keys()))


def test_old_conversations_go_with_their_handoffs(
    db_sessions: sessionmaker, tracker_store: SQLTrackerStore, tmp_path: Path
) -> None:
    for sender, age in (("old", 91), ("recent", 89), ("live-old", 200)):
        asyncio.run(tracker_store.save(_conversation(sender, NOW - age * DAY)))
    with transaction(db_sessions) as session:
        for sender, age in (("old", 91), ("recent", 89)):
            store.open_handoff(
                session=session,
                sender_id=sender,
                language="de",
                trigger="request",
                now=NOW - age * DAY,
            )
    tracker = make_engine(f"sqlite:///{tmp_path / 'conversations.db'}")
    deleted = apply_retention(
        business=db_sessions, tracker=tracker, retention=Retention(), now=NOW
    )
    assert (deleted.conversations, deleted.handoffs) == (2, 1)
    assert _senders(tracker_store) == ["recent"]
    with transaction(db_sessions) as session:
        assert [h.sender_id for h in session.execute(select(Handoff)).scalars()] == [
            "recent"
        ]
    # idempotent: a second run finds nothing more
    again = apply_retention(
        business=db_sessions, tracker=tracker, retention=Retention(), now=NOW
    )
    assert again.total() == 0
    tracker.dispose()


def test_tickets_go_after_they_were_done(db_sessions: sessionmaker) -> None:
    (anna,) = _staff(db_sessions)
    ids = []
    with transaction(db_sessions) as session:
        for name in ("erledigt alt", "erledigt neu", "offen alt"):
            ids.append(
                store.create_ticket(
                    session=session,
                    callback=store.Callback(
                        sender_id="s",
                        language="de",
                        trigger="request",
                        name=name,
                        description="…",
                        consent_text="…",
                        consented_at=NOW - 400 * DAY,
                        phone="0341 7788990",
                    ),
                    now=NOW - 400 * DAY,
                ).id
            )
        store.mark_ticket_done(
            session=session, ticket_id=ids[0], staff_id=anna, now=NOW - 181 * DAY
        )
        store.mark_ticket_done(
            session=session, ticket_id=ids[1], staff_id=anna, now=NOW - 179 * DAY
        )
    deleted = apply_retention(
        business=db_sessions, tracker=None, retention=Retention(), now=NOW
    )
    assert deleted.tickets == 1
    with transaction(db_sessions) as session:
        assert sorted(t.name for t in session.execute(select(Ticket)).scalars()) == [
            "erledigt neu",
            "offen alt",
        ]


def test_notes_and_expired_logins_go(db_sessions: sessionmaker) -> None:
    _staff(db_sessions)
    with transaction(db_sessions) as session:
        staff.login(
            session=session,
            username="anna",
            password="ein langes Passwort",
            now=NOW - 2 * DAY,
        )
        fresh = staff.login(
            session=session,
            username="anna",
            password="ein langes Passwort",
            now=NOW,
        )
        assert fresh is not None
        for key, age in (("old", 91), ("new", 1)):
            session.add(
                Notification(
                    key=key,
                    channel="email",
                    subject="s",
                    body="b",
                    created_at=NOW - age * DAY,
                    attempts=1,
                    next_attempt_at=NOW,
                )
            )
    deleted = apply_retention(
        business=db_sessions, tracker=None, retention=Retention(), now=NOW
    )
    assert (deleted.notifications, deleted.staff_logins) == (1, 1)
    with transaction(db_sessions) as session:
        assert [n.key for n in session.execute(select(Notification)).scalars()] == [
            "new"
        ]
        assert len(list(session.execute(select(StaffSession)).scalars())) == 1


def test_a_tracker_store_without_conversations_yet(
    db_sessions: sessionmaker, tmp_path: Path
) -> None:
    tracker = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert (
        apply_retention(
            business=db_sessions, tracker=tracker, retention=Retention(), now=NOW
        ).total()
        == 0
    )
    tracker.dispose()


def test_retention_periods_are_checked() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        Retention(conversations_days=0)


def _staff(sessions: sessionmaker) -> List[int]:
    with transaction(sessions) as session:
        return [
            staff.add_staff(
                session=session,
                username="anna",
                first_name="Anna",
                password="ein langes Passwort",
                now=NOW - 10 * DAY,
            ).id
        ]


def test_a_form_left_open_loses_its_personal_values_after_a_day(
    db_sessions: sessionmaker, tracker_store: SQLTrackerStore, tmp_path: Path
) -> None:
    from rasa.shared.core.events import ActiveLoop, SlotSet

    def left_open(sender: str, at: dt.datetime) -> DialogueStateTracker:
        moment = at.timestamp()
        return DialogueStateTracker.from_events(
            sender,
            [
                ActionExecuted("lead_form", timestamp=moment),
                ActiveLoop("lead_form", timestamp=moment),
                SlotSet("lead_name", "Jana Kowalczyk", timestamp=moment),
                SlotSet("lead_need", "500 Westen", timestamp=moment),
            ],
        )

    asyncio.run(tracker_store.save(left_open("gestern", NOW - 2 * DAY)))
    asyncio.run(tracker_store.save(left_open("eben", NOW - dt.timedelta(hours=2))))
    tracker = make_engine(f"sqlite:///{tmp_path / 'conversations.db'}")
    deleted = apply_retention(
        business=db_sessions, tracker=tracker, retention=Retention(), now=NOW
    )
    assert deleted.form_values == 1
    with tracker.connect() as connection:
        rows = connection.execute(
            text("SELECT sender_id, data FROM events WHERE action_name = 'lead_name'")
        ).all()
    kept = {sender: json.loads(data)["value"] for sender, data in rows}
    assert kept == {"gestern": None, "eben": "Jana Kowalczyk"}
    # the form's other answers stay (no personal slot), and a second run finds nothing
    assert (
        apply_retention(
            business=db_sessions, tracker=tracker, retention=Retention(), now=NOW
        ).form_values
        == 0
    )
