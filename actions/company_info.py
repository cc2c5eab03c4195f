"""Greeting, opening hours, contact and location — answered live from company.yml."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CompanyAction, details, remember
from kontor import facts
from kontor.company import Company
from kontor.dates import DateProblem, DateSpan, resolve
from kontor.hours import (
    Reason,
    at_time,
    day_hours,
    next_opening_after_day,
    opening_status,
)
from kontor.phrasing import (
    closes_at_text,
    date_text,
    day_line,
    intervals_text,
    moment_text,
    next_open_text,
    schedule_text,
    short_date_text,
    span_text,
    time_text,
)

_DATE_PROBLEMS = {
    DateProblem.INVALID: "utter_date_invalid",
    DateProblem.PAST: "utter_date_past",
    DateProblem.UNKNOWN: "utter_date_unknown",
}
_AT_TIME_RESPONSES = {
    Reason.OPEN: "utter_hours_at_time_open",
    Reason.BEFORE_OPENING: "utter_hours_at_time_before_opening",
    Reason.LUNCH_BREAK: "utter_hours_at_time_lunch_break",
    Reason.AFTER_CLOSING: "utter_hours_at_time_after_closing",
}
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

    keeps_topic = True

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
    """Opening hours: right now, or on the day, date, holiday or time asked about."""

    topic = "opening_hours"
    detail_entities = ("date", "time")
    ask_back = "utter_ask_which_day"

    def name(self) -> Text:
        return "action_opening_hours"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        asked = details(tracker, "date", "time")
        now = self.clock()
        if not asked["date"] and not asked["time"]:
            self._now(dispatcher, company, now, language)
            return remember(tracker, self.topic, asked)
        clock = _clock_time(asked["time"][0]) if asked["time"] else None
        today = now.astimezone(company.tz).date()
        answered: List[DateSpan] = []
        for value in asked["date"] or ["today"]:
            resolved = resolve(value, now, company)
            if isinstance(resolved, DateSpan):
                if any(resolved.days() == seen.days() for seen in answered):
                    continue  # "am Samstag, 5.12.": one day, named twice
                answered.append(resolved)
            if isinstance(resolved, DateProblem):
                dispatcher.utter_message(response=_DATE_PROBLEMS[resolved], date=value)
            elif resolved.is_period:
                self._period(dispatcher, company, resolved, language, today)
            elif clock is not None:
                self._at_time(dispatcher, company, resolved.first, clock, now, language)
            elif resolved.first == today:
                self._now(dispatcher, company, now, language)  # open *now*, and until
            else:
                self._day(dispatcher, company, resolved.first, now, language)
        return remember(tracker, self.topic, asked)

    def _now(
        self,
        dispatcher: CollectingDispatcher,
        company: Company,
        now: dt.datetime,
        language: str,
    ) -> None:
        status = opening_status(company, now)
        if status.next_open is None and not status.is_open:
            dispatcher.utter_message(
                response="utter_hours_closed_until_further_notice",
                **facts.contact_vars(company),
            )
            return
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

    def _day(
        self,
        dispatcher: CollectingDispatcher,
        company: Company,
        day: dt.date,
        now: dt.datetime,
        language: str,
    ) -> None:
        hours = day_hours(company, day, language)
        date = date_text(day, language, now.astimezone(company.tz).date())
        if hours.is_open:
            dispatcher.utter_message(
                response="utter_hours_on_day",
                date=date,
                hours=intervals_text(hours.intervals, language),
            )
            return
        reopens = next_opening_after_day(company, day)
        dispatcher.utter_message(
            response=(
                "utter_hours_on_day_holiday"
                if hours.holiday
                else "utter_hours_on_day_closed"
            ),
            date=date,
            holiday=hours.holiday or "",
        )
        if reopens is not None:
            dispatcher.utter_message(
                response="utter_hours_reopen",
                next_open=moment_text(reopens, now.astimezone(company.tz), language),
            )

    def _period(
        self,
        dispatcher: CollectingDispatcher,
        company: Company,
        span: DateSpan,
        language: str,
        today: dt.date,
    ) -> None:
        lines = [
            day_line(
                short_date_text(day, language),
                day_hours(company, day, language),
                language,
            )
            for day in span.days()
        ]
        dispatcher.utter_message(
            response="utter_hours_period",
            period=span_text(span.first, span.last, language, today),
            days=facts.bullets(lines),
        )

    def _at_time(
        self,
        dispatcher: CollectingDispatcher,
        company: Company,
        day: dt.date,
        clock: dt.time,
        now: dt.datetime,
        language: str,
    ) -> None:
        status = at_time(company, day, clock)
        if status.reason in (Reason.CLOSED_DAY, Reason.HOLIDAY):
            self._day(dispatcher, company, day, now, language)
            return
        hours = day_hours(company, day, language)
        reopens = status.next_open
        dispatcher.utter_message(
            response=_AT_TIME_RESPONSES[status.reason],
            date=date_text(day, language, now.astimezone(company.tz).date()),
            time=time_text(clock),
            hours=intervals_text(hours.intervals, language),
            reopens=time_text(reopens.time()) if reopens else "",
        )


def _clock_time(value: str) -> Optional[dt.time]:
    """Read "17:00"; "24:00" is the last minute of the day."""
    try:
        hour, minute = (int(part) for part in value.split(":"))
        return dt.time(min(hour, 23), minute if hour < 24 else 59)
    except ValueError:
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


_LEGAL_RESPONSES = {
    "managing_director": "utter_company_managing_directors",
    "register": "utter_company_register",
    "vat_id": "utter_company_vat_id",
    "tax_number": "utter_company_tax_number",
}


class ActionCompanyDetails(CompanyAction):
    """The legal facts of the Impressum: managing directors, register, VAT ID."""

    topic = "company_details"
    detail_entities = ("company_detail",)
    ask_back = "utter_ask_which_company_detail"

    def name(self) -> Text:
        return "action_company_details"

    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        asked = details(tracker, "company_detail")
        facts_by_field = facts.legal_facts(company, language)
        for field in asked["company_detail"] or list(_LEGAL_RESPONSES):
            values = facts_by_field.get(field)
            if values:
                dispatcher.utter_message(
                    response=_LEGAL_RESPONSES[field],
                    company=company.name,
                    **values,
                )
            elif asked["company_detail"]:
                website = company.contact.website
                dispatcher.utter_message(
                    response=(
                        "utter_company_detail_unknown"
                        if website
                        else "utter_company_detail_unknown_no_website"
                    ),
                    website=website or "",
                    **facts.contact_vars(company),
                )
        if not asked["company_detail"]:
            dispatcher.utter_message(
                response="utter_location", address=facts.address_block(company)
            )
        return remember(tracker, self.topic, asked)
