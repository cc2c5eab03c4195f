"""Fixtures shared by the unit tests: a small, fixed company profile."""

from __future__ import annotations

import copy
import os
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.orm import sessionmaker

from kontor.company import Company, parse_company
from kontor.db import make_engine, session_factory
from kontor.db.migrate import upgrade
from kontor.db.models import Base

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


# --- the business database: SQLite always, PostgreSQL when CI names a server ---------

POSTGRES_ENV = "KONTOR_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped afterwards.

    Unset KONTOR_TEST_POSTGRES_URL skips (a user's machine may have no server); set
    and unreachable fails, so CI never skips silently.
    """
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(
            f"{POSTGRES_ENV} is not set: the PostgreSQL runs of the database tests "
            "need a server (.ci/run sets it)"
        )
    name = f"kontor_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", future=True)
    with admin.connect() as connection:  # an unreachable server fails here
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty business database: an SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'kontor.db'}")
        upgrade(engine)
    else:
        engine = make_engine(request.getfixturevalue("postgres_url"))
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield engine
    engine.dispose()


@pytest.fixture
def db_sessions(db_engine: Engine) -> sessionmaker:
    """Sessions on ``db_engine``."""
    return session_factory(db_engine)


@pytest.fixture(scope="session")
def demo_knowledge_sessions(tmp_path_factory: pytest.TempPathFactory) -> sessionmaker:
    """An SQLite store holding the demo company's documents (knowledge/).

    Ingested once per test run with the bundled embedding model, as `make run` does.
    """
    from kontor.demo import demo_knowledge

    url = f"sqlite:///{tmp_path_factory.mktemp('knowledge') / 'kontor.db'}"
    assert demo_knowledge(url) > 10
    return session_factory(make_engine(url))
