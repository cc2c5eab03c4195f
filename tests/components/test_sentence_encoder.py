"""The multilingual sentence featurizer: real embeddings, from the model in the wheel."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_encoder import MultilingualSentenceEncoder


@pytest.fixture(scope="module")
def encoder() -> MultilingualSentenceEncoder:
    return MultilingualSentenceEncoder(
        {**MultilingualSentenceEncoder.get_default_config(), "batch_size": 2}, "use"
    )


def _vector(message: Message) -> np.ndarray:
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None
    return sentence.features[0]


def test_sentence_features_are_added(encoder) -> None:
    messages = [
        Message(data={TEXT: t}) for t in ("Hallo", "Wann habt ihr offen?", "hi")
    ]
    messages.append(Message(data={}))  # no text: left alone
    encoder.process(messages)
    vectors = [_vector(m) for m in messages[:3]]
    assert all(v.shape == (512,) for v in vectors)
    assert messages[3].get_dense_features(TEXT) == (None, None)


def test_paraphrases_across_languages_are_close(encoder) -> None:
    data = TrainingData(
        training_examples=[
            Message(data={TEXT: "Wann haben Sie geöffnet?", "intent": "hours"}),
            Message(data={TEXT: "What are your opening hours?", "intent": "hours"}),
            Message(
                data={TEXT: "Was kostet der Versand nach Österreich?", "intent": "ship"}
            ),
        ]
    )
    encoder.process_training_data(data)
    de, en, other = (_vector(m) for m in data.training_examples)

    def cosine(a: np.ndarray, b: np.ndarray) -> float:
        return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))

    assert cosine(de, en) > cosine(de, other) + 0.1


def test_config_is_checked() -> None:
    with pytest.raises(ValueError, match="threads"):
        MultilingualSentenceEncoder({"threads": 0, "batch_size": 1, "alias": None}, "x")
