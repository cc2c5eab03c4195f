"""The entity-type featurizer marks which kinds of detail a message names."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.entity_featurizer import NO_DETAIL, EntityTypeFeaturizer
from kontor.entities import ENTITY_TYPES, EntityExtractor, load_vocabulary


@pytest.fixture(scope="module")
def featurizer() -> EntityTypeFeaturizer:
    return EntityTypeFeaturizer(
        {**EntityTypeFeaturizer.get_default_config(), "weight": 2.0},
        "entity_types",
        EntityExtractor.shared(),
    )


def row(featurizer: EntityTypeFeaturizer, text: str) -> np.ndarray:
    message = Message(data={TEXT: text})
    featurizer.process([message])
    _, sentence = message.get_sparse_features(TEXT)
    return sentence.features.toarray()[0]


def test_every_entity_type_has_a_column() -> None:
    assert set(load_vocabulary()) - {"ignore"} <= set(ENTITY_TYPES)
    assert {"time", "quantity"} <= set(ENTITY_TYPES)  # found by patterns


def test_named_kinds_are_marked(featurizer) -> None:
    features = row(featurizer, "geht klarna am Samstag?")
    on = {i for i, value in enumerate(features) if value}
    assert on == {ENTITY_TYPES.index("payment_method"), ENTITY_TYPES.index("date")}
    assert features[ENTITY_TYPES.index("date")] == 2.0  # the configured weight


@pytest.mark.parametrize("text", ["Alles klar, danke", "/greet"])
def test_no_detail_has_its_own_column(featurizer, text) -> None:
    features = row(featurizer, text)
    assert features[NO_DETAIL] == 2.0 and features[:NO_DETAIL].sum() == 0


def test_training_examples_are_featurized(featurizer) -> None:
    data = TrainingData([Message(data={TEXT: "nach Österreich?", "intent": "x"})])
    featurizer.process_training_data(data)
    _, sentence = data.training_examples[0].get_sparse_features(TEXT)
    assert sentence.features.shape == (1, len(ENTITY_TYPES) + 1)


def test_weight_must_be_positive() -> None:
    with pytest.raises(ValueError):
        EntityTypeFeaturizer.validate_config({"weight": 0})
