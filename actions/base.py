"""What every company-facts action shares: company profile, clock and language."""

from __future__ import annotations

import abc
import inspect
import logging
import threading
from typing import Any, Dict, List, Optional, Text, Tuple, Type, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import sessionmaker

from kontor.company import Company, CompanyConfigError, CompanyFile
from kontor.db import make_engine, session_factory
from kontor.hours import Clock, system_clock
from kontor.language import DEFAULT_LANGUAGE, SUPPORTED
from kontor.questions import count_questions
from kontor.settings import Settings
from kontor.words import words

logger = logging.getLogger(__name__)
C = TypeVar("C")

LANGUAGE_SLOT = "language"
# The topic of the last answer, for follow-ups ("Und am Samstag?"): rules in
# data/rules/follow_up.yml send a follow_up intent to the action of this topic.
TOPIC_SLOT = "topic"
FOLLOW_UP_INTENT = "follow_up"
# At most this many days, countries … are answered from one message.
MAX_DETAILS = 3
# The topic a detail belongs to, for a follow-up or a "yes" that names a detail the
# current topic has no use for ("Und in die Schweiz?" after a payment question).
DETAIL_TOPICS = {
    "date": "opening_hours",
    "time": "opening_hours",
    "country": "delivery_time",
    "shipping_option": "shipping_costs",
    "payment_method": "payment",
    "company_detail": "company_details",
    "product": "product",
    "product_type": "product",
    "colour": "product",
    "size": "product",
    "norm": "product",
    "quantity": "product",
}
# Details a follow-up may change; each is a slot of the same name as its entity.
DETAIL_SLOTS = tuple(DETAIL_TOPICS)

_shared_company_file: Optional[CompanyFile] = None
_business_sessions: Optional[sessionmaker] = None
_sessions_lock = threading.Lock()


def shared_company_file() -> CompanyFile:
    """The action server's one CompanyFile, created on first use (not at import)."""
    global _shared_company_file
    if _shared_company_file is None:
        _shared_company_file = CompanyFile(Settings.from_env().company_file)
    return _shared_company_file


def business_sessions() -> sessionmaker:
    """Sessions on the business database, connected on first use (not at import)."""
    global _business_sessions
    with _sessions_lock:
        if _business_sessions is None:
            engine = make_engine(Settings.from_env().database_url)
            _business_sessions = session_factory(engine)
        return _business_sessions


class BusinessAction(Action, abc.ABC):
    """An action on the business database.

    Company file, clock and sessions can be passed in (tests); else the action
    server's shared ones are used.
    """

    def __init__(
        self,
        company_file: Optional[CompanyFile] = None,
        clock: Clock = system_clock,
        sessions: Optional[sessionmaker] = None,
    ) -> None:
        self._company_file = company_file
        self.clock = clock
        self._sessions = sessions

    @abc.abstractmethod
    def name(self) -> Text:
        """The action's name in domain.yml."""

    def company(self) -> Company:
        """company.yml as it is now (CompanyConfigError if it cannot be read)."""
        return (self._company_file or shared_company_file()).get()

    def sessions(self) -> sessionmaker:
        """Sessions on the business database."""
        return self._sessions or business_sessions()

    def company_or_apology(self, dispatcher: CollectingDispatcher) -> Optional[Company]:
        """company.yml as it is now, or None after telling the visitor of a problem."""
        try:
            return self.company()
        except CompanyConfigError as error:
            logger.error("%s cannot answer: %s", self.name(), error)
            dispatcher.utter_message(response="utter_technical_problem")
            return None


def language_of(tracker: Tracker) -> str:
    """The conversation's language, as the language slot holds it."""
    language = tracker.get_slot(LANGUAGE_SLOT)
    return language if language in SUPPORTED else DEFAULT_LANGUAGE


