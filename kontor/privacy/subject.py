"""Data-subject rights: everything held about one person, exported or erased.

A person is named by an e-mail address (what a letter or e-mail request gives) or by
a conversation id (the widget's session id, what the chat's own "Löschen Sie meine
Daten" knows). From either, the rest is found:

- leads and callback requests with that e-mail address, or from that conversation;
- the conversations behind them (Rasa's ``events`` table, all sessions), and any
  conversation whose events contain the address (a tracker kept verbatim);
- the handoffs of those conversations, the CRM outbox entries of those leads;
- orders placed with the address: exported, but not erased — commercial and tax law
  (§ 257 HGB, § 147 AO) require them to be kept, which Art. 17(3)(b) DSGVO allows;
  the report says so.

``erase`` deletes in the business database in one transaction, then the
conversations; each request leaves one ``privacy_audit`` row with counts only. A lead
already delivered to an external CRM must be deleted there too: the report names the
CRM and its record id (not the person).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from kontor.db import transaction
from kontor.db.models import (
    Handoff,
    Lead,
    Order,
    OutboxMessage,
    PrivacyAudit,
    Ticket,
)
from kontor.privacy.retention import events_table

CHUNK = 500
KEPT_BY_LAW = (
    "Bestellungen werden nicht gelöscht: Handels- und Steuerrecht (§ 257 HGB, "
    "§ 147 AO) verlangen ihre Aufbewahrung (Art. 17 Abs. 3 lit. b DSGVO)."
)


@dataclass(frozen=True)
class Person:
    """Who the request is about: an e-mail address, a conversation id, or both."""

    email: Optional[str] = None
    sender_id: Optional[str] = None

    def __post_init__(self) -> None:
        email = (self.email or "").strip().lower() or None
        sender = (self.sender_id or "").strip() or None
        if email is None and sender is None:
            raise ValueError(
                "Bitte eine E-Mail-Adresse oder eine Gesprächs-ID angeben."
            )
        if email is not None and "@" not in email:
            raise ValueError(f"„{self.email}“ ist keine E-Mail-Adresse.")
        object.__setattr__(self, "email", email)
        object.__setattr__(self, "sender_id", sender)


@dataclass
class Found:
    """What is held about a person, as rows (and conversation ids)."""

    leads: List[Lead] = field(default_factory=list)
    tickets: List[Ticket] = field(default_factory=list)
    handoffs: List[Handoff] = field(default_factory=list)
    outbox: List[OutboxMessage] = field(default_factory=list)
    orders: List[Order] = field(default_factory=list)
    senders: Set[str] = field(default_factory=set)

    def external(self) -> List[Tuple[str, str]]:
        """(CRM, record id) of leads delivered to a CRM outside our database."""
        return [
            (m.crm, m.external_id or "?")
            for m in self.outbox
            if m.delivered_at is not None and m.crm != "local"
        ]


@dataclass
class Erased:
    """How much went, per kind; what had to stay and why."""

    conversations: int = 0
    events: int = 0
    leads: int = 0
    crm_outbox: int = 0
    tickets: int = 0
    handoffs: int = 0
    orders_kept: int = 0
    external: List[Tuple[str, str]] = field(default_factory=list)

    def counts(self) -> Dict[str, int]:
        """The numbers, for the audit entry."""
        return {
            "conversations": self.conversations,
            "events": self.events,
            "leads": self.leads,
            "crm_outbox": self.crm_outbox,
            "tickets": self.tickets,
            "handoffs": self.handoffs,
            "orders_kept": self.orders_kept,
            "external_crm_records": len(self.external),
        }

    def total(self) -> int:
        """Everything deleted (kept orders not counted)."""
        return self.events + self.leads + self.crm_outbox + self.tickets + self.handoffs


def find(session: Session, tracker: Optional[Engine], person: Person) -> Found:
    """Everything held about ``person`` in the business database and the tracker.

    The address finds leads, callbacks and conversations; the conversations found
    bring in what was left in them without the address (a callback with a phone
    number only, a handoff).
    """
    found = Found()
    if person.sender_id:
        found.senders.add(person.sender_id)
    if person.email:
        found.senders |= {
            sender
            for sender in session.execute(
                select(Lead.sender_id).where(func.lower(Lead.email) == person.email)
            ).scalars()
        }
        found.senders |= {
            sender
            for sender in session.execute(
                select(Ticket.sender_id).where(func.lower(Ticket.email) == person.email)
            ).scalars()
        }
        if tracker is not None:
            found.senders |= set(_conversations_mentioning(tracker, person.email))
    found.senders.discard("")
    senders = sorted(found.senders)
    found.leads = _rows(session, Lead, Lead.email, Lead.sender_id, person, senders)
    found.tickets = _rows(
        session, Ticket, Ticket.email, Ticket.sender_id, person, senders
    )
    found.handoffs = _rows(session, Handoff, None, Handoff.sender_id, person, senders)
    if found.leads:
        found.outbox = list(
            session.execute(
                select(OutboxMessage)
                .where(OutboxMessage.lead_id.in_([lead.id for lead in found.leads]))
                .order_by(OutboxMessage.id)
            )
            .scalars()
            .all()
        )
    if person.email:
        found.orders = list(
            session.execute(
                select(Order)
                .where(func.lower(Order.email) == person.email)
                .order_by(Order.id)
            )
            .scalars()
            .all()
        )
    return found


def _rows(
    session: Session,
    model: Any,
    email: Optional[Any],
    sender: Any,
    person: Person,
    senders: List[str],
) -> List[Any]:
    """Rows of ``model`` with the person's address or from their conversations."""
    ids: Set[int] = set()
    if email is not None and person.email:
        ids |= set(
            session.execute(
                select(model.id).where(func.lower(email) == person.email)
            ).scalars()
        )
    for start in range(0, len(senders), CHUNK):
        chunk = senders[start : start + CHUNK]  # noqa: E203
        ids |= set(session.execute(select(model.id).where(sender.in_(chunk))).scalars())
    if not ids:
        return []
    return list(
        session.execute(
            select(model).where(model.id.in_(sorted(ids))).order_by(model.id)
        )
        .scalars()
        .all()
    )


