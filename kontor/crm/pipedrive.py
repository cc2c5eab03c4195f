"""Pipedrive (API v1): a lead becomes a person, an organization and a lead.

The lead's title ends with our key in brackets; a retry searches leads for the key
before it creates one, so a lead whose creation answer got lost is not created twice.
Authentication: the API token (x-api-token header).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Tuple

import requests

from kontor.crm import TIMEOUT, Contact, LeadRecord, PermanentFailure
from kontor.crm.http import call

DEFAULT_URL = "https://api.pipedrive.com"


@dataclass
class Pipedrive:
    """The Pipedrive adapter."""

    token: str
    base_url: str = DEFAULT_URL
    name: str = "pipedrive"
    timeout: Tuple[float, float] = TIMEOUT
    session: requests.Session = field(default_factory=requests.Session)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Pipedrive:
        """KONTOR_PIPEDRIVE_TOKEN (required) and KONTOR_PIPEDRIVE_URL."""
        token = env.get("KONTOR_PIPEDRIVE_TOKEN", "")
        if not token:
            raise ValueError("KONTOR_CRM=pipedrive needs KONTOR_PIPEDRIVE_TOKEN")
        return cls(token, env.get("KONTOR_PIPEDRIVE_URL", DEFAULT_URL).rstrip("/"))

    def __post_init__(self) -> None:
        """Authenticate every call."""
        self.session.headers["x-api-token"] = self.token

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = call(
            self.session,
            method,
            f"{self.base_url}/v1{path}",
            timeout=self.timeout,
            **kwargs,
        )
        if not isinstance(answer, dict) or not answer.get("success", False):
            raise PermanentFailure(f"Pipedrive refused {path}: {str(answer)[:300]}")
        return answer.get("data")

    def _search(self, kind: str, term: str, fields: str) -> Optional[Dict[str, Any]]:
        data = self._call(
            "GET",
            f"/{kind}/search",
            params={"term": term, "fields": fields, "exact_match": "true", "limit": 1},
        )
        items = (data or {}).get("items") or []
        return items[0]["item"] if items else None

    def deliver(self, lead: LeadRecord) -> str:
        """The Pipedrive lead for ``lead`` (found by its key, or created)."""
        marker = f"[{lead.key}]"
        existing = self._search("leads", marker, "title")
        if existing:
            return str(existing["id"])
        person = self._person_id(lead)
        organization = self._organization_id(lead.company)
        body: Dict[str, Any] = {
            "title": f"{lead.company}: {lead.need}"[:200] + f" {marker}",
            "person_id": person,
            "organization_id": organization,
        }
        if lead.deadline:
            body["expected_close_date"] = lead.deadline
        created = self._call("POST", "/leads", json=body)
        return str(created["id"])

    def _person_id(self, lead: LeadRecord) -> int:
        found = self._search("persons", lead.email, "email")
        if found:
            return int(found["id"])
        body: Dict[str, Any] = {
            "name": lead.name,
            "email": [{"value": lead.email, "primary": True, "label": "work"}],
        }
        if lead.phone:
            body["phone"] = [{"value": lead.phone, "primary": True, "label": "work"}]
        return int(self._call("POST", "/persons", json=body)["id"])

    def _organization_id(self, company: str) -> int:
        found = self._search("organizations", company, "name")
        if found:
            return int(found["id"])
        return int(self._call("POST", "/organizations", json={"name": company})["id"])

    def find_contact(self, email: str) -> Optional[Contact]:
        """The person and its owner (the account manager), if Pipedrive knows one."""
        found = self._search("persons", email, "email")
        if not found:
            return None
        owner = found.get("owner") or {}
        return Contact(str(found["id"]), owner.get("name"), owner.get("email"))
