"""Qualified leads: stored only with consent, listed for sales, queued for the CRM."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from kontor.db.models import Lead, OutboxMessage


@dataclass(frozen=True)
class LeadDraft:
    """What the lead form collected; ``consent_text`` is the sentence agreed to."""

    need: str
    company: str
    name: str
    email: str
    consent_text: str
    quantity: Optional[int] = None
    deadline: Optional[dt.date] = None
    budget: Optional[str] = None
    phone: Optional[str] = None
    product_number: Optional[str] = None
    sku: Optional[str] = None
    language: str = "de"
    sender_id: str = ""
    crm_contact_id: Optional[str] = None


def create_lead(
    *, session: Session, draft: LeadDraft, now: dt.datetime, crm: str = "local"
) -> Lead:
    """Store a lead and, for an external CRM, its delivery in the outbox (one commit).

    The lead is ours first: a CRM that is down later loses nothing.
    """
    if not draft.consent_text.strip():
        raise ValueError("a lead is stored only with the visitor's consent")
    lead = Lead(
        created_at=now,
        consented_at=now,
        **{k: v for k, v in draft.__dict__.items()},
    )
    session.add(lead)
    session.flush()
    if crm != "local":
        session.add(
            OutboxMessage(
                key=f"kontor-lead-{lead.id}-{uuid.uuid4().hex[:12]}",
                crm=crm,
                lead_id=lead.id,
                payload={"lead_id": lead.id},
                created_at=now,
                next_attempt_at=now,
            )
        )
    return lead


def list_leads(*, session: Session, since: Optional[dt.datetime] = None) -> List[Lead]:
    """Leads, newest first; only those created at or after ``since`` if given."""
    query = select(Lead).order_by(Lead.created_at.desc(), Lead.id.desc())
    if since is not None:
        query = query.where(Lead.created_at >= since)
    return list(session.execute(query).scalars())
