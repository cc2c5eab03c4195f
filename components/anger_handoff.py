"""An angry visitor gets a person: the intent becomes request_human.

Runs after the intent classifiers and reads what components/anger_detector.py found.
An angry message is answered by a person rather than by the bot, whatever it asked —
the staff member sees the question in the transcript — so the classified intent is
replaced by ``request_human`` and kept in ``anger["intent"]``; actions/handoff.py then
tells the visitor why in one sentence. Answers inside a dialogue ("ja", "nein",
"abbrechen") keep their intent: an irritated "NEIN!!" in a form is still a no; so
do the visitor's data rights ("Löschen Sie sofort meine Daten!").

Taking the question away from the bot needs a stronger signal than the detector's
flag: ``min_score`` (bench/RESULTS.md has precision and recall at it). Below it, a
calm complaint or an odd request stays with the bot, which can still offer a person.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.message import Message

ANGER = "anger"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class AngerHandoff(IntentClassifier, GraphComponent):
    """Replaces the intent of an angry message by the handoff intent."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """The handoff intent, the score it needs, intents an angry message keeps."""
        return {
            "intent": "request_human",
            "min_score": 0.7,
            # answers inside a dialogue, and the visitor's data rights: an angry
            # "Löschen Sie sofort meine Daten!" is still an erasure request
            "keep": [
                "affirm",
                "deny",
                "cancel",
                "goodbye",
                "inform",
                "change",
                "erase_my_data",
                "ask_privacy",
                "request_others_data",
            ],
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._intent = str(config["intent"])
        self._min_score = float(config["min_score"])
        self._keep = {str(name) for name in config["keep"]} | {self._intent}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AngerHandoff:
        """A new component from its configuration."""
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        """Hand angry messages to a person."""
        for message in messages:
            anger = message.get(ANGER)
            if not isinstance(anger, dict) or not anger.get("angry"):
                continue
            if float(anger.get("score", 0.0)) < self._min_score:
                continue
            intent = message.get(INTENT) or {}
            name = str(intent.get("name") or "")
            if name in self._keep or name.startswith("EXTERNAL_"):
                continue
            message.set(ANGER, {**anger, "intent": name}, add_to_output=True)
            message.set(
                INTENT,
                {"name": self._intent, "confidence": float(anger.get("score", 1.0))},
                add_to_output=True,
            )
        return messages
