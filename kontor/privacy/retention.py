"""Deleting what is kept longer than company.yml allows (``kontor retention``).

Conversations go as a whole: Rasa's events of every conversation whose newest event
is older than ``retention.conversations_days`` (a handoff's messages are among them),
with the handoffs that belong to them. Callback requests go ``tickets_days`` after they
were marked done; open ones stay. Notes to staff, expired staff logins and failed
order lookups go too, and the personal values of forms visitors left open a day
ago. Safe to run again and again: what is gone is not counted twice.

Rasa's SQL tracker store is read through its documented table (``events``: one row per
event with ``sender_id`` and a UNIX ``timestamp``), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields
from typing import List, Optional

from sqlalchemy import MetaData, Table, delete, func, inspect, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from kontor.company import Retention
from kontor.db import transaction
from kontor.db.models import Handoff, Notification, StaffSession, Ticket
from kontor.handoff.staff import SessionPolicy
from kontor.orders import forget_old_failures
from kontor.privacy.events import EventRedactor

# SQLite allows 999 bound parameters per statement
CHUNK = 500
# a form untouched this long was left: its personal values go (scrub_idle_forms)
FORMS_IDLE = dt.timedelta(days=1)


@dataclass
class Deleted:
    """How much went, per kind (numbers only: the report names no person)."""

    conversations: int = 0
    handoffs: int = 0
    tickets: int = 0
    notifications: int = 0
    staff_logins: int = 0
    order_lookups: int = 0
    # personal values of forms a visitor left open a day ago (the slots only)
    form_values: int = 0

    def total(self) -> int:
        """Everything deleted."""
        return sum(getattr(self, f.name) for f in fields(self))


def events_table(tracker: Optional[Engine]) -> Optional[Table]:
    """Rasa's ``events`` table, read from the database; None where there is none."""
    if tracker is None or not inspect(tracker).has_table("events"):
        return None
    return Table("events", MetaData(), autoload_with=tracker)


def old_conversations(tracker: Engine, before: dt.datetime) -> List[str]:
    """Rasa conversations whose newest event is older than ``before``."""
    events = events_table(tracker)
    if events is None:
        return []
    query = (
        select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(func.max(events.c.timestamp) < before.timestamp())
    )
    with tracker.connect() as connection:
        return [str(row[0]) for row in connection.execute(query)]


def delete_conversations(
    tracker: Engine, senders: List[str], before: dt.datetime
) -> int:
    """Delete every event of these conversations unless one came back since ``before``.

    One short transaction per chunk, so Rasa is never locked out for long; a visitor
    who wrote again in the meantime keeps the whole conversation.
    """
    events = events_table(tracker) if senders else None
    if events is None:
        return 0
    recent = select(events.c.sender_id).where(events.c.timestamp >= before.timestamp())
    gone = 0
    for start in range(0, len(senders), CHUNK):
        chunk = senders[start : start + CHUNK]
        still_old = events.c.sender_id.in_(chunk) & ~events.c.sender_id.in_(recent)
        with tracker.begin() as connection:
            present = connection.execute(
                select(func.count(func.distinct(events.c.sender_id))).where(still_old)
            ).scalar_one()
            connection.execute(delete(events).where(still_old))
        gone += int(present)
    return gone


def scrub_idle_forms(tracker: Engine, before: dt.datetime) -> int:
    """Remove personal slot values kept for a form no one came back to finish.

    The tracker store keeps them while a form runs and removes them when it ends;
    a visitor who simply leaves never ends it. Values of conversations whose newest
    event is older than ``before`` go; what the form already stored with consent is
    in the business database.
    """
    events = events_table(tracker)
    if events is None:
        return 0
    redactor = EventRedactor()
    idle = (
        select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(func.max(events.c.timestamp) < before.timestamp())
    )
    query = select(events.c.id, events.c.data).where(
        events.c.type_name == "slot",
        events.c.action_name.in_(list(redactor.personal_slots)),
        events.c.sender_id.in_(idle),
    )
    scrubbed = 0
    with tracker.begin() as connection:
        for row_id, data in connection.execute(query).all():
            changed = redactor.scrub_slot(json.loads(data))
            if changed is None:
                continue
            connection.execute(
                update(events)
                .where(events.c.id == row_id)
                .values(data=json.dumps(changed))
            )
            scrubbed += 1
    return scrubbed


def apply_retention(
    *,
    business: sessionmaker,
    tracker: Optional[Engine],
    retention: Retention,
    now: dt.datetime,
    policy: Optional[SessionPolicy] = None,
) -> Deleted:
    """Delete what is older than the retention periods; what went, counted."""
    policy = policy or SessionPolicy()
    deleted = Deleted()
    conversations_before = now - dt.timedelta(days=retention.conversations_days)
    senders = old_conversations(tracker, conversations_before) if tracker else []
    if tracker is not None:
        deleted.conversations = delete_conversations(
            tracker, senders, conversations_before
        )
        deleted.form_values = scrub_idle_forms(tracker, now - FORMS_IDLE)
    with transaction(business) as session:
        for start in range(0, len(senders), CHUNK):
            chunk = senders[start : start + CHUNK]
            deleted.handoffs += int(
                session.execute(
                    delete(Handoff).where(Handoff.sender_id.in_(chunk))
                ).rowcount
                or 0
            )
        # handoffs of conversations Rasa no longer has (or another tracker store)
        deleted.handoffs += int(
            session.execute(
                delete(Handoff).where(Handoff.created_at < conversations_before)
            ).rowcount
            or 0
        )
        tickets_before = now - dt.timedelta(days=retention.tickets_days)
        deleted.tickets = int(
            session.execute(
                delete(Ticket).where(
                    Ticket.done_at.is_not(None), Ticket.done_at < tickets_before
                )
            ).rowcount
            or 0
        )
        deleted.notifications = int(
            session.execute(
                delete(Notification).where(
                    Notification.created_at < conversations_before
                )
            ).rowcount
            or 0
        )
        deleted.staff_logins = int(
            session.execute(
                delete(StaffSession).where(
                    or_(
                        StaffSession.last_used_at < now - policy.idle,
                        StaffSession.created_at < now - policy.lifetime,
                    )
                )
            ).rowcount
            or 0
        )
        deleted.order_lookups = forget_old_failures(session=session, now=now)
    return deleted
