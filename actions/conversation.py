"""Turns of the conversation itself: a "yes" without a question, leaving a form."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CompanyAction, named_details
from kontor.company import Company

# "geht klarna" reads like "geht klar" to the classifier; a "yes" that names a
# payment method, a country or an Impressum fact is a question about it. (Days and
# times are left out: "ja, morgen" answers something, it asks nothing.)
_QUESTION_DETAILS = ("payment_method", "country", "company_detail")


class ActionAffirmWithoutQuestion(CompanyAction):
    """Answers the detail a "yes" names, or says "Alles klar" and asks what to do."""

    keeps_topic = True

    def name(self) -> Text:
        return "action_affirm_without_question"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        for entity in named_details(tracker):
            topic = self.for_detail(entity) if entity in _QUESTION_DETAILS else None
            if topic is not None:
                return topic.answer(dispatcher, tracker, company, language)
        dispatcher.utter_message(response="utter_affirm_no_context")
        return None


class ActionCancelForm(Action):
    """Leaves the active form and forgets what it had asked ("abbrechen")."""

    def name(self) -> Text:
        return "action_cancel_form"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        form = (tracker.active_loop or {}).get("name")
        slots = (
            domain.get("forms", {}).get(form, {}).get("required_slots", [])
            if form
            else []
        )
        dispatcher.utter_message(response="utter_form_cancelled")
        return [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            *(SlotSet(slot, None) for slot in slots),
        ]
