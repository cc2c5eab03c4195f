"""The anger component: trains from the phrases file, adds `anger` to the parse result.

Messages are embedded by MultilingualSentenceEncoder as in config.yml (USE, scale 4),
so the component reads the pipeline's vectors, as in production.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import List

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.anger_detector import ANGER, AngerDetector
from components.sentence_encoder import MultilingualSentenceEncoder
from kontor.handoff.anger import PHRASES_FILE

ANGRY = "Das ist eine Frechheit, ich warte seit drei Wochen auf meine Schuhe!!"
CALM = "Guten Tag, wann wird meine Bestellung geliefert?"


def _context(name: str) -> ExecutionContext:
    return ExecutionContext(None, name)


@pytest.fixture(scope="module")
def storage(tmp_path_factory) -> LocalModelStorage:
    return LocalModelStorage(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def encoder() -> MultilingualSentenceEncoder:
    return MultilingualSentenceEncoder(
        {**MultilingualSentenceEncoder.get_default_config(), "scale": 4.0},
        "run_components.sentence_encoder.MultilingualSentenceEncoder3",
    )


@pytest.fixture(scope="module")
def trained(storage) -> AngerDetector:
    component = AngerDetector.create(
        {"phrases": str(PHRASES_FILE)}, storage, Resource("anger"), _context("anger")
    )
    component.train(TrainingData())
    return component


def _featurized(encoder, texts: List[str]) -> List[Message]:
    messages = [Message(data={TEXT: t}) for t in texts]
    encoder.process(messages)
    return messages


def test_angry_and_calm_messages_get_score_and_verdict(trained, encoder) -> None:
    angry, calm = trained.process(_featurized(encoder, [ANGRY, CALM]))
    assert angry.get(ANGER)["angry"] is True
    assert calm.get(ANGER)["angry"] is False
    assert 0.0 <= calm.get(ANGER)["score"] < angry.get(ANGER)["score"] <= 1.0


def test_the_key_is_in_the_parse_output(trained, encoder) -> None:
    """processor.parse_message keeps the output properties of the parsed message."""
    (message,) = trained.process(_featurized(encoder, [ANGRY]))
    output = message.as_dict(only_output_properties=True)
    assert set(output[ANGER]) == {"score", "angry"}
    assert isinstance(output[ANGER]["score"], float)
    assert isinstance(output[ANGER]["angry"], bool)


def test_the_pipelines_embedding_is_reused(trained, encoder, monkeypatch) -> None:
    messages = _featurized(encoder, [ANGRY, CALM])

    def refuse(texts):
        raise AssertionError("embedded again")

    monkeypatch.setattr(trained, "_encode", refuse)
    trained.process(messages)
    assert all(m.get(ANGER) for m in messages)


def test_without_the_pipelines_embedding_it_embeds_itself(
    trained, encoder, caplog
) -> None:
    bare = Message(data={TEXT: ANGRY})
    (reused,) = _featurized(encoder, [ANGRY])
    with caplog.at_level(logging.WARNING):
        trained.process([bare, reused])
    assert bare.get(ANGER) == pytest.approx(reused.get(ANGER))
    assert "embedding it again" in caplog.text


def test_button_payloads_and_empty_messages_are_left_alone(trained, encoder) -> None:
    messages = [Message(data={TEXT: "/handoff"}), Message(data={})]
    trained.process(messages)
    assert all(m.get(ANGER) is None for m in messages)


def test_training_data_passes_through(trained) -> None:
    data = TrainingData(training_examples=[Message(data={TEXT: "hallo"})])
    assert trained.process_training_data(data) is data


def test_loaded_detector_scores_as_trained(trained, storage, encoder) -> None:
    loaded = AngerDetector.load(
        {"phrases": str(PHRASES_FILE)}, storage, Resource("anger"), _context("anger")
    )
    first = trained.process(_featurized(encoder, [ANGRY, CALM]))
    second = loaded.process(_featurized(encoder, [ANGRY, CALM]))
    assert [m.get(ANGER) for m in first] == [m.get(ANGER) for m in second]


def test_nothing_trained_means_no_key(storage, encoder, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        component = AngerDetector.load(
            {}, storage, Resource("never-trained"), _context("x")
        )
    (message,) = component.process(_featurized(encoder, [ANGRY]))
    assert message.get(ANGER) is None
    assert "Retrain" in caplog.text


def test_a_missing_phrases_file_is_named(storage, tmp_path) -> None:
    component = AngerDetector.create(
        {"phrases": str(tmp_path / "nowhere.yml")},
        storage,
        Resource("b"),
        _context("b"),
    )
    with pytest.raises(FileNotFoundError, match="nowhere.yml"):
        component.train(TrainingData())


def test_fingerprint_follows_the_phrases_file(tmp_path: Path) -> None:
    path = tmp_path / "phrases.yml"
    path.write_text("angry:\n  de: [Frechheit]\ncalm:\n  de: [Hallo]\n")
    first = AngerDetector.fingerprint_addon({"phrases": str(path)})
    path.write_text("angry:\n  de: [Unverschämt]\ncalm:\n  de: [Hallo]\n")
    assert first != AngerDetector.fingerprint_addon({"phrases": str(path)})


@pytest.mark.parametrize(
    "config", [{"encoder": "bert"}, {"precision": 0}, {"precision": 1.5}, {"c": 0}]
)
def test_bad_settings_are_refused(config) -> None:
    with pytest.raises(ValueError):
        AngerDetector.validate_config({**AngerDetector.get_default_config(), **config})


def test_a_relative_phrases_path_is_found_from_elsewhere(tmp_path, monkeypatch) -> None:
    """`rasa train` runs in the project root; tests and tools may not."""
    monkeypatch.chdir(tmp_path)
    config = {"phrases": "kontor/handoff/anger_phrases.yml"}
    assert AngerDetector.fingerprint_addon(config) is not None
