"""The company profile: load and validate company.yml, the one file of company facts.

Validation errors name the field (``opening_hours.monday[1]``) and what is wrong, so a
non-programmer can fix the file. :class:`CompanyFile` re-reads the file when it changes.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import threading
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib
import yaml
from pydantic import BaseModel, Extra, ValidationError, root_validator, validator

from kontor.words import words

logger = logging.getLogger(__name__)

LANGUAGES = ("de", "en")
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


class CompanyConfigError(ValueError):
    """company.yml cannot be used; the message says which field and why."""


class _Model(BaseModel):
    class Config:
        extra = Extra.forbid  # a misspelt key is an error, not silently ignored
        frozen = True
        keep_untouched = (cached_property,)


class Localized(_Model):
    """A text a visitor sees, in every language the assistant speaks."""

    de: str
    en: str

    @validator("de", "en")
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    def get(self, language: str) -> str:
        """The text in ``language``; German if that language is unknown."""
        return str(getattr(self, language, self.de))


class Interval(_Model):
    """One opening interval of a day, e.g. 07:30–12:00."""

    start: dt.time
    end: dt.time

    @root_validator(skip_on_failure=True)
    def _start_before_end(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if values["start"] >= values["end"]:
            raise ValueError(
                f"opens at {values['start']:%H:%M} but closes at "
                f"{values['end']:%H:%M}; the closing time must be later"
            )
        return values


def _parse_time(value: Any) -> dt.time:
    """Read "HH:MM" strictly (YAML turns unquoted 7:30 into minutes, so be clear)."""
    if isinstance(value, dt.time):
        return value
    if isinstance(value, int):
        raise ValueError(
            f'{value!r} is not a time; write times in quotes as "HH:MM", e.g. "07:30"'
        )
    try:
        return dt.datetime.strptime(str(value).strip(), "%H:%M").time()
    except ValueError:
        raise ValueError(f'{value!r} is not a time of the form "HH:MM"') from None


class Address(_Model):
    """Postal address and how to get there."""

    street: str
    postal_code: str
    city: str
    country: str
    directions: Optional[Localized] = None


class SalesPerson(_Model):
    """An account manager: the direct line a CRM does not know."""

    name: str
    email: str
    phone: str


class Contact(_Model):
    """How visitors reach a human."""

    phone: str
    email: str
    website: Optional[str] = None
    # the account managers, matched by e-mail with the owner the CRM names
    sales_team: Tuple[SalesPerson, ...] = ()

    def sales_person(self, email: Optional[str]) -> Optional[SalesPerson]:
        """The account manager with this e-mail address, if listed."""
        wanted = (email or "").strip().lower()
        return next((p for p in self.sales_team if p.email.lower() == wanted), None)

    @validator("email")
    def _looks_like_email(cls, value: str) -> str:
        if "@" not in value or value.startswith("@") or value.endswith("@"):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value


class HolidaySettings(_Model):
    """Public holidays of the company's federal state, plus its own closing days.

    A closing day is a date (2026-12-24) or, for every year, month and day ("12-24").
    """

    country: str = "DE"
    state: Optional[str] = None
    closed_days: Tuple[Union[dt.date, str], ...] = ()

    @validator("closed_days", each_item=True, pre=True)
    def _date_or_every_year(cls, value: Any) -> Union[dt.date, str]:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"{text!r} is not a date") from None
        match = re.fullmatch(r"(\d\d)-(\d\d)", text)
        if match is None:
            raise ValueError(
                f'{text!r}: write a date as 2026-12-24, or "12-24" for every year'
            )
        try:
            dt.date(2000, int(match.group(1)), int(match.group(2)))  # a leap year
        except ValueError:
            raise ValueError(f"{text!r} is no day of the year") from None
        return text

    def is_closed_day(self, day: dt.date) -> bool:
        """Whether ``day`` is one of the company's own closing days."""
        return day in self.closed_days or f"{day:%m-%d}" in self.closed_days

    @root_validator(skip_on_failure=True)
    def _known_region(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        country, state = values["country"], values.get("state")
        try:
            calendar = holidays_lib.country_holidays(country)
        except NotImplementedError:
            raise ValueError(f"unknown country code {country!r}") from None
        if state is not None and state not in calendar.subdivisions:
            known = ", ".join(calendar.subdivisions)
            raise ValueError(f"unknown state {state!r} for {country}; known: {known}")
        return values


SHIPPING_TYPES = ("standard", "express", "freight", "pickup")
# The 27 member states of the European Union (ISO 3166-1), for `countries: [EU]`.
EU_MEMBERS = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU "
    "LV MT NL PL PT RO SE SI SK".split()
)


