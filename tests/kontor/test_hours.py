"""Opening hours at chosen moments: the clock is a parameter, so every case is exact."""

from __future__ import annotations

import datetime as dt
from typing import Optional
from zoneinfo import ZoneInfo

import pytest

from kontor.company import Company
from kontor.hours import (
    Reason,
    at_time,
    day_hours,
    next_opening,
    next_opening_after_day,
    opening_status,
)
from kontor.phrasing import moment_text

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.timezone.utc


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


# 2026-11-30 is a Monday; the test company opens Mon–Thu 7:30–12:00 and 12:30–16:30,
# Fri 7:30–14:00, in Saxony (SN), closed on 24 December.
@pytest.mark.parametrize(
    "now, reason, closes_at, next_open",
    [
        # an ordinary weekday
        (
            berlin(2026, 11, 30, 7, 29),
            Reason.BEFORE_OPENING,
            None,
            berlin(2026, 11, 30, 7, 30),
        ),
        (
            berlin(2026, 11, 30, 7, 30),
            Reason.OPEN,
            berlin(2026, 11, 30, 12, 0),
            berlin(2026, 11, 30, 12, 30),
        ),
        (
            berlin(2026, 11, 30, 10, 0),
            Reason.OPEN,
            berlin(2026, 11, 30, 12, 0),
            berlin(2026, 11, 30, 12, 30),
        ),
        # lunch break
        (
            berlin(2026, 11, 30, 12, 0),
            Reason.LUNCH_BREAK,
            None,
            berlin(2026, 11, 30, 12, 30),
        ),
        (
            berlin(2026, 11, 30, 12, 29, 59),
            Reason.LUNCH_BREAK,
            None,
            berlin(2026, 11, 30, 12, 30),
        ),
        (
            berlin(2026, 11, 30, 12, 30),
            Reason.OPEN,
            berlin(2026, 11, 30, 16, 30),
            berlin(2026, 12, 1, 7, 30),
        ),
        # just before and just after closing
        (
            berlin(2026, 11, 30, 16, 29, 59),
            Reason.OPEN,
            berlin(2026, 11, 30, 16, 30),
            berlin(2026, 12, 1, 7, 30),
        ),
        (
            berlin(2026, 11, 30, 16, 30),
            Reason.AFTER_CLOSING,
            None,
            berlin(2026, 12, 1, 7, 30),
        ),
        # Friday closes early and the weekend follows
        (
            berlin(2026, 12, 4, 13, 59),
            Reason.OPEN,
            berlin(2026, 12, 4, 14, 0),
            berlin(2026, 12, 7, 7, 30),
        ),
        (
            berlin(2026, 12, 4, 14, 0),
            Reason.AFTER_CLOSING,
            None,
            berlin(2026, 12, 7, 7, 30),
        ),
        (
            berlin(2026, 12, 5, 10, 0),
            Reason.CLOSED_DAY,
            None,
            berlin(2026, 12, 7, 7, 30),
        ),
        (
            berlin(2026, 12, 6, 23, 59),
            Reason.CLOSED_DAY,
            None,
            berlin(2026, 12, 7, 7, 30),
        ),
        # Buß- und Bettag (18 Nov 2026) is a public holiday in Saxony only
        (
            berlin(2026, 11, 18, 10, 0),
            Reason.HOLIDAY,
            None,
            berlin(2026, 11, 19, 7, 30),
        ),
        # the evening before a holiday: the next opening skips it
        (
            berlin(2026, 11, 17, 18, 0),
            Reason.AFTER_CLOSING,
            None,
            berlin(2026, 11, 19, 7, 30),
        ),
        # before Christmas: 24th company closing day, 25th/26th holidays, 27th Sunday
        (
            berlin(2026, 12, 23, 17, 0),
            Reason.AFTER_CLOSING,
            None,
            berlin(2026, 12, 28, 7, 30),
        ),
        (berlin(2026, 12, 24, 9, 0), Reason.HOLIDAY, None, berlin(2026, 12, 28, 7, 30)),
    ],
)
def test_opening_status(
    company: Company,
    now: dt.datetime,
    reason: Reason,
    closes_at: Optional[dt.datetime],
    next_open: dt.datetime,
) -> None:
    status = opening_status(company, now)
    assert status.reason is reason
    assert status.is_open is (reason is Reason.OPEN)
    assert status.closes_at == closes_at
    assert status.next_open == next_open


