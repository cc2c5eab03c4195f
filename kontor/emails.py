"""E-mail addresses as visitors and exports write them: checked, then compared."""

from __future__ import annotations

from typing import Optional

from email_validator import EmailNotValidError, validate_email


def normalize_email(text: str) -> str:
    """The address in the form we store and compare: validated, domain lower-cased.

    Raises ValueError with a German message for an address that cannot be one.
    """
    try:
        result = validate_email(
            text.strip(), check_deliverability=False, test_environment=True
        )
    except EmailNotValidError as error:
        raise ValueError(
            f"„{text}“ ist keine gültige E-Mail-Adresse ({error})."
        ) from None
    return result.normalized.lower()


def email_in(text: str) -> Optional[str]:
    """The first e-mail address in a visitor's text, normalised, or None.

    None also when the address cannot be one ("max@").
    """
    for word in (text or "").split():
        if "@" in word:
            try:
                return normalize_email(word.strip(".,;:!?<>()"))
            except ValueError:
                return None
    return None
