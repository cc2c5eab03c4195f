"""Handoffs and tickets in the business database.

A handoff is waiting until one staff member takes it; taking is one UPDATE that only
one request can win, on SQLite and PostgreSQL alike, so two people racing for the same
chat never both get it. The same holds for the worker that gives up on a chat nobody
took in time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kontor.db.models import Handoff, Ticket

ACTIVE = ("waiting", "live")
TRIGGERS = ("request", "anger", "misunderstood", "complaint")


def active_handoff(*, session: Session, sender_id: str) -> Optional[Handoff]:
    """The conversation's waiting or live handoff, if it has one."""
    return session.execute(
        select(Handoff)
        .where(Handoff.sender_id == sender_id, Handoff.status.in_(ACTIVE))
        .order_by(Handoff.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def open_handoff(
    *,
    session: Session,
    sender_id: str,
    language: str,
    trigger: str,
    now: dt.datetime,
    context: Optional[Dict[str, Any]] = None,
) -> Handoff:
    """A new waiting handoff, or the one the conversation already has."""
    if trigger not in TRIGGERS:
        raise ValueError(f"unknown trigger {trigger!r}")
    existing = active_handoff(session=session, sender_id=sender_id)
    if existing is not None:
        return existing
    handoff = Handoff(
        sender_id=sender_id,
        language=language,
        trigger=trigger,
        context=dict(context or {}),
        status="waiting",
        created_at=now,
    )
    session.add(handoff)
    session.flush()
    return handoff


def waiting(*, session: Session) -> List[Handoff]:
    """Handoffs nobody has taken yet, longest waiting first."""
    return list(
        session.execute(
            select(Handoff)
            .where(Handoff.status == "waiting")
            .order_by(Handoff.created_at, Handoff.id)
        ).scalars()
    )


def live(*, session: Session, staff_id: Optional[int] = None) -> List[Handoff]:
    """Chats staff are in right now (one person's, if ``staff_id`` is given)."""
    query = select(Handoff).where(Handoff.status == "live")
    if staff_id is not None:
        query = query.where(Handoff.staff_id == staff_id)
    return list(session.execute(query.order_by(Handoff.taken_at)).scalars())


def take(*, session: Session, handoff_id: int, staff_id: int, now: dt.datetime) -> bool:
    """Give a waiting chat to ``staff_id``; False if someone else was quicker."""
    result = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.status == "waiting")
        .values(status="live", staff_id=staff_id, taken_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


def hand_back(
    *, session: Session, handoff_id: int, staff_id: int, now: dt.datetime
) -> bool:
    """End a live chat of ``staff_id``: the bot answers again."""
    result = session.execute(
        update(Handoff)
        .where(
            Handoff.id == handoff_id,
            Handoff.status == "live",
            Handoff.staff_id == staff_id,
        )
        .values(status="returned", ended_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


def give_up(
    *, session: Session, now: dt.datetime, timeout: dt.timedelta
) -> List[Handoff]:
    """Waiting handoffs older than ``timeout``, now marked not taken (claimed once).

    The caller tells each visitor and offers a callback; two workers running this at
    the same moment never both get the same handoff.
    """
    due = session.execute(
        select(Handoff.id).where(
            Handoff.status == "waiting", Handoff.created_at <= now - timeout
        )
    ).scalars()
    given_up = []
    for handoff_id in list(due):
        won = session.execute(
            update(Handoff)
            .where(Handoff.id == handoff_id, Handoff.status == "waiting")
            .values(status="not_taken", ended_at=now)
            .execution_options(synchronize_session=False)
        )
        if won.rowcount == 1:
            handoff = session.get(Handoff, handoff_id)
            assert handoff is not None
            session.refresh(handoff)
            given_up.append(handoff)
    return given_up


def undo(*, session: Session, handoff_id: int, was: str, now_is: str) -> bool:
    """Set a handoff back to ``was`` when telling Rasa about ``now_is`` failed.

    The next round (or the staff member) then tries again, instead of leaving the
    visitor in a paused conversation nobody answers.
    """
    result = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.status == now_is)
        .values(status=was, ended_at=None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


def close(*, session: Session, handoff_id: int, now: dt.datetime) -> bool:
    """End a handoff for good, whatever its state (the visitor left, say)."""
    result = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.status.in_(ACTIVE))
        .values(status="closed", ended_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


@dataclass(frozen=True)
class Callback:
    """What a visitor left for a callback, with the consent they gave."""

    sender_id: str
    language: str
    trigger: str
    name: str
    description: str
    consent_text: str
    consented_at: dt.datetime
    email: Optional[str] = None
    phone: Optional[str] = None
    reply_from: Optional[dt.datetime] = None


def create_ticket(*, session: Session, callback: Callback, now: dt.datetime) -> Ticket:
    """Store a callback request; it needs an e-mail address or a phone number."""
    if not (callback.email or callback.phone):
        raise ValueError("a callback needs an e-mail address or a phone number")
    ticket = Ticket(
        created_at=now,
        sender_id=callback.sender_id,
        language=callback.language,
        trigger=callback.trigger,
        name=callback.name,
        email=callback.email,
        phone=callback.phone,
        description=callback.description,
        consent_text=callback.consent_text,
        consented_at=callback.consented_at,
        reply_from=callback.reply_from,
    )
    session.add(ticket)
    session.flush()
    return ticket


def open_tickets(*, session: Session) -> List[Ticket]:
    """Callbacks still to do, oldest first."""
    return list(
        session.execute(
            select(Ticket)
            .where(Ticket.done_at.is_(None))
            .order_by(Ticket.created_at, Ticket.id)
        ).scalars()
    )


def count_open_tickets(*, session: Session) -> int:
    """How many callbacks are still to do."""
    return int(
        session.execute(
            select(func.count(Ticket.id)).where(Ticket.done_at.is_(None))
        ).scalar_one()
    )


def mark_ticket_done(
    *, session: Session, ticket_id: int, staff_id: int, now: dt.datetime
) -> bool:
    """Mark a callback as done; False if it was already (or does not exist)."""
    result = session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.done_at.is_(None))
        .values(done_at=now, done_by=staff_id)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)
