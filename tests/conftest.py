"""Fixtures shared by the unit tests: a small, fixed company profile."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

from kontor.company import Company, parse_company

REPO_COMPANY_FILE = Path(__file__).resolve().parents[1] / "company.yml"

_COMPANY: Dict[str, Any] = {
    "name": "Muster Arbeitsschutz GmbH",
    "timezone": "Europe/Berlin",
    "address": {
        "street": "Hauptstraße 1",
        "postal_code": "09111",
        "city": "Chemnitz",
        "country": "Deutschland",
    },
    "contact": {"phone": "+49 371 000 0000", "email": "info@muster.example"},
    "opening_hours": {
        "monday": [["07:30", "12:00"], ["12:30", "16:30"]],
        "tuesday": [["07:30", "12:00"], ["12:30", "16:30"]],
        "wednesday": [["07:30", "12:00"], ["12:30", "16:30"]],
        "thursday": [["07:30", "12:00"], ["12:30", "16:30"]],
        "friday": [["07:30", "14:00"]],
    },
    "holidays": {"country": "DE", "state": "SN", "closed_days": ["2026-12-24"]},
    "shipping": {
        "free_shipping_threshold": 150,
        "same_day_cutoff": "14:00",
        "options": [
            {
                "name": {"de": "DHL Paket", "en": "DHL parcel"},
                "carrier": "DHL",
                "cost": "5.90",
                "delivery_days": [1, 2],
            }
        ],
    },
    "returns": {
        "business_return_days": 30,
        "conditions": {
            "de": "Bitte ungetragen zurückschicken.",
            "en": "Unworn, please.",
        },
    },
    "payment": {
        "methods": [
            {"name": {"de": "Rechnung", "en": "invoice"}, "business_only": True},
            {"name": {"de": "PayPal", "en": "PayPal"}},
        ]
    },
}


@pytest.fixture
def company_data() -> Dict[str, Any]:
    """A fresh copy of the test company as company.yml would hold it."""
    return copy.deepcopy(_COMPANY)


@pytest.fixture
def company(company_data: Dict[str, Any]) -> Company:
    """The test company, validated."""
    return parse_company(company_data)


@pytest.fixture
def make_company(company_data: Dict[str, Any]) -> Callable[..., Company]:
    """Build a variant of the test company: make_company(holidays={...})."""

    def build(**changes: Any) -> Company:
        data = copy.deepcopy(company_data)
        data.update(changes)
        return parse_company(data)

    return build