def export(
    *,
    business: sessionmaker,
    tracker: Optional[Engine],
    person: Person,
    now: dt.datetime,
    via: str,
    staff_id: Optional[int] = None,
    reference: Optional[str] = None,
) -> Dict[str, Any]:
    """One JSON-ready document with everything held about ``person`` (Art. 15, 20)."""
    with transaction(business) as session:
        found = find(session, tracker, person)
        document: Dict[str, Any] = {
            "created_at": now.isoformat(),
            "request": {"email": person.email, "conversation_id": person.sender_id},
            "conversations": [
                {"conversation_id": sender, "events": events}
                for sender, events in _conversation_events(tracker, found.senders)
            ],
            "leads": [_lead(lead) for lead in found.leads],
            "crm_outbox": [_outbox(message) for message in found.outbox],
            "callback_requests": [_ticket(ticket) for ticket in found.tickets],
            "handoffs": [_handoff(handoff) for handoff in found.handoffs],
            "orders": [_order(order) for order in found.orders],
            "notes": [KEPT_BY_LAW] if found.orders else [],
        }
        session.add(
            PrivacyAudit(
                at=now,
                action="export",
                via=via,
                staff_id=staff_id,
                reference=reference,
                counts={
                    key: len(value)
                    for key, value in document.items()
                    if isinstance(value, list) and key != "notes"
                },
            )
        )
    return document


def erase(
    *,
    business: sessionmaker,
    tracker: Optional[Engine],
    person: Person,
    now: dt.datetime,
    via: str,
    staff_id: Optional[int] = None,
    reference: Optional[str] = None,
) -> Erased:
    """Delete everything held about ``person`` but orders; one audit entry."""
    erased = Erased()
    with transaction(business) as session:
        found = find(session, tracker, person)
        senders = sorted(found.senders)
        erased.external = found.external()
        erased.orders_kept = len(found.orders)
        lead_ids = [lead.id for lead in found.leads]
        if lead_ids:
            erased.crm_outbox = _count(
                session.execute(
                    delete(OutboxMessage).where(OutboxMessage.lead_id.in_(lead_ids))
                )
            )
            erased.leads = _count(
                session.execute(delete(Lead).where(Lead.id.in_(lead_ids)))
            )
        ticket_ids = [ticket.id for ticket in found.tickets]
        if ticket_ids:
            erased.tickets = _count(
                session.execute(delete(Ticket).where(Ticket.id.in_(ticket_ids)))
            )
        handoff_ids = [handoff.id for handoff in found.handoffs]
        if handoff_ids:
            erased.handoffs = _count(
                session.execute(delete(Handoff).where(Handoff.id.in_(handoff_ids)))
            )
        if tracker is not None:
            erased.conversations, erased.events = delete_conversations(tracker, senders)
        session.add(
            PrivacyAudit(
                at=now,
                action="erase",
                via=via,
                staff_id=staff_id,
                reference=reference,
                counts=erased.counts(),
            )
        )
    return erased


def tracker_engine(url: str) -> Optional[Engine]:
    """Rasa's conversation store at ``url``; None for an SQLite file not there (yet).

    Not created here: an empty file would hide a wrong KONTOR_TRACKER_DB.
    """
    from sqlalchemy.engine.url import make_url

    from kontor.db import make_engine

    parsed = make_url(url)
    if (
        parsed.get_backend_name() == "sqlite"
        and not Path(parsed.database or "").is_file()
    ):
        return None
    return make_engine(url)


