"""Where leads go besides our database: HubSpot or Pipedrive, over their HTTP APIs.

Each adapter turns one lead into the CRM's records (a contact and a deal; a person and
a lead) and reports failures as temporary (network, 429, 5xx: retried later by the
outbox) or permanent (the CRM refuses the data: retrying would not help). Every call
has a timeout. A retry never creates a second record: the adapters look for the
lead's key before they create anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Protocol

from kontor.settings import Settings

# seconds to connect, seconds to wait for an answer
TIMEOUT = (3.05, 10.0)


class TemporaryFailure(Exception):
    """The CRM could not take the lead now (network, rate limit, server error)."""

    def __init__(self, message: str, retry_after: Optional[float] = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentFailure(Exception):
    """The CRM refused the lead (bad data, missing rights): a retry will not help."""


@dataclass(frozen=True)
class LeadRecord:
    """What a CRM receives of a lead (built from the stored lead)."""

    key: str  # our unique id of this delivery, kept in the CRM
    need: str
    company: str
    name: str
    email: str
    phone: Optional[str]
    quantity: Optional[int]
    deadline: Optional[str]  # ISO date
    budget: Optional[str]
    language: str


@dataclass(frozen=True)
class Contact:
    """A CRM contact and the account manager who looks after it."""

    id: str
    manager_name: Optional[str] = None
    manager_email: Optional[str] = None
    manager_phone: Optional[str] = None


class CRM(Protocol):
    """What every CRM adapter does."""

    name: str

    def deliver(self, lead: LeadRecord) -> str:
        """Create (or find, on a retry) the lead's records; return the CRM's id."""

    def find_contact(self, email: str) -> Optional[Contact]:
        """The contact with this e-mail address, if the CRM knows one."""


def adapter(settings: Settings, env: Optional[Dict[str, str]] = None) -> Optional[CRM]:
    """The configured CRM adapter; None for the local default (our database only)."""
    import os

    env = dict(os.environ if env is None else env)
    if settings.crm == "hubspot":
        from kontor.crm.hubspot import HubSpot

        return HubSpot.from_env(env)
    if settings.crm == "pipedrive":
        from kontor.crm.pipedrive import Pipedrive

        return Pipedrive.from_env(env)
    return None


def classify(status: int, body: Any, headers: Dict[str, str]) -> Exception:
    """The failure a CRM's HTTP status stands for."""
    message = f"HTTP {status}: {str(body)[:300]}"
    if status == 429:
        retry = headers.get("Retry-After")
        try:
            seconds = float(retry) if retry else None
        except ValueError:
            seconds = None
        return TemporaryFailure(message, seconds)
    if status >= 500 or status == 408:
        return TemporaryFailure(message)
    return PermanentFailure(message)
