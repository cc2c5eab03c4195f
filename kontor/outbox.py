"""The CRM outbox: leads are delivered after they are safely in our database.

A worker claims one due message at a time (an UPDATE that only one worker can win,
on SQLite and PostgreSQL alike), sends it, and records the CRM's id — or the error
and the next attempt, with exponential backoff. A CRM outage loses nothing; a retry
never duplicates, because the adapters look for the lead's key first.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable, Optional

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from kontor.crm import CRM, LeadRecord, PermanentFailure, TemporaryFailure
from kontor.db import transaction
from kontor.db.models import Lead, OutboxMessage

logger = logging.getLogger(__name__)

FIRST_DELAY = dt.timedelta(seconds=30)
MAX_DELAY = dt.timedelta(hours=1)
# a permanent refusal is tried again once a day, after someone may have fixed it
REFUSED_DELAY = dt.timedelta(hours=24)
LEASE = dt.timedelta(minutes=2)


@dataclass
class Drained:
    """What one run of the worker did."""

    delivered: int = 0
    retried: int = 0
    refused: int = 0


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min … at most an hour."""
    return min(FIRST_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


def record_of(lead: Lead, key: str) -> LeadRecord:
    """The CRM's view of a stored lead."""
    return LeadRecord(
        key=key,
        need=lead.need,
        company=lead.company,
        name=lead.name,
        email=lead.email,
        phone=lead.phone,
        quantity=lead.quantity,
        deadline=lead.deadline.isoformat() if lead.deadline else None,
        budget=lead.budget,
        language=lead.language,
    )


def _claim(session: Session, crm: str, now: dt.datetime) -> Optional[int]:
    """The id of one due message, claimed for this worker; None if none is due."""
    due = session.execute(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.crm == crm,
            OutboxMessage.delivered_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            or_(
                OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now
            ),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(5)
    ).scalars()
    for message_id in due:
        won = session.execute(
            update(OutboxMessage)
            .where(
                and_(
                    OutboxMessage.id == message_id,
                    or_(
                        OutboxMessage.claimed_until.is_(None),
                        OutboxMessage.claimed_until < now,
                    ),
                )
            )
            .values(claimed_until=now + LEASE)
        )
        if won.rowcount == 1:
            return int(message_id)
    return None


def drain(
    sessions: sessionmaker,
    crm: CRM,
    *,
    clock: Callable[[], dt.datetime],
    limit: int = 100,
) -> Drained:
    """Deliver up to ``limit`` due messages to ``crm``; return what happened."""
    done = Drained()
    for _ in range(limit):
        with transaction(sessions) as session:
            message_id = _claim(session, crm.name, clock())
        if message_id is None:
            break
        with sessions() as session:
            message = session.get(OutboxMessage, message_id)
            record = record_of(message.lead, message.key)
            attempts = message.attempts + 1
        values: dict = {"attempts": attempts, "claimed_until": None}
        try:
            external = crm.deliver(record)
        except TemporaryFailure as error:
            delay = backoff(attempts)
            if error.retry_after:
                delay = max(delay, dt.timedelta(seconds=error.retry_after))
            values.update(last_error=str(error)[:1000], next_attempt_at=clock() + delay)
            done.retried += 1
            logger.warning("CRM %s: lead %s later: %s", crm.name, message_id, error)
        except PermanentFailure as error:
            values.update(
                last_error=str(error)[:1000], next_attempt_at=clock() + REFUSED_DELAY
            )
            done.refused += 1
            logger.error("CRM %s refused lead %s: %s", crm.name, message_id, error)
        else:
            values.update(
                delivered_at=clock(), external_id=external[:100], last_error=None
            )
            done.delivered += 1
        with transaction(sessions) as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id)
                .values(**values)
            )
    return done
