"""Order status behind verification: number plus e-mail or postcode, then the status.

A form asks for both, kontor/orders.py checks them, and only then is anything told.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.base import BusinessAction, language_of
from kontor import facts
from kontor.company import Company, CompanyConfigError
from kontor.db import transaction
from kontor.emails import email_in
from kontor.orders import OrderStatus, Outcome, look_up
from kontor.phrasing import date_text

logger = logging.getLogger(__name__)

# wrong number/e-mail pairs in one conversation before the form gives up
MAX_ATTEMPTS = 3
NUMBER = re.compile(r"\b([A-Za-z]{1,4}[- ]?\d{4,10}|\d{5,10})\b")
POSTCODE = re.compile(r"^\s*([A-Za-z]{1,2}-?)?\d{4,5}\s*$")
RESPONSES = {
    "received": "utter_order_received",
    "paid": "utter_order_paid",
    "shipped": "utter_order_shipped",
    "delivered": "utter_order_delivered",
    "returned": "utter_order_returned",
}


def order_number_in(text: str) -> Optional[str]:
    """The order number in what the visitor typed, if there is one."""
    match = NUMBER.search(text or "")
    return match.group(1).upper().replace(" ", "-") if match else None


def secret_in(text: str) -> Optional[str]:
    """An e-mail address or postcode in what the visitor typed."""
    text = (text or "").strip()
    if "@" in text:
        return email_in(text)
    if POSTCODE.match(text):
        return re.sub(r"\s", "", text)
    found = re.search(r"\b\d{5}\b", text)
    return found.group(0) if found else None


class ValidateOrderStatusForm(FormValidationAction):
    """Accepts what looks like an order number and an e-mail address or postcode."""

    def name(self) -> Text:
        return "validate_order_status_form"

    def validate_order_number(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        number = order_number_in(str(value or ""))
        if number is None:
            dispatcher.utter_message(response="utter_invalid_order_number")
        return {"order_number": number}

    def validate_order_secret(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[Text, Any]:
        secret = secret_in(str(value or ""))
        if secret is None:
            dispatcher.utter_message(response="utter_invalid_order_secret")
        return {"order_secret": secret}


class ValidateCustomerForm(ValidateOrderStatusForm):
    """The same checks when an existing customer proves who they are."""

    def name(self) -> Text:
        return "validate_customer_form"


class ActionCheckOrder(BusinessAction):
    """Looks the order up; tells its status only if number and secret match."""

    def name(self) -> Text:
        return "action_check_order"

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
            logger.error("order check: %s", error)
            dispatcher.utter_message(response="utter_technical_problem")
            return reset
        number = tracker.get_slot("order_number")
        secret = tracker.get_slot("order_secret")
        if not number or not secret:
            return reset
        now = self.clock()
        try:
            with transaction(self.sessions()) as session:
                result = look_up(session=session, number=number, secret=secret, now=now)
        except SQLAlchemyError as error:
            logger.error("order check: %s", error)
            dispatcher.utter_message(
                response="utter_orders_unavailable", **facts.contact_vars(company)
            )
            return [*reset, SlotSet("order_retry", False)]
        attempts = int(tracker.get_slot("order_attempts") or 0)
        if result.outcome is Outcome.FOUND:
            assert result.order is not None
            self.tell(dispatcher, result.order, company, language_of(tracker))
            return [
                *reset,
                SlotSet("order_attempts", 0.0),
                SlotSet("order_retry", False),
            ]
        attempts += 1
        if result.outcome is Outcome.LOCKED or attempts >= MAX_ATTEMPTS:
            dispatcher.utter_message(
                response="utter_order_too_many_attempts", **facts.contact_vars(company)
            )
            return [
                *reset,
                SlotSet("order_attempts", 0.0),
                SlotSet("order_retry", False),
            ]
        dispatcher.utter_message(response="utter_order_not_verified")
        return [
            *reset,
            SlotSet("order_attempts", float(attempts)),
            SlotSet("order_retry", True),
        ]

    @staticmethod
    def tell(
        dispatcher: CollectingDispatcher,
        order: OrderStatus,
        company: Company,
        language: str,
    ) -> None:
        """The status in plain words, with the tracking link and expected date."""
        tz = company.tz
        today = None

        def day(status: str) -> str:
            moment = order.happened(status)
            return (
                date_text(moment.astimezone(tz).date(), language, today)
                if moment
                else ""
            )

        expected = (
            date_text(order.expected_delivery, language, today)
            if order.expected_delivery
            else ""
        )
        link = company.shipping.tracking_url(order.carrier, order.tracking_number)
        dispatcher.utter_message(
            response=RESPONSES.get(order.status, "utter_order_received"),
            number=order.number,
            placed=day("received"),
            shipped=day("shipped"),
            delivered=day("delivered"),
            returned=day("returned"),
            carrier=order.carrier or "",
            tracking=order.tracking_number or "",
        )
        if expected and order.status in ("received", "paid", "shipped"):
            dispatcher.utter_message(response="utter_order_expected", expected=expected)
        if link and order.status == "shipped":
            dispatcher.utter_message(response="utter_order_tracking_link", link=link)
