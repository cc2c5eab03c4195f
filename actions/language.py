"""Fills the `language` slot on every user message (a custom slot mapping)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

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
        intent = str((message.get("intent") or {}).get("name") or "")
        if metadata.get("is_external") or intent.startswith("EXTERNAL_"):
            return []  # sent by the inbox or worker, not written by the visitor
        current = tracker.get_slot(LANGUAGE_SLOT)
        chooser = self._chooser or _shared_chooser()
        language = chooser.choose(
            message.get("text"),
            current=current,
            hint=metadata.get("language"),
            names=_names(message.get("entities") or []),
        )
        return [] if language == current else [SlotSet(LANGUAGE_SLOT, language)]


# Names and codes written the same way in a German and an English message tell
# nothing about its language: "Hello, do you deliver to Österreich?" is English, and
# an e-mail address or order number typed into a form is no change of language.
_NAME_ENTITIES = (
    "country",
    "carrier",
    "payment_method",
    "email",
    "order_number",
    "size",
    "norm",
)


def _names(entities: List[Dict[Text, Any]]) -> List[Tuple[int, int]]:
    return [
        (int(e["start"]), int(e["end"]))
        for e in entities
        if e.get("entity") in _NAME_ENTITIES and "start" in e and "end" in e
    ]
