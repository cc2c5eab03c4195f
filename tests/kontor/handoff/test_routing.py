"""Live handoff or callback, as a table of moments (the test company: Saxony,
Mon–Thu 7:30–12:00 and 12:30–16:30, Fri 7:30–14:00, closed on 24 December)."""

from __future__ import annotations

import datetime as dt
from typing import Optional, Tuple
from zoneinfo import ZoneInfo

import pytest

from kontor.company import Company
from kontor.handoff.routing import Way, Why, route

BERLIN = ZoneInfo("Europe/Berlin")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


@pytest.mark.parametrize(
    "now, online, waiting_min, expected",
    [
        # Tuesday morning, someone online: a person at once
        (at(2026, 12, 1, 10, 0), 1, 0, (Way.LIVE, Why.STAFF_ONLINE, None)),
        # ... nobody online: callback, today
        (
            at(2026, 12, 1, 10, 0),
            0,
            0,
            (Way.CALLBACK, Why.NOBODY_ONLINE, at(2026, 12, 1, 10, 0)),
        ),
        # ... online but nobody took it within three minutes
        (
            at(2026, 12, 1, 10, 0),
            2,
            3,
            (Way.CALLBACK, Why.NOT_TAKEN, at(2026, 12, 1, 10, 0)),
        ),
        (at(2026, 12, 1, 10, 0), 2, 2, (Way.LIVE, Why.STAFF_ONLINE, None)),
        # lunch break: closed until 12:30
        (
            at(2026, 12, 1, 12, 10),
            1,
            0,
            (Way.CALLBACK, Why.CLOSED, at(2026, 12, 1, 12, 30)),
        ),
        # Friday 16:30, the sales team has gone home: Monday from 7:30
        (
            at(2026, 12, 4, 16, 30),
            1,
            0,
            (Way.CALLBACK, Why.CLOSED, at(2026, 12, 7, 7, 30)),
        ),
        # Christmas Eve (closing day), then the holidays: Monday 28th
        (
            at(2026, 12, 24, 9, 0),
            1,
            0,
            (Way.CALLBACK, Why.CLOSED, at(2026, 12, 28, 7, 30)),
        ),
    ],
)
def test_route(
    company: Company,
    now: dt.datetime,
    online: int,
    waiting_min: int,
    expected: Tuple[Way, Why, Optional[dt.datetime]],
) -> None:
    decided = route(company, now, online, dt.timedelta(minutes=waiting_min))
    assert (decided.way, decided.why, decided.reply_from) == expected
