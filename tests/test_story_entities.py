"""Every entity annotated in a test story is what kontor/entities.py finds, span and all.

The extractor is rule-based, so this needs no trained model: it checks the annotations
of all test conversations (tests/*.yml, tests/stories/*.yml), also those `rasa test`
only checks for the dialogue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
import yaml
from rasa.shared.nlu.training_data import entities_parser

from components.catalog_words import vocabulary_from_files
from kontor.entities import EntityExtractor

REPO = Path(__file__).resolve().parents[1]
STORY_FILES = sorted(
    p
    for p in [*REPO.glob("tests/*.yml"), *REPO.glob("tests/stories/*.yml")]
    if "stories" in (yaml.safe_load(p.read_text(encoding="utf-8")) or {})
)


def user_messages() -> Iterator[Tuple[str, str]]:
    for path in STORY_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for story in data["stories"]:
            for step in story["steps"]:
                if "user" in step:
                    yield path.name, step["user"].strip()


MESSAGES = list(user_messages())


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    """The extractor with the catalog's words of data/lookups/, as the model has them."""
    vocabulary = vocabulary_from_files(sorted(REPO.glob("data/lookups/*.yml")))
    return EntityExtractor.shared(vocabulary)


def test_there_are_annotated_stories() -> None:
    assert len(STORY_FILES) >= 4
    assert sum('"entity"' in text for _, text in MESSAGES) >= 30


@pytest.mark.parametrize(("source", "marked_up"), MESSAGES)
def test_annotations_match_the_extractor(
    extractor: EntityExtractor, source: str, marked_up: str
) -> None:
    text = entities_parser.replace_entities(marked_up)
    expected: List[Tuple[str, str, int, int]] = [
        (e["entity"], str(e["value"]), e["start"], e["end"])
        for e in entities_parser.find_entities_in_training_example(marked_up)
    ]
    found = [(e.entity, e.value, e.start, e.end) for e in extractor.extract(text)]
    assert found == expected, f"{source}: {text!r}"
