"""Replacing personal data in text by typed placeholders ("[E-MAIL]").

What is found, and how:

- e-mail addresses: by pattern;
- phone numbers: with libphonenumber (German and international formats, only numbers
  that exist in the numbering plan, so "500 Stück bis 12.12." stays);
- IBANs: by pattern and their checksum (python-stdnum);
- card numbers: 13 to 19 digits with a card scheme's prefix and a valid Luhn digit,
  so that order numbers, article numbers and EAN codes stay as they are;
- postal addresses: a street name with a German or English street word and a house
  number, with the postcode and town when they follow ("Am Mühlgraben 3a, 09111
  Chemnitz"); a postcode alone is not an address;
- dates of birth: a date next to words that say it is one ("geboren am", "geb.",
  "Geburtsdatum", "born on", "DOB"); any other date is a delivery date and stays.

``find`` says where; ``redact`` replaces. Both are pure functions without state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Tuple

import phonenumbers
from stdnum import iban, luhn

EMAIL = "[E-MAIL]"
PHONE = "[TELEFON]"
IBAN = "[IBAN]"
CARD = "[KARTE]"
ADDRESS = "[ADRESSE]"
BIRTHDATE = "[GEBURTSDATUM]"

PLACEHOLDERS = {
    "email": EMAIL,
    "phone": PHONE,
    "iban": IBAN,
    "card": CARD,
    "address": ADDRESS,
    "birthdate": BIRTHDATE,
}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind and where it stands in the text."""

    kind: str
    start: int
    end: int


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}", re.UNICODE)
# two letters, two check digits, then 11-30 letters or digits, spaces allowed in fours
_IBAN = re.compile(
    r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?\b"
)
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
# Issuer prefixes: Visa, Mastercard (51-55, 2221-2720), Amex, Diners, Discover,
# JCB, Maestro, UnionPay.
_CARD_PREFIX = re.compile(
    r"^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|3(?:0[0-5]|[68])|6011|64[4-9]"
    r"|65|35(?:2[89]|[3-8])|5[0678]|6[37]|62)"
)

_UPPER = "A-ZÄÖÜ"
_WORD = r"[\wäöüßÄÖÜ]"
_STREET_WORD = (
    r"(?:stra(?:ß|ss)e|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|"
    r"pfad|markt|graben|berg|hof|höhe|garten|gärten|park|anger|wall|zeile|tor|"
    r"kamp|feld|brücke|promenade|siedlung)"
)
_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z](?![\wäöü]))?(?:\s?[-–/]\s?\d{1,4}[a-zA-Z]?)?"
_TOWN = rf"(?:,?\s*(?:D-)?\d{{5}}\s+[{_UPPER}]{_WORD}+(?:[ -][{_UPPER}]{_WORD}+)?)?"
_NAME = rf"[{_UPPER}]{_WORD}*(?:-[{_UPPER}]?{_WORD}+)*"
_GERMAN_ADDRESS = re.compile(
    # "Hauptstraße 12", "Bahnhofstr. 5"
    rf"\b{_NAME}(?i:{_STREET_WORD})\s*{_HOUSE_NUMBER}{_TOWN}"
    # "Zwickauer Str. 5", "Karl-Marx-Allee 90", "Alter Markt 4"
    rf"|\b(?!(?:Die|Der|Das|Den|Dem|Des|Eine?|Jede|Diese|Unsere?|Ihre?)\s){_NAME}"
    rf"[\s-](?i:{_STREET_WORD})\s*{_HOUSE_NUMBER}{_TOWN}"
    # "Am Mühlgraben 3a", "An der Kirche 4"
    rf"|\b(?:Am|An\sder|Auf\sder|Im|In\sder|Zum|Zur|Hinter\sder|Unter\sden)\s"
    rf"[{_UPPER}]{_WORD}+(?:[ -][{_UPPER}]{_WORD}+)?\s{_HOUSE_NUMBER}{_TOWN}"
    # "Straße des 17. Juni 135"
    rf"|\b(?:Stra(?:ß|ss)e|Platz|Allee)\s(?:des|der|am)\s(?:\d{{1,2}}\.\s)?"
    rf"[{_UPPER}]{_WORD}+\s{_HOUSE_NUMBER}{_TOWN}",
    re.UNICODE,
)
_ENGLISH_ADDRESS = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s(?:[A-Z][a-z]+\s){1,3}"
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Way|Close|"
    r"Court|Ct\.?|Boulevard|Blvd\.?|Place|Pl\.?|Square|Sq\.?|Terrace|Gardens|Crescent)"
    r"(?![\w])"
)

