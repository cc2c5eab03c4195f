"""The NLU component adds kontor's entities to Rasa messages and leaves payloads alone."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.entity_extractor import KontorEntityExtractor
from kontor.entities import EntityExtractor


@pytest.fixture(scope="module")
def component() -> KontorEntityExtractor:
    return KontorEntityExtractor(EntityExtractor())


def test_entities_are_added_with_spans_and_extractor(component) -> None:
    message = Message(data={TEXT: "Liefert ihr am Samstag nach Österreich?"})
    (processed,) = component.process([message])
    assert processed.get(ENTITIES) == [
        {
            "entity": "date",
            "value": "saturday",
            "start": 15,
            "end": 22,
            "extractor": "KontorEntityExtractor",
        },
        {
            "entity": "country",
            "value": "AT",
            "start": 28,
            "end": 38,
            "extractor": "KontorEntityExtractor",
        },
    ]
    assert "entities" in processed.as_dict_nlu()  # part of the parse result


def test_other_extractors_entities_are_kept(component) -> None:
    earlier = {"entity": "person", "value": "Anna", "start": 0, "end": 4}
    message = Message(data={TEXT: "Anna am Montag", ENTITIES: [earlier]})
    (processed,) = component.process([message])
    assert [e["entity"] for e in processed.get(ENTITIES)] == ["person", "date"]


@pytest.mark.parametrize(
    "text", ["/payment", '/payment{"payment_method": "paypal"}', ""]
)
def test_payloads_and_empty_texts_are_skipped(component, text) -> None:
    message = Message(data={TEXT: text})
    (processed,) = component.process([message])
    assert not processed.get(ENTITIES)
