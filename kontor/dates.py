"""Turn a date entity ("next friday", "24.12.", "christmas eve") into calendar days.

Relative days and calendar dates are resolved by dateparser against the moment the
visitor asks, in the company's time zone; named holidays through the `holidays`
library for the company's country (any of its states, so "Fronleichnam" has a date in
Saxony too). A day without a year is the next such day from today on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from typing import Any, Callable, Dict, Optional, Union

import holidays as holidays_lib
from dateutil.easter import easter

from kontor.company import Company

# Holiday keys of vocabulary.yml → the English name in the `holidays` library.
_PUBLIC_HOLIDAYS = {
    "new year's day": "New Year's Day",
    "good friday": "Good Friday",
    "easter sunday": "Easter Sunday",
    "easter monday": "Easter Monday",
    "labour day": "Labor Day",
    "ascension day": "Ascension Day",
    "whit monday": "Whit Monday",
    "corpus christi": "Corpus Christi",
    "german unity day": "German Unity Day",
    "reformation day": "Reformation Day",
    "all saints' day": "All Saints' Day",
    "repentance day": "Repentance and Prayer Day",
    "christmas day": "Christmas Day",
    "boxing day": "Second Day of Christmas",
}
# Days that are no public holiday but have a name everybody uses.
_FIXED_DAYS = {"christmas eve": (12, 24), "new year's eve": (12, 31)}
_DAY_MONTH = re.compile(r"^(\d\d)\.(\d\d)\.(\d{4})?$")
_WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
# A date without a year this many days ago was meant in the past ("am 30.11." asked
# on 1 December), not next year.
RECENT_PAST_DAYS = 60


class DateProblem(str, Enum):
    """Why a date entity names no day we can answer for."""

    INVALID = "invalid"  # "31.02."
    PAST = "past"  # a date with a year that is over
    UNKNOWN = "unknown"  # a value this module does not know


@dataclass(frozen=True)
class DateSpan:
    """One day (first == last) or a period of days, as the visitor named it."""

    first: dt.date
    last: dt.date

    @property
    def is_period(self) -> bool:
        """True for "next week", "zwischen den Jahren" …, False for a single day."""
        return self.last > self.first

    def days(self) -> list[dt.date]:
        """Every day of the span."""
        count = (self.last - self.first).days + 1
        return [self.first + dt.timedelta(days=n) for n in range(count)]


Resolved = Union[DateSpan, DateProblem]


def resolve(value: str, now: dt.datetime, company: Company) -> Resolved:
    """The day or days ``value`` names, seen from ``now`` (time-zone aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be time-zone aware")
    today = now.astimezone(company.tz).date()
    key = value.strip().lower()
    period = _PERIODS.get(key)
    if period is not None:
        first, last = period(today)
        return DateSpan(first, last)
    if key.startswith("next "):
        key = key[5:]  # "nächsten Freitag": the coming Friday, never today
    elif key.startswith("this "):
        key = key[5:]  # "diesen Freitag": today if today is Friday
        if key == _WEEKDAYS[today.weekday()]:
            return DateSpan(today, today)
    day: Union[dt.date, DateProblem, None] = _named_day(key, today, company)
    if day is None:
        day = _calendar_day(key, today)
    if isinstance(day, DateProblem):
        return day
    return DateSpan(day, day)


def _calendar_day(key: str, today: dt.date) -> Union[dt.date, DateProblem]:
    import dateparser  # loaded on the first date question, not at import

    base = dt.datetime.combine(today, dt.time(12))
    settings: Dict[str, Any] = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
    match = _DAY_MONTH.match(key)
    if match is None:
        parsed = dateparser.parse(key, languages=["en"], settings=settings)
        return parsed.date() if parsed else DateProblem.UNKNOWN
    day, month, year = match.groups()
    # a written date is read strictly as day.month.year, never guessed otherwise
    settings["PARSERS"] = ["custom-formats"]
    if year:
        parsed = dateparser.parse(key, date_formats=["%d.%m.%Y"], settings=settings)
        if parsed is None:
            return DateProblem.INVALID
        return parsed.date() if parsed.date() >= today else DateProblem.PAST
    # No year: a day of the last weeks is past; else the next such day from today on
    # (29.02. waits for a leap year).
    this_year = dateparser.parse(
        f"{day}.{month}.{today.year}", date_formats=["%d.%m.%Y"], settings=settings
    )
    if (
        this_year is not None
        and 0 < (today - this_year.date()).days <= RECENT_PAST_DAYS
    ):
        return DateProblem.PAST
    for offset in range(9):
        text = f"{day}.{month}.{today.year + offset}"
        parsed = dateparser.parse(text, date_formats=["%d.%m.%Y"], settings=settings)
        if parsed is not None and parsed.date() >= today:
            return parsed.date()
        if parsed is None and not (day == "29" and month == "02"):
            return DateProblem.INVALID
    return DateProblem.INVALID


def _named_day(key: str, today: dt.date, company: Company) -> Optional[dt.date]:
    for year in (today.year, today.year + 1):
        day = _named_day_in(key, year, company)
        if day is not None and day >= today:
            return day
    return None


def _named_day_in(key: str, year: int, company: Company) -> Optional[dt.date]:
    if key in _FIXED_DAYS:
        return dt.date(year, *_FIXED_DAYS[key])
    if key == "easter sunday":
        return easter(year)
    name = _PUBLIC_HOLIDAYS.get(key)
    if name is None:
        return None
    country = company.holidays.country
    states = [company.holidays.state, *_subdivisions(country)]
    for state in dict.fromkeys(states):  # the company's own state first
        found = _calendar(country, state, year).get_named(name, lookup="exact")
        if found:
            return found[0]
    return None


@cache
def _subdivisions(country: str) -> tuple[str, ...]:
    return tuple(holidays_lib.country_holidays(country).subdivisions)


@lru_cache(maxsize=64)
def _calendar(
    country: str, state: Optional[str], year: int
) -> holidays_lib.HolidayBase:
    """One year's holidays of a state, in English (built once, not per question)."""
    return holidays_lib.country_holidays(
        country, subdiv=state, years=year, language="en_US"
    )


def _week(today: dt.date, weeks_ahead: int) -> tuple[dt.date, dt.date]:
    monday = (
        today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks_ahead)
    )
    return max(monday, today), monday + dt.timedelta(days=6)


def _weekend(today: dt.date) -> tuple[dt.date, dt.date]:
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
    if today.weekday() == 6:
        saturday = today - dt.timedelta(days=1)
    return max(saturday, today), saturday + dt.timedelta(days=1)


def _yearly(
    first: Callable[[int], dt.date], last: Callable[[int], dt.date]
) -> Callable[[dt.date], tuple[dt.date, dt.date]]:
    """A period that comes once a year: this year's, or next year's once it is over."""

    def span(today: dt.date) -> tuple[dt.date, dt.date]:
        year = today.year if last(today.year) >= today else today.year + 1
        return max(first(year), today), last(year)

    return span


_PERIODS: Dict[str, Callable[[dt.date], tuple[dt.date, dt.date]]] = {
    "this week": lambda today: _week(today, 0),
    "next week": lambda today: _week(today, 1),
    "weekend": _weekend,
    "christmas": _yearly(lambda y: dt.date(y, 12, 24), lambda y: dt.date(y, 12, 26)),
    "between the years": _yearly(
        lambda y: dt.date(y, 12, 27), lambda y: dt.date(y, 12, 31)
    ),
    "easter": _yearly(
        lambda y: easter(y) - dt.timedelta(days=2),
        lambda y: easter(y) + dt.timedelta(days=1),
    ),
}
