"""What every company-facts action shares: company profile, clock and language."""

from __future__ import annotations

import abc
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from kontor.company import Company, CompanyConfigError, CompanyFile
from kontor.hours import Clock, system_clock
from kontor.language import DEFAULT_LANGUAGE, SUPPORTED
from kontor.settings import Settings

logger = logging.getLogger(__name__)

LANGUAGE_SLOT = "language"

_shared_company_file: Optional[CompanyFile] = None


def shared_company_file() -> CompanyFile:
    """The action server's one CompanyFile, created on first use (not at import)."""
    global _shared_company_file
    if _shared_company_file is None:
        _shared_company_file = CompanyFile(Settings.from_env().company_file)
    return _shared_company_file


def language_of(tracker: Tracker) -> str:
    """The conversation's language, as the language slot holds it."""
    language = tracker.get_slot(LANGUAGE_SLOT)
    return language if language in SUPPORTED else DEFAULT_LANGUAGE


class CompanyAction(Action, abc.ABC):
    """An action that answers from company.yml; subclasses implement :meth:`answer`."""

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
        return self.answer(dispatcher, tracker, company, language_of(tracker)) or []

    @abc.abstractmethod
    def answer(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        company: Company,
        language: str,
    ) -> Optional[List[Dict[Text, Any]]]:
        """Utter the answer; return events (None for none)."""
