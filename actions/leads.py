"""Quote requests as qualified leads, stored only with the visitor's explicit yes.

A form collects need, quantity, deadline, budget, company, name, e-mail and phone; a
summary can be corrected; kontor/leads.py stores the lead and queues it for the CRM.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from actions.base import BusinessAction, language_of, shared_company_file
from kontor import facts
from kontor.company import Company, CompanyConfigError, CompanyFile
from kontor.dates import DateSpan, resolve
from kontor.db import transaction
from kontor.emails import email_in
from kontor.hours import Clock, system_clock
from kontor.leads import (
    FLEXIBLE,
    SKIP,
    LeadDraft,
    clean_text,
    create_lead,
    is_skip,
    parse_deadline,
    parse_phone,
    parse_quantity,
)
from kontor.phrasing import colour_text, date_text
from kontor.settings import Settings
from kontor.words import words

logger = logging.getLogger(__name__)

FORM = "lead_form"
FIELDS = (
    "lead_need",
    "lead_quantity",
    "lead_deadline",
    "lead_budget",
    "lead_company",
    "lead_name",
    "lead_email",
    "lead_phone",
)
SLOTS = (*FIELDS, "lead_confirmed", "lead_consent")


def _company(company_file: Optional[CompanyFile]) -> Company:
    return (company_file or shared_company_file()).get()


def field_value(slot: str, value: Any, language: str, today: dt.date) -> str:
    """A lead field as the summary shows it."""
    w = words(language)
    if value in (None, SKIP):
        return w.not_given
    if slot == "lead_deadline":
        if value == FLEXIBLE:
            return w.flexible
        return date_text(dt.date.fromisoformat(str(value)), language, today)
    return str(value)


class ActionStartLead(BusinessAction):
    """Fills in what the conversation knows: the product in focus, quantity, date."""

    def name(self) -> Text:
        return "action_start_lead"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = [
            SlotSet(slot, None) for slot in SLOTS if tracker.get_slot(slot) is not None
        ]
        language = language_of(tracker)
        text = str((tracker.latest_message or {}).get("text") or "")
        named = [
            e
            for e in (tracker.latest_message or {}).get("entities") or []
            if e.get("entity") in ("product", "product_type")
        ]
        need = None
        if named and not text.startswith("/"):
            need = clean_text(text, 500)
        elif tracker.get_slot("topic") == "product":
            parts = [tracker.get_slot("product") or tracker.get_slot("product_type")]
            if tracker.get_slot("colour"):
                parts.append(colour_text(tracker.get_slot("colour"), language))
            if tracker.get_slot("size"):
                parts.append(tracker.get_slot("size"))
            need = ", ".join(p for p in parts if p) or None
        quantities = list(tracker.get_latest_entity_values("quantity"))
        quantity = (
            quantities[0]
            if quantities
            else (
                tracker.get_slot("quantity")
                if tracker.get_slot("topic") == "product"
                else None
            )
        )
        dates = list(tracker.get_latest_entity_values("date"))
        date_value = (
            dates[0]
            if dates
            else (
                tracker.get_slot("date")
                if tracker.get_slot("topic") == "product"
                else None
            )
        )
        if need:
            events.append(SlotSet("lead_need", need))
        if quantity:
            events.append(SlotSet("lead_quantity", str(quantity)))
        if date_value:
            try:
                company = self.company()
            except CompanyConfigError:
                company = None
            if company is not None:
                resolved = resolve(
                    str(date_value), self.clock().astimezone(company.tz), company
                )
                if isinstance(resolved, DateSpan):
                    events.append(SlotSet("lead_deadline", resolved.last.isoformat()))
        return events


class ValidateLeadForm(FormValidationAction):
    """Checks each answer; a wrong one is asked again with a hint."""

    def __init__(
        self, company_file: Optional[CompanyFile] = None, clock: Clock = system_clock
    ) -> None:
        self._company_file = company_file
        self.clock = clock

    def name(self) -> Text:
        return "validate_lead_form"

    def _text(
        self, slot: str, value: Any, limit: int, dispatcher: CollectingDispatcher
    ) -> Dict[Text, Any]:
        cleaned = clean_text(str(value or ""), limit)
        if cleaned is None:
            dispatcher.utter_message(response="utter_invalid_lead_text")
        return {slot: cleaned}

    def validate_lead_need(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        return self._text("lead_need", value, 500, dispatcher)

    def validate_lead_quantity(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        quantity = parse_quantity(str(value or ""))
        if quantity is None:
            dispatcher.utter_message(response="utter_invalid_lead_quantity")
            return {"lead_quantity": None}
        return {"lead_quantity": str(quantity)}

    def validate_lead_deadline(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        text = str(value or "")
        try:
            company = _company(self._company_file)
        except CompanyConfigError:
            return {"lead_deadline": parse_deadline(text) or None}
        try:
            dt.date.fromisoformat(text)
            return {
                "lead_deadline": text
            }  # already resolved (from the product question)
        except ValueError:
            pass
        now = self.clock().astimezone(company.tz)
        candidates = [*tracker.get_latest_entity_values("date"), text]
        for candidate in candidates:
            resolved = resolve(str(candidate), now, company)
            if isinstance(resolved, DateSpan):
                return {"lead_deadline": resolved.last.isoformat()}
        flexible = parse_deadline(text)
        if flexible:
            return {"lead_deadline": flexible}
        dispatcher.utter_message(response="utter_invalid_lead_deadline")
        return {"lead_deadline": None}

    def validate_lead_budget(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        if is_skip(str(value or "")):
            return {"lead_budget": SKIP}
        return self._text("lead_budget", value, 100, dispatcher)

    def validate_lead_company(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        return self._text("lead_company", value, 200, dispatcher)

    def validate_lead_name(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        return self._text("lead_name", value, 200, dispatcher)

    def validate_lead_email(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        found = [*tracker.get_latest_entity_values("email"), str(value or "")]
        email = email_in(" ".join(str(f) for f in found))
        if email is not None:
            return {"lead_email": email}
        dispatcher.utter_message(response="utter_invalid_lead_email")
        return {"lead_email": None}

    def validate_lead_phone(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        phone = parse_phone(str(value or ""))
        if phone is None:
            dispatcher.utter_message(response="utter_invalid_lead_phone")
        return {"lead_phone": phone}

    def validate_lead_confirmed(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        if value is False:
            dispatcher.utter_message(
                response="utter_ask_lead_change",
                buttons=change_buttons(language_of(tracker)),
            )
            return {"lead_confirmed": None}
        return {"lead_confirmed": value}


def change_buttons(language: str) -> List[Dict[str, str]]:
    """One quick reply per field: "E-Mail ändern"."""
    w = words(language)
    return [
        {
            "title": w.change.format(field=w.lead_fields[slot]),
            "payload": f'/change{{"field": "{slot}"}}',
        }
        for slot in FIELDS
    ]


class ActionAskLeadConfirmed(Action):
    """The summary, asked as the form's question for ``lead_confirmed``."""

    def name(self) -> Text:
        return "action_ask_lead_confirmed"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        w = words(language)
        today = dt.date.today()
        lines = []
        for slot in FIELDS:
            value = field_value(slot, tracker.get_slot(slot), language, today)
            lines.append(f"• {w.lead_fields[slot]}: {value}")
        dispatcher.utter_message(
            response="utter_lead_summary", summary="\n".join(lines)
        )
        return []


