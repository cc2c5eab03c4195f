"""Shipping costs, delivery times, returns and payment, live from company.yml."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CompanyAction, details, remember
from kontor import facts
from kontor.company import Company, ShippingOption
from kontor.dates import DateSpan, resolve
from kontor.phrasing import date_text, destination_text, time_text
from kontor.shipping import dispatch, options_for, serves


class ActionShippingCosts(CompanyAction):
    """Shipping costs: every option, or those to the country and of the kind asked."""

    topic = "shipping_costs"
    detail_entities = ("country", "shipping_option")
    ask_back = "utter_ask_which_country"

    def name(self) -> Text:
        return "action_shipping_costs"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        asked = details(tracker, "country", "shipping_option")
        if not asked["country"] and not _kind(asked):
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
            return remember(tracker, self.topic, asked)
        for country in _countries_or_none(asked):
            options = _options_or_explain(
                dispatcher, company, country, _kind(asked), language
            )
            if options:
                dispatcher.utter_message(
                    response="utter_shipping_costs_to"
                    if country
                    else "utter_shipping_costs",
                    destination=_destination(country, language),
                    options=facts.option_lines(
                        options, company.shipping.currency, language, days=False
                    ),
                )
                self._free_shipping(dispatcher, company, options, language)
        return remember(tracker, self.topic, asked)

    @staticmethod
    def _free_shipping(
        dispatcher: CollectingDispatcher,
        company: Company,
        options: List[ShippingOption],
        language: str,
    ) -> None:
        threshold = facts.free_shipping_threshold(company, language)
        if threshold and any(option.free_above_threshold for option in options):
            dispatcher.utter_message(
                response="utter_free_shipping", threshold=threshold
            )


class ActionDeliveryTime(CompanyAction):
    """Delivery times (to the country asked) and when an order placed now leaves."""

    topic = "delivery_time"
    detail_entities = ("country", "shipping_option")
    ask_back = "utter_ask_which_country"

    def name(self) -> Text:
        return "action_delivery_time"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        asked = details(tracker, "country", "shipping_option")
        # "Geht es heute noch raus?": asked about today, that comes first; asked
        # about another day, today's cut-off is no answer and is left out.
        now = self.clock()
        days = [
            resolve(value, now, company)
            for value in tracker.get_latest_entity_values("date")
        ]
        today = now.astimezone(company.tz).date()
        same_day = bool(days) and all(
            isinstance(day, DateSpan) and day.first == day.last == today for day in days
        )
        served_anyway = all(serves(company, c) for c in asked["country"])
        if same_day and served_anyway:
            self._dispatch(dispatcher, company, language)
        if not asked["country"] and not _kind(asked):
            dispatcher.utter_message(
                response="utter_delivery_time",
                options=facts.delivery_time_lines(company, language),
            )
        served = False
        for country in (
            _countries_or_none(asked) if asked["country"] or _kind(asked) else []
        ):
            options = _options_or_explain(
                dispatcher, company, country, _kind(asked), language
            )
            if options:
                served = True
                dispatcher.utter_message(
                    response="utter_delivery_time_to"
                    if country
                    else "utter_delivery_time",
                    destination=_destination(country, language),
                    options=facts.option_lines(
                        options, company.shipping.currency, language, days=True
                    ),
                )
        if served or not asked["country"]:
            if not days and served_anyway:
                self._dispatch(dispatcher, company, language)
            dispatcher.utter_message(response="utter_delivery_time_caveat")
        return remember(tracker, self.topic, asked)

    def _dispatch(
        self, dispatcher: CollectingDispatcher, company: Company, language: str
    ) -> None:
        leaves = dispatch(company, self.clock())
        cutoff = time_text(leaves.cutoff) if leaves.cutoff else ""
        if leaves.day is None:
            return
        if leaves.today:
            dispatcher.utter_message(
                response="utter_dispatch_today"
                if cutoff
                else "utter_dispatch_today_no_cutoff",
                cutoff=cutoff,
            )
            return
        dispatcher.utter_message(
            response="utter_dispatch_later"
            if cutoff
            else "utter_dispatch_later_no_cutoff",
            date=date_text(leaves.day, language, leaves.ordered.date()),
            cutoff=cutoff,
        )


def _kind(asked: Dict[str, List[str]]) -> Optional[str]:
    """The shipping option asked for; collection is not a shipping option."""
    kinds = [kind for kind in asked["shipping_option"] if kind != "pickup"]
    return kinds[0] if kinds else None


def _countries_or_none(asked: Dict[str, List[str]]) -> List[Optional[str]]:
    """The countries asked about, or [None] for "wherever we ship"."""
    return list(asked["country"]) or [None]


def _destination(country: Optional[str], language: str) -> str:
    return destination_text(country, language) if country else ""


def _options_or_explain(
    dispatcher: CollectingDispatcher,
    company: Company,
    country: Optional[str],
    kind: Optional[str],
    language: str,
) -> List[ShippingOption]:
    """The options for ``country`` and ``kind``; if there are none, say why."""
    options = options_for(company, country, kind)
    if options:
        return options
    if country is not None and not options_for(company, country):
        dispatcher.utter_message(
            response="utter_shipping_country_not_served",
            destination=destination_text(country, language),
            **facts.contact_vars(company),
        )
        return []
    dispatcher.utter_message(
        response=(
            "utter_shipping_option_not_offered_to"
            if country
            else "utter_shipping_option_not_offered"
        ),
        option=facts.label("shipping_option", kind or "", language),
        destination=_destination(country, language),
        **facts.contact_vars(company),
    )
    return options_for(company, country)


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
    """Payment: every method, or a clear yes or no for the method asked about."""

    topic = "payment"
    detail_entities = ("payment_method",)
    ask_back = "utter_ask_which_payment_method"

    def name(self) -> Text:
        return "action_payment"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        asked = details(tracker, "payment_method")
        refused = False
        for kind in asked["payment_method"]:
            method = facts.find_payment_method(company, kind)
            if method is not None:
                dispatcher.utter_message(
                    response=(
                        "utter_payment_yes_business"
                        if method.business_only
                        else "utter_payment_yes"
                    ),
                    method=facts.payment_method_text(
                        method, language, say_business_only=False
                    ),
                )
            elif facts.payment_types_known(company):
                refused = True
                dispatcher.utter_message(
                    response="utter_payment_no",
                    method=facts.label("payment_method", kind, language),
                )
            else:  # company.yml does not say which method is which: no "no" then
                refused = True
        if refused or not asked["payment_method"]:
            said_no = any(
                m.get("response") == "utter_payment_no" for m in dispatcher.messages
            )
            dispatcher.utter_message(
                response="utter_payment_instead" if said_no else "utter_payment",
                methods=facts.payment_lines(company, language),
            )
        return remember(tracker, self.topic, asked)
