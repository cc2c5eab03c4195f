"""Tells the intent classifier which kinds of detail a message names.

"geht klarna" reads like "alles klar" to character n-grams; that it names a payment
method says it is about payment. This featurizer adds, per message, one sparse
sentence feature per entity type kontor/entities.py finds (and one for "no detail"),
the way Rasa's RegexFeaturizer adds one per lookup table. Classifiers that read
sentence features (LogisticRegressionClassifier) learn how much each kind counts for
each intent. "Training" only stores the catalog's words (components/catalog_words.py),
so the featurizer sees product kinds as the extractor does.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components import catalog_words
from kontor.entities import ENTITY_TYPES, EntityExtractor

NO_DETAIL = len(ENTITY_TYPES)  # the column for "names no detail at all"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True
)
class EntityTypeFeaturizer(SparseFeaturizer, GraphComponent):
    """One sentence feature per entity type found in the message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """``weight``: the value of a feature that is on (1.0, as a count would be)."""
        return {**SparseFeaturizer.get_default_config(), "weight": 1.0}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """The weight must be positive."""
        if float(config.get("weight", 1.0)) <= 0:
            raise ValueError(f"{cls.__name__}: weight must be positive")

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EntityTypeFeaturizer:
        """Create the featurizer with the process's shared extractor."""
        return cls(
            {**cls.get_default_config(), **config},
            execution_context.node_name,
            EntityExtractor.shared(),
            model_storage,
            resource,
        )

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> EntityTypeFeaturizer:
        """The featurizer with the catalog words it was trained with."""
        vocabulary = catalog_words.restore(model_storage, resource)
        return cls(
            {**cls.get_default_config(), **config},
            execution_context.node_name,
            EntityExtractor.shared(vocabulary),
            model_storage,
            resource,
        )

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        extractor: EntityExtractor,
        model_storage: Optional[ModelStorage] = None,
        resource: Optional[Resource] = None,
    ) -> None:
        super().__init__(name, config)
        self._extractor = extractor
        self._weight = float(config.get("weight", 1.0))
        self._model_storage = model_storage
        self._resource = resource

    def train(self, training_data: TrainingData) -> Resource:
        """Store the catalog's words of the training data's lookup tables."""
        assert self._model_storage is not None and self._resource is not None
        vocabulary = catalog_words.vocabulary_of(training_data)
        catalog_words.store(vocabulary, self._model_storage, self._resource)
        self._extractor = EntityExtractor.shared(vocabulary)
        return self._resource

    def features(self, text: Text) -> scipy.sparse.coo_matrix:
        """A 1 × (types + 1) row: which kinds of detail ``text`` names."""
        row = np.zeros((1, NO_DETAIL + 1), dtype=np.float32)
        found = {e.entity for e in self._extractor.extract(text)}
        for entity in found:
            row[0, ENTITY_TYPES.index(entity)] = self._weight
        if not found:
            row[0, NO_DETAIL] = self._weight
        return scipy.sparse.coo_matrix(row)

    def _featurize(self, messages: List[Message]) -> None:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            self.add_features_to_message(
                sequence=None,
                sentence=self.features("" if text.startswith("/") else text),
                attribute=TEXT,
                message=message,
            )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example."""
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Featurize incoming messages."""
        self._featurize(messages)
        return messages
