"""The emergency exit: a person takes over the chat, or the visitor leaves a callback.

Which way it goes is kontor.handoff.routing's decision (opening hours, who is online);
the handoff and the ticket live in the business database (kontor.handoff.store), where
the staff inbox finds them. A live handoff pauses the Rasa conversation: from then on
the visitor's messages are only recorded, and the inbox answers through Rasa's API.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

import phonenumbers
from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.base import BusinessAction, language_of
from actions.leads import ActionAskWithCompany, consent_text
from kontor import facts
from kontor.company import Company
from kontor.db import transaction
from kontor.emails import email_in
from kontor.handoff import notify, staff, store
from kontor.handoff.routing import Way, Why, route
from kontor.hours import opening_status
from kontor.leads import clean_text
from kontor.phrasing import closes_at_text, moment_text, next_open_text

logger = logging.getLogger(__name__)

ROUTE_SLOT = "handoff_route"
TRIGGER_SLOT = "handoff_trigger"
CALLBACK_SLOTS = (
    "callback_name",
    "callback_contact",
    "callback_description",
    "callback_consent",
)
# one friendly sentence per trigger the visitor did not state themselves (after a
# complaint, the visitor has just said yes to a colleague: utter_complaint explained)
REASONS = {
    "anger": "utter_handoff_reason_anger",
    "misunderstood": "utter_handoff_reason_misunderstood",
}
NOTE_SUBJECTS = {
    "handoff": "Kontor: Ein Chat wartet auf Sie",
    "ticket": "Kontor: Neuer Rückrufwunsch",
}


def trigger_of(tracker: Tracker) -> str:
    """Why a person is wanted: the slot an action set, or the visitor's own request."""
    trigger = tracker.get_slot(TRIGGER_SLOT)
    if trigger in store.TRIGGERS:
        return str(trigger)
    # components/anger_handoff.py turned an angry message into request_human
    anger = (tracker.latest_message or {}).get("anger")
    if isinstance(anger, dict) and anger.get("intent"):
        return "anger"
    # "yes" to the colleague offered after a complaint
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") not in (
            "action_listen",
            "action_request_human",
        ):
            return "complaint" if event.get("name") == "action_complaint" else "request"
    return "request"


class ActionRequestHuman(BusinessAction):
    """Hands the chat to a person who is online now, or takes a callback request."""

    def name(self) -> Text:
        return "action_request_human"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        company = self.company_or_apology(dispatcher)
        if company is None:
            return []
        language = language_of(tracker)
        trigger = trigger_of(tracker)
        now = self.clock()
        contact = facts.contact_vars(company)
        if trigger in REASONS:
            dispatcher.utter_message(response=REASONS[trigger])
        try:
            with transaction(self.sessions()) as session:
                online = staff.online_count(session=session, now=now)
                decision = route(company, now, online)
                if decision.way is Way.LIVE:
                    handoff = store.open_handoff(
                        session=session,
                        sender_id=tracker.sender_id,
                        language=language,
                        trigger=trigger,
                        now=now,
                        context=_context(tracker),
                    )
                    notify.enqueue(
                        session=session,
                        settings=notify.NotifySettings.from_env(),
                        key=f"handoff-{handoff.id}",
                        subject=NOTE_SUBJECTS["handoff"],
                        body=f"Chat {handoff.id} wartet im Posteingang.",
                        now=now,
                    )
        except (SQLAlchemyError, ValueError) as error:
            # no inbox to hand over to (or its notification settings are broken):
            # the phone and e-mail still work
            logger.error("handoff not stored: %s", error)
            return _contact_instead(dispatcher, company, now, language, contact)
        if decision.way is Way.LIVE:
            dispatcher.utter_message(response="utter_handoff_waiting")
            return [
                SlotSet(ROUTE_SLOT, "live"),
                SlotSet(TRIGGER_SLOT, None),
                ConversationPaused(),
            ]
        status = opening_status(company, now)
        if decision.why is Why.CLOSED:
            next_open = next_open_text(status, language)
            if not next_open:
                return _contact_instead(dispatcher, company, now, language, contact)
            dispatcher.utter_message(
                response="utter_handoff_callback_closed", next_open=next_open
            )
        else:
            dispatcher.utter_message(
                response="utter_handoff_callback_busy",
                closes_at=closes_at_text(status),
            )
        return [SlotSet(ROUTE_SLOT, "callback"), SlotSet(TRIGGER_SLOT, trigger)]


def _context(tracker: Tracker) -> Dict[str, Any]:
    """Ids staff should see at once (no free text: that is in the transcript)."""
    found = {}
    for slot in ("order_number", "product"):
        value = tracker.get_slot(slot)
        if value:
            found[slot] = str(value)[:100]
    return found


def _contact_instead(
    dispatcher: CollectingDispatcher,
    company: Company,
    now: Any,
    language: str,
    contact: Dict[str, str],
) -> List[EventType]:
    """Phone and e-mail, as before the inbox existed (the database is down)."""
    status = opening_status(company, now)
    if status.is_open:
        dispatcher.utter_message(response="utter_human_during_hours", **contact)
    else:
        next_open = next_open_text(status, language)
        dispatcher.utter_message(
            response="utter_human_after_hours"
            if next_open
            else "utter_human_closed_until_further_notice",
            next_open=next_open,
            **contact,
        )
    return [SlotSet(ROUTE_SLOT, None), SlotSet(TRIGGER_SLOT, None)]


