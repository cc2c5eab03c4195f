"""Personal data taken out of a conversation's events before they are kept.

Rasa keeps every event of a conversation: what the visitor typed, what the bot said,
every slot. This module decides, event by event (as the JSON dictionaries Rasa
stores), what is kept:

- what the visitor typed and what the bot said: with e-mail addresses, phone numbers,
  IBANs, card numbers, addresses and dates of birth replaced by placeholders;
- a visitor's answer to a form question that asks for personal data ("Wie ist Ihr
  Name?"): replaced as a whole by the slot's placeholder, since a name or a company
  cannot be recognised by its form;
- the value of such a slot: kept verbatim only while a form is active, because the
  running form needs it for its summary and the record it stores with consent; once
  no form is active any more it is replaced, and ``scrub_slot`` replaces the values
  kept earlier in the conversation.

It knows nothing about Rasa's classes; ``stores.redacting`` applies it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from kontor.privacy.redaction import redact

Event = Dict[str, Any]

# The visitor's "Löschen Sie meine Daten" (actions/privacy.py) and the response it
# utters when it has deleted: only then does the tracker store delete the
# conversation (stores/redacting.py) — a failed erasure keeps it.
ERASE_ACTION = "action_erase_my_data"
ERASED_RESPONSE = "utter_data_erased"

NAME = "[NAME]"
COMPANY = "[FIRMA]"
CONTACT = "[KONTAKT]"
GIVEN = "[ANGABE]"

# The slots of Kontor's forms that hold personal data, and what replaces them.
PERSONAL_SLOTS: Mapping[str, str] = MappingProxyType(
    {
        "lead_name": NAME,
        "lead_company": COMPANY,
        "lead_email": "[E-MAIL]",
        "lead_phone": "[TELEFON]",
        "callback_name": NAME,
        "callback_contact": CONTACT,
        "order_secret": GIVEN,
    }
)

# Slots whose values an event broker may publish: outcomes, not what was typed.
BROKER_SLOTS = frozenset(
    {"language", "topic", "handoff_route", "handoff_trigger", "requested_slot"}
)

# Keys whose values are names chosen by the bot's author, never typed by a visitor:
# at the top of an event ("name" is the action or slot) ...
_EVENT_KEYS = frozenset(
    {
        "event",
        "name",
        "policy",
        "timestamp",
        "confidence",
        "input_channel",
        "message_id",
    }
)
# ... and anywhere below it (a response's variables in "metadata" are text: a bot
# message's {name} may be the visitor's)
_NOT_TEXT = frozenset(
    {
        "intent",
        "intent_ranking",
        "entity",
        "extractor",
        "processors",
        "role",
        "group",
        "start",
        "end",
        "confidence_entity",
        "utter_action",
        "template_name",
        "template",
        "response",
        "model_id",
        "assistant_id",
    }
)


@dataclass
class FormState:
    """Which form runs and which slot it asks for, as the events so far say."""

    active_loop: Optional[str] = None
    requested_slot: Optional[str] = None

    def follow(self, event: Mapping[str, Any]) -> None:
        """Move the state past ``event``."""
        kind = event.get("event")
        if kind == "active_loop":
            self.active_loop = event.get("name")
            if self.active_loop is None:
                self.requested_slot = None
        elif kind == "slot" and event.get("name") == "requested_slot":
            self.requested_slot = event.get("value")
        elif kind in ("restart", "session_started"):
            self.active_loop = None
            self.requested_slot = None


@dataclass(frozen=True)
class EventRedactor:
    """Applies the rules above; ``personal_slots`` maps slot names to placeholders."""

    personal_slots: Mapping[str, str] = PERSONAL_SLOTS

    def redact(
        self,
        new: Iterable[Mapping[str, Any]],
        state: FormState,
        active_at_save: Optional[str],
        known: Iterable[Tuple[str, Any]] = (),
    ) -> List[Event]:
        """Copies of the ``new`` events, each stripped as the rules say.

        ``state`` is the form state before the first new event (it is moved on);
        ``active_at_save`` the form active once all events have happened; ``known``
        the (slot, value) pairs the conversation's personal slots have held, so
        that a name the bot repeats ("Danke, Frau Kowalczyk!") goes too.
        """
        values = self.known(known)
        kept: List[Event] = []
        for event in new:
            kept.append(self._one(event, state, active_at_save, values))
            state.follow(event)
        return kept

    def needs_scrub(self, new: Iterable[Mapping[str, Any]]) -> bool:
        """True when ``new`` ends a form or a conversation: earlier values must go."""
        return any(
            (event.get("event") == "active_loop" and event.get("name") is None)
            or event.get("event") in ("restart", "session_started")
            for event in new
        )

    def known(self, pairs: Iterable[Tuple[str, Any]]) -> _Known:
        """The conversation's personal values, to be found again in any text."""
        return _Known(self.personal_slots, pairs)

    def scrub(self, event: Mapping[str, Any], known: _Known) -> Optional[Event]:
        """An event stored earlier, with personal values replaced; None if unchanged.

        A slot loses its value; what the visitor or the bot wrote loses every value
        the form has learnt since ("Hallo, ich bin Jana Kowalczyk" before the form
        asked for the name).
        """
        slot = self.scrub_slot(event)
        if slot is not None:
            return slot
        if event.get("event") in ("user", "bot"):
            changed = _redact_strings(event, known)
            return changed if changed != event else None
        return None

    def for_broker(self, event: Mapping[str, Any]) -> Event:
        """What an event broker may publish: no text, no entity or slot values.

        A published event cannot be scrubbed later, and the analytics that read the
        broker count intents, actions and outcomes, not words. Only the slots that
        name such an outcome (BROKER_SLOTS) keep their values.
        """
        changed = copy.deepcopy(dict(event))
        changed.pop("metadata", None)
        if changed.get("event") == "slot" and changed.get("name") not in BROKER_SLOTS:
            changed["value"] = None
        if changed.get("event") in ("user", "bot"):
            changed["text"] = None
            changed.pop("data", None)
            parse_data = changed.get("parse_data")
            if isinstance(parse_data, dict):
                parse_data["text"] = None
                parse_data.pop("metadata", None)
                for entity in parse_data.get("entities") or []:
                    if isinstance(entity, dict):
                        entity["value"] = None
        return changed

    def scrub_slot(self, event: Mapping[str, Any]) -> Optional[Event]:
        """``event`` with a personal slot's value removed, or None if it has none.

        Removed, not replaced by its placeholder: read back, a slot holding "[NAME]"
        would count as filled, and a later form would store "[NAME]" as the name.
        """
        if event.get("event") != "slot" or event.get("name") not in self.personal_slots:
            return None
        if event.get("value") is None:
            return None
        changed = dict(event)
        changed["value"] = None
        return changed

    def _one(
        self,
        event: Mapping[str, Any],
        state: FormState,
        active_at_save: Optional[str],
        known: _Known,
    ) -> Event:
        kind = event.get("event")
        if kind == "user":
            answered = state.requested_slot if state.active_loop else None
            placeholder = self.personal_slots.get(answered or "")
            if placeholder is not None:
                return _replace_user_text(event, placeholder)
            return _redact_strings(event, known)
        if kind == "bot":
            return _redact_strings(event, known)
        if kind == "slot":
            if active_at_save is None:
                scrubbed = self.scrub_slot(event)
                if scrubbed is not None:
                    return scrubbed
            if event.get("name") in self.personal_slots:
                return dict(event)
            return _redact_strings(event, known)
        return copy.deepcopy(dict(event))


