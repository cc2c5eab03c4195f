"""The visitor's data in the chat: what happens to it, and "Löschen Sie meine Daten".

The erasure of the conversation itself is done by the tracker store
(stores/redacting.py) when it saves this action's run: everything of the
conversation before it goes, so Rasa does not write it back. This action deletes what
the conversation left in the business database (a lead, a callback request, a
handoff) through ``kontor.privacy.subject``, with an audit entry.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.base import BusinessAction, CompanyAction
from kontor import facts
from kontor.company import Company
from kontor.db import transaction
from kontor.handoff.notify import NotifySettings, enqueue
from kontor.privacy.events import ERASE_ACTION
from kontor.privacy.subject import Person, erase

logger = logging.getLogger(__name__)


class ActionPrivacyNotice(CompanyAction):
    """Answers "Was passiert mit meinen Daten?" with company.yml's notice."""

    keeps_topic = True

    def name(self) -> Text:
        return "action_privacy_notice"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        dispatcher.utter_message(
            response="utter_privacy_notice",
            notice=company.privacy.notice_text(language, company.retention),
            policy_url=company.privacy.policy_url,
        )
        return None


class ActionEraseMyData(BusinessAction):
    """Deletes what this conversation left; the tracker store deletes the rest."""

    def name(self) -> Text:
        return ERASE_ACTION

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        try:
            erased = erase(
                business=self.sessions(),
                tracker=None,  # the tracker store does this (module docstring)
                person=Person(sender_id=tracker.sender_id),
                now=self.clock().astimezone(dt.timezone.utc),
                via="chat",
            )
        except SQLAlchemyError as error:
            logger.error("erasure from the chat failed: %s", error)
            company = self.company_or_apology(dispatcher)
            if company is not None:
                dispatcher.utter_message(
                    response="utter_erase_failed", **facts.contact_vars(company)
                )
            return []
        # the tracker store deletes the conversation when it sees this response
        # (kontor.privacy.events.ERASED_RESPONSE)
        dispatcher.utter_message(response="utter_data_erased")
        if erased.external:
            self._ask_staff_to_delete_in_crm(erased.external)
            dispatcher.utter_message(response="utter_data_erased_crm")
        return [AllSlotsReset()]

    def _ask_staff_to_delete_in_crm(self, records: List[Tuple[str, str]]) -> None:
        """A note to staff naming the CRM records (ids only, no personal data)."""
        listed = ", ".join(f"{crm} {record}" for crm, record in records)
        logger.warning("erasure asked in the chat: delete in the CRM too: %s", listed)
        now = self.clock().astimezone(dt.timezone.utc)
        try:
            with transaction(self.sessions()) as session:
                enqueue(
                    session=session,
                    settings=NotifySettings.from_env(),
                    key=f"erase-crm-{uuid.uuid4().hex[:12]}",
                    subject="Kontor: Löschwunsch – bitte im CRM löschen",
                    body=(
                        "Ein Besucher hat im Chat die Löschung seiner Daten verlangt. "
                        "Kontor hat alles bei sich gelöscht; diese Datensätze liegen "
                        f"bereits im CRM und müssen dort gelöscht werden: {listed}."
                    ),
                    now=now,
                )
        except SQLAlchemyError as error:
            logger.error("note about CRM records to delete not stored: %s", error)
