"""Fills the `language` slot on every user message (a custom slot mapping)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import LANGUAGE_SLOT
from kontor.language import LanguageChooser
from kontor.settings import Settings

_chooser: Optional[LanguageChooser] = None


def _shared_chooser() -> LanguageChooser:
    global _chooser
    if _chooser is None:
        _chooser = LanguageChooser(default=Settings.from_env().default_language)
    return _chooser


class ActionDetectLanguage(Action):
    """Decides the reply language from the message, the page's language and the past."""

    def __init__(self, chooser: Optional[LanguageChooser] = None) -> None:
        self._chooser = chooser

    def name(self) -> Text:
        return "action_detect_language"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        metadata = message.get("metadata") or {}
        current = tracker.get_slot(LANGUAGE_SLOT)
        chooser = self._chooser or _shared_chooser()
        language = chooser.choose(
            message.get("text"), current=current, hint=metadata.get("language")
        )
        return [] if language == current else [SlotSet(LANGUAGE_SLOT, language)]
