"""Replacing personal data in text by typed placeholders ("[E-MAIL]").

E-mail addresses by pattern, phone numbers with libphonenumber (German and
international formats), IBANs and card numbers by their checksums, so that order
numbers and article numbers stay as they are.
"""

from __future__ import annotations

import re
from typing import List, Tuple

import phonenumbers
from stdnum import iban, luhn

EMAIL = "[E-MAIL]"
PHONE = "[TELEFON]"
IBAN = "[IBAN]"
CARD = "[KARTE]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# two letters, two check digits, then 11-30 letters or digits, spaces allowed in fours
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b")
_CARD = re.compile(r"\b\d(?:[ -]?\d){12,18}\b")


def redact(text: str, region: str = "DE") -> str:
    """``text`` with e-mail addresses, IBANs, card and phone numbers replaced."""
    text = _EMAIL.sub(EMAIL, text)
    text = _IBAN.sub(lambda m: IBAN if iban.is_valid(m.group()) else m.group(), text)
    text = _CARD.sub(
        lambda m: CARD if _is_card(re.sub(r"\D", "", m.group())) else m.group(), text
    )
    return _replace_phones(text, region)


def _is_card(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and luhn.is_valid(digits)


def _replace_phones(text: str, region: str) -> str:
    spans: List[Tuple[int, int]] = [
        (match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        )
    ]
    for start, end in reversed(spans):
        text = text[:start] + PHONE + text[end:]
    return text