class _Known:
    """The personal values of this conversation, found again in any text."""

    def __init__(
        self, personal_slots: Mapping[str, str], pairs: Iterable[Tuple[str, Any]]
    ) -> None:
        replacements: Dict[str, str] = {}
        for slot, value in pairs:
            placeholder = personal_slots.get(slot)
            if placeholder is None or not isinstance(value, str):
                continue
            value = value.strip()
            if len(value) < 3 or value == placeholder:
                continue
            replacements[value] = placeholder
            if placeholder == NAME:  # "Frau Kowalczyk" for "Jana Kowalczyk"
                for part in value.split():
                    if len(part) >= 3 and part[0].isupper():
                        replacements.setdefault(part, placeholder)
        # longest first, so the whole name goes before its parts
        ordered = sorted(replacements, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in ordered))
            if ordered
            else None
        )
        self._replacements = replacements

    def replace(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._replacements[m.group()], text)


def _replace_user_text(event: Mapping[str, Any], placeholder: str) -> Event:
    """The visitor's answer replaced as a whole, entities' values too."""
    changed = copy.deepcopy(dict(event))
    changed["text"] = placeholder
    parse_data = changed.get("parse_data")
    if isinstance(parse_data, dict):
        parse_data["text"] = placeholder
        for entity in parse_data.get("entities") or []:
            if isinstance(entity, dict):
                entity["value"] = placeholder
    return changed


def _redact_strings(value: Any, known: _Known, key: str = "") -> Any:
    """``value`` with personal data replaced in every string a visitor may type."""
    if key in _NOT_TEXT:
        return copy.deepcopy(value)
    if isinstance(value, str):
        return redact(known.replace(value))
    if isinstance(value, Mapping) and "event" in value and not key:
        return {
            k: copy.deepcopy(v) if k in _EVENT_KEYS else _redact_strings(v, known, k)
            for k, v in value.items()
        }
    if isinstance(value, Mapping):
        return {k: _redact_strings(v, known, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_strings(item, known, key) for item in value]
    return value
