"""Date entities become calendar days: relative days, calendar dates, holidays, periods."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kontor.dates import DateProblem, DateSpan, resolve

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.timezone.utc


def at(*args: int, tz: dt.tzinfo = BERLIN) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz)


TUESDAY = at(2026, 12, 1, 15, 11)


@pytest.mark.parametrize(
    ("value", "now", "expected"),
    [
        ("today", TUESDAY, "2026-12-01"),
        ("tomorrow", TUESDAY, "2026-12-02"),
        ("day after tomorrow", TUESDAY, "2026-12-03"),
        ("saturday", TUESDAY, "2026-12-05"),
        ("friday", TUESDAY, "2026-12-04"),
        ("next friday", TUESDAY, "2026-12-04"),  # the coming Friday
        ("tuesday", TUESDAY, "2026-12-08"),  # a weekday named on that day: next week
        ("next tuesday", TUESDAY, "2026-12-08"),
        ("24.12.", TUESDAY, "2026-12-24"),
        ("01.12.", TUESDAY, "2026-12-01"),  # today is not the past
        ("01.10.", TUESDAY, "2027-10-01"),  # two months ago: next year's
        ("this friday", TUESDAY, "2026-12-04"),
        ("this tuesday", TUESDAY, "2026-12-01"),  # "diesen Dienstag", said on one
        ("02.01.", TUESDAY, "2027-01-02"),  # across the turn of the year
        ("29.02.", TUESDAY, "2028-02-29"),  # waits for a leap year
        ("24.12.2026", TUESDAY, "2026-12-24"),
        ("christmas eve", TUESDAY, "2026-12-24"),
        ("new year's eve", TUESDAY, "2026-12-31"),
        ("new year's day", TUESDAY, "2027-01-01"),
        ("boxing day", TUESDAY, "2026-12-26"),
        ("good friday", TUESDAY, "2027-03-26"),
        ("easter sunday", TUESDAY, "2027-03-28"),
        ("easter monday", TUESDAY, "2027-03-29"),
        ("ascension day", TUESDAY, "2027-05-06"),
        ("whit monday", TUESDAY, "2027-05-17"),
        ("labour day", TUESDAY, "2027-05-01"),
        ("repentance day", TUESDAY, "2027-11-17"),  # 2026's was 18 November
        ("repentance day", at(2026, 11, 2, 9, 0), "2026-11-18"),
        ("corpus christi", TUESDAY, "2027-05-27"),  # no holiday in Saxony, still a day
        ("all saints' day", TUESDAY, "2027-11-01"),
        ("reformation day", TUESDAY, "2027-10-31"),
        ("german unity day", TUESDAY, "2027-10-03"),
        # New Year's Eve, 23:30 UTC is already 1 January in Berlin
        ("today", at(2026, 12, 31, 23, 30, tz=UTC), "2027-01-01"),
        ("tomorrow", at(2026, 12, 31, 23, 30, tz=UTC), "2027-01-02"),
        ("friday", at(2026, 12, 30, 10, 0), "2027-01-01"),
        # both DST switch days: the day itself and the next are counted in Berlin
        ("today", at(2027, 3, 28, 1, 30), "2027-03-28"),
        ("tomorrow", at(2027, 3, 28, 3, 30), "2027-03-29"),
        ("today", at(2026, 10, 25, 2, 30), "2026-10-25"),
        ("tomorrow", at(2026, 10, 25, 22, 30, tz=UTC), "2026-10-26"),  # 23:30 CET
    ],
)
def test_single_days(value, now, expected, company) -> None:
    span = resolve(value, now, company)
    assert isinstance(span, DateSpan), span
    assert not span.is_period
    assert span.first.isoformat() == expected


@pytest.mark.parametrize(
    ("value", "now", "first", "last"),
    [
        ("this week", TUESDAY, "2026-12-01", "2026-12-06"),
        ("next week", TUESDAY, "2026-12-07", "2026-12-13"),
        ("next week", at(2026, 12, 30, 9, 0), "2027-01-04", "2027-01-10"),
        ("weekend", TUESDAY, "2026-12-05", "2026-12-06"),
        ("weekend", at(2026, 12, 6, 9, 0), "2026-12-06", "2026-12-06"),  # Sunday
        ("between the years", TUESDAY, "2026-12-27", "2026-12-31"),
        ("between the years", at(2026, 12, 29, 9, 0), "2026-12-29", "2026-12-31"),
        ("between the years", at(2027, 1, 2, 9, 0), "2027-12-27", "2027-12-31"),
        ("christmas", TUESDAY, "2026-12-24", "2026-12-26"),
        ("easter", TUESDAY, "2027-03-26", "2027-03-29"),
    ],
)
def test_periods(value, now, first, last, company) -> None:
    span = resolve(value, now, company)
    assert isinstance(span, DateSpan), span
    assert (span.first.isoformat(), span.last.isoformat()) == (first, last)
    assert span.days()[0] == span.first and span.days()[-1] == span.last


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("31.02.", DateProblem.INVALID),
        ("30.02.2027", DateProblem.INVALID),
        ("00.05.", DateProblem.INVALID),
        ("01.13.", DateProblem.INVALID),
        ("01.12.2020", DateProblem.PAST),
        ("30.11.2026", DateProblem.PAST),
        ("30.11.", DateProblem.PAST),  # yesterday, not next year
        ("15.10.", DateProblem.PAST),  # within the last weeks
        ("someday", DateProblem.UNKNOWN),
    ],
)
def test_impossible_and_past_dates(value, problem, company) -> None:
    assert resolve(value, TUESDAY, company) is problem


def test_needs_an_aware_moment(company) -> None:
    with pytest.raises(ValueError):
        resolve("today", dt.datetime(2026, 12, 1, 9, 0), company)