def _country_codes(value: Tuple[str, ...]) -> Tuple[str, ...]:
    from babel import Locale

    known = Locale("en").territories
    codes = []
    for code in value:
        code = str(code).strip().upper()
        if code != "EU" and (len(code) != 2 or code not in known):
            raise ValueError(
                f"{code!r} is not a country code; write ISO codes such as DE, AT, CH, "
                "or EU for all member states"
            )
        codes.append(code)
    if not codes:
        raise ValueError("name at least one country, e.g. [DE]")
    return tuple(codes)


class ShippingOption(_Model):
    """One way of shipping, with its net cost and delivery time in working days."""

    name: Localized
    carrier: str
    cost: Decimal
    delivery_days: Tuple[int, int]
    free_above_threshold: bool = False
    type: str = "standard"
    countries: Tuple[str, ...] = ("DE",)

    _countries = validator("countries", allow_reuse=True)(_country_codes)

    @validator("type")
    def _known_type(cls, value: str) -> str:
        if value not in SHIPPING_TYPES:
            raise ValueError(f"{value!r} is not one of {', '.join(SHIPPING_TYPES)}")
        return value

    def serves(self, country: str, home: str = "DE") -> bool:
        """Whether this option delivers to ``country`` (an ISO code, or "EU").

        "EU" in ``countries`` means the member states abroad: the company's ``home``
        country is served only by options that name it.
        """
        if country in self.countries:
            return True
        return "EU" in self.countries and country in EU_MEMBERS and country != home

    @validator("cost")
    def _not_negative(cls, value: Decimal) -> Decimal:
        if value < 0:
            raise ValueError("must not be negative")
        return value

    @validator("delivery_days")
    def _ordered(cls, value: Tuple[int, int]) -> Tuple[int, int]:
        low, high = value
        if low < 0 or high < low:
            raise ValueError("write [fastest, slowest] in working days, e.g. [1, 2]")
        return value


class Shipping(_Model):
    """Shipping costs, delivery times and the free-shipping threshold."""

    currency: str = "EUR"
    free_shipping_threshold: Optional[Decimal] = None
    same_day_cutoff: Optional[dt.time] = None
    options: Tuple[ShippingOption, ...]
    notes: Optional[Localized] = None
    # carrier -> tracking page, "{number}" standing for the tracking number
    tracking_urls: Dict[str, str] = {}

    _cutoff = validator("same_day_cutoff", pre=True, allow_reuse=True)(
        lambda v: None if v is None else _parse_time(v)
    )

    @validator("options")
    def _at_least_one(
        cls, value: Tuple[ShippingOption, ...]
    ) -> Tuple[ShippingOption, ...]:
        if not value:
            raise ValueError("name at least one shipping option")
        return value

    @validator("tracking_urls")
    def _has_placeholder(cls, value: Dict[str, str]) -> Dict[str, str]:
        for carrier, url in value.items():
            if "{number}" not in url or not url.startswith("https://"):
                raise ValueError(
                    f"{carrier}: write the tracking page as https://… with "
                    "{number} where the tracking number goes"
                )
        return value

    def tracking_url(self, carrier: str, number: str) -> Optional[str]:
        """The page where a parcel of ``carrier`` can be followed, if known."""
        template = self.tracking_urls.get(carrier)
        if not template or not number:
            return None
        return template.replace("{number}", quote(number, safe=""))


class Prices(_Model):
    """How prices are shown: the catalog holds net prices."""

    vat_percent: Decimal = Decimal(19)
    # net (business customers), gross (consumers) or both
    show: str = "both"

    @validator("show")
    def _known_way(cls, value: str) -> str:
        if value not in ("net", "gross", "both"):
            raise ValueError("write net, gross or both")
        return value

    @validator("vat_percent")
    def _plausible_rate(cls, value: Decimal) -> Decimal:
        if not 0 <= value < 100:
            raise ValueError("a VAT rate in percent, e.g. 19")
        return value


