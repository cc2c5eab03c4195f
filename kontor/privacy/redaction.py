"""Replacing personal data in text by typed placeholders ("[E-MAIL]").

What is found, and how:

- e-mail addresses: by pattern;
- phone numbers: with libphonenumber (German and international formats, only numbers
  that exist in the numbering plan, so "500 Stück bis 12.12." stays), except dates
  and numbers labelled as order, customer or tracking numbers;
- IBANs: by pattern and their checksum (python-stdnum);
- card numbers: a card scheme's prefix and length and a valid Luhn digit,
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
from typing import Callable, Iterable, List, Tuple

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


# written to dodge spam robots: "name(at)firma.de", "name [at] firma [dot] de",
# "j.taylor at gmx dot de"
_SPELLED_DOT = r"(?:\s?[(\[{]\s?(?:dot|punkt)\s?[)\]}]\s?|\s(?:dot|punkt)\s)"
_ANY_DOT = rf"(?:\.|{_SPELLED_DOT})"
_EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"
    rf"|[\w.+-]+\s?[(\[{{]\s?(?:at|ät)\s?[)\]}}]\s?[\w-]+(?:{_ANY_DOT}[\w-]+)*"
    rf"{_ANY_DOT}[A-Za-z]{{2,6}}\b"
    rf"|\b[\w.+-]+\s(?:at|ät)\s[\w-]+(?:{_ANY_DOT}[\w-]+)*{_SPELLED_DOT}"
    r"[A-Za-z]{2,6}\b",
    re.UNICODE | re.IGNORECASE,
)
# two letters, two check digits, then 11-30 letters or digits, in groups of any
# size with spaces or dashes ("DE 89 3704 …", "NL40-ASNB-0859…"); the checksum
# decides, so the pattern may be generous and take a word too many
_SEPARATORS = re.compile(r"[ .-]+")
# (a lookahead, so that a start that is no IBAN does not swallow the one after it)
_IBAN = re.compile(
    r"(?=\b([A-Za-z]{2}[ -]{0,2}\d{2}(?:[ -]{0,2}[A-Za-z0-9]{1,8}){2,14})\b)"
)
# 14-19 digits, single or double spaces, dots or dashes between; not after "+" (a
# phone number) or a digit group of something else
_CARD = re.compile(r"(?=(?<![\w+-])(\d(?:[ .-]{0,2}\d){13,22})(?![\w-]))")
# Issuer prefixes with the lengths each scheme issues: Visa, Mastercard (51-55,
# 2221-2720), Amex, Diners, Discover, JCB, Maestro, UnionPay. 13-digit Visa numbers
# are no longer issued (an EAN-13 barcode would look like one); a GTIN-14 starting
# with 34 is no Amex number, which has 15 digits.
_CARD_SCHEMES = (
    (re.compile(r"^4"), (16, 19)),
    (re.compile(r"^(?:5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720))"), (16,)),
    (re.compile(r"^3[47]"), (15,)),
    (re.compile(r"^3(?:0[0-5]|[689])"), (14, 15, 16, 17, 18, 19)),
    (re.compile(r"^(?:6011|64[4-9]|65)"), (16, 17, 18, 19)),
    (re.compile(r"^35(?:2[89]|[3-8])"), (16, 17, 18, 19)),
    (re.compile(r"^(?:5[0678]|6[37])"), (14, 15, 16, 17, 18, 19)),
    (re.compile(r"^62"), (16, 17, 18, 19)),
)

_UPPER = "A-ZÄÖÜ"
_WORD = r"[\wäöüßÄÖÜ]"
# the last part of a street name; words that also end town names ("Nürnberg",
# "Bielefeld") are left out, "Auf dem Berg 4" is found by its preposition
_STREET_WORD = (
    r"(?:stra(?:ß|ss)e|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|"
    r"pfad|markt|graben|höhe|garten|gärten|anger|wall|zeile|kamp|brücke|"
    r"promenade|siedlung|leite|straat|rue)"
)
# (a house number never starts with 0: "ring 0151 …" is a phone number)
_HOUSE_NUMBER = (
    r"[1-9]\d{0,3}(?:\s?[a-zA-Z](?![\wäöü]))?(?:\s?[-–/]\s?\d{1,4}[a-zA-Z]?)?"
)
# ", 09111 Chemnitz", "1060 Wien", "06108 Halle (Saale)", "60311 Frankfurt am Main"
_POSTCODE_TOWN = (
    rf",?\s*(?:[DAC]-)?\d{{4,5}}\s+(?:Bad\s)?[{_UPPER}]{_WORD}+(?:-[{_UPPER}]{_WORD}+)*"
    rf"(?:\s(?:am|an\sder|a\.\s?d\.)\s[{_UPPER}]{_WORD}+|\s\([{_UPPER}]{_WORD}+\))?"
)
_TOWN = rf"(?:{_POSTCODE_TOWN})?"
_NAME = rf"[{_UPPER}]{_WORD}*(?:-[{_UPPER}]?{_WORD}+)*"
_NOT_A_NAME = r"(?!(?:Die|Der|Das|Den|Dem|Des|Eine?|Jede|Diese|Unsere?|Ihre?)\s)"
_PREPOSITION = (
    r"(?:Am|An\s(?:der|den|dem)|Auf\s(?:der|dem|den)|Im|In\s(?:der|den)|Zum|Zur|"
    r"Hinter\s(?:der|dem|den)|Unter\s(?:den|der)|Vor\s(?:dem|der)|Alte[rs]?)"
)


def _german_address(town: str) -> str:
    return (
        # "Hauptstraße 12", "Bahnhofstr. 5"
        rf"\b{_NAME}(?i:{_STREET_WORD})\s*{_HOUSE_NUMBER}{town}"
        # "Zwickauer Str. 5", "Karl-Marx-Allee 90", "Alter Markt 4"
        rf"|\b{_NOT_A_NAME}{_NAME}[\s-](?i:{_STREET_WORD})\s*{_HOUSE_NUMBER}{town}"
        # "Am Mühlgraben 3a", "Auf dem Berg 4"
        rf"|\b{_PREPOSITION}\s[{_UPPER}]{_WORD}+(?:[ -][{_UPPER}]{_WORD}+)?\s"
        rf"{_HOUSE_NUMBER}{town}"
        # "Straße des 17. Juni 135", "Rue du Rhône 8"
        rf"|\b(?:Stra(?:ß|ss)e|Str\.|Platz|Allee)\s(?:des|der|am)\s(?:\d{{1,2}}\.\s)?"
        rf"[{_UPPER}]{_WORD}+\s{_HOUSE_NUMBER}{town}"
        rf"|\b(?:\d{{1,4}},?\s)?Rue\s(?:de\s(?:la\s)?|du\s|des\s|d')?[{_UPPER}]{_WORD}+"
        rf"(?:\s{_HOUSE_NUMBER})?{town}"
    )


_GERMAN_ADDRESS = re.compile(_german_address(_TOWN), re.UNICODE)
# typed in lower case ("birkenweg 33, 09126 chemnitz"): only with postcode and town,
# so that "im Shop steht 23" stays what it is
_LOWER_CASE_ADDRESS = re.compile(
    _german_address(_POSTCODE_TOWN), re.UNICODE | re.IGNORECASE
)
_FUNCTION_WORD = r"(?!(?:for|the|of|to|and|a|an|on|in|at|with|my|our|your|per)\s)"
_ENGLISH_ADDRESS = re.compile(
    r"\b(?:(?:Unit|Flat|Suite)\s\d{1,4}[A-Za-z]?,\s(?:[A-Z][a-z]+\s){1,3}"
    r"(?:Estate|Park|Centre|Center)"
    rf"|\d{{1,5}}[A-Za-z]?\s(?:[NSEW]\s)?(?:{_FUNCTION_WORD}[A-Za-z][a-z]+\s){{1,3}}"
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Way|Close|"
    r"Court|Ct\.?|Boulevard|Blvd\.?|Place|Pl\.?|Square|Sq\.?|Terrace|Gardens|"
    r"Crescent|Loop|Row|Hill|Parkway|Pkwy\.?)(?:\s(?:NW|NE|SW|SE|N|S|E|W))?)"
    # the town with a US state and ZIP code or a UK postcode
    r"(?:,?\s(?:[A-Z][a-z]+\s?){1,3},?\s(?:[A-Z]{2}\s\d{5}(?:-\d{4})?"
    r"|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}))?"
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
    # 5. Mai 1972, 17.november 1962, 24th May 1986
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s?(?:of\s)?{_MONTHS}\s(?:19|20)\d{{2}}"
    rf"|{_MONTHS}\s\d{{1,2}}(?:st|nd|rd|th)?,?\s(?:19|20)\d{{2}})"  # July 4, 1990
)
# words saying a date is a birthday, typos included ("gebutsdatum", "geburtstaag")
_BIRTH_WORD = re.compile(
    r"(?:\bgeb(?:\.|\b|oren|ur?t\w{0,9}|rt\w{0,9})|\bb(?:irth|rith|irht|itrh)\w*|"
    r"\bb-?day\b|\bborn\b|\bDOB\b|\bd\.o\.b\.)",
    re.IGNORECASE,
)
_BIRTH_AFTER = re.compile(r"\s*(?:geboren|born)\b", re.IGNORECASE)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
# a number after such a word is an order, customer or tracking number, not a phone
_NUMBER_LABEL = re.compile(
    r"(?:(?:auftrag|kunden|rechnung|bestell|sendung|artikel|angebot|tracking|"
    r"lieferschein|vorgang|ticket|paket)s?-?\s?(?:nummer|nr\.?)"
    r"|(?:order|customer|invoice|tracking|account|reference|parcel)\s?"
    r"(?:number|no\.?|#)|shipment|sendung|auftrag|paket|parcel|\bdpd|\bdhl|\bups|"
    r"\bgls|hermes|vergabe\w*|\bvom|dated)"
    r"(?:\W{0,3}(?:ist|is|lautet)?\W{0,3})$",
    re.IGNORECASE,
)
_PHONE_WORD = re.compile(
    r"(?:tel\w*|handy|mobil\w*|festnetz|nummer|phone|call|ring|erreichbar|anrufen|"
    r"contact|kontakt|whatsapp|fax)\W",
    re.IGNORECASE,
)
_BARE_INTERNATIONAL = re.compile(
    r"(?<![\w+])[1-9]\d{0,2}(?:[ /-]?\d{2,5}){2,5}(?![\w])"
)
_PLAIN_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})$")

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
    return _checked(text, _IBAN, _is_iban, "iban")


def _checked(
    text: str, pattern: re.Pattern[str], valid: Callable[[str], bool], kind: str
) -> Iterable[Finding]:
    """Findings of a lookahead ``pattern`` whose longest valid prefix passes."""
    taken_until = -1
    for match in pattern.finditer(text):
        start = match.start(1)
        if start < taken_until:
            continue
        end = _longest_valid(match.group(1), valid)
        if end:
            taken_until = start + end
            yield Finding(kind, start, start + end)


def _is_iban(candidate: str) -> bool:
    compact = _SEPARATORS.sub("", candidate).upper()
    return 15 <= len(compact) <= 34 and iban.is_valid(compact)


def _cards(text: str) -> Iterable[Finding]:
    return _checked(text, _CARD, _is_card, "card")


def _is_card(candidate: str) -> bool:
    digits = _SEPARATORS.sub("", candidate)
    if not digits.isdigit() or not luhn.is_valid(digits):
        return False
    return any(
        prefix.match(digits) and len(digits) in lengths
        for prefix, lengths in _CARD_SCHEMES
    )


def _longest_valid(candidate: str, valid: Callable[[str], bool]) -> int:
    """The length of the longest valid prefix of ``candidate`` ending at a group's end.

    A pattern that allows any grouping may take a group too many ("… 4030 01/2027",
    "… 4705 und"); the checksum finds where the number ends. 0: none is valid.
    """
    ends = [m.start() for m in _SEPARATORS.finditer(candidate)] + [len(candidate)]
    for end in sorted(set(ends), reverse=True):
        if valid(candidate[:end]):
            return end
    return 0


def _birthdates(text: str) -> Iterable[Finding]:
    previous_end = 0
    for match in _DATE_RE.finditer(text):
        # the word may stand a little before, but not before another date
        window = max(previous_end, match.start() - 60)
        said_before = _BIRTH_WORD.search(text, window, match.start()) is not None
        said_after = _BIRTH_AFTER.match(text, match.end()) is not None
        previous_end = match.end()
        if said_before or said_after:
            yield Finding("birthdate", match.start(), match.end())


def _addresses(text: str) -> Iterable[Finding]:
    for pattern in (_GERMAN_ADDRESS, _LOWER_CASE_ADDRESS, _ENGLISH_ADDRESS):
        for match in pattern.finditer(text):
            yield Finding("address", match.start(), match.end())


def _phones(text: str, region: str) -> Iterable[Finding]:
    found = []
    for match in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.VALID
    ):
        if _PLAIN_DATE.match(match.raw_string):
            continue  # "02.11.2026" is a date, whatever the numbering plan says
        if _NUMBER_LABEL.search(text, max(0, match.start - 30), match.start):
            continue  # "Kundennummer: 037 144 551"
        found.append(Finding("phone", match.start, match.end))
    yield from found
    # "Handy 41 78 648 23 21": a country code without + or 00, after a phone word
    for bare in _BARE_INTERNATIONAL.finditer(text):
        if any(f.start <= bare.start() < f.end for f in found):
            continue
        if not _PHONE_WORD.search(text, max(0, bare.start() - 25), bare.start()):
            continue
        try:
            number = phonenumbers.parse("+" + bare.group(), None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            yield Finding("phone", bare.start(), bare.end())


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
