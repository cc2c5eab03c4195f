"""Live handoff or callback: decided by the opening hours and who is online.

Inside opening hours with a staff member online, the chat goes to a person at once;
otherwise — closed, nobody online, or nobody took it in time — the visitor leaves
contact details and is told when the reply will come.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Optional

from kontor.company import Company
from kontor.hours import opening_status

# how long a waiting chat is offered to staff before the visitor is asked for a
# callback instead (company.yml may set its own later)
PICKUP_TIMEOUT = dt.timedelta(minutes=3)


class Way(enum.Enum):
    """How the visitor reaches a person."""

    LIVE = "live"
    CALLBACK = "callback"


class Why(enum.Enum):
    """Why that way: one sentence each in domain.yml."""

    STAFF_ONLINE = "staff_online"
    CLOSED = "closed"
    NOBODY_ONLINE = "nobody_online"
    NOT_TAKEN = "not_taken"


@dataclass(frozen=True)
class Route:
    """The decision, and when a callback's reply can be expected."""

    way: Way
    why: Why
    # the reply comes during opening hours from this moment on (CALLBACK only):
    # now if open, else the next opening ("Montag ab 7:30 Uhr"); None if the
    # company has no opening hours ahead
    reply_from: Optional[dt.datetime] = None


def route(
    company: Company,
    now: dt.datetime,
    staff_online: int,
    waiting: dt.timedelta = dt.timedelta(0),
    pickup_timeout: dt.timedelta = PICKUP_TIMEOUT,
) -> Route:
    """Where a handoff goes at ``now``; ``waiting`` is how long it has waited."""
    status = opening_status(company, now)
    if not status.is_open:
        return Route(Way.CALLBACK, Why.CLOSED, status.next_open)
    if staff_online <= 0:
        return Route(Way.CALLBACK, Why.NOBODY_ONLINE, status.now)
    if waiting >= pickup_timeout:
        return Route(Way.CALLBACK, Why.NOT_TAKEN, status.now)
    return Route(Way.LIVE, Why.STAFF_ONLINE)
