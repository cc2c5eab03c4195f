"""The second-opinion classifier: asked only when the first is unsure, real encoders."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.second_opinion import SecondOpinionClassifier
from components.sentence_encoder import MultilingualSentenceEncoder

EXAMPLES = {
    "opening_hours": [
        "Wann haben Sie geöffnet?",
        "Wie lange sind Sie heute erreichbar?",
        "What are your opening hours?",
        "Haben Sie samstags offen?",
    ],
    "shipping": [
        "Was kostet der Versand nach Österreich?",
        "Wie lange dauert die Lieferung?",
        "How much is shipping to Switzerland?",
        "Liefern Sie auch ins Ausland?",
    ],
    "order_status": [
        "Wo bleibt meine Bestellung?",
        "Ich warte noch auf mein Paket",
        "Where is my order?",
        "Können Sie den Status meines Auftrags prüfen?",
    ],
}


def _featurized(texts: List[str]) -> List[Message]:
    """Messages with the sentence features the first classifier would have seen."""
    messages = [Message(data={TEXT: t}) for t in texts]
    config = MultilingualSentenceEncoder.get_default_config()
    MultilingualSentenceEncoder({**config, "scale": 4.0}, "use").process(messages)
    return messages


@pytest.fixture(scope="module")
def storage(tmp_path_factory) -> LocalModelStorage:
    return LocalModelStorage(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def trained(storage) -> SecondOpinionClassifier:
    texts = [t for examples in EXAMPLES.values() for t in examples]
    messages = _featurized(texts)
    for message, intent in zip(
        messages, [i for i, ex in EXAMPLES.items() for _ in ex], strict=True
    ):
        message.set(INTENT, intent)
    component = SecondOpinionClassifier.create(
        {}, storage, Resource("second"), ExecutionContext(None, "second")
    )
    component.train(TrainingData(training_examples=messages))
    return component


def _first_opinion(text: str, name: str, confidence: float) -> Message:
    (message,) = _featurized([text])
    message.set(INTENT, {"name": name, "confidence": confidence}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": confidence}])
    return message


def test_unsure_message_gets_the_second_classifiers_intent_and_ranking(
    trained,
) -> None:
    message = _first_opinion("Wann macht ihr morgen auf?", "shipping", 0.31)
    trained.process([message])
    assert message.get(INTENT)["name"] == "opening_hours"
    ranking = message.get(INTENT_RANKING_KEY)
    assert [r["name"] for r in ranking][0] == "opening_hours"
    assert sorted(r["name"] for r in ranking) == sorted(EXAMPLES)
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
    assert ranking[0]["confidence"] == message.get(INTENT)["confidence"]


def test_confident_message_is_left_alone_and_not_embedded(trained) -> None:
    calls = []
    encode = trained._embed

    def counting(messages):
        calls.append(len(messages))
        return encode(messages)

    trained._embed = counting
    try:
        confident = _first_opinion("Wann macht ihr morgen auf?", "shipping", 0.8)
        unsure = _first_opinion("Wo ist mein Paket?", "shipping", 0.2)
        trained.process([confident, unsure])
    finally:
        del trained._embed
    assert confident.get(INTENT) == {"name": "shipping", "confidence": 0.8}
    assert unsure.get(INTENT)["name"] == "order_status"
    assert calls == [1]  # only the unsure message went through e5


def test_a_long_message_is_cut_before_e5(trained) -> None:
    """e5's time grows with the text; a 10 kB message must not stall the server."""
    seen = []
    encode = trained._encoder

    def recording(texts):
        seen.extend(len(t) for t in texts)
        return encode(texts)

    trained._encoder = recording
    try:
        message = _first_opinion("Wann haben Sie offen? " + "x" * 10_000, "greet", 0.1)
        trained.process([message])
    finally:
        trained._encoder = encode
    assert seen == [300]
    assert message.get(INTENT)["name"] in EXAMPLES


def test_messages_without_text_or_intent_pass_through(trained) -> None:
    empty = Message(data={INTENT: {"name": "greet", "confidence": 0.1}})
    unclassified = Message(data={TEXT: "Hallo"})
    trained.process([empty, unclassified])
    assert empty.get(INTENT) == {"name": "greet", "confidence": 0.1}
    assert unclassified.get(INTENT) is None


def test_loaded_classifier_answers_like_the_trained_one(trained, storage) -> None:
    loaded = SecondOpinionClassifier.load(
        {}, storage, Resource("second"), ExecutionContext(None, "second")
    )
    before = _first_opinion("Liefern Sie nach Italien?", "opening_hours", 0.1)
    after = _first_opinion("Liefern Sie nach Italien?", "opening_hours", 0.1)
    trained.process([before])
    loaded.process([after])
    assert after.get(INTENT)["name"] == before.get(INTENT)["name"] == "shipping"
    assert after.get(INTENT)["confidence"] == pytest.approx(
        before.get(INTENT)["confidence"], abs=1e-6
    )


def test_nothing_to_train_means_nothing_changes(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    messages = _featurized(["Hallo", "Guten Tag"])
    for message in messages:
        message.set(INTENT, "greet")
    component = SecondOpinionClassifier.create(
        {}, storage, Resource("lonely"), ExecutionContext(None, "lonely")
    )
    component.train(TrainingData(training_examples=messages))
    loaded = SecondOpinionClassifier.load(
        {}, storage, Resource("lonely"), ExecutionContext(None, "lonely")
    )
    message = _first_opinion("Moin", "greet", 0.2)
    loaded.process([message])
    assert message.get(INTENT) == {"name": "greet", "confidence": 0.2}


@pytest.mark.parametrize(
    ("config", "complaint"),
    [
        ({"encoder": "bert"}, "unknown encoder 'bert'"),
        ({"confidence_below": 0}, "confidence_below"),
        ({"confidence_below": 1.5}, "confidence_below"),
        ({"threads": 0}, "threads"),
        ({"max_chars": 0}, "max_chars"),
        ({"scale": -1}, "scale"),
    ],
)
def test_config_is_checked(config, complaint) -> None:
    with pytest.raises(ValueError, match=complaint):
        SecondOpinionClassifier.validate_config(
            {**SecondOpinionClassifier.get_default_config(), **config}
        )
