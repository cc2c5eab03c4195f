"""The second-opinion classifier: asked only when the first is unsure, real encoders.

Messages are featurized by the first half of config.yml's pipeline (whitespace
tokens, char n-grams, USE), trained here on a few examples, so the component reads
the same sparse and dense features as in production.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Callable, List

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
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

Featurize = Callable[[List[str]], List[Message]]


def _context(name: str) -> ExecutionContext:
    return ExecutionContext(None, name)


@pytest.fixture(scope="module")
def storage(tmp_path_factory) -> LocalModelStorage:
    return LocalModelStorage(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def featurize(storage) -> Featurize:
    """config.yml's featurizers, trained on EXAMPLES."""
    tokenizer = WhitespaceTokenizer.create(
        WhitespaceTokenizer.get_default_config(), storage, Resource("t"), _context("t")
    )
    chars = CountVectorsFeaturizer.create(
        {
            **CountVectorsFeaturizer.get_default_config(),
            "analyzer": "char_wb",
            "min_ngram": 2,
            "max_ngram": 4,
        },
        storage,
        Resource("chars"),
        _context("chars"),
    )
    encoder = MultilingualSentenceEncoder(
        {**MultilingualSentenceEncoder.get_default_config(), "scale": 4.0}, "use"
    )
    corpus = TrainingData(
        training_examples=[
            Message(data={TEXT: t, INTENT: i}) for i, ex in EXAMPLES.items() for t in ex
        ]
    )
    tokenizer.process_training_data(corpus)
    chars.train(corpus)

    def run(texts: List[str]) -> List[Message]:
        messages = [Message(data={TEXT: t}) for t in texts]
        for component in (tokenizer, chars, encoder):
            component.process(messages)
        return messages

    return run


def _train(
    featurize: Featurize, storage: LocalModelStorage, name: str, examples: dict
) -> SecondOpinionClassifier:
    texts = [t for ex in examples.values() for t in ex]
    messages = featurize(texts)
    labels = [i for i, ex in examples.items() for _ in ex]
    for message, intent in zip(messages, labels, strict=True):
        message.set(INTENT, intent)
    component = SecondOpinionClassifier.create(
        {}, storage, Resource(name), _context(name)
    )
    component.train(TrainingData(training_examples=messages))
    return component


@pytest.fixture(scope="module")
def trained(featurize, storage) -> SecondOpinionClassifier:
    return _train(featurize, storage, "second", EXAMPLES)


@pytest.fixture
def first_opinion(featurize) -> Callable[[str, str, float], Message]:
    """A featurized message as the first classifier left it."""

    def make(text: str, name: str, confidence: float) -> Message:
        (message,) = featurize([text])
        intent = {"name": name, "confidence": confidence}
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
        return message

    return make


def test_the_features_are_sparse_char_ngrams_and_dense_embeddings(
    featurize,
) -> None:
    (message,) = featurize(["Wann haben Sie geöffnet?"])
    assert message.get_sparse_features(TEXT)[1] is not None
    assert message.get_dense_features(TEXT)[1] is not None


def test_unsure_message_gets_the_second_classifiers_intent_and_ranking(
    trained, first_opinion
) -> None:
    message = first_opinion("Wann haben Sie morgen geöffnet?", "shipping", 0.31)
    trained.process([message])
    assert message.get(INTENT)["name"] == "opening_hours"
    ranking = message.get(INTENT_RANKING_KEY)
    assert sorted(r["name"] for r in ranking) == sorted(EXAMPLES)
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
    assert message.get(INTENT)["confidence"] == max(r["confidence"] for r in ranking)
    assert message.get(INTENT)["confidence"] != 0.31
    # what Rasa puts into the tracker must serialise
    json.dumps(message.as_dict(only_output_properties=True))


def test_confident_message_is_left_alone_and_not_embedded(
    trained, first_opinion
) -> None:
    calls = []
    encode = trained._embed

    def counting(messages):
        calls.append(len(messages))
        return encode(messages)

    trained._embed = counting
    try:
        confident = first_opinion("Wann haben Sie morgen geöffnet?", "shipping", 0.8)
        unsure = first_opinion("Wo bleibt mein Paket?", "shipping", 0.2)
        trained.process([confident, unsure])
    finally:
        del trained._embed
    assert confident.get(INTENT) == {"name": "shipping", "confidence": 0.8}
    assert unsure.get(INTENT)["name"] == "order_status"
    assert calls == [1]  # only the unsure message went through e5


