"""Rasa NLU component around kontor/entities.py: dates, countries, products, sizes.

Rule-based on purpose: the details are closed sets (weekdays, holidays, countries, the
payment methods of vocabulary.yml, the catalog's products) or patterns (24.12., 17:00
Uhr, 500 Stück, Größe 44), and a gazetteer with typo tolerance finds them in German
and English without annotated training data. "Training" stores the catalog's words
from the lookup tables of data/lookups/ in the model (components/catalog_words.py).
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
from rasa.shared.nlu.training_data.training_data import TrainingData

from components import catalog_words
from kontor.entities import EntityExtractor

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True
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
        """An extractor without the catalog's words (training adds them)."""
        return cls(EntityExtractor.shared(), model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> KontorEntityExtractor:
        """Build the extractor with the model's catalog words when the model loads."""
        vocabulary = catalog_words.restore(model_storage, resource)
        return cls(EntityExtractor.shared(vocabulary), model_storage, resource)

    def __init__(
        self,
        extractor: Optional[EntityExtractor] = None,
        model_storage: Optional[ModelStorage] = None,
        resource: Optional[Resource] = None,
    ) -> None:
        self._extractor = extractor or EntityExtractor()
        self._model_storage = model_storage
        self._resource = resource

    def train(self, training_data: TrainingData) -> Resource:
        """Store the catalog's words of the training data's lookup tables."""
        assert self._model_storage is not None and self._resource is not None
        vocabulary = catalog_words.vocabulary_of(training_data)
        catalog_words.store(vocabulary, self._model_storage, self._resource)
        self._extractor = EntityExtractor.shared(vocabulary)
        return self._resource

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
