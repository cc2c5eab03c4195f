"""Rasa NLU component around kontor/entities.py: dates, countries, payment methods.

Rule-based on purpose: the details are closed sets (weekdays, holidays, countries, the
payment methods of vocabulary.yml) or patterns (24.12., 17:00 Uhr, 500 Stück), and a
gazetteer with typo tolerance finds them in German and English without annotated
training data. Nothing is trained; the vocabulary is read when the model loads.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from kontor.entities import EntityExtractor

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class KontorEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds the details kontor/entities.py finds to each message's entities."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """No options: the vocabulary is kontor/vocabulary.yml."""
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KontorEntityExtractor:
        """Build the extractor when the model loads, not on the first message."""
        return cls(EntityExtractor.shared())

    def __init__(self, extractor: Optional[EntityExtractor] = None) -> None:
        self._extractor = extractor or EntityExtractor()

    def process(self, messages: List[Message]) -> List[Message]:
        """Find the details in each message's text ("/intent" payloads excepted)."""
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue
            found = [entity.as_dict() for entity in self._extractor.extract(text)]
            if found:
                message.set(
                    ENTITIES,
                    message.get(ENTITIES, []) + self.add_extractor_name(found),
                    add_to_output=True,
                )
        return messages
