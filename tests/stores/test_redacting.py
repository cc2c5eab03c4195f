"""The redacting tracker store: personal data never reaches the table or the broker.

Rasa's real SQL tracker store underneath, on SQLite and (when .ci/run says where) on
PostgreSQL; the conversation is a lead form as Rasa's processor saves it, turn by
turn, and every row is searched for what the visitor typed.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from kontor.db import make_engine
from stores.redacting import RedactingSQLTrackerStore

DOMAIN = Domain.from_dict(
    {
        "slots": {
            name: {"type": "text", "mappings": [{"type": "custom"}]}
            for name in ("lead_name", "lead_email", "lead_need")
        },
        "forms": {"lead_form": {"required_slots": ["lead_name", "lead_email"]}},
    }
)
SENDER = "besucher-1"


class Captured(EventBroker):
    """An event broker that keeps what it is given (the real one is RabbitMQ)."""

    def __init__(self) -> None:
        self.published: List[Dict[str, Any]] = []

    def publish(self, event: Dict[str, Any]) -> None:
        self.published.append(event)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'conversations.db'}"
        return
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS events"))
    yield url
    # the business database's migration test compares its tables with the models
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS events"))
    engine.dispose()


def _store(
    url: str, broker: EventBroker = None, **kwargs: Any
) -> RedactingSQLTrackerStore:
    return RedactingSQLTrackerStore(
        domain=DOMAIN, host=url, event_broker=broker, **kwargs
    )


def _turn(store: RedactingSQLTrackerStore, events: List[Event]) -> None:
    """One message handled: the stored tracker, the turn's events, saved."""
    tracker = asyncio.run(store.retrieve(SENDER)) or DialogueStateTracker(
        SENDER, DOMAIN.slots
    )
    for event in events:
        tracker.update(event)
    asyncio.run(store.save(tracker))


def _rows(url: str) -> List[Dict[str, Any]]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT data FROM events ORDER BY id")).all()
    engine.dispose()
    return [json.loads(row.data) for row in rows]


def _lead_conversation(store: RedactingSQLTrackerStore) -> None:
    _turn(
        store,
        [
            ActionExecuted("action_session_start"),
            SessionStarted(),
            ActionExecuted("action_listen"),
            UserUttered(
                "Hier Jana Kowalczyk. Angebot für 500 Warnwesten bitte, Rückruf "
                "unter 0171 2345678",
                {"name": "request_quote"},
            ),
            ActionExecuted("lead_form"),
            ActiveLoop("lead_form"),
            SlotSet("lead_need", "500 Warnwesten, Rückruf 0171 2345678"),
            SlotSet("requested_slot", "lead_name"),
            BotUttered("Wie ist Ihr Name?"),
            ActionExecuted("action_listen"),
        ],
    )
    _turn(
        store,
        [
            UserUttered("Jana Kowalczyk", {"name": "inform"}),
            ActionExecuted("lead_form"),
            SlotSet("lead_name", "Jana Kowalczyk"),
            SlotSet("requested_slot", "lead_email"),
            BotUttered("Und Ihre E-Mail-Adresse?"),
            ActionExecuted("action_listen"),
        ],
    )


def test_form_answers_are_kept_while_the_form_runs_then_replaced(
    store_url: str,
) -> None:
    broker = Captured()
    store = _store(store_url, broker)
    _lead_conversation(store)

    stored = json.dumps(_rows(store_url), ensure_ascii=False)
    # the answer to "Wie ist Ihr Name?" is not kept as typed ...
    assert '"text": "[NAME]"' in stored
    assert "0171 2345678" not in stored and "[TELEFON]" in stored
    # ... but the running form still has the name
    tracker = asyncio.run(store.retrieve(SENDER))
    assert tracker.get_slot("lead_name") == "Jana Kowalczyk"

    _turn(
        store,
        [
            UserUttered(
                "jana.k@kowalczyk-bau.de",
                {"name": "inform"},
                [{"entity": "email", "value": "jana.k@kowalczyk-bau.de"}],
            ),
            ActionExecuted("lead_form"),
            SlotSet("lead_email", "jana.k@kowalczyk-bau.de"),
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            ActionExecuted("action_submit_lead"),
            BotUttered(
                "Danke, Frau Kowalczyk! Wir schreiben an jana.k@kowalczyk-bau.de."
            ),
            SlotSet("lead_name", None),
            SlotSet("lead_email", None),
            ActionExecuted("action_listen"),
        ],
    )
    rows = _rows(store_url)
    everything = json.dumps(rows, ensure_ascii=False) + json.dumps(
        broker.published, ensure_ascii=False
    )
    for typed in ("Jana", "Kowalczyk", "kowalczyk-bau.de", "2345678"):
        assert typed not in everything, typed
    # nothing lost: Rasa reads the same number of events back, in order
    tracker = asyncio.run(store.retrieve(SENDER))
    # (Rasa reads a session from its session_started on: all rows but the first)
    assert len(rows) == 26 and len(tracker.events) == 25
    assert [e["event"] for e in broker.published] == [e["event"] for e in rows]
    # the broker's analytics get intents and actions, no words
    said = [e for e in broker.published if e["event"] in ("user", "bot")]
    assert said and all(e["text"] is None for e in said)
    assert "request_quote" in json.dumps(broker.published)
    assert tracker.get_slot("lead_name") is None
    # the bot's own words stay, with the address replaced
    assert "Danke, Frau [NAME]! Wir schreiben an [E-MAIL]." in [
        e.get("text") for e in rows
    ]


