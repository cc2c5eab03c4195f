"""Opening hours: is the company open at a given moment, and when does it open next.

All computations happen in the company's local time zone, so the DST switch days and
"the evening before a holiday" come out right; callers pass the moment in (no hidden
clock), which makes every case testable.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Callable, Optional, Tuple

from kontor.company import Company, Interval

Clock = Callable[[], dt.datetime]

# Far enough to step over any realistic closure (Christmas to New Year, inventory).
_SEARCH_DAYS = 60


# Tests of a running stack set the moment here (ISO 8601 with offset, e.g. an evening
# outside opening hours); `make run` never sets it. Without the file: the real time.
TEST_CLOCK_FILE = "KONTOR_TEST_CLOCK_FILE"


def system_clock() -> dt.datetime:
    """The current moment, time-zone aware (UTC)."""
    path = os.environ.get(TEST_CLOCK_FILE)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8").strip()
        except OSError:
            text = ""
        if text:
            moment = dt.datetime.fromisoformat(text)
            if moment.tzinfo is None:
                raise ValueError(f"{TEST_CLOCK_FILE}: {text!r} has no UTC offset")
            return moment.astimezone(dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


class Reason(str, Enum):
    """Why the company is open or closed right now."""

    OPEN = "open"
    BEFORE_OPENING = "before_opening"
    LUNCH_BREAK = "lunch_break"
    AFTER_CLOSING = "after_closing"
    CLOSED_DAY = "closed_day"
    HOLIDAY = "holiday"


@dataclass(frozen=True)
class OpeningStatus:
    """The answer to "are you open?" at one moment, in company-local time."""

    now: dt.datetime
    reason: Reason
    closes_at: Optional[dt.datetime] = None
    next_open: Optional[dt.datetime] = None
    holiday: Optional[str] = None

    @property
    def is_open(self) -> bool:
        """True while an opening interval is running."""
        return self.reason is Reason.OPEN


def _at(day: dt.date, time: dt.time, company: Company) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=company.tz)


def intervals_on(company: Company, day: dt.date) -> Tuple[Interval, ...]:
    """The opening intervals on ``day``: none on holidays and company closing days."""
    if company.holiday_name(day) is not None:
        return ()
    return company.hours_on(day)


def next_opening(company: Company, after: dt.datetime) -> Optional[dt.datetime]:
    """The start of the first opening interval strictly after ``after``, or None."""
    local = after.astimezone(company.tz)
    for offset in range(_SEARCH_DAYS + 1):
        day = local.date() + dt.timedelta(days=offset)
        for interval in intervals_on(company, day):
            start = _at(day, interval.start, company)
            if start > local:
                return start
    return None


def opening_status(company: Company, now: dt.datetime) -> OpeningStatus:
    """Whether the company is open at ``now`` (time-zone aware) and what comes next."""
    if now.tzinfo is None:
        raise ValueError("now must be time-zone aware")
    local = now.astimezone(company.tz)
    today = local.date()
    holiday = company.holiday_name(today)
    upcoming = next_opening(company, local)
    if holiday is not None:
        return OpeningStatus(local, Reason.HOLIDAY, next_open=upcoming, holiday=holiday)
    intervals = company.hours_on(today)
    if not intervals:
        return OpeningStatus(local, Reason.CLOSED_DAY, next_open=upcoming)
    for interval in intervals:
        start, end = (
            _at(today, interval.start, company),
            _at(today, interval.end, company),
        )
        if start <= local < end:
            return OpeningStatus(local, Reason.OPEN, closes_at=end, next_open=upcoming)
    started = [i for i in intervals if _at(today, i.start, company) <= local]
    if not started:
        reason = Reason.BEFORE_OPENING
    elif len(started) < len(intervals):
        reason = Reason.LUNCH_BREAK
    else:
        reason = Reason.AFTER_CLOSING
    return OpeningStatus(local, reason, next_open=upcoming)


@dataclass(frozen=True)
class DayHours:
    """The opening hours of one calendar day, holidays and closing days included."""

    day: dt.date
    intervals: Tuple[Interval, ...]
    holiday: Optional[str] = None

    @property
    def is_open(self) -> bool:
        """True if the company opens at all on this day."""
        return bool(self.intervals)


def day_hours(company: Company, day: dt.date, language: str = "de") -> DayHours:
    """The opening intervals of ``day`` and, if it is one, the holiday's name."""
    holiday = company.holiday_name(day, language)
    return DayHours(day, () if holiday else company.hours_on(day), holiday)


def next_opening_after_day(company: Company, day: dt.date) -> Optional[dt.datetime]:
    """The first opening after the end of ``day``."""
    midnight = _at(day + dt.timedelta(days=1), dt.time(0), company)
    return next_opening(company, midnight - dt.timedelta(microseconds=1))


def at_time(company: Company, day: dt.date, time: dt.time) -> OpeningStatus:
    """Whether the company is open on ``day`` at wall-clock ``time`` (company time)."""
    return opening_status(company, _at(day, time, company))
