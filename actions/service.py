"""Answers that point to the team: not understood, a complaint.

The handoff itself is in actions/handoff.py.
"""

from __future__ import annotations

import abc
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CompanyAction
from kontor import facts
from kontor.company import Company


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
    """The message was not understood: ask to rephrase and offer the contact options.

    It is RulePolicy's core fallback (config.yml): like Rasa's own
    action_default_fallback it takes the message back (UserUtteranceReverted), so the
    policies then predict listening instead of this action again and again.
    """

    response = "utter_ask_rephrase"
    keeps_topic = True

    def name(self) -> Text:
        return "action_fallback"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        super().answer(dispatcher, tracker, company, language)
        return [UserUtteranceReverted()]


class ActionComplaint(ContactResponseAction):
    """Apologises and asks whether a colleague should take care of it."""

    response = "utter_complaint"

    def name(self) -> Text:
        return "action_complaint"