_MONTHS = (
    r"(?:Jan(?:uar|uary)?|Feb(?:ruar|ruary)?|März|Maerz|Mar(?:ch)?|Apr(?:il)?|Mai|May|"
    r"Jun[ie]?|Jul[iy]?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Okt(?:ober)?|Oct(?:ober)?|"
    r"Nov(?:ember)?|Dez(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d{2}"  # 03.04.1985, 12.03.80
    r"|\d{1,2}/\d{1,2}/(?:19|20)?\d{2}"  # 04/07/1990
    r"|(?:19|20)\d{2}-\d{2}-\d{2}"  # 1990-07-04
    rf"|\d{{1,2}}\.?\s{_MONTHS}\s(?:19|20)\d{{2}}"  # 5. Mai 1972, 4 July 1990
    rf"|{_MONTHS}\s\d{{1,2}}(?:st|nd|rd|th)?,?\s(?:19|20)\d{{2}})"  # July 4, 1990
)
_BIRTH_BEFORE = re.compile(
    r"(?:geboren(?:\sam)?|geb\.(?:\sam)?|Geburtsdatum|Geburtstag|Geb\.-?Datum|"
    r"born(?:\son)?|date\sof\sbirth|birth\s?date|birthday|DOB|d\.o\.b\.)"
    r"[\s:,-]*(?:ist\s|is\s|am\s|on\s|the\s)?",
    re.IGNORECASE,
)
_BIRTH_AFTER = re.compile(r"\s*(?:geboren|born)\b", re.IGNORECASE)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)

_DIGITS = re.compile(r"\d")
_PRIORITY = ("email", "iban", "card", "birthdate", "address", "phone")


def find(text: str, region: str = "DE") -> List[Finding]:
    """Where ``text`` holds personal data, without overlaps, in reading order."""
    found: List[Finding] = [
        Finding("email", m.start(), m.end()) for m in _EMAIL.finditer(text)
    ]
    digits = len(_DIGITS.findall(text))
    if digits >= 1:
        found += _addresses(text)
    if digits >= 3:
        found += _birthdates(text)
    if digits >= 5:
        found += _ibans(text)
        found += _cards(text)
        found += _phones(text, region)
    return _without_overlaps(found)


def redact(text: str, region: str = "DE") -> str:
    """``text`` with every piece of personal data replaced by its placeholder."""
    findings = find(text, region)
    for finding in reversed(findings):
        text = (
            text[: finding.start] + PLACEHOLDERS[finding.kind] + text[finding.end :]  # noqa: E203
        )
    return text


def _ibans(text: str) -> Iterable[Finding]:
    for match in _IBAN.finditer(text):
        if iban.is_valid(match.group().upper()):
            yield Finding("iban", match.start(), match.end())


def _cards(text: str) -> Iterable[Finding]:
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if (
            13 <= len(digits) <= 19
            and _CARD_PREFIX.match(digits)
            and luhn.is_valid(digits)
        ):
            yield Finding("card", match.start(), match.end())


def _birthdates(text: str) -> Iterable[Finding]:
    for match in _DATE_RE.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]  # noqa: E203
        context = _BIRTH_BEFORE.search(before)
        said_before = context is not None and context.end() == len(before)
        said_after = _BIRTH_AFTER.match(text, match.end()) is not None
        if said_before or said_after:
            yield Finding("birthdate", match.start(), match.end())


def _addresses(text: str) -> Iterable[Finding]:
    for pattern in (_GERMAN_ADDRESS, _ENGLISH_ADDRESS):
        for match in pattern.finditer(text):
            yield Finding("address", match.start(), match.end())


def _phones(text: str, region: str) -> Iterable[Finding]:
    for match in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.VALID
    ):
        yield Finding("phone", match.start, match.end)


def _without_overlaps(findings: List[Finding]) -> List[Finding]:
    """Where two findings overlap, the surer kind wins (an IBAN is not a phone)."""
    order = {kind: rank for rank, kind in enumerate(_PRIORITY)}
    chosen: List[Finding] = []
    taken: List[Tuple[int, int]] = []
    for finding in sorted(findings, key=lambda f: (order[f.kind], f.start)):
        if any(finding.start < end and start < finding.end for start, end in taken):
            continue
        chosen.append(finding)
        taken.append((finding.start, finding.end))
    return sorted(chosen, key=lambda f: f.start)
