"""A "yes" with no question before it: maybe it was a question after all."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Type

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CompanyAction
from actions.company_info import ActionCompanyDetails
from actions.shipping import ActionDeliveryTime, ActionPayment
from kontor.company import Company

# "geht klarna" reads like "geht klar" to the classifier; a "yes" that names a
# payment method, a country or an Impressum fact is a question about it.
_TOPIC_OF_DETAIL: Dict[str, Type[CompanyAction]] = {
    "payment_method": ActionPayment,
    "country": ActionDeliveryTime,
    "company_detail": ActionCompanyDetails,
}


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
        for entity, action in _TOPIC_OF_DETAIL.items():
            if any(tracker.get_latest_entity_values(entity)):
                topic = action(self._company_file, self.clock)
                return topic.answer(dispatcher, tracker, company, language)
        dispatcher.utter_message(response="utter_affirm_no_context")
        return None
