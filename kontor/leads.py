"""Qualified leads: stored only with consent, listed for sales, queued for the CRM."""

from __future__ import annotations

import datetime as dt
import re
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


# --- what visitors type into the lead form --------------------------------------------

# "nein", "keine Angabe": an optional field left empty
SKIP = "-"
_SKIP_WORDS = {
    "nein",
    "nee",
    "no",
    "nope",
    "keine",
    "keins",
    "kein",
    "keine angabe",
    "keine ahnung",
    "weiss nicht",
    "weiß nicht",
    "weiß ich nicht",
    "don't know",
    "dont know",
    "none",
    "n/a",
    "-",
    "skip",
    "überspringen",
    "ueberspringen",
    "nicht nötig",
    "not needed",
    "haben wir nicht",
    "noch offen",
    "offen",
    "no budget",
    "not yet",
    "noch nicht",
}
# "egal", "keine Eile": no deadline
FLEXIBLE = "flexible"
_FLEXIBLE_WORDS = (
    "egal",
    "flexibel",
    "keine eile",
    "kein termin",
    "kein fester termin",
    "eilt nicht",
    "no rush",
    "flexible",
    "no deadline",
    "whenever",
    "anytime",
    "any time",
    "asap",
    "so schnell wie möglich",
    "schnellstmöglich",
    "sofort",
)
_NUMBER = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)")
_PHONE_CHARS = re.compile(r"[^\d+]")


def is_skip(text: str) -> bool:
    """True if the visitor leaves an optional field empty."""
    return text.strip().lower().strip(".! ") in _SKIP_WORDS


def parse_quantity(text: str) -> Optional[int]:
    """The number of pieces in "ca. 500", "1.200 Stück", "500"; None if none."""
    match = _NUMBER.search(text or "")
    if not match:
        return None
    value = int(re.sub(r"[.,]", "", match.group(1)))
    return value if 0 < value <= 10_000_000 else None


def parse_phone(text: str) -> Optional[str]:
    """A phone number as typed, if it has 6 to 15 digits; SKIP if left out."""
    if is_skip(text):
        return SKIP
    digits = _PHONE_CHARS.sub("", text or "")
    if not 6 <= len(digits.lstrip("+")) <= 15 or "+" in digits[1:]:
        return None
    return re.sub(r"\s+", " ", text.strip())[:60]


def parse_deadline(text: str) -> Optional[str]:
    """FLEXIBLE for "egal", "keine Eile"; None if the text names no such wish."""
    lowered = (text or "").lower()
    if any(word in lowered for word in _FLEXIBLE_WORDS):
        return FLEXIBLE
    return None


def clean_text(text: str, limit: int) -> Optional[str]:
    """Free text for a field: trimmed, one line, at most ``limit`` characters."""
    cleaned = re.sub(r"\s+", " ", text or "").strip()
    if len(cleaned) < 2:
        return None
    return cleaned[:limit]