class ActionAskWithCompany(BusinessAction):
    """A form's question that names the company ("Darf die … speichern?").

    A form's own ``utter_ask_…`` is filled from slots only, and the company's name is
    no slot: without this action the visitor would read "{company}".
    """

    response: str

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        company = self.company_or_apology(dispatcher)
        if company is None:
            return []
        dispatcher.utter_message(response=self.response, **facts.contact_vars(company))
        return []


class ActionAskLeadConsent(ActionAskWithCompany):
    """The lead form's consent question."""

    response = "utter_ask_lead_consent"

    def name(self) -> Text:
        return "action_ask_lead_consent"


class ActionChangeLeadField(Action):
    """Forgets one field, so the form asks it again ("E-Mail ändern")."""

    def name(self) -> Text:
        return "action_change_lead_field"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        fields = [f for f in tracker.get_latest_entity_values("field") if f in FIELDS]
        if not fields:
            dispatcher.utter_message(
                response="utter_ask_lead_change",
                buttons=change_buttons(language_of(tracker)),
            )
            return [SlotSet("lead_confirmed", None)]
        return [SlotSet(fields[0], None), SlotSet("lead_confirmed", None)]


class ActionSubmitLead(BusinessAction):
    """Stores the lead — only with the visitor's yes — and says what happens next."""

    def __init__(
        self,
        company_file: Optional[CompanyFile] = None,
        clock: Clock = system_clock,
        sessions: Optional[sessionmaker] = None,
        crm: Optional[str] = None,
    ) -> None:
        super().__init__(company_file, clock, sessions)
        self._crm = crm

    def name(self) -> Text:
        return "action_submit_lead"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        reset = [SlotSet(slot, None) for slot in SLOTS]
        company = self.company_or_apology(dispatcher)
        if company is None:
            return reset
        contact = facts.contact_vars(company)
        if tracker.get_slot("lead_consent") is not True:
            dispatcher.utter_message(response="utter_lead_not_saved", **contact)
            return reset
        language = language_of(tracker)
        draft = self.draft(tracker, company, domain, language)
        try:
            with transaction(self.sessions()) as session:
                lead = create_lead(
                    session=session,
                    draft=draft,
                    now=self.clock(),
                    crm=self._crm or Settings.from_env().crm,
                )
                number = lead.id
        except SQLAlchemyError as error:
            logger.error("lead not stored: %s", error)
            dispatcher.utter_message(response="utter_lead_not_stored", **contact)
            return reset
        dispatcher.utter_message(
            response="utter_lead_saved", name=draft.name, number=number
        )
        return reset

    def draft(
        self, tracker: Tracker, company: Company, domain: Dict[Text, Any], language: str
    ) -> LeadDraft:
        """The lead as confirmed, with the consent text the visitor agreed to."""

        def optional(slot: str) -> Optional[str]:
            value = tracker.get_slot(slot)
            return None if value in (None, SKIP) else str(value)

        deadline = optional("lead_deadline")
        quantity = optional("lead_quantity")
        return LeadDraft(
            need=str(tracker.get_slot("lead_need")),
            company=str(tracker.get_slot("lead_company")),
            name=str(tracker.get_slot("lead_name")),
            email=str(tracker.get_slot("lead_email")),
            consent_text=consent_text(domain, language, company),
            quantity=int(quantity) if quantity and quantity.isdigit() else None,
            deadline=dt.date.fromisoformat(deadline)
            if deadline and deadline != FLEXIBLE
            else None,
            budget=optional("lead_budget"),
            phone=optional("lead_phone"),
            product_number=None,
            language=language,
            sender_id=tracker.sender_id,
        )


def consent_text(
    domain: Dict[Text, Any],
    language: str,
    company: Company,
    response: str = "utter_ask_lead_consent",
) -> str:
    """The consent question exactly as the visitor saw it (from domain.yml)."""
    variants = domain.get("responses", {}).get(response, [])
    chosen = None
    for variant in variants:
        conditions = variant.get("condition") or []
        if any(c.get("value") == language for c in conditions):
            chosen = variant
        elif not conditions and chosen is None:
            chosen = variant
    template = str((chosen or {}).get("text") or "")
    return template.format(**facts.contact_vars(company))
