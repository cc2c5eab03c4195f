"""CRM adapters and the outbox against local servers that follow the CRMs' documented
APIs: outages, rate limits and lost answers lose nothing and double nothing."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from kontor.crm import LeadRecord, PermanentFailure, TemporaryFailure
from kontor.crm.hubspot import HubSpot
from kontor.crm.pipedrive import Pipedrive
from kontor.db import transaction
from kontor.db.models import OutboxMessage
from kontor.leads import LeadDraft, create_lead
from kontor.outbox import _claim, backoff, drain
from tests.crm_servers import FakeHubSpot, FakePipedrive

NOW = dt.datetime(2026, 12, 4, 16, 30, tzinfo=dt.timezone.utc)
LEAD = LeadRecord(
    key="kontor-lead-1-abc",
    need="Warnweste Basic, Warngelb, L/XL",
    company="Bau Richter GmbH",
    name="Anna Richter",
    email="a.richter@bau-richter.example",
    phone="0371 123456",
    quantity=500,
    deadline="2026-12-08",
    budget=None,
    language="de",
)


@pytest.fixture
def hubspot_server() -> Iterator[FakeHubSpot]:
    with FakeHubSpot() as server:
        yield server


@pytest.fixture
def pipedrive_server() -> Iterator[FakePipedrive]:
    with FakePipedrive() as server:
        yield server


def hubspot(server: FakeHubSpot, token: str = FakeHubSpot.token) -> HubSpot:
    return HubSpot(token=token, base_url=server.url, timeout=(1.0, 0.5))


def pipedrive(server: FakePipedrive) -> Pipedrive:
    return Pipedrive(token=FakePipedrive.token, base_url=server.url, timeout=(1.0, 0.5))


def test_hubspot_contact_and_deal(hubspot_server: FakeHubSpot) -> None:
    crm = hubspot(hubspot_server)
    deal_id = crm.deliver(LEAD)
    (contact,) = hubspot_server.records["contacts"]
    (deal,) = hubspot_server.records["deals"]
    assert deal["id"] == deal_id
    assert contact["properties"] == {
        "email": "a.richter@bau-richter.example",
        "firstname": "Anna",
        "lastname": "Richter",
        "company": "Bau Richter GmbH",
        "phone": "0371 123456",
    }
    assert deal["properties"]["kontor_lead_key"] == "kontor-lead-1-abc"
    assert deal["properties"]["closedate"] == "2026-12-08"
    assert deal["associations"][0]["to"] == {"id": contact["id"]}
    # delivered again (a retry): the same deal, no second one, the contact reused
    assert crm.deliver(LEAD) == deal_id
    assert len(hubspot_server.records["deals"]) == 1
    second = crm.deliver(LeadRecord(**{**LEAD.__dict__, "key": "kontor-lead-2-def"}))
    assert second != deal_id and len(hubspot_server.records["contacts"]) == 1


def test_hubspot_failures_are_sorted(hubspot_server: FakeHubSpot) -> None:
    hubspot_server.fail("/crm/v3/objects/deals/search", "429")
    with pytest.raises(TemporaryFailure) as limited:
        hubspot(hubspot_server).deliver(LEAD)
    assert limited.value.retry_after == 1.0
    hubspot_server.fail("/crm/v3/objects/deals/search", "slow")
    with pytest.raises(TemporaryFailure, match="Timeout"):
        hubspot(hubspot_server).deliver(LEAD)
    with pytest.raises(PermanentFailure, match="401"):
        hubspot(hubspot_server, token="wrong").deliver(LEAD)


def test_unreachable_crm_is_temporary() -> None:
    crm = HubSpot(token="t", base_url="http://127.0.0.1:9", timeout=(0.5, 0.5))
    with pytest.raises(TemporaryFailure):
        crm.deliver(LEAD)


def test_pipedrive_person_organization_and_lead(
    pipedrive_server: FakePipedrive,
) -> None:
    crm = pipedrive(pipedrive_server)
    lead_id = crm.deliver(LEAD)
    (person,) = pipedrive_server.records["persons"]
    (organization,) = pipedrive_server.records["organizations"]
    (lead,) = pipedrive_server.records["leads"]
    assert person["email"] == [{"value": LEAD.email, "primary": True, "label": "work"}]
    assert organization["name"] == "Bau Richter GmbH"
    assert lead["id"] == lead_id and lead["title"].endswith("[kontor-lead-1-abc]")
    assert (lead["person_id"], lead["organization_id"]) == (
        int(person["id"]),
        int(organization["id"]),
    )
    assert crm.deliver(LEAD) == lead_id and len(pipedrive_server.records["leads"]) == 1
    contact = crm.find_contact(LEAD.email)
    assert contact is not None and contact.manager_name == "Katrin Hartmann"
    assert crm.find_contact("unbekannt@example.com") is None


def test_hubspot_account_manager(hubspot_server: FakeHubSpot) -> None:
    hubspot_server.add(
        "owners",
        {
            "firstName": "Jens",
            "lastName": "Hartmann",
            "email": "j.hartmann@example.com",
        },
    )
    hubspot_server.add(
        "contacts",
        {"properties": {"email": "kunde@example.com", "hubspot_owner_id": "101"}},
    )
    contact = hubspot(hubspot_server).find_contact("kunde@example.com")
    assert contact is not None
    assert (contact.manager_name, contact.manager_email) == (
        "Jens Hartmann",
        "j.hartmann@example.com",
    )


def _store_lead(sessions: sessionmaker, crm: str) -> int:
    draft = LeadDraft(
        need=LEAD.need,
        company=LEAD.company,
        name=LEAD.name,
        email=LEAD.email,
        consent_text="Ja.",
        quantity=500,
        deadline=dt.date(2026, 12, 8),
    )
    with transaction(sessions) as session:
        return create_lead(session=session, draft=draft, now=NOW, crm=crm).id


@pytest.mark.parametrize("kind", ["hubspot", "pipedrive"])
def test_the_outbox_survives_outages_and_lost_answers(
    kind: str,
    db_sessions: sessionmaker,
    hubspot_server: FakeHubSpot,
    pipedrive_server: FakePipedrive,
) -> None:
    server = hubspot_server if kind == "hubspot" else pipedrive_server
    crm = hubspot(hubspot_server) if kind == "hubspot" else pipedrive(pipedrive_server)
    create_path = "/crm/v3/objects/deals" if kind == "hubspot" else "/v1/leads"
    _store_lead(db_sessions, kind)
    # the first search is rate-limited, then the server errs, then the record is
    # created but the answer is lost; the fourth try finds the record by its key
    server.fail(
        create_path + ("/search" if kind == "hubspot" else "/search"), "429", "500"
    )
    clock = [NOW]
    results = []
    for _ in range(2):
        results.append(drain(db_sessions, crm, clock=lambda: clock[0]))
        clock[0] += dt.timedelta(hours=2)
    server.fail(create_path, "lost")
    results.append(drain(db_sessions, crm, clock=lambda: clock[0]))
    clock[0] += dt.timedelta(hours=2)
    results.append(drain(db_sessions, crm, clock=lambda: clock[0]))
    assert [r.retried for r in results] == [1, 1, 1, 0]
    assert results[-1].delivered == 1
    records = server.records["deals" if kind == "hubspot" else "leads"]
    assert len(records) == 1  # the lost answer did not make a second one
    with db_sessions() as session:
        (message,) = session.execute(select(OutboxMessage)).scalars()
        assert message.delivered_at is not None and message.attempts == 4
        assert message.external_id == records[0]["id"]
    # nothing more to do
    assert (
        drain(db_sessions, crm, clock=lambda: clock[0] + dt.timedelta(days=1)).delivered
        == 0
    )


def test_a_refusal_is_kept_for_a_person_to_look_at(
    db_sessions: sessionmaker, hubspot_server: FakeHubSpot
) -> None:
    _store_lead(db_sessions, "hubspot")
    done = drain(db_sessions, hubspot(hubspot_server, token="wrong"), clock=lambda: NOW)
    assert (done.delivered, done.refused) == (0, 1)
    with db_sessions() as session:
        (message,) = session.execute(select(OutboxMessage)).scalars()
        assert "401" in message.last_error and message.delivered_at is None
        assert message.next_attempt_at == NOW + dt.timedelta(hours=24)


def test_only_one_worker_claims_a_message(db_sessions: sessionmaker) -> None:
    _store_lead(db_sessions, "hubspot")
    with transaction(db_sessions) as session:
        first = _claim(session, "hubspot", NOW)
    with transaction(db_sessions) as session:
        second = _claim(session, "hubspot", NOW)
    assert first is not None and second is None
    with transaction(db_sessions) as session:  # a crashed worker's claim runs out
        assert _claim(session, "hubspot", NOW + dt.timedelta(minutes=5)) == first


def test_backoff() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 10)] == [30, 60, 120, 3600]


def test_a_local_lead_is_not_queued(db_sessions: sessionmaker) -> None:
    _store_lead(db_sessions, "local")
    with db_sessions() as session:
        assert session.execute(select(OutboxMessage)).first() is None
