"""Order status for visitors, behind verification: number plus e-mail or postcode.

Nothing about an order — not even whether the number exists — is told before both
match: an unknown number and a wrong e-mail give the same answer, take the same
queries, and both count as a failed attempt for that number. After too many failures
for one number (from any conversation) it is locked for a while, so nobody can try
out numbers or addresses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Optional, Tuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from kontor.db.models import Order, OrderLookupFailure
from kontor.emails import normalize_email

# failures per order number within the window before it is locked
MAX_FAILURES = 5
LOCK_WINDOW = dt.timedelta(hours=24)
_KEY = re.compile(r"[^0-9A-Z]")


def order_key(number: str) -> str:
    """An order number as compared: "ha 104705", "HA-104705" → "HA104705"."""
    return _KEY.sub("", number.upper())[:40]


class Outcome(str, Enum):
    """How a lookup went; only FOUND says anything about the order."""

    FOUND = "found"
    NOT_VERIFIED = "not_verified"  # no such order, or the e-mail/postcode differs
    LOCKED = "locked"  # too many failed attempts for this number


@dataclass(frozen=True)
class OrderStatus:
    """What a verified customer may learn about the order."""

    number: str
    status: str  # received, paid, shipped, delivered, returned
    placed_at: dt.datetime
    history: Tuple[Tuple[str, dt.datetime], ...]
    carrier: str
    tracking_number: str
    expected_delivery: Optional[dt.date]
    positions: Tuple[Tuple[str, int], ...]  # (name, quantity)

    def happened(self, status: str) -> Optional[dt.datetime]:
        """When the order reached ``status``, if it did."""
        return next((at for s, at in self.history if s == status), None)


@dataclass(frozen=True)
class Lookup:
    """The result of a lookup; ``order`` only when the outcome is FOUND."""

    outcome: Outcome
    order: Optional[OrderStatus] = None
    order_email: Optional[str] = None  # the order's address (only when FOUND)


def looks_like_email(text: str) -> bool:
    """True if the visitor gave an e-mail address rather than a postcode."""
    return "@" in text


def _secret_matches(order: Order, secret: str) -> bool:
    if looks_like_email(secret):
        try:
            return normalize_email(secret) == order.email
        except ValueError:
            return False
    return re.sub(r"\s", "", secret) == order.postal_code


def _find(session: Session, key: str) -> Optional[Order]:
    query = select(Order).options(selectinload(Order.events), selectinload(Order.lines))
    order = session.execute(query.where(Order.number_key == key)).scalar_one_or_none()
    if order is None and key.isdigit():
        # "104705" for "HA-104705": the digits after a letter prefix
        candidates = session.execute(
            query.where(Order.number_key.like(f"%{key}"))
        ).scalars()
        fitting = [
            o for o in candidates if re.fullmatch(r"[A-Z]*", o.number_key[: -len(key)])
        ]
        order = fitting[0] if len(fitting) == 1 else None
    return order


def look_up(*, session: Session, number: str, secret: str, now: dt.datetime) -> Lookup:
    """The order ``number`` if ``secret`` (its e-mail or postcode) matches.

    Runs in the caller's transaction; a failure is recorded there.
    """
    key = order_key(number)
    since = now - LOCK_WINDOW
    failures = session.scalar(
        select(func.count(OrderLookupFailure.id)).where(
            OrderLookupFailure.order_number == key, OrderLookupFailure.at >= since
        )
    )
    if failures >= MAX_FAILURES:
        return Lookup(Outcome.LOCKED)
    order = _find(session, key) if key else None
    if order is None or not _secret_matches(order, secret):
        session.add(OrderLookupFailure(order_number=key or "-", at=now))
        if failures + 1 >= MAX_FAILURES:
            return Lookup(Outcome.LOCKED)
        return Lookup(Outcome.NOT_VERIFIED)
    return Lookup(
        outcome=Outcome.FOUND,
        order_email=order.email,
        order=OrderStatus(
            number=order.number,
            status=order.status,
            placed_at=order.placed_at,
            history=tuple((e.status, e.at) for e in order.events),
            carrier=order.carrier,
            tracking_number=order.tracking_number,
            expected_delivery=order.expected_delivery,
            positions=tuple(
                (line.name or line.sku, line.quantity) for line in order.lines
            ),
        ),
    )


def forget_old_failures(*, session: Session, now: dt.datetime) -> int:
    """Delete failed attempts older than the lock window; return how many."""
    result = session.execute(
        delete(OrderLookupFailure).where(OrderLookupFailure.at < now - LOCK_WINDOW)
    )
    return int(result.rowcount or 0)