def test_holiday_only_in_the_company_state(make_company) -> None:
    wednesday = berlin(2026, 11, 18, 10, 0)
    saxony = opening_status(
        make_company(holidays={"country": "DE", "state": "SN"}), wednesday
    )
    bavaria = opening_status(
        make_company(holidays={"country": "DE", "state": "BY"}), wednesday
    )
    assert (saxony.reason, saxony.holiday) == (Reason.HOLIDAY, "Buß- und Bettag")
    assert bavaria.is_open


@pytest.mark.parametrize(
    "utc_now, reason, next_open_utc",
    [
        # 29 March 2026: clocks go forward at 02:00 CET. Monday 07:30 CEST is 05:30 UTC.
        (
            dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
            Reason.CLOSED_DAY,
            dt.datetime(2026, 3, 30, 5, 30, tzinfo=UTC),
        ),
        (
            dt.datetime(2026, 3, 30, 5, 29, tzinfo=UTC),
            Reason.BEFORE_OPENING,
            dt.datetime(2026, 3, 30, 5, 30, tzinfo=UTC),
        ),
        (
            dt.datetime(2026, 3, 30, 5, 30, tzinfo=UTC),
            Reason.OPEN,
            dt.datetime(2026, 3, 30, 10, 30, tzinfo=UTC),
        ),
        # 25 October 2026: clocks go back at 03:00 CEST. Monday 07:30 CET is 06:30 UTC.
        (
            dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            Reason.CLOSED_DAY,
            dt.datetime(2026, 10, 26, 6, 30, tzinfo=UTC),
        ),
        (
            dt.datetime(2026, 10, 26, 6, 29, tzinfo=UTC),
            Reason.BEFORE_OPENING,
            dt.datetime(2026, 10, 26, 6, 30, tzinfo=UTC),
        ),
        (
            dt.datetime(2026, 10, 26, 6, 30, tzinfo=UTC),
            Reason.OPEN,
            dt.datetime(2026, 10, 26, 11, 30, tzinfo=UTC),
        ),
    ],
)
def test_daylight_saving_switch_days(
    company: Company, utc_now: dt.datetime, reason: Reason, next_open_utc: dt.datetime
) -> None:
    status = opening_status(company, utc_now)
    assert status.reason is reason
    assert status.next_open is not None
    assert status.next_open.astimezone(UTC) == next_open_utc


@pytest.mark.parametrize(
    "utc_now, is_open",
    [
        # a shop open on Sundays 10:00–12:00, on both switch days
        (dt.datetime(2026, 3, 29, 8, 30, tzinfo=UTC), True),  # 10:30 CEST
        (dt.datetime(2026, 3, 29, 7, 30, tzinfo=UTC), False),  # 09:30 CEST
        (dt.datetime(2026, 10, 25, 9, 30, tzinfo=UTC), True),  # 10:30 CET
        (dt.datetime(2026, 10, 25, 8, 30, tzinfo=UTC), False),  # 09:30 CET
    ],
)
def test_hours_on_a_switch_day_itself(
    make_company, utc_now: dt.datetime, is_open: bool
) -> None:
    sunday_shop = make_company(
        opening_hours={"sunday": [["10:00", "12:00"]]}, holidays={"country": "DE"}
    )
    assert opening_status(sunday_shop, utc_now).is_open is is_open


def test_now_must_be_aware(company: Company) -> None:
    with pytest.raises(ValueError, match="aware"):
        opening_status(company, dt.datetime(2026, 11, 30, 10, 0))


