"""Who looks after an existing customer: verified like an order, then asked of the CRM.

The visitor proves to be the customer with an order number and its e-mail address or
postcode (kontor/orders.py; failures count as for order lookups). The CRM names the
contact's owner; company.yml's sales team gives the direct line. With no CRM, a CRM
that does not know the customer, or one that does not answer in time, the visitor is
treated as a new one: the sales team's general line.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from actions.base import BusinessAction
from kontor import facts
from kontor.company import CompanyConfigError, CompanyFile
from kontor.crm import CRM, Contact, PermanentFailure, TemporaryFailure, adapter
from kontor.db import transaction
from kontor.hours import Clock, system_clock
from kontor.orders import Outcome, look_up
from kontor.settings import Settings

logger = logging.getLogger(__name__)

# a visitor waits for this reply: the CRM gets 2 s to connect and 3 s to answer
READ_TIMEOUT = (2.0, 3.0)


class ActionAccountManager(BusinessAction):
    """Names the account manager of a verified customer, or the sales team."""

    def __init__(
        self,
        company_file: Optional[CompanyFile] = None,
        clock: Clock = system_clock,
        sessions: Optional[sessionmaker] = None,
        crm: Optional[CRM] = None,
    ) -> None:
        super().__init__(company_file, clock, sessions)
        self._crm = crm

    def name(self) -> Text:
        return "action_account_manager"

    def crm(self) -> Optional[CRM]:
        """The configured CRM, with the short timeout of a live conversation."""
        if self._crm is not None:
            return self._crm
        try:
            found = adapter(Settings.from_env())
        except ValueError as error:
            logger.error("CRM not usable: %s", error)
            return None
        if found is not None:
            found.timeout = READ_TIMEOUT  # type: ignore[attr-defined]
        return found

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        reset = [SlotSet("order_number", None), SlotSet("order_secret", None)]
        try:
            company = self.company()
        except CompanyConfigError as error:
            logger.error("account manager: %s", error)
            dispatcher.utter_message(response="utter_technical_problem")
            return reset
        contact_vars = facts.contact_vars(company)
        number = tracker.get_slot("order_number")
        secret = tracker.get_slot("order_secret")
        if not number or not secret:
            dispatcher.utter_message(
                response="utter_account_manager_team", **contact_vars
            )
            return reset
        try:
            with transaction(self.sessions()) as session:
                result = look_up(
                    session=session, number=number, secret=secret, now=self.clock()
                )
        except SQLAlchemyError as error:
            logger.error("account manager: %s", error)
            dispatcher.utter_message(
                response="utter_account_manager_team", **contact_vars
            )
            return reset
        if result.outcome is not Outcome.FOUND or result.order is None:
            dispatcher.utter_message(
                response="utter_customer_not_verified", **contact_vars
            )
            return reset
        manager = self.manager(result.order_email or "")
        person = company.contact.sales_person(
            manager.manager_email if manager else None
        )
        if manager is not None and manager.manager_name:
            dispatcher.utter_message(
                response="utter_account_manager",
                name=manager.manager_name,
                phone=person.phone if person else company.contact.phone,
                email=manager.manager_email or company.contact.email,
            )
        else:
            dispatcher.utter_message(
                response="utter_account_manager_team", **contact_vars
            )
        return reset

    def manager(self, email: str) -> Optional[Contact]:
        """The CRM's contact for ``email``, or None (unknown, no CRM, no answer)."""
        crm = self.crm()
        if crm is None or not email:
            return None
        try:
            return crm.find_contact(email)
        except (TemporaryFailure, PermanentFailure) as error:
            logger.warning("CRM %s did not answer in time: %s", crm.name, error)
            return None
