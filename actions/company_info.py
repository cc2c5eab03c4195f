"""Greeting, opening hours, contact and location — answered live from company.yml."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CompanyAction
from kontor import facts
from kontor.company import Company
from kontor.hours import Reason, opening_status
from kontor.phrasing import closes_at_text, next_open_text, schedule_text

_STATUS_RESPONSES = {
    Reason.OPEN: "utter_hours_open",
    Reason.BEFORE_OPENING: "utter_hours_before_opening",
    Reason.LUNCH_BREAK: "utter_hours_lunch_break",
    Reason.AFTER_CLOSING: "utter_hours_after_closing",
    Reason.CLOSED_DAY: "utter_hours_closed_day",
    Reason.HOLIDAY: "utter_hours_holiday",
}


class ActionGreet(CompanyAction):
    """Greets and says at once that the visitor is talking to an AI (AI Act Art. 50)."""

    def name(self) -> Text:
        return "action_greet"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        dispatcher.utter_message(response="utter_greet", **facts.contact_vars(company))
        return None


class ActionOpeningHours(CompanyAction):
    """Says whether the company is open right now, when it opens next, and the week."""

    def name(self) -> Text:
        return "action_opening_hours"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        status = opening_status(company, self.clock())
        if status.next_open is None and not status.is_open:
            dispatcher.utter_message(
                response="utter_hours_closed_until_further_notice",
                **facts.contact_vars(company),
            )
            return None
        dispatcher.utter_message(
            response=_STATUS_RESPONSES[status.reason],
            closes_at=closes_at_text(status),
            next_open=next_open_text(status, language),
            holiday=status.holiday or "",
        )
        dispatcher.utter_message(
            response="utter_hours_schedule", schedule=schedule_text(company, language)
        )
        closures = facts.upcoming_closures(company, status.now, language)
        if closures:
            dispatcher.utter_message(
                response="utter_hours_upcoming_closures", closures=closures
            )
        return None


class ActionContact(CompanyAction):
    """Phone, e-mail and website, and whether someone answers the phone right now."""

    def name(self) -> Text:
        return "action_contact"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        dispatcher.utter_message(
            response="utter_contact", channels=facts.contact_lines(company, language)
        )
        status = opening_status(company, self.clock())
        if status.is_open:
            dispatcher.utter_message(
                response="utter_phone_staffed_now",
                closes_at=closes_at_text(status),
            )
        elif status.next_open:
            dispatcher.utter_message(
                response="utter_phone_staffed_later",
                next_open=next_open_text(status, language),
            )
        return None


class ActionLocation(CompanyAction):
    """The address and how to get there."""

    def name(self) -> Text:
        return "action_location"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        dispatcher.utter_message(
            response="utter_location", address=facts.address_block(company)
        )
        if company.address.directions:
            dispatcher.utter_message(text=company.address.directions.get(language))
        return None