def test_intent_shortcuts_are_left_to_the_regex_handler(trained, first_opinion) -> None:
    """ "/greet" from a button: Rasa's RegexMessageHandler decides it later."""
    message = first_opinion("/order_status", "shipping", 0.1)
    trained.process([message])
    assert message.get(INTENT) == {"name": "shipping", "confidence": 0.1}


def test_a_long_message_is_cut_before_e5(trained, first_opinion) -> None:
    """e5's time grows with the text; a 10 kB message must not stall the server."""
    seen = []
    encode = trained._encoder

    def recording(texts):
        seen.extend(len(t) for t in texts)
        return encode(texts)

    trained._encoder = recording
    try:
        message = first_opinion(
            "Wann haben Sie geöffnet? " + "x" * 10_000, "greet", 0.1
        )
        trained.process([message])
    finally:
        trained._encoder = encode
    assert seen == [300]
    assert message.get(INTENT)["name"] in EXAMPLES


def test_ranking_is_cut_to_its_length(featurize, storage, first_opinion) -> None:
    many = {
        f"{intent}_{n}": ex for intent, ex in EXAMPLES.items() for n in (1, 2, 3, 4)
    }
    component = _train(featurize, storage, "many", many)
    component._config["ranking_length"] = 5
    message = first_opinion("Wo bleibt mein Paket?", "greet", 0.1)
    component.process([message])
    assert len(message.get(INTENT_RANKING_KEY)) == 5


def test_messages_without_text_or_intent_dict_pass_through(trained) -> None:
    empty = Message(data={INTENT: {"name": "greet", "confidence": 0.1}})
    unclassified = Message(data={TEXT: "Hallo"})
    labelled = Message(data={TEXT: "Hallo", INTENT: "greet"})  # a training example
    trained.process([empty, unclassified, labelled])
    assert empty.get(INTENT) == {"name": "greet", "confidence": 0.1}
    assert unclassified.get(INTENT) is None
    assert labelled.get(INTENT) == "greet"


@pytest.mark.usefixtures("trained")  # stores the "second" resource
def test_placed_before_any_intent_classifier_it_says_so(storage, caplog) -> None:
    component = SecondOpinionClassifier.load(
        {}, storage, Resource("second"), _context("misplaced")
    )
    with caplog.at_level(logging.WARNING):
        component.process([Message(data={TEXT: "Hallo"})])
        component.process([Message(data={TEXT: "Guten Tag"})])
    assert caplog.text.count("place it after an intent classifier") == 1


def test_loaded_classifier_answers_like_the_trained_one(
    trained, storage, first_opinion
) -> None:
    loaded = SecondOpinionClassifier.load(
        {}, storage, Resource("second"), _context("second")
    )
    before = first_opinion("Was kostet der Versand nach Italien?", "opening_hours", 0.1)
    after = first_opinion("Was kostet der Versand nach Italien?", "opening_hours", 0.1)
    trained.process([before])
    loaded.process([after])
    assert after.get(INTENT)["name"] == before.get(INTENT)["name"] == "shipping"
    assert after.get(INTENT)["confidence"] == pytest.approx(
        before.get(INTENT)["confidence"], abs=1e-6
    )


def test_nothing_to_train_means_nothing_changes(
    featurize, tmp_path: Path, first_opinion
) -> None:
    storage = LocalModelStorage(tmp_path)
    _train(featurize, storage, "lonely", {"greet": ["Hallo", "Guten Tag"]})
    loaded = SecondOpinionClassifier.load(
        {}, storage, Resource("lonely"), _context("lonely")
    )
    message = first_opinion("Moin", "greet", 0.2)
    loaded.process([message])
    assert message.get(INTENT) == {"name": "greet", "confidence": 0.2}


def test_a_damaged_model_file_is_reported_and_the_first_opinion_stands(
    featurize, tmp_path: Path, first_opinion, caplog
) -> None:
    storage = LocalModelStorage(tmp_path)
    _train(featurize, storage, "damaged", EXAMPLES)
    with storage.read_from(Resource("damaged")) as directory:
        (directory / "classifier.skops").write_bytes(b"not a zip file")
    with caplog.at_level(logging.WARNING):
        loaded = SecondOpinionClassifier.load(
            {}, storage, Resource("damaged"), _context("damaged")
        )
    assert "cannot load" in caplog.text and "Retrain" in caplog.text
    message = first_opinion("Wann haben Sie morgen geöffnet?", "shipping", 0.2)
    loaded.process([message])
    assert message.get(INTENT) == {"name": "shipping", "confidence": 0.2}


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