def test_a_new_session_replaces_the_values_of_a_form_left_open(store_url: str) -> None:
    store = _store(store_url)
    _lead_conversation(store)
    assert "Jana Kowalczyk" in json.dumps(_rows(store_url), ensure_ascii=False)
    _turn(
        store,
        [
            ActionExecuted("action_session_start"),
            SessionStarted(),
            SlotSet("lead_name", "Jana Kowalczyk"),  # carried over, as Rasa does
        ],
    )
    assert "Jana Kowalczyk" not in json.dumps(_rows(store_url), ensure_ascii=False)


def test_redact_false_keeps_conversations_as_rasa_does(store_url: str) -> None:
    store = _store(store_url, redact="false")
    _lead_conversation(store)
    stored = json.dumps(_rows(store_url), ensure_ascii=False)
    assert "Jana Kowalczyk" in stored and "0171 2345678" in stored


def test_saving_twice_adds_nothing(store_url: str) -> None:
    store = _store(store_url)
    _lead_conversation(store)
    before = _rows(store_url)
    tracker = asyncio.run(store.retrieve(SENDER))
    asyncio.run(store.save(tracker))
    assert _rows(store_url) == before


@pytest.mark.parametrize("redact", ["true", "false"])
def test_the_visitors_erasure_deletes_the_conversation_before_it(
    store_url: str, redact: str
) -> None:
    store = _store(store_url, redact=redact)
    _lead_conversation(store)
    _turn(
        store,
        [
            UserUttered("Löschen Sie meine Daten", {"name": "erase_my_data"}),
            ActionExecuted("utter_ask_erase_confirm"),
            BotUttered("Soll ich alles löschen?"),
            ActionExecuted("action_listen"),
        ],
    )
    _turn(
        store,
        [
            UserUttered("Ja", {"name": "affirm"}),
            ActionExecuted("action_erase_my_data"),
            BotUttered(
                "Erledigt: alles gelöscht.",
                metadata={"utter_action": "utter_data_erased"},
            ),
            AllSlotsReset(),
            ActionExecuted("action_listen"),
        ],
    )
    rows = _rows(store_url)
    assert [row["event"] for row in rows] == ["action", "bot", "reset_slots", "action"]
    assert "Warnwesten" not in json.dumps(rows, ensure_ascii=False)
    # Rasa reads the short conversation back and goes on with it
    _turn(
        store,
        [
            UserUttered("Danke", {"name": "thank"}),
            ActionExecuted("utter_welcome"),
            ActionExecuted("action_listen"),
        ],
    )
    assert len(_rows(store_url)) == 7
    assert len(asyncio.run(store.retrieve(SENDER)).events) == 7


def test_a_failed_erasure_keeps_the_conversation(store_url: str) -> None:
    """The action ran but could not delete (or never reached the action server)."""
    store = _store(store_url)
    _lead_conversation(store)
    before = len(_rows(store_url))
    _turn(
        store,
        [
            UserUttered("Ja", {"name": "affirm"}),
            ActionExecuted("action_erase_my_data"),
            BotUttered(
                "Das tut mir leid …", metadata={"utter_action": "utter_erase_failed"}
            ),
            ActionExecuted("action_listen"),
        ],
    )
    assert len(_rows(store_url)) == before + 4
