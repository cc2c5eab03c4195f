"""Shipping costs, delivery times, returns and payment, live from company.yml."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CompanyAction
from kontor import facts
from kontor.company import Company
from kontor.phrasing import time_text


class ActionShippingCosts(CompanyAction):
    """Cost of every shipping option and the free-shipping threshold."""

    def name(self) -> Text:
        return "action_shipping_costs"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        dispatcher.utter_message(
            response="utter_shipping_costs",
            options=facts.shipping_cost_lines(company, language),
        )
        threshold = facts.free_shipping_threshold(company, language)
        if threshold:
            dispatcher.utter_message(
                response="utter_free_shipping", threshold=threshold
            )
        if company.shipping.notes:
            dispatcher.utter_message(text=company.shipping.notes.get(language))
        return None


class ActionDeliveryTime(CompanyAction):
    """Delivery time of every shipping option and the same-day cut-off."""

    def name(self) -> Text:
        return "action_delivery_time"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        dispatcher.utter_message(
            response="utter_delivery_time",
            options=facts.delivery_time_lines(company, language),
        )
        cutoff = company.shipping.same_day_cutoff
        if cutoff:
            dispatcher.utter_message(
                response="utter_same_day_cutoff", cutoff=time_text(cutoff)
            )
        dispatcher.utter_message(response="utter_delivery_time_caveat")
        return None


class ActionReturns(CompanyAction):
    """Withdrawal and return periods, conditions and exclusions."""

    def name(self) -> Text:
        return "action_returns"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        returns = company.returns
        dispatcher.utter_message(
            response=(
                "utter_returns_periods"
                if returns.business_return_days
                else "utter_returns_consumer_only"
            ),
            consumer_days=returns.consumer_withdrawal_days,
            business_days=returns.business_return_days,
        )
        texts = [returns.conditions.get(language)]
        if returns.excluded:
            texts.append(returns.excluded.get(language))
        dispatcher.utter_message(text="\n\n".join(texts))
        if returns.free_return_label:
            dispatcher.utter_message(
                response="utter_returns_label", **facts.contact_vars(company)
            )
        return None


class ActionPayment(CompanyAction):
    """Accepted payment methods and their conditions."""

    def name(self) -> Text:
        return "action_payment"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        dispatcher.utter_message(
            response="utter_payment", methods=facts.payment_lines(company, language)
        )
        return None
