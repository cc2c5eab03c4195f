"""Handoffs and tickets on SQLite and PostgreSQL: who gets a chat, and only once."""

from __future__ import annotations

import datetime as dt
import threading
from typing import List

import pytest
from sqlalchemy.orm import sessionmaker

from kontor.db import transaction
from kontor.handoff import staff, store

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone.utc)


def _staff(sessions: sessionmaker, *names: str) -> List[int]:
    ids = []
    with transaction(sessions) as session:
        for name in names:
            member = staff.add_staff(
                session=session,
                username=name,
                first_name=name.title(),
                password="ein langes Passwort",
                now=NOW,
            )
            ids.append(member.id)
    return ids


def _open(sessions: sessionmaker, sender: str = "visitor-1") -> int:
    with transaction(sessions) as session:
        return store.open_handoff(
            session=session,
            sender_id=sender,
            language="de",
            trigger="request",
            now=NOW,
            context={"order_number": "HA-100234"},
        ).id


def test_a_conversation_has_one_active_handoff(db_sessions: sessionmaker) -> None:
    first = _open(db_sessions)
    assert _open(db_sessions) == first
    assert _open(db_sessions, "visitor-2") != first
    with transaction(db_sessions) as session:
        assert [h.sender_id for h in store.waiting(session=session)] == [
            "visitor-1",
            "visitor-2",
        ]
        handoff = store.active_handoff(session=session, sender_id="visitor-1")
        assert handoff is not None and handoff.context == {"order_number": "HA-100234"}


def test_unknown_trigger_is_refused(db_sessions: sessionmaker) -> None:
    with transaction(db_sessions) as session, pytest.raises(ValueError):
        store.open_handoff(
            session=session, sender_id="x", language="de", trigger="bored", now=NOW
        )


def test_the_first_to_take_a_chat_gets_it(db_sessions: sessionmaker) -> None:
    anna, ben = _staff(db_sessions, "anna", "ben")
    handoff_id = _open(db_sessions)
    with transaction(db_sessions) as session:
        assert store.take(
            session=session, handoff_id=handoff_id, staff_id=anna, now=NOW
        )
    with transaction(db_sessions) as session:
        assert not store.take(
            session=session, handoff_id=handoff_id, staff_id=ben, now=NOW
        )
        assert store.waiting(session=session) == []
        assert [h.id for h in store.live(session=session, staff_id=anna)] == [
            handoff_id
        ]
        assert store.live(session=session, staff_id=ben) == []


def test_two_staff_racing_for_one_chat(db_sessions: sessionmaker) -> None:
    """Both press "übernehmen" at the same moment: exactly one gets the chat."""
    ids = _staff(db_sessions, "anna", "ben", "clara", "dora")
    for round_number in range(5):
        handoff_id = _open(db_sessions, f"visitor-{round_number}")
        start = threading.Barrier(len(ids))
        won: List[int] = []

        def race(
            staff_id: int,
            handoff_id: int = handoff_id,
            start: threading.Barrier = start,
            won: List[int] = won,
        ) -> None:
            start.wait()
            with transaction(db_sessions) as session:
                if store.take(
                    session=session, handoff_id=handoff_id, staff_id=staff_id, now=NOW
                ):
                    won.append(staff_id)

        threads = [threading.Thread(target=race, args=(i,)) for i in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(won) == 1, won
        with transaction(db_sessions) as session:
            handoff = store.active_handoff(
                session=session, sender_id=f"visitor-{round_number}"
            )
            assert handoff is not None and handoff.staff_id == won[0]


def test_only_the_owner_hands_back(db_sessions: sessionmaker) -> None:
    anna, ben = _staff(db_sessions, "anna", "ben")
    handoff_id = _open(db_sessions)
    with transaction(db_sessions) as session:
        store.take(session=session, handoff_id=handoff_id, staff_id=anna, now=NOW)
        assert not store.hand_back(
            session=session, handoff_id=handoff_id, staff_id=ben, now=NOW
        )
        assert store.hand_back(
            session=session, handoff_id=handoff_id, staff_id=anna, now=NOW
        )
        assert store.active_handoff(session=session, sender_id="visitor-1") is None
        # a new request of the same visitor is a new handoff
    assert _open(db_sessions) != handoff_id


def test_nobody_took_it_in_time(db_sessions: sessionmaker) -> None:
    early = _open(db_sessions, "early")
    with transaction(db_sessions) as session:
        store.open_handoff(
            session=session,
            sender_id="late",
            language="en",
            trigger="anger",
            now=NOW + dt.timedelta(minutes=2),
        )
    timeout = dt.timedelta(minutes=3)
    later = NOW + dt.timedelta(minutes=3, seconds=30)
    with transaction(db_sessions) as session:
        given_up = store.give_up(session=session, now=later, timeout=timeout)
        assert [h.id for h in given_up] == [early]
        assert given_up[0].status == "not_taken"
    with transaction(db_sessions) as session:  # a second worker finds nothing
        assert store.give_up(session=session, now=later, timeout=timeout) == []
        assert [h.sender_id for h in store.waiting(session=session)] == ["late"]


def test_taken_chats_are_not_given_up(db_sessions: sessionmaker) -> None:
    (anna,) = _staff(db_sessions, "anna")
    handoff_id = _open(db_sessions)
    with transaction(db_sessions) as session:
        store.take(session=session, handoff_id=handoff_id, staff_id=anna, now=NOW)
        assert (
            store.give_up(
                session=session,
                now=NOW + dt.timedelta(hours=1),
                timeout=dt.timedelta(0),
            )
            == []
        )


def _callback(**changes: object) -> store.Callback:
    values = dict(
        sender_id="visitor-1",
        language="de",
        trigger="request",
        name="Petra Seidel",
        description="Lieferung kam beschädigt an",
        consent_text="Darf die … speichern?",
        consented_at=NOW,
        email="p.seidel@elektro-seidel.example",
        reply_from=NOW + dt.timedelta(days=1),
    )
    values.update(changes)
    return store.Callback(**values)  # type: ignore[arg-type]


def test_tickets_until_done(db_sessions: sessionmaker) -> None:
    (anna,) = _staff(db_sessions, "anna")
    with transaction(db_sessions) as session:
        ticket = store.create_ticket(session=session, callback=_callback(), now=NOW)
        store.create_ticket(
            session=session,
            callback=_callback(email=None, phone="0341 7788990", name="Ben"),
            now=NOW + dt.timedelta(minutes=1),
        )
    with transaction(db_sessions) as session:
        assert [t.name for t in store.open_tickets(session=session)] == [
            "Petra Seidel",
            "Ben",
        ]
        assert store.mark_ticket_done(
            session=session, ticket_id=ticket.id, staff_id=anna, now=NOW
        )
        assert not store.mark_ticket_done(
            session=session, ticket_id=ticket.id, staff_id=anna, now=NOW
        )
        assert [t.name for t in store.open_tickets(session=session)] == ["Ben"]


def test_a_ticket_needs_a_way_to_reach_the_visitor(db_sessions: sessionmaker) -> None:
    with transaction(db_sessions) as session, pytest.raises(ValueError):
        store.create_ticket(
            session=session, callback=_callback(email=None, phone=None), now=NOW
        )
