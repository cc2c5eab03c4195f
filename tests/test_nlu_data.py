"""The training data and the held-out NLU test set stay apart and cover the domain.

tests/nlu/heldout_*.yml measure generalisation (bench/nlu.py --sets heldout); a
held-out message that also appears in data/nlu would make that figure a lie.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import datasets  # noqa: E402

LANGUAGES = ("de", "en")


def normalised(text: str) -> str:
    """Lower case, umlauts spelt out, punctuation and extra spaces dropped."""
    text = text.lower()
    for umlaut, spelt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelt)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def domain_intents() -> set:
    """The intents visitors type: not the EXTERNAL_ ones the inbox sends via the API."""
    domain = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
    return {i for i in domain["intents"] if not i.startswith("EXTERNAL_")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_held_out_messages_are_not_in_the_training_data(language: str) -> None:
    training = {
        normalised(text)
        for lang in LANGUAGES
        for text, _ in datasets.rasa_nlu_examples(REPO / "data" / "nlu" / lang)
    }
    held_out = datasets.rasa_nlu_examples(
        REPO / "tests" / "nlu" / f"heldout_{language}.yml"
    )
    leaked = [text for text, _ in held_out if normalised(text) in training]
    assert not leaked, f"held-out messages also in data/nlu: {leaked}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_intent_is_trained_and_held_out_in_each_language(language: str) -> None:
    intents = domain_intents()
    trained = {i for _, i in datasets.rasa_nlu_examples(REPO / "data/nlu" / language)}
    held_out = {
        i
        for _, i in datasets.rasa_nlu_examples(
            REPO / "tests" / "nlu" / f"heldout_{language}.yml"
        )
    }
    assert trained == intents, trained ^ intents
    assert held_out == intents, held_out ^ intents


def test_normalisation_catches_spelling_variants() -> None:
    assert normalised("Grüß Gott!") == normalised("gruess   gott")
    assert normalised("Öffnungszeiten?") != normalised("Öffnungszeit")