class Returns(_Model):
    """Return and withdrawal policy."""

    consumer_withdrawal_days: int = 14
    business_return_days: int = 0
    free_return_label: bool = False
    conditions: Localized
    excluded: Optional[Localized] = None

    @validator("consumer_withdrawal_days")
    def _statutory_minimum(cls, value: int) -> int:
        # § 355 Abs. 2 BGB: consumers may withdraw within 14 days at least.
        if value < 14:
            raise ValueError("the statutory withdrawal period is at least 14 days")
        return value


class PaymentMethod(_Model):
    """A payment method, possibly reserved for business customers."""

    name: Localized
    type: Optional[str] = None
    business_only: bool = False
    note: Optional[Localized] = None

    @validator("type")
    def _known_type(cls, value: Optional[str]) -> Optional[str]:
        from kontor.entities import load_vocabulary

        known = load_vocabulary()["payment_method"]
        if value is not None and value not in known:
            raise ValueError(f"{value!r} is not one of {', '.join(known)}")
        return value


class Payment(_Model):
    """Accepted payment methods."""

    methods: Tuple[PaymentMethod, ...]


class Legal(_Model):
    """What a German business must publish (Impressum, § 5 DDG)."""

    managing_directors: Tuple[str, ...] = ()
    register_court: Optional[str] = None
    register_number: Optional[str] = None
    vat_id: Optional[str] = None
    tax_number: Optional[str] = None

    @validator("vat_id")
    def _vat_id_form(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{2,13}", value):
            raise ValueError(
                f"{value!r} is not a VAT ID; write it without spaces, e.g. DE123456789"
            )
        return value


class Retention(_Model):
    """How many days personal data is kept before `kontor retention` deletes it."""

    # chats with the bot and with staff (Rasa's conversations and the handoffs)
    conversations_days: int = 90
    # callback requests, counted from when they were marked done (open ones stay)
    tickets_days: int = 180

    @validator("conversations_days", "tickets_days")
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("keep data at least one day (a whole number of days)")
        return value


DEFAULT_NOTICE = Localized(
    de=(
        "Sie schreiben mit einem KI-Assistenten, nicht mit einem Menschen. Ihre "
        "Nachrichten bleiben auf unserem Server; E-Mail-Adressen, Telefonnummern und "
        "Bankdaten werden darin unkenntlich gemacht, und nach {days} Tagen wird das "
        "Gespräch gelöscht. Bitte geben Sie keine sensiblen Daten ein."
    ),
    en=(
        "You are chatting with an AI assistant, not a person. Your messages stay on "
        "our server; e-mail addresses, phone numbers and bank details in them are "
        "masked, and the conversation is deleted after {days} days. Please do not "
        "enter sensitive data."
    ),
)


class Privacy(_Model):
    """What the chat tells visitors about their data (Art. 13 DSGVO, AI Act Art. 50)."""

    # shown in the chat window before the first message and answered to "Was
    # passiert mit meinen Daten?"; {days} is retention.conversations_days
    notice: Localized = DEFAULT_NOTICE
    # the website's full privacy notice
    policy_url: str = "/datenschutz.html"

    @validator("notice")
    def _known_placeholders(cls, value: Localized) -> Localized:
        for text in (value.de, value.en):
            try:
                text.format(days=90)
            except (KeyError, IndexError, ValueError):
                raise ValueError(
                    "only {days} may stand in curly braces (the retention period)"
                ) from None
        return value

    def notice_text(self, language: str, retention: Retention) -> str:
        """The notice in ``language`` with the retention period filled in."""
        return self.notice.get(language).format(days=retention.conversations_days)


class Company(_Model):
    """Everything the assistant knows about the company, from company.yml."""

    name: str
    assistant_name: str = "Kontor"
    timezone: str = "Europe/Berlin"
    address: Address
    contact: Contact
    opening_hours: Dict[str, Tuple[Interval, ...]]
    holidays: HolidaySettings = HolidaySettings()
    shipping: Shipping
    returns: Returns
    payment: Payment
    prices: Prices = Prices()
    legal: Optional[Legal] = None
    retention: Retention = Retention()
    privacy: Privacy = Privacy()

    @validator("timezone")
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}, e.g. Europe/Berlin"
            ) from None
        return value

    @validator("opening_hours", pre=True)
    def _read_week(cls, value: Any) -> Dict[str, List[Dict[str, Any]]]:
        if not isinstance(value, dict):
            raise ValueError("give the opening hours per weekday (monday: …)")
        unknown = [day for day in value if day not in WEEKDAYS]
        if unknown:
            raise ValueError(
                f"unknown weekday {unknown[0]!r}; use {', '.join(WEEKDAYS)}"
            )
        week: Dict[str, List[Dict[str, Any]]] = {}
        for day in WEEKDAYS:
            intervals = value.get(day) or []
            parsed = []
            for index, interval in enumerate(intervals):
                if not (isinstance(interval, (list, tuple)) and len(interval) == 2):
                    raise ValueError(
                        f'{day}[{index}]: write an interval as ["HH:MM", "HH:MM"]'
                    )
                try:
                    start, end = (_parse_time(part) for part in interval)
                except ValueError as error:
                    raise ValueError(f"{day}[{index}]: {error}") from None
                parsed.append({"start": start, "end": end})
            week[day] = parsed
        return week

    @validator("opening_hours")
    def _no_overlap(
        cls, value: Dict[str, Tuple[Interval, ...]]
    ) -> Dict[str, Tuple[Interval, ...]]:
        for day, intervals in value.items():
            ordered = sorted(intervals, key=lambda i: i.start)
            for before, after in zip(ordered, ordered[1:], strict=False):
                if after.start < before.end:
                    raise ValueError(f"{day}: the intervals overlap")
            value[day] = tuple(ordered)
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The company's time zone."""
        return ZoneInfo(self.timezone)

    @cached_property
    def _holiday_calendars(self) -> Dict[str, holidays_lib.HolidayBase]:
        return {
            language: holidays_lib.country_holidays(
                self.holidays.country, subdiv=self.holidays.state, language=code
            )
            for language, code in (("de", "de"), ("en", "en_US"))
        }

    def holiday_name(self, day: dt.date, language: str = "de") -> Optional[str]:
        """The name of the public holiday or company closing day on ``day``, if any."""
        if self.holidays.is_closed_day(day):
            return words(language).closing_day
        calendar = self._holiday_calendars.get(language, self._holiday_calendars["de"])
        return calendar.get(day)

    def public_holiday(self, day: dt.date) -> Optional[str]:
        """The German name of the public holiday on ``day`` (closing days aside)."""
        return self._holiday_calendars["de"].get(day)

    def hours_on(self, day: dt.date) -> Tuple[Interval, ...]:
        """Regular opening intervals on the weekday of ``day`` (holidays ignored)."""
        return self.opening_hours[WEEKDAYS[day.weekday()]]