def is_follow_up(tracker: Tracker) -> bool:
    """Whether the latest message only changes a detail of the previous question."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name") == FOLLOW_UP_INTENT


def details(tracker: Tracker, *entities: str) -> Dict[str, List[str]]:
    """The values of each entity type in the latest message, in order.

    A follow-up keeps the details of the previous question that it does not change
    ("Sind Sie am Samstag da?" – "Und um 10 Uhr?" is Saturday at 10); a new question
    starts afresh.
    """
    found: Dict[str, List[str]] = {}
    for entity in entities:
        values = list(dict.fromkeys(tracker.get_latest_entity_values(entity)))
        if not values and is_follow_up(tracker):
            remembered = tracker.get_slot(entity)
            values = [remembered] if remembered else []
        found[entity] = values[:MAX_DETAILS]
    return found


def named_details(tracker: Tracker) -> List[str]:
    """The kinds of detail the latest message names, in order."""
    entities = (tracker.latest_message or {}).get("entities") or []
    return [str(e["entity"]) for e in entities if e.get("entity") in DETAIL_TOPICS]


def _subclasses(cls: Type[C]) -> List[Type[C]]:
    found: List[Type[C]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def remember(
    tracker: Tracker, topic: Optional[str], used: Dict[str, List[str]]
) -> List[Dict[Text, Any]]:
    """Slot events that make ``topic`` and its details the context of a follow-up.

    Details this answer did not use are cleared, so a new topic starts afresh.
    """
    wanted: Dict[str, Any] = {TOPIC_SLOT: topic}
    for slot in DETAIL_SLOTS:
        values = used.get(slot) or []
        wanted[slot] = values[0] if values else None
    return [
        SlotSet(slot, value)
        for slot, value in wanted.items()
        if tracker.get_slot(slot) != value
    ]


class CompanyAction(Action, abc.ABC):
    """An action that answers from company.yml; subclasses implement :meth:`answer`.

    ``topic`` is what a follow-up after this answer refers to; actions that keep the
    conversation's topic (a greeting, "not understood") set ``keeps_topic``.
    """

    topic: Optional[str] = None
    keeps_topic: bool = False
    # the entities this action answers about; a follow-up naming none of them, but
    # another topic's, is answered by that topic's action
    detail_entities: Tuple[str, ...] = ()
    # asked back when a follow-up leaves this topic with no detail at all
    ask_back: Optional[str] = None

    def __init__(
        self, company_file: Optional[CompanyFile] = None, clock: Clock = system_clock
    ) -> None:
        self._company_file = company_file
        self.clock = clock

    @property
    def company_file(self) -> CompanyFile:
        """company.yml as this action reads it."""
        return self._company_file or shared_company_file()

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        """Load the current company facts and let the subclass answer."""
        try:
            company = self.company_file.get()
        except CompanyConfigError as error:
            logger.error("%s cannot answer: %s", self.name(), error)
            dispatcher.utter_message(response="utter_technical_problem")
            return []
        answering = self
        if is_follow_up(tracker) and self.detail_entities:
            named = named_details(tracker)
            if named and not set(named) & set(self.detail_entities):
                answering = self.for_detail(named[0]) or self
        if answering.needs_a_detail(tracker):
            dispatcher.utter_message(response=answering.ask_back)
            return []
        language = language_of(tracker)
        events = answering.answer(dispatcher, tracker, company, language)
        own = [d for d in named_details(tracker) if d in answering.detail_entities]
        if len(own) < 2:  # "am Samstag und am Sonntag?" was answered for both days
            self._say_if_one_of_several(dispatcher, tracker, language)
        if events is not None:
            return events
        return [] if answering.keeps_topic else remember(tracker, answering.topic, {})

    @staticmethod
    def _say_if_one_of_several(
        dispatcher: CollectingDispatcher, tracker: Tracker, language: str
    ) -> None:
        """Say which question was answered when a message asks two and one is answered.

        The two-question intents ("a+b") answer both and have no entry in the topics.
        """
        message = tracker.latest_message or {}
        intent = str((message.get("intent") or {}).get("name") or "")
        topic = words(language).topics.get(intent)
        if topic and count_questions(str(message.get("text") or "")) >= 2:
            dispatcher.utter_message(
                response="utter_answered_one_question", topic=topic
            )

    def needs_a_detail(self, tracker: Tracker) -> bool:
        """Whether a follow-up ("und dann?") leaves this topic without any detail.

        It names none, and none is remembered: only a question back can answer it.
        """
        if not (self.ask_back and is_follow_up(tracker)):
            return False
        found = details(tracker, *self.detail_entities)
        return not any(found.values())

    def for_detail(self, entity: str) -> Optional[CompanyAction]:
        """The action of the topic ``entity`` belongs to, sharing file and clock."""
        topic = DETAIL_TOPICS.get(entity)
        # the base is abstract on purpose: its concrete subclasses are looked up
        for action in _subclasses(CompanyAction):  # type: ignore[type-abstract]
            if topic and action.topic == topic and not inspect.isabstract(action):
                return action(self._company_file, self.clock)
        return None

    @abc.abstractmethod
    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        """Utter the answer; return events, or None to only reset the topic."""