class ActionHandoffJoined(BusinessAction):
    """A staff member took the chat (external intent from the inbox): say who."""

    def name(self) -> Text:
        return "action_handoff_joined"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        name = next(tracker.get_latest_entity_values("staff_name"), None)
        dispatcher.utter_message(
            response="utter_handoff_joined", staff_name=str(name or "")[:100]
        )
        return [ConversationPaused()]


class ActionHandoffNotTaken(BusinessAction):
    """Nobody took the chat in time (external intent from the worker): callback."""

    def name(self) -> Text:
        return "action_handoff_not_taken"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_handoff_not_taken")
        # why the visitor wanted a person, as the worker passed it on (for the ticket)
        trigger = next(tracker.get_latest_entity_values("handoff_trigger"), None)
        if trigger not in store.TRIGGERS:
            trigger = "request"
        return [SlotSet(ROUTE_SLOT, "callback"), SlotSet(TRIGGER_SLOT, trigger)]


def phone_in(text: str) -> str | None:
    """The first phone number in the text, as typed (German or international)."""
    for match in phonenumbers.PhoneNumberMatcher(text, "DE"):
        return str(match.raw_string)
    return None


class ValidateCallbackForm(FormValidationAction):
    """Name, a way to reach the visitor, what it is about, and consent."""

    def name(self) -> Text:
        return "validate_callback_form"

    def validate_callback_name(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        name = clean_text(str(value or ""), 200)
        if name is None:
            dispatcher.utter_message(response="utter_invalid_callback_name")
        return {"callback_name": name}

    def validate_callback_contact(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        text = str(value or "")
        email = email_in(text)
        if email:
            return {"callback_contact": email}
        phone = phone_in(text)
        if phone:
            return {"callback_contact": phone}
        dispatcher.utter_message(response="utter_invalid_callback_contact")
        return {"callback_contact": None}

    def validate_callback_description(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        description = clean_text(str(value or ""), 1000)
        if description is None:
            dispatcher.utter_message(response="utter_invalid_callback_description")
        return {"callback_description": description}


class ActionAskCallbackConsent(ActionAskWithCompany):
    """The callback form's consent question."""

    response = "utter_ask_callback_consent"

    def name(self) -> Text:
        return "action_ask_callback_consent"


class ActionSubmitCallback(BusinessAction):
    """Stores the callback, only with the visitor's yes, and says when it will come."""

    def name(self) -> Text:
        return "action_submit_callback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        reset: List[EventType] = [SlotSet(slot, None) for slot in CALLBACK_SLOTS]
        reset += [SlotSet(ROUTE_SLOT, None), SlotSet(TRIGGER_SLOT, None)]
        company = self.company_or_apology(dispatcher)
        if company is None:
            return reset
        contact = facts.contact_vars(company)
        if tracker.get_slot("callback_consent") is not True:
            dispatcher.utter_message(response="utter_callback_not_saved", **contact)
            return reset
        language = language_of(tracker)
        now = self.clock()
        status = opening_status(company, now)
        # when a person can reply: the routing's rule (nobody is taking a chat now)
        reply_from = route(company, now, staff_online=0).reply_from
        reach = str(tracker.get_slot("callback_contact") or "")
        callback = store.Callback(
            sender_id=tracker.sender_id,
            language=language,
            trigger=trigger_of(tracker),
            name=str(tracker.get_slot("callback_name") or ""),
            description=str(tracker.get_slot("callback_description") or ""),
            consent_text=consent_text(
                domain, language, company, "utter_ask_callback_consent"
            ),
            consented_at=now,
            email=reach if "@" in reach else None,
            phone=None if "@" in reach else reach,
            reply_from=reply_from,
        )
        try:
            with transaction(self.sessions()) as session:
                ticket = store.create_ticket(
                    session=session, callback=callback, now=now
                )
                notify.enqueue(
                    session=session,
                    settings=notify.NotifySettings.from_env(),
                    key=f"ticket-{ticket.id}",
                    subject=NOTE_SUBJECTS["ticket"],
                    body=f"Rückruf {ticket.id} wartet im Posteingang.",
                    now=now,
                )
        except (SQLAlchemyError, ValueError) as error:
            logger.error("callback not stored: %s", error)
            dispatcher.utter_message(response="utter_callback_not_stored", **contact)
            return reset
        if status.is_open:
            dispatcher.utter_message(
                response="utter_callback_saved_today",
                name=callback.name,
                closes_at=closes_at_text(status),
            )
        elif reply_from is not None:
            dispatcher.utter_message(
                response="utter_callback_saved",
                name=callback.name,
                when=moment_text(reply_from, status.now, language),
            )
        else:
            dispatcher.utter_message(
                response="utter_callback_saved_later", name=callback.name
            )
        return reset
