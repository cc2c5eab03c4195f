"""Scores each message for anger, so that an angry visitor can be handed to staff.

Adds ``anger: {"score": float, "angry": bool}`` to the parse result; actions read it
as ``tracker.latest_message["anger"]``. The detector (kontor/handoff/anger.py) reads
the message's sentence embedding, which MultilingualSentenceEncoder earlier in the
pipeline has computed already, plus a few lexical cues, so a message costs a dot
product. It trains at `rasa train` from the labelled phrases file named in the
config (not from the NLU data), embedding them with the same encoder.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_encoder import (
    Encode,
    MultilingualSentenceEncoder,
    check_encoder_config,
    embed,
    load_encoder,
)
from kontor.handoff import anger

logger = logging.getLogger(__name__)

ANGER = "anger"  # the parse-result key
DIMENSIONS = {"use": 512, "e5": 384}
PROJECT = Path(__file__).resolve().parents[1]


def phrases_path(config: Dict[Text, Any]) -> Path:
    """The phrases file: as given, or relative to the project if not found so."""
    path = Path(config.get("phrases") or AngerDetector.get_default_config()["phrases"])
    if not path.is_absolute() and not path.is_file() and (PROJECT / path).is_file():
        return PROJECT / path
    return path


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True
)
class AngerDetector(GraphComponent):
    """Adds an anger score and verdict to each message's parse result."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """The sentence encoder whose embedding the detector reads."""
        return [MultilingualSentenceEncoder]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """The phrases to train on, the encoder, and the detector's settings.

        ``phrases`` is relative to the directory `rasa train` runs in, or else to
        the project root. ``encoder`` should be the pipeline encoder's, whose
        vectors are then reused; otherwise the detector embeds each message itself.
        ``precision`` is what the threshold is chosen for, on cross-validated
        training phrases.
        """
        return {
            "phrases": "kontor/handoff/anger_phrases.yml",
            "encoder": "use",
            "threads": 1,
            "batch_size": 64,
            "c": anger.DEFAULT_C,
            "precision": anger.DEFAULT_PRECISION,
        }

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """A known encoder, positive sizes, a precision between 0 and 1."""
        check_encoder_config(cls.__name__, config, ("threads", "batch_size"))
        if not 0.0 < float(config["precision"]) <= 1.0:
            raise ValueError(f"{cls.__name__}: precision must be in (0, 1]")
        if float(config["c"]) <= 0:
            raise ValueError(f"{cls.__name__}: c must be positive")

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The phrases file's content: Rasa retrains when it changes.

        Rasa's training cache knows the NLU data and the config, not this file.
        """
        path = phrases_path(config)
        if not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        detector: Optional[anger.AngerDetector] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self.validate_config(self._config)
        self._model_storage = model_storage
        self._resource = resource
        self._detector = detector
        self._encoder: Optional[Encode] = None
        self._warned = False

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AngerDetector:
        """An untrained detector."""
        return cls(config, model_storage, resource)

    def _encode(self, texts: List[Text]) -> np.ndarray:
        if self._encoder is None:
            self._encoder = load_encoder(
                self._config["encoder"], int(self._config["threads"])
            )
        return embed(self._encoder, texts, int(self._config["batch_size"]), 1.0)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the detector on the phrases file (the NLU data is not used)."""
        path = phrases_path(self._config)
        if not path.is_file():
            raise FileNotFoundError(
                f"{type(self).__name__}: phrases file {path} not found "
                f"(relative to {Path.cwd()}); set 'phrases' in config.yml"
            )
        phrases = anger.load_phrases(path)
        texts = [p.text for p in phrases]
        detector = anger.AngerDetector(
            encoder=self._config["encoder"],
            c=float(self._config["c"]),
            precision=float(self._config["precision"]),
        )
        detector.fit(texts, [p.angry for p in phrases], self._encode(texts))
        self._detector = detector
        with self._model_storage.write_to(self._resource) as directory:
            detector.save(directory)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to the NLU training examples."""
        return training_data

    def _pipeline_embedding(self, message: Message) -> Optional[np.ndarray]:
        """The sentence vector MultilingualSentenceEncoder gave this message."""
        dimension = DIMENSIONS[self._config["encoder"]]
        for features in message.features:
            if (
                features.attribute == TEXT
                and features.type == FEATURE_TYPE_SENTENCE
                and features.is_dense()
                and MultilingualSentenceEncoder.__name__ in str(features.origin)
                and features.features.shape[-1] == dimension
            ):
                return np.asarray(features.features, dtype=np.float32).reshape(-1)
        return None

    def process(self, messages: List[Message]) -> List[Message]:
        """Score every message with text (not "/intent" button payloads)."""
        if self._detector is None:
            return messages
        todo = [
            m
            for m in messages
            if m.get(TEXT) and not m.get(TEXT).startswith(INTENT_MESSAGE_PREFIX)
        ]
        if not todo:
            return messages
        found = [self._pipeline_embedding(m) for m in todo]
        missing = [i for i, v in enumerate(found) if v is None]
        vectors = np.zeros((len(todo), DIMENSIONS[self._config["encoder"]]))
        for i, vector in enumerate(found):
            if vector is not None:
                vectors[i] = vector
        if missing:
            self._warn_once(
                f"no {self._config['encoder']} sentence embedding from "
                "MultilingualSentenceEncoder on the message; embedding it again"
            )
            vectors[missing] = self._encode([todo[i].get(TEXT) for i in missing])
        texts = [m.get(TEXT) for m in todo]
        scores = self._detector.scores(texts, vectors)
        for message, score in zip(todo, scores, strict=True):
            message.set(
                ANGER,
                {
                    "score": round(float(score), 4),
                    "angry": bool(score >= self._detector.threshold),
                },
                add_to_output=True,
            )
        return messages

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> AngerDetector:
        """The trained detector; if it cannot be read, the component adds nothing."""
        detector = None
        try:
            with model_storage.read_from(resource) as directory:
                detector = anger.AngerDetector.load(directory)
        except (ValueError, OSError, KeyError) as error:
            logger.warning(
                "%s: cannot load the trained detector (%s); messages get no anger "
                "score. Retrain the model.",
                cls.__name__,
                error,
            )
        return cls(config, model_storage, resource, detector)

    def _warn_once(self, text: Text) -> None:
        if not self._warned:
            self._warned = True
            logger.warning("%s: %s", type(self).__name__, text)
