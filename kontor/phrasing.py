"""The language-dependent pieces of answers: times, days, money, lists, schedules.

Sentences live in domain.yml (where trainers edit them); this module renders the
facts that go into them, in German or English, with Babel's CLDR data.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Dict, Iterable, List, Sequence, Tuple

from babel import Locale
from babel.dates import format_date, format_interval
from babel.lists import format_list
from babel.numbers import format_currency

from kontor.company import WEEKDAYS, Company, Interval
from kontor.entities import load_labels, normalise
from kontor.hours import DayHours, OpeningStatus
from kontor.words import words


def locale_for(language: str) -> str:
    """The Babel locale for one of our languages (German for anything unknown)."""
    return words(language).locale


def time_text(value: dt.time) -> str:
    """7:30, 12:00 — 24-hour clock, no leading zero, in both languages."""
    return f"{value.hour}:{value.minute:02d}"


def join(items: Iterable[str], language: str) -> str:
    """A, B und C / A, B and C."""
    items = list(items)
    return format_list(items, locale=locale_for(language)) if items else ""


def intervals_text(intervals: Sequence[Interval], language: str) -> str:
    """7:30–12:00 und 12:30–16:30 Uhr / 7:30–12:00 and 12:30–16:30."""
    spans = [f"{time_text(i.start)}–{time_text(i.end)}" for i in intervals]
    text = join(spans, language)
    return text + words(language).clock_suffix


def weekday_name(day: dt.date, language: str, width: str = "wide") -> str:
    """Montag / Monday (width "abbreviated": Mo. / Mon)."""
    pattern = "EEEE" if width == "wide" else "EEE"
    return format_date(day, pattern, locale=locale_for(language))


# A fixed Monday, to name weekdays without a calendar date at hand.
_A_MONDAY = dt.date(2024, 1, 1)


def _weekday(index: int, language: str, width: str = "wide") -> str:
    return weekday_name(_A_MONDAY + dt.timedelta(days=index), language, width)


def schedule_lines(company: Company, language: str) -> List[str]:
    """The weekly hours, consecutive days with equal hours grouped: "Mo.–Do.: …"."""
    groups: List[Tuple[int, int, Tuple[Interval, ...]]] = []
    for index, day in enumerate(WEEKDAYS):
        hours = company.opening_hours[day]
        if groups and groups[-1][2] == hours:
            groups[-1] = (groups[-1][0], index, hours)
        else:
            groups.append((index, index, hours))
    closed = words(language).closed
    lines = []
    for first, last, hours in groups:
        days = _weekday(first, language, "abbreviated")
        if last > first:
            joiner = "–" if last > first + 1 else ", "
            days += joiner + _weekday(last, language, "abbreviated")
        lines.append(f"{days}: {intervals_text(hours, language) if hours else closed}")
    return lines


def day_line(label: str, hours: DayHours, language: str) -> str:
    """One day of a list: "Mo., 28.12.: 7:30–12:00 und 12:30–16:30 Uhr"."""
    if hours.is_open:
        return f"{label}: {intervals_text(hours.intervals, language)}"
    closed = words(language).closed
    return f"{label}: {closed}" + (f" ({hours.holiday})" if hours.holiday else "")


def schedule_text(company: Company, language: str) -> str:
    """The weekly hours as a bulleted block, one line per group of days."""
    return "\n".join(f"• {line}" for line in schedule_lines(company, language))


def moment_text(when: dt.datetime, now: dt.datetime, language: str) -> str:
    """When, relative to now: "morgen ab 7:30 Uhr", "on Monday from 7:30"."""
    w = words(language)
    days = (when.date() - now.date()).days
    clock = time_text(when.time())
    if days == 0:
        return w.today_from.format(clock=clock)
    if days == 1:
        return w.tomorrow_from.format(clock=clock)
    weekday = weekday_name(when.date(), language)
    if days < 7:
        return w.weekday_from.format(weekday=weekday, clock=clock)
    date = format_date(when.date(), w.day_month, locale=w.locale)
    return w.date_from.format(weekday=weekday, date=date, clock=clock)


def next_open_text(status: OpeningStatus, language: str) -> str:
    """The next opening in words ("morgen ab 7:30 Uhr"), or "" if none is in sight."""
    if status.next_open is None:
        return ""
    return moment_text(status.next_open, status.now, language)


def closes_at_text(status: OpeningStatus) -> str:
    """The closing time of the running interval ("16:30"), or "" when closed."""
    return time_text(status.closes_at.time()) if status.closes_at else ""


def money(amount: Decimal, currency: str, language: str) -> str:
    """5,90 € / €5.90."""
    return format_currency(amount, currency, locale=locale_for(language))


def working_days(low: int, high: int, language: str) -> str:
    """1–2 Werktage / 1 working day."""
    w = words(language)
    span = str(low) if low == high else f"{low}–{high}"
    return f"{span} {w.working_day if high == 1 else w.working_days}"


def date_text(day: dt.date, language: str, today: dt.date | None = None) -> str:
    """Samstag, 5. Dezember / Saturday, 5 December (with the year if not this one)."""
    year = "" if today is None or day.year == today.year else " y"
    return format_date(day, words(language).date + year, locale=locale_for(language))


def short_date_text(day: dt.date, language: str) -> str:
    """Sa., 5.12. / Sat 5 Dec — for lists of days."""
    return format_date(day, words(language).short_date, locale=locale_for(language))


def span_text(
    first: dt.date, last: dt.date, language: str, today: dt.date | None = None
) -> str:
    """27. bis 31. Dezember / 27 to 31 December (with the year if not this one)."""
    w = words(language)
    if first.year == last.year and (today is None or last.year == today.year):
        text = format_interval(first, last, "MMMMd", locale=w.locale)
        # CLDR puts a dash, with (thin) spaces in English; a sentence reads "bis"/"to"
        return re.sub(r"\s*–\s*", f" {w.until} ", text)
    start = format_date(first, w.day_month + " y", locale=w.locale)
    end = format_date(last, w.day_month + " y", locale=w.locale)
    return f"{start} {w.until} {end}"


def country_name(code: str, language: str) -> str:
    """Österreich / Austria; "EU" for the union."""
    named = words(language).country_names.get(code)
    if named:
        return named
    return str(Locale.parse(locale_for(language)).territories.get(code, code))


def destination_text(code: str, language: str) -> str:
    """The destination: "nach Österreich", "in die Schweiz", "to the Netherlands"."""
    w = words(language)
    return w.destinations.get(code) or f"{w.to} {country_name(code, language)}"


# --- products -----------------------------------------------------------------------


def unit_text(unit: str, count: int, language: str) -> str:
    """Stück / Paar / Packungen; pieces / pairs (the price list's unit, counted)."""
    one, several = words(language).units.get(unit, (unit, unit))
    return one if count == 1 else several


def cents_text(cents: int, currency: str, language: str) -> str:
    """2,90 € / €2.90 from cents."""
    return money(Decimal(cents) / 100, currency, language)


def price_text(net: int, gross_cents: int, company: Company, language: str) -> str:
    """A unit price as company.yml wants it shown: net, gross or both."""
    w = words(language)
    currency = company.shipping.currency
    values = {
        "net": cents_text(net, currency, language),
        "gross": cents_text(gross_cents, currency, language),
    }
    template = {"net": w.price_net, "gross": w.price_gross}.get(
        company.prices.show, w.price_both
    )
    return template.format(**values)


def when_text(day: dt.date, today: dt.date, language: str) -> str:
    """Heute / morgen / am Donnerstag, 3. Dezember."""
    w = words(language)
    if day == today:
        return w.today
    if day == today + dt.timedelta(days=1):
        return w.tomorrow
    return w.on_day.format(date=date_text(day, language, today))


def window_text(first: dt.date, last: dt.date, today: dt.date, language: str) -> str:
    """Am Mittwoch, 2. Dezember / zwischen Mittwoch, 2. und … — a delivery window."""
    if first == last:
        return when_text(first, today, language)
    return words(language).between.format(
        first=date_text(first, language, today), last=date_text(last, language, today)
    )


def colour_text(colour: str, language: str) -> str:
    """A colour as visitors read it: "warngelb/marine" → "Warngelb/Marine"."""
    names = _colour_labels()
    parts = []
    for part in re.split(r"\s*/\s*", colour.strip()):
        label = names.get(normalise(part), {}).get(language)
        if label is None:
            label = part[:1].upper() + part[1:] if language == "de" else part
        parts.append(label)
    return "/".join(parts)


@functools.lru_cache(maxsize=1)
def _colour_labels() -> Dict[str, Dict[str, str]]:
    return {normalise(k): v for k, v in load_labels().get("colour", {}).items()}
