"""Company facts rendered for a visitor, in German or English.

Each function returns the variable parts of an answer (a list, an address, a date);
the sentences around them are responses in domain.yml.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Dict, List, Optional, Sequence

from babel.dates import format_date

from kontor.company import Company, PaymentMethod, ShippingOption
from kontor.entities import load_labels
from kontor.hours import intervals_on
from kontor.phrasing import join, locale_for, money, weekday_name, working_days
from kontor.words import words


def bullets(lines: List[str]) -> str:
    """One "• " line per item."""
    return "\n".join(f"• {line}" for line in lines)


def contact_vars(company: Company) -> Dict[str, str]:
    """The variables every response may use: company, assistant, phone, email."""
    return {
        "company": company.name,
        "assistant": company.assistant_name,
        "phone": company.contact.phone,
        "email": company.contact.email,
    }


def address_block(company: Company) -> str:
    """Name, street, postal code and city on separate lines."""
    a = company.address
    return f"{company.name}\n{a.street}\n{a.postal_code} {a.city}"


def contact_lines(company: Company, language: str) -> str:
    """Phone, e-mail and website as a bulleted list."""
    c, w = company.contact, words(language)
    lines = [f"{w.phone}: {c.phone}", f"{w.email}: {c.email}"]
    if c.website:
        lines.append(f"{w.website}: {c.website}")
    return bullets(lines)


def shipping_cost_lines(company: Company, language: str) -> str:
    """Every shipping option with its cost: "DHL Paket (Deutschland): 5,90 €"."""
    s = company.shipping
    return bullets(
        [
            f"{o.name.get(language)}: {money(o.cost, s.currency, language)}"
            for o in s.options
        ]
    )


def delivery_time_lines(company: Company, language: str) -> str:
    """Every shipping option with its delivery time: "DHL Paket: 1–2 Werktage"."""
    return bullets(
        [
            f"{o.name.get(language)}: {working_days(*o.delivery_days, language)}"
            for o in company.shipping.options
        ]
    )


def free_shipping_threshold(company: Company, language: str) -> str:
    """The free-shipping order value as money, or "" if there is none."""
    s = company.shipping
    if s.free_shipping_threshold is None:
        return ""
    return money(s.free_shipping_threshold, s.currency, language)


def payment_method_text(
    method: PaymentMethod, language: str, say_business_only: bool = True
) -> str:
    """A payment method with its conditions: "Kauf auf Rechnung (nur für …; …)"."""
    business = method.business_only and say_business_only
    details = [words(language).business_only] if business else []
    if method.note:
        details.append(method.note.get(language))
    suffix = f" ({'; '.join(details)})" if details else ""
    return method.name.get(language) + suffix


def payment_lines(company: Company, language: str) -> str:
    """Every payment method with its conditions."""
    return bullets(
        [payment_method_text(method, language) for method in company.payment.methods]
    )


def find_payment_method(company: Company, kind: str) -> Optional[PaymentMethod]:
    """The company's payment method of type ``kind`` (vocabulary.yml), if it has one."""
    for method in company.payment.methods:
        if method.type == kind:
            return method
    return None


def payment_types_known(company: Company) -> bool:
    """Whether every payment method has a type, so that "not found" means "no"."""
    return all(method.type for method in company.payment.methods)


@lru_cache(maxsize=1)
def _labels() -> Dict[str, Dict[str, Dict[str, str]]]:
    return load_labels()


def label(entity: str, value: str, language: str) -> str:
    """How answers name an entity value: ("payment_method", "klarna") → "Klarna"."""
    names = _labels().get(entity, {}).get(value, {})
    return names.get(language) or names.get("de") or value


def option_lines(
    options: Sequence[ShippingOption], currency: str, language: str, days: bool
) -> str:
    """Options with their cost and maybe delivery time: "DHL Paket (EU): 12,90 €"."""
    lines = []
    for option in options:
        line = f"{option.name.get(language)}: {money(option.cost, currency, language)}"
        if days:
            line += f", {working_days(*option.delivery_days, language)}"
        lines.append(line)
    return bullets(lines)


def upcoming_closures(
    company: Company, now: dt.datetime, language: str, days: int = 14
) -> str:
    """Holidays and closing days on regular working days of the next ``days`` days.

    Today is left out: the opening status already speaks of it.
    """
    local = now.astimezone(company.tz)
    found = []
    for offset in range(1, days + 1):
        day = local.date() + dt.timedelta(days=offset)
        name = company.holiday_name(day, language)
        if name is None or not company.hours_on(day) or intervals_on(company, day):
            continue
        date = format_date(day, words(language).day_month, locale=locale_for(language))
        found.append(f"{weekday_name(day, language)}, {date} ({name})")
    return join(found, language)


def legal_facts(company: Company, language: str) -> Dict[str, Dict[str, str]]:
    """The Impressum facts company.yml has, by the company_detail entity's values."""
    legal = company.legal
    if legal is None:
        return {}
    found: Dict[str, Dict[str, str]] = {}
    if legal.managing_directors:
        found["managing_director"] = {"names": join(legal.managing_directors, language)}
    if legal.register_court and legal.register_number:
        found["register"] = {
            "court": legal.register_court,
            "number": legal.register_number,
        }
    if legal.vat_id:
        found["vat_id"] = {"vat_id": legal.vat_id}
    if legal.tax_number:
        found["tax_number"] = {"tax_number": legal.tax_number}
    return found
