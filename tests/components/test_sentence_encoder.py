"""The multilingual sentence featurizer: real embeddings, from the model in the wheel."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.sentence_encoder import MultilingualSentenceEncoder

DIMENSIONS = {"use": 512, "e5": 384}


@pytest.fixture(scope="module", params=sorted(DIMENSIONS))
def encoder(request) -> MultilingualSentenceEncoder:
    config = MultilingualSentenceEncoder.get_default_config()
    return MultilingualSentenceEncoder(
        {**config, "encoder": request.param, "batch_size": 2}, request.param
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
    assert all(v.shape == (DIMENSIONS[encoder._config["encoder"]],) for v in vectors)
    assert all(abs(np.linalg.norm(v) - 1.0) < 1e-3 for v in vectors)  # scale 1
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
    with pytest.raises(ValueError, match="unknown encoder 'bert'"):
        MultilingualSentenceEncoder.validate_config({"encoder": "bert"})


def test_two_encoders_are_concatenated() -> None:
    """Listed twice in a pipeline, both embeddings reach the classifier side by side."""
    config = MultilingualSentenceEncoder.get_default_config()
    message = Message(data={TEXT: "Ist Artikel 4711 noch auf Lager?"})
    for name in ("use", "e5"):
        MultilingualSentenceEncoder({**config, "encoder": name}, name).process(
            [message]
        )
    assert _vector(message).shape == (512 + 384,)