def _field_path(location: Tuple[Any, ...]) -> str:
    path = ""
    for part in location:
        if part == "__root__":
            continue
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path.lstrip(".") or "(top level)"


def parse_company(data: Any, source: str = "company.yml") -> Company:
    """Validate already-loaded YAML data; raise :class:`CompanyConfigError`."""
    if not isinstance(data, dict):
        raise CompanyConfigError(f"{source}: expected a mapping of fields at top level")
    try:
        return Company.parse_obj(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            message = item["msg"]
            if message == "field required":
                message = "is missing"
            elif message == "extra fields not permitted":
                message = "is not a known field (misspelt?)"
            problems.append(f"  {_field_path(item['loc'])}: {message}")
        raise CompanyConfigError(
            f"{source} has {len(problems)} problem(s):\n" + "\n".join(problems)
        ) from None


def load_company(path: os.PathLike[str] | str) -> Company:
    """Read and validate company.yml; raise :class:`CompanyConfigError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CompanyConfigError(f"cannot read {path}: {error.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise CompanyConfigError(
            f"{path} is not valid YAML{where}: {problem}"
        ) from None
    return parse_company(data, source=str(path))


class CompanyFile:
    """company.yml, re-read when it changes; a broken edit keeps the last good one."""

    def __init__(self, path: os.PathLike[str] | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: Optional[Tuple[int, int]] = None
        self._company: Optional[Company] = None

    def get(self) -> Company:
        """The current company profile; raise only if no valid version was ever read."""
        try:
            stat = self.path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamp = None
        with self._lock:
            if self._company is None or stamp != self._stamp:
                try:
                    self._company = load_company(self.path)
                except CompanyConfigError as error:
                    if self._company is None:
                        raise
                    logger.error(
                        "%s — still answering from the last valid version", error
                    )
                self._stamp = stamp
            return self._company
