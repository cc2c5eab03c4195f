"""HubSpot (CRM API v3): a lead becomes a contact and a deal associated with it.

The deal carries our lead key in the custom deal property ``kontor_lead_key`` (create
it once in HubSpot: Settings → Properties → Deal properties, single-line text). A
retry searches for the key first, so a deal whose creation answer got lost is found
instead of created twice. Authentication: a private app's access token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Tuple

import requests

from kontor.crm import TIMEOUT, Contact, LeadRecord, PermanentFailure
from kontor.crm.http import call

DEFAULT_URL = "https://api.hubapi.com"
KEY_PROPERTY = "kontor_lead_key"
DEAL_TO_CONTACT = 3  # HubSpot's association type id "deal to contact"


@dataclass
class HubSpot:
    """The HubSpot adapter."""

    token: str
    base_url: str = DEFAULT_URL
    pipeline: str = "default"
    stage: str = "appointmentscheduled"
    name: str = "hubspot"
    timeout: Tuple[float, float] = TIMEOUT
    session: requests.Session = field(default_factory=requests.Session)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> HubSpot:
        """KONTOR_HUBSPOT_TOKEN (required), KONTOR_HUBSPOT_URL, _PIPELINE, _STAGE."""
        token = env.get("KONTOR_HUBSPOT_TOKEN", "")
        if not token:
            raise ValueError("KONTOR_CRM=hubspot needs KONTOR_HUBSPOT_TOKEN")
        return cls(
            token=token,
            base_url=env.get("KONTOR_HUBSPOT_URL", DEFAULT_URL).rstrip("/"),
            pipeline=env.get("KONTOR_HUBSPOT_PIPELINE", "default"),
            stage=env.get("KONTOR_HUBSPOT_STAGE", "appointmentscheduled"),
        )

    def __post_init__(self) -> None:
        """Authenticate every call."""
        self.session.headers["Authorization"] = f"Bearer {self.token}"

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        return call(
            self.session,
            method,
            f"{self.base_url}{path}",
            timeout=self.timeout,
            **kwargs,
        )

    def _search(
        self, kind: str, prop: str, value: str, props: list
    ) -> Optional[Dict[str, Any]]:
        body = {
            "filterGroups": [
                {"filters": [{"propertyName": prop, "operator": "EQ", "value": value}]}
            ],
            "properties": props,
            "limit": 1,
        }
        found = self._call("POST", f"/crm/v3/objects/{kind}/search", json=body)
        results = found.get("results") or [] if isinstance(found, dict) else []
        return results[0] if results else None

    def deliver(self, lead: LeadRecord) -> str:
        """The deal for ``lead`` (found by its key, or created with its contact)."""
        existing = self._search("deals", KEY_PROPERTY, lead.key, [KEY_PROPERTY])
        if existing:
            return str(existing["id"])
        contact_id = self._contact_id(lead)
        properties: Dict[str, Any] = {
            "dealname": f"{lead.company}: {lead.need}"[:250],
            "pipeline": self.pipeline,
            "dealstage": self.stage,
            KEY_PROPERTY: lead.key,
            "description": _description(lead),
        }
        if lead.deadline:
            properties["closedate"] = lead.deadline
        deal = self._call(
            "POST",
            "/crm/v3/objects/deals",
            json={
                "properties": properties,
                "associations": [
                    {
                        "to": {"id": contact_id},
                        "types": [
                            {
                                "associationCategory": "HUBSPOT_DEFINED",
                                "associationTypeId": DEAL_TO_CONTACT,
                            }
                        ],
                    }
                ],
            },
        )
        if not isinstance(deal, dict) or "id" not in deal:
            raise PermanentFailure(f"HubSpot answered without a deal id: {deal!r}")
        return str(deal["id"])

    def _contact_id(self, lead: LeadRecord) -> str:
        found = self._search("contacts", "email", lead.email, ["email"])
        if found:
            return str(found["id"])
        first, _, last = lead.name.partition(" ")
        created = self._call(
            "POST",
            "/crm/v3/objects/contacts",
            json={
                "properties": {
                    "email": lead.email,
                    "firstname": first,
                    "lastname": last,
                    "company": lead.company,
                    **({"phone": lead.phone} if lead.phone else {}),
                }
            },
        )
        return str(created["id"])

    def find_contact(self, email: str) -> Optional[Contact]:
        """The contact and its owner (the account manager), if HubSpot knows one."""
        found = self._search("contacts", "email", email, ["email", "hubspot_owner_id"])
        if not found:
            return None
        owner_id = (found.get("properties") or {}).get("hubspot_owner_id")
        if not owner_id:
            return Contact(str(found["id"]))
        owner = self._call("GET", f"/crm/v3/owners/{owner_id}")
        name = " ".join(
            part for part in (owner.get("firstName"), owner.get("lastName")) if part
        )
        return Contact(str(found["id"]), name or None, owner.get("email"))


def _description(lead: LeadRecord) -> str:
    lines = [
        f"Bedarf: {lead.need}",
        f"Menge: {lead.quantity}" if lead.quantity else "",
        f"Termin: {lead.deadline}" if lead.deadline else "",
        f"Budget: {lead.budget}" if lead.budget else "",
        f"Ansprechpartner: {lead.name}, {lead.email}"
        + (f", {lead.phone}" if lead.phone else ""),
        f"Sprache: {lead.language}; über den Chat-Assistenten Kontor",
    ]
    return "\n".join(line for line in lines if line)