def test_no_opening_in_sight(make_company) -> None:
    closed = make_company(opening_hours={})
    status = opening_status(closed, berlin(2026, 11, 30, 10, 0))
    assert status.reason is Reason.CLOSED_DAY
    assert status.next_open is None
    assert next_opening(closed, berlin(2026, 11, 30, 10, 0)) is None


@pytest.mark.parametrize(
    "now, language, expected",
    [
        (berlin(2026, 11, 28, 10, 0), "de", "am Montag ab 7:30 Uhr"),
        (berlin(2026, 11, 28, 10, 0), "en", "on Monday from 7:30"),
        (berlin(2026, 11, 29, 10, 0), "de", "morgen ab 7:30 Uhr"),
        (berlin(2026, 11, 30, 12, 10), "de", "heute ab 12:30 Uhr"),
        (berlin(2026, 11, 30, 12, 10), "en", "today from 12:30"),
        (berlin(2026, 12, 23, 17, 0), "de", "am Montag ab 7:30 Uhr"),
    ],
)
def test_next_opening_in_words(
    company: Company, now: dt.datetime, language: str, expected: str
) -> None:
    status = opening_status(company, now)
    assert status.next_open is not None
    assert moment_text(status.next_open, status.now, language) == expected


def test_a_date_is_named_when_the_next_opening_is_more_than_a_week_away(
    make_company,
) -> None:
    holiday_season = make_company(
        holidays={
            "country": "DE",
            "state": "SN",
            "closed_days": [f"2026-12-{day}" for day in range(21, 32)],
        }
    )
    status = opening_status(holiday_season, berlin(2026, 12, 18, 15, 0))
    assert status.next_open == berlin(2027, 1, 4, 7, 30)
    assert moment_text(status.next_open, status.now, "de") == (
        "am Montag, 4. Januar, ab 7:30 Uhr"
    )
    assert moment_text(status.next_open, status.now, "en") == (
        "on Monday, 4 January, from 7:30"
    )


@pytest.mark.parametrize(
    ("day", "is_open", "holiday"),
    [
        (dt.date(2026, 12, 4), True, None),  # Friday
        (dt.date(2026, 12, 5), False, None),  # Saturday
        (dt.date(2026, 12, 24), False, "Betriebsruhe"),  # company closing day
        (dt.date(2026, 12, 25), False, "Erster Weihnachtstag"),
        (dt.date(2026, 11, 18), False, "Buß- und Bettag"),  # Saxony only
    ],
)
def test_day_hours(company: Company, day, is_open, holiday) -> None:
    hours = day_hours(company, day)
    assert hours.is_open is is_open
    assert hours.holiday == holiday
    assert (hours.intervals != ()) is is_open


@pytest.mark.parametrize(
    ("day", "time", "reason"),
    [
        (dt.date(2026, 12, 4), dt.time(10, 0), Reason.OPEN),
        (dt.date(2026, 12, 4), dt.time(15, 0), Reason.AFTER_CLOSING),  # Friday
        (dt.date(2026, 12, 2), dt.time(12, 15), Reason.LUNCH_BREAK),
        (dt.date(2026, 12, 2), dt.time(7, 0), Reason.BEFORE_OPENING),
        (dt.date(2026, 12, 5), dt.time(10, 0), Reason.CLOSED_DAY),
        (dt.date(2026, 12, 24), dt.time(10, 0), Reason.HOLIDAY),
        # the Monday after the spring DST switch: 10:00 is Berlin summer time
        (dt.date(2026, 3, 30), dt.time(10, 0), Reason.OPEN),
    ],
)
def test_at_time(company: Company, day, time, reason) -> None:
    assert at_time(company, day, time).reason is reason


def test_next_opening_after_a_closed_day(company: Company) -> None:
    reopens = next_opening_after_day(company, dt.date(2026, 12, 24))
    assert reopens == berlin(2026, 12, 28, 7, 30)  # over Christmas and the weekend
