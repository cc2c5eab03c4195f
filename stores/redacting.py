"""Rasa's SQL tracker store, keeping conversations without the visitors' personal data.

Declared in endpoints.yml (``type: stores.redacting.RedactingSQLTrackerStore``), Rasa's
own extension point for tracker stores. It is Rasa's ``SQLTrackerStore`` — same table,
same dialects, same retrieval — except that every event is passed through
``kontor.privacy.events`` before it is written or published to an event broker:

- e-mail addresses, phone numbers, IBANs, card numbers, addresses and dates of birth in
  what the visitor and the bot wrote become placeholders ("[E-MAIL]");
- answers to the forms' personal questions and the values of their slots are kept only
  while the form runs (the lead summary needs them); when the form ends, or the
  conversation restarts, the kept values are replaced in the rows written earlier;
  an event broker (the production profile's RabbitMQ) gets no texts and no values at
  all, only intents, actions and slots' names: what it has published cannot be taken
  back, and the analytics reading it count outcomes, not words.

When the visitor asks in the chat to delete their data (``action_erase_my_data``,
once it has said it did), the conversation's stored events are deleted here — Rasa
would otherwise write the tracker it holds in memory back — and only the events from
that action on are kept.

What the visitor agreed to store (a lead, a callback) is in the business database with
the consent record; the conversation keeps only placeholders. ``redact: false`` in
endpoints.yml keeps conversations verbatim, as Rasa does (say so in the privacy notice).

The running conversation is not affected: Rasa handles a message on the tracker in
memory and saves it afterwards, so a form sees what the visitor just typed.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Mapping, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from kontor.privacy import logs
from kontor.privacy.events import (
    ERASE_ACTION,
    ERASED_RESPONSE,
    PERSONAL_SLOTS,
    EventRedactor,
    FormState,
)

logger = logging.getLogger(__name__)

# Rasa's own log lines (the received message at debug level) go through the same
# redaction as ours once this module is loaded, which Rasa does at start-up.
logs.install()


class RedactingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that writes events with personal data replaced."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        event_broker: Optional[EventBroker] = None,
        redact: Any = True,
        personal_slots: Optional[Mapping[str, str]] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain=domain, event_broker=event_broker, **kwargs)
        self.redactor: Optional[EventRedactor] = (
            EventRedactor(personal_slots or PERSONAL_SLOTS) if _on(redact) else None
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Writes (and publishes) the events not stored yet, stripped as configured.

        After the visitor's "Löschen Sie meine Daten" (``action_erase_my_data``) the
        conversation's stored events are deleted and only what follows is kept.
        """
        events = list(tracker.events)
        with self.session_scope() as session:
            stored = self._event_query(
                session, tracker.sender_id, fetch_events_from_all_sessions=False
            ).count()
            new = events[stored:]
            erased_at = _erasure(new)
            if erased_at is not None:
                session.query(self.SQLEvent).filter(
                    self.SQLEvent.sender_id == tracker.sender_id
                ).delete(synchronize_session=False)
                before, new = [], new[erased_at:]
            else:
                before = events[:stored]
            if not new:
                session.commit()
                return
            dicts = [event.as_dict() for event in new]
            if self.redactor is None:
                kept = dicts
            else:
                known = [
                    (event.key, event.value)
                    for event in events
                    if isinstance(event, SlotSet)
                    and event.key in self.redactor.personal_slots
                ]
                kept = self.redactor.redact(
                    dicts, _state_before(before), tracker.active_loop_name, known
                )
            for data in kept:
                session.add(self._row(tracker.sender_id, data))
            if self.redactor is not None and self.redactor.needs_scrub(dicts):
                self._scrub(session, tracker.sender_id, known)
            session.commit()
        if self.event_broker is not None:
            for data in kept:
                if self.redactor is not None:
                    data = self.redactor.for_broker(data)
                self.event_broker.publish({"sender_id": tracker.sender_id, **data})
        logger.debug("Tracker stored to database")

    def _row(self, sender_id: Text, data: Dict[str, Any]) -> Any:
        intent = (data.get("parse_data") or {}).get("intent", {}) or {}
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=data.get("event"),
            timestamp=data.get("timestamp"),
            intent_name=intent.get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _scrub(
        self, session: Any, sender_id: Text, known: List[Tuple[str, Any]]
    ) -> None:
        """Replaces the form's personal values in the sender's earlier rows."""
        assert self.redactor is not None
        values = self.redactor.known(known)
        rows = (
            session.query(self.SQLEvent)
            .filter(
                self.SQLEvent.sender_id == sender_id,
                sa.or_(
                    sa.and_(
                        self.SQLEvent.type_name == SlotSet.type_name,
                        self.SQLEvent.action_name.in_(
                            list(self.redactor.personal_slots)
                        ),
                    ),
                    self.SQLEvent.type_name.in_(["user", "bot"]),
                ),
            )
            .all()
        )
        for row in rows:
            scrubbed = self.redactor.scrub(json.loads(row.data), values)
            if scrubbed is not None:
                row.data = json.dumps(scrubbed)


def _erasure(events: List[Any]) -> Optional[int]:
    """Where the visitor's erasure succeeded among ``events`` (the last time).

    It succeeded when the action ran and then said so (ERASED_RESPONSE); an action
    that failed, or never reached the action server, keeps the conversation.
    """
    found = None
    running: Optional[int] = None
    for index, event in enumerate(events):
        if isinstance(event, ActionExecuted):
            running = index if event.action_name == ERASE_ACTION else None
        elif (
            running is not None
            and isinstance(event, BotUttered)
            and (event.metadata or {}).get("utter_action") == ERASED_RESPONSE
        ):
            found = running
    return found


def _state_before(events: List[Any]) -> FormState:
    """The form state after ``events`` (Rasa's event objects)."""
    state = FormState()
    for event in events:
        if isinstance(event, ActiveLoop):
            state.follow({"event": "active_loop", "name": event.name})
        elif isinstance(event, SlotSet) and event.key == "requested_slot":
            state.follow({"event": "slot", "name": event.key, "value": event.value})
        elif isinstance(event, (Restarted, SessionStarted)):
            state.follow({"event": event.type_name})
    return state


def _on(value: Any) -> bool:
    """endpoints.yml's switch: true/false, also as the strings ${…} gives."""
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "0", "no", "off", "nein", "")
    return bool(value)
