"""The few words that go inside formatted facts, per language, in one table.

Sentences are domain.yml responses (trainers edit them there). What kontor/phrasing.py
puts into their {slots} — lists of days, times, contact lines, destinations — needs
some words of its own ("geschlossen", "Uhr", "nach"); they live here, with the Babel
patterns of each language, so that code asks ``words(language)`` once instead of
repeating ``if language == "de"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Tuple

# German, as kontor.language.DEFAULT_LANGUAGE (not imported: that loads Lingua)
_DEFAULT = "de"


@dataclass(frozen=True)
class Words:
    """Everything language-dependent that is not a whole sentence."""

    locale: str  # Babel locale
    date: str  # weekday, day and month: "Samstag, 5. Dezember"
    short_date: str  # in lists of days: "Sa., 5.12."
    day_month: str  # "5. Dezember"
    clock_suffix: str  # after times: "7:30–12:00 Uhr"
    closed: str
    closing_day: str  # a company closing day from company.yml
    business_only: str
    phone: str
    email: str
    website: str
    working_day: str
    working_days: str
    today_from: str  # "{clock}" is replaced
    tomorrow_from: str
    weekday_from: str  # "{weekday}", "{clock}"
    date_from: str  # "{weekday}", "{date}", "{clock}"
    to: str  # before a country: "nach Österreich"
    until: str  # between two dates: "27. bis 31. Dezember"
    # products: the unit in the price list -> (one, several) in this language
    units: Dict[str, Tuple[str, str]] = field(default_factory=dict)
    price_both: str = ""  # "{net}", "{gross}"
    price_net: str = ""
    price_gross: str = ""
    price_from: str = ""  # "{price}"
    tier: str = ""  # "{quantity}", "{unit}", "{price}"
    in_stock: str = ""  # "{count}", "{unit}"
    out_of_stock: str = ""  # "{days}"
    product_line: str = ""  # "{name}", "{price}", "{stock}"
    today: str = ""
    tomorrow: str = ""
    on_day: str = ""  # "{date}"
    between: str = ""  # "{first}", "{last}"
    all_variants: str = ""
    it: str = ""  # what is asked for, when no quantity is named
    # the lead form's summary
    lead_fields: Dict[str, str] = field(default_factory=dict)
    not_given: str = ""
    flexible: str = ""
    change: str = ""  # "{field}"
    # what an answer was about, after "Das war meine Antwort …" (one of two questions)
    topics: Dict[str, str] = field(default_factory=dict)
    # countries whose destination needs an article ("in die Schweiz") or another name
    destinations: Dict[str, str] = field(default_factory=dict)
    country_names: Dict[str, str] = field(default_factory=dict)


_WORDS = {
    "de": Words(
        locale="de_DE",
        date="EEEE, d. MMMM",
        short_date="EEE, d.M.",
        day_month="d. MMMM",
        clock_suffix=" Uhr",
        closed="geschlossen",
        closing_day="Betriebsruhe",
        business_only="nur für Geschäftskunden",
        phone="Telefon",
        email="E-Mail",
        website="Website",
        working_day="Werktag",
        working_days="Werktage",
        today_from="heute ab {clock} Uhr",
        tomorrow_from="morgen ab {clock} Uhr",
        weekday_from="am {weekday} ab {clock} Uhr",
        date_from="am {weekday}, {date}, ab {clock} Uhr",
        to="nach",
        until="bis",
        destinations={
            "CH": "in die Schweiz",
            "NL": "in die Niederlande",
            "US": "in die USA",
            "TR": "in die Türkei",
            "SK": "in die Slowakei",
            "UA": "in die Ukraine",
            "AE": "in die Vereinigten Arabischen Emirate",
            "EU": "in die EU",
        },
        country_names={"GB": "Großbritannien", "CZ": "Tschechien", "EU": "EU"},
        units={
            "Stück": ("Stück", "Stück"),
            "Paar": ("Paar", "Paar"),
            "Packung": ("Packung", "Packungen"),
        },
        price_both="{net} netto ({gross} inkl. MwSt.)",
        price_net="{net} zzgl. MwSt.",
        price_gross="{gross} inkl. MwSt.",
        price_from="ab {price}",
        tier="ab {quantity} {unit}: {price}",
        in_stock="{count} {unit} auf Lager",
        out_of_stock="derzeit nicht auf Lager, lieferbar in etwa {days} Werktagen",
        product_line="• {name} – {price}, {stock}",
        today="heute",
        tomorrow="morgen",
        on_day="am {date}",
        between="zwischen {first} und {last}",
        all_variants="über alle Farben und Größen gerechnet",
        it="das",
        lead_fields={
            "lead_need": "Bedarf",
            "lead_quantity": "Menge",
            "lead_deadline": "Termin",
            "lead_budget": "Budget",
            "lead_company": "Firma",
            "lead_name": "Name",
            "lead_email": "E-Mail",
            "lead_phone": "Telefon",
        },
        not_given="keine Angabe",
        flexible="flexibel",
        change="{field} ändern",
        topics={
            "opening_hours": "zu unseren Öffnungszeiten",
            "shipping_costs": "zu den Versandkosten",
            "delivery_time": "zur Lieferzeit",
            "payment": "zu den Zahlungsarten",
            "returns": "zu Rücksendungen",
            "contact": "dazu, wie Sie uns erreichen",
            "location": "zu unserer Adresse",
            "company_details": "zu unseren Firmenangaben",
        },
    ),
    # English for an international audience of a German company: day before month.
    "en": Words(
        locale="en_IE",
        date="EEEE, d MMMM",
        short_date="EEE d MMM",
        day_month="d MMMM",
        clock_suffix="",
        closed="closed",
        closing_day="company closing day",
        business_only="business customers only",
        phone="Phone",
        email="E-mail",
        website="Website",
        working_day="working day",
        working_days="working days",
        today_from="today from {clock}",
        tomorrow_from="tomorrow from {clock}",
        weekday_from="on {weekday} from {clock}",
        date_from="on {weekday}, {date}, from {clock}",
        to="to",
        until="to",
        destinations={
            "NL": "to the Netherlands",
            "US": "to the USA",
            "AE": "to the United Arab Emirates",
            "EU": "to the EU",
        },
        country_names={"GB": "the UK", "EU": "EU"},
        units={
            "Stück": ("piece", "pieces"),
            "Paar": ("pair", "pairs"),
            "Packung": ("pack", "packs"),
        },
        price_both="{net} net ({gross} incl. VAT)",
        price_net="{net} plus VAT",
        price_gross="{gross} incl. VAT",
        price_from="from {price}",
        tier="from {quantity} {unit}: {price}",
        in_stock="{count} {unit} in stock",
        out_of_stock="out of stock, available in about {days} working days",
        product_line="• {name} – {price}, {stock}",
        today="today",
        tomorrow="tomorrow",
        on_day="on {date}",
        between="between {first} and {last}",
        all_variants="counting all colours and sizes",
        it="that",
        lead_fields={
            "lead_need": "Need",
            "lead_quantity": "Quantity",
            "lead_deadline": "Needed by",
            "lead_budget": "Budget",
            "lead_company": "Company",
            "lead_name": "Name",
            "lead_email": "E-mail",
            "lead_phone": "Phone",
        },
        not_given="not given",
        flexible="flexible",
        change="Change {field}",
        topics={
            "opening_hours": "about our opening hours",
            "shipping_costs": "about shipping costs",
            "delivery_time": "about delivery times",
            "payment": "about payment",
            "returns": "about returns",
            "contact": "about how to reach us",
            "location": "about our address",
            "company_details": "about our company details",
        },
    ),
}


def words(language: str) -> Words:
    """The words of ``language`` (German for a language we do not speak)."""
    return _WORDS.get(language, _WORDS[_DEFAULT])