def delete_conversations(tracker: Engine, senders: Iterable[str]) -> Tuple[int, int]:
    """Delete every event of these conversations: (conversations, events) gone."""
    events = events_table(tracker)
    senders = list(senders)
    if events is None or not senders:
        return 0, 0
    conversations = rows = 0
    for start in range(0, len(senders), CHUNK):
        chunk = senders[start : start + CHUNK]  # noqa: E203
        with tracker.begin() as connection:
            conversations += int(
                connection.execute(
                    select(func.count(func.distinct(events.c.sender_id))).where(
                        events.c.sender_id.in_(chunk)
                    )
                ).scalar_one()
            )
            rows += _count(
                connection.execute(delete(events).where(events.c.sender_id.in_(chunk)))
            )
    return conversations, rows


def _conversations_mentioning(tracker: Engine, email: str) -> List[str]:
    """Conversations whose events hold ``email`` as a whole address.

    LIKE narrows them down in the database; "ina@firma.de" also matches inside
    "katharina@firma.de", so each candidate is checked again with word boundaries.
    """
    events = events_table(tracker)
    if events is None:
        return []
    pattern = (
        "%" + email.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    )
    whole = re.compile(rf"(?<![\w.+-]){re.escape(email)}(?![\w-])", re.IGNORECASE)
    query = select(events.c.sender_id, events.c.data).where(
        func.lower(events.c.data).like(pattern, escape="\\")
    )
    with tracker.connect() as connection:
        return sorted(
            {
                str(sender)
                for sender, data in connection.execute(query)
                if whole.search(data)
            }
        )


def _conversation_events(
    tracker: Optional[Engine], senders: Set[str]
) -> List[Tuple[str, List[Any]]]:
    import json

    events = events_table(tracker)
    if events is None or tracker is None or not senders:
        return []
    found: Dict[str, List[Any]] = {sender: [] for sender in sorted(senders)}
    with tracker.connect() as connection:
        for start in range(0, len(found), CHUNK):
            chunk = list(found)[start : start + CHUNK]  # noqa: E203
            rows = connection.execute(
                select(events.c.sender_id, events.c.data)
                .where(events.c.sender_id.in_(chunk))
                .order_by(events.c.id)
            )
            for sender, data in rows:
                found[str(sender)].append(json.loads(data))
    return [(sender, events) for sender, events in found.items() if events]


def _count(result: Any) -> int:
    return int(result.rowcount or 0)


def _when(value: Optional[Any]) -> Optional[str]:
    return value.isoformat() if value is not None else None


def _lead(lead: Lead) -> Dict[str, Any]:
    return {
        "id": lead.id,
        "created_at": _when(lead.created_at),
        "conversation_id": lead.sender_id or None,
        "language": lead.language,
        "need": lead.need,
        "product_number": lead.product_number,
        "sku": lead.sku,
        "quantity": lead.quantity,
        "deadline": _when(lead.deadline),
        "budget": lead.budget,
        "company": lead.company,
        "name": lead.name,
        "email": lead.email,
        "phone": lead.phone,
        "consent": {"text": lead.consent_text, "given_at": _when(lead.consented_at)},
    }


def _outbox(message: OutboxMessage) -> Dict[str, Any]:
    return {
        "crm": message.crm,
        "lead_id": message.lead_id,
        "payload": message.payload,
        "created_at": _when(message.created_at),
        "delivered_at": _when(message.delivered_at),
        "crm_record_id": message.external_id,
    }


def _ticket(ticket: Ticket) -> Dict[str, Any]:
    return {
        "id": ticket.id,
        "created_at": _when(ticket.created_at),
        "conversation_id": ticket.sender_id or None,
        "reason": ticket.trigger,
        "name": ticket.name,
        "email": ticket.email,
        "phone": ticket.phone,
        "description": ticket.description,
        "consent": {
            "text": ticket.consent_text,
            "given_at": _when(ticket.consented_at),
        },
        "reply_from": _when(ticket.reply_from),
        "done_at": _when(ticket.done_at),
    }


def _handoff(handoff: Handoff) -> Dict[str, Any]:
    return {
        "id": handoff.id,
        "conversation_id": handoff.sender_id,
        "reason": handoff.trigger,
        "context": handoff.context,
        "status": handoff.status,
        "created_at": _when(handoff.created_at),
        "taken_at": _when(handoff.taken_at),
        "ended_at": _when(handoff.ended_at),
    }


def _order(order: Order) -> Dict[str, Any]:
    return {
        "number": order.number,
        "placed_at": _when(order.placed_at),
        "email": order.email,
        "postal_code": order.postal_code,
        "country": order.country,
        "status": order.status,
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "expected_delivery": _when(order.expected_delivery),
        "lines": [
            {"sku": line.sku, "name": line.name, "quantity": line.quantity}
            for line in order.lines
        ],
        "history": [
            {"status": event.status, "at": _when(event.at)} for event in order.events
        ],
        "kept_because": KEPT_BY_LAW,
    }
