"""Honest interim answers for orders, products, quotes, complaints and handoff.

What the assistant cannot do yet, and how to reach the team instead.
"""

from __future__ import annotations

import abc
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CompanyAction
from kontor import facts
from kontor.company import Company
from kontor.hours import opening_status
from kontor.phrasing import next_open_text


class ContactResponseAction(CompanyAction, abc.ABC):
    """Utters one response filled with the company's contact data."""

    response: Text

    @abc.abstractmethod
    def name(self) -> Text:
        """The action's name in domain.yml."""

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        dispatcher.utter_message(response=self.response, **facts.contact_vars(company))
        return None


class ActionFallback(ContactResponseAction):
    """The message was not understood: ask to rephrase and offer the contact options."""

    response = "utter_ask_rephrase"
    keeps_topic = True

    def name(self) -> Text:
        return "action_fallback"


class ActionComplaint(ContactResponseAction):
    """Apologises and asks whether a colleague should take care of it."""

    response = "utter_complaint"

    def name(self) -> Text:
        return "action_complaint"


class ActionRequestHuman(CompanyAction):
    """Points to the team: by phone while it is in, by e-mail (and when) otherwise."""

    def name(self) -> Text:
        return "action_request_human"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        status = opening_status(company, self.clock())
        if status.is_open:
            dispatcher.utter_message(
                response="utter_human_during_hours", **facts.contact_vars(company)
            )
        else:
            next_open = next_open_text(status, language)
            dispatcher.utter_message(
                response=(
                    "utter_human_after_hours"
                    if next_open
                    else "utter_human_closed_until_further_notice"
                ),
                next_open=next_open,
                **facts.contact_vars(company),
            )
        return None
