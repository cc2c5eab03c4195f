"""An intent classifier that asks a slower, stronger encoder when the first is unsure.

Placed after LogisticRegressionClassifier, it trains a second logistic regression on
the same features plus a second sentence embedding (multilingual-e5-small by default).
At parse time it embeds a message with that encoder only if the first classifier's top
confidence is below ``confidence_below``, and then replaces the intent and its ranking
with the second classifier's. Most messages are clear, so most pay nothing: on the
tuning splits of CLINC150 and MASSIVE-de, 6-10 % of messages fell below 0.5 and this
kept all of the accuracy that embedding every message with e5 gave
(bench/cascade.py, bench/RESULTS.md).

A FallbackClassifier after it decides on the final confidence, as it would without it.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, vstack

from components.sentence_encoder import (
    Encode,
    check_encoder_config,
    embed,
    load_encoder,
)

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class SecondOpinionClassifier(IntentClassifier, GraphComponent):
    """Re-classifies messages the previous classifier is unsure about."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """Sentence features to read (as the first classifier reads them).

        The first classifier itself cannot be declared: Rasa checks requirements on
        the training graph, where classifiers do not feed each other. Without one
        before it, messages carry no intent and this component leaves them alone.
        """
        return [Featurizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """When to ask, which encoder, and the second classifier's settings.

        ``scale`` is the embedding's length, as in MultilingualSentenceEncoder; the
        logistic regression is Rasa's (lbfgs, balanced class weights).
        """
        return {
            "confidence_below": 0.5,
            "encoder": "e5",
            "scale": 4.0,
            "threads": 1,
            "batch_size": 64,
            # e5's time grows with the text (a 12 kB message: seconds, blocking
            # Rasa's event loop); a question's intent shows in its first sentences,
            # and the first classifier has read all of it
            "max_chars": 300,
            "max_iter": 300,
            "tol": 1e-4,
            "random_state": 42,
            "ranking_length": LABEL_RANKING_LENGTH,
        }

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """A known encoder, a cut-off between 0 and 1, positive sizes."""
        check_encoder_config(
            cls.__name__,
            config,
            ("threads", "batch_size", "max_iter", "max_chars"),
        )
        if not 0.0 < float(config["confidence_below"]) <= 1.0:
            raise ValueError(f"{cls.__name__}: confidence_below must be in (0, 1]")

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: Optional[Any] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self.validate_config(self._config)
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier
        self._encoder: Optional[Encode] = None
        self._warned = False

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SecondOpinionClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    def _load_encoder(self) -> Encode:
        if self._encoder is None:
            self._encoder = load_encoder(
                self._config["encoder"], int(self._config["threads"])
            )
        return self._encoder

    def _embed(self, messages: List[Message]) -> np.ndarray:
        limit = int(self._config["max_chars"])
        return embed(
            self._load_encoder(),
            [m.get(TEXT)[:limit] for m in messages],
            int(self._config["batch_size"]),
            float(self._config["scale"]),
        )

    def _features(self, messages: List[Message]) -> csr_matrix:
        """The first classifier's sentence features (sparse, dense), then ours."""
        rows = []
        for message, extra in zip(messages, self._embed(messages), strict=True):
            sparse = message.get_sparse_features(TEXT)[1]
            dense = message.get_dense_features(TEXT)[1]
            parts = [csr_matrix(sparse.features)] if sparse else []
            if dense:
                parts.append(csr_matrix(dense.features))
            parts.append(csr_matrix(extra.reshape(1, -1)))
            rows.append(hstack(parts))
        return vstack(rows).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        """Train the second classifier on every example with a text and an intent."""
        from sklearn.linear_model import LogisticRegression

        examples = [
            e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)
        ]
        if len({e.get(INTENT) for e in examples}) < 2:
            logger.debug("%s: fewer than two intents, nothing to train.", self)
            return self._resource
        classifier = LogisticRegression(
            solver="lbfgs",
            max_iter=int(self._config["max_iter"]),
            class_weight="balanced",
            tol=float(self._config["tol"]),
            random_state=self._config["random_state"],
        )
        classifier.fit(self._features(examples), [e.get(INTENT) for e in examples])
        self._classifier = classifier
        self._persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        """Give unsure messages a second opinion; leave confident ones untouched."""
        if self._classifier is None:
            return messages
        if not any(isinstance(m.get(INTENT), dict) for m in messages):
            self._warn_once(
                "no message arrived with an intent: place it after an intent "
                "classifier, or it never gives a second opinion"
            )
        cutoff = float(self._config["confidence_below"])
        unsure = [
            m
            for m in messages
            if m.get(TEXT)
            # "/intent" messages (buttons) are decided later by RegexMessageHandler
            and not m.get(TEXT).startswith(INTENT_MESSAGE_PREFIX)
            and isinstance(m.get(INTENT), dict)
            and (m.get(INTENT).get("confidence") or 0.0) < cutoff
        ]
        if not unsure:
            return messages
        probabilities = self._classifier.predict_proba(self._features(unsure))
        names = self._classifier.classes_
        length = int(self._config["ranking_length"])
        for message, row in zip(unsure, probabilities, strict=True):
            order = np.argsort(-row)
            ranking = [
                {"name": str(names[i]), "confidence": float(row[i])} for i in order
            ]
            logger.debug(
                "%r: %s %.2f -> %s %.2f",
                message.get(TEXT)[:40],
                message.get(INTENT).get("name"),
                message.get(INTENT).get("confidence"),
                ranking[0]["name"],
                ranking[0]["confidence"],
            )
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                ranking[:length] if length > 0 else ranking,
                add_to_output=True,
            )
        return messages

    def _persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump(self._classifier, directory / "classifier.skops")

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SecondOpinionClassifier:
        """The trained classifier, with its encoder loaded now rather than mid-chat."""
        try:
            with model_storage.read_from(resource) as directory:
                classifier = cls._read(directory / "classifier.skops")
        except ValueError:
            # nothing was stored: there were fewer than two intents to train on
            logger.debug("%s: nothing trained, no second opinion.", cls.__name__)
            classifier = None
        component = cls(config, model_storage, resource, classifier)
        if classifier is not None:
            component._load_encoder()
        return component

    @staticmethod
    def _read(path: Path) -> Optional[Any]:
        """The stored classifier, or None (with a warning) if damaged or foreign."""
        import skops.io as sio

        problem = None
        try:
            untrusted = sio.get_untrusted_types(file=path)
            if not untrusted:
                return sio.load(path, trusted=[])
            problem = f"untrusted types {untrusted}"
        except (OSError, ValueError, zipfile.BadZipFile) as error:
            problem = str(error)
        logger.warning(
            "SecondOpinionClassifier: cannot load %s (%s); the first classifier "
            "decides alone. Retrain the model.",
            path,
            problem,
        )
        return None

    def _warn_once(self, text: Text) -> None:
        if not self._warned:
            self._warned = True
            logger.warning("%s: %s", type(self).__name__, text)
