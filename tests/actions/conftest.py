"""Fixtures for action tests: the real domain, a dispatcher, trackers, and Rasa's own
response rendering, so tests see the text a visitor would see."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet as RasaSlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from components.catalog_words import vocabulary_from_files
from kontor.company import Company
from kontor.entities import EntityExtractor

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> Domain:
    """The project's real domain.yml."""
    return Domain.load(str(REPO / "domain.yml"))


@pytest.fixture(scope="session")
def domain_dict(domain: Domain) -> Dict[str, Any]:
    """The domain as the action server receives it."""
    return domain.as_dict()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def extractor() -> EntityExtractor:
    """The extractor as the trained model has it: with the catalog's words."""
    return EntityExtractor.shared(_catalog_words())


@functools.lru_cache(maxsize=1)
def _catalog_words() -> Dict[str, Dict[str, List[str]]]:
    return vocabulary_from_files(sorted(REPO.glob("data/lookups/*.yml")))


def make_tracker(
    text: str = "",
    language: Optional[str] = "de",
    intent: str = "",
    metadata: Optional[Dict[str, Any]] = None,
    entities: Optional[Sequence[Tuple[str, str]]] = None,
    slots: Optional[Dict[str, Any]] = None,
) -> Tracker:
    """A tracker whose latest message is ``text``, in a conversation in ``language``.

    ``entities`` are (type, value) pairs as the NLU found them; without them, the real
    extractor reads ``text``, as in production. ``slots`` are the conversation's slots
    besides the language (e.g. the topic of a follow-up).
    """
    if entities is None:
        found = extractor().extract(text)
        entities = [(e.entity, e.value) for e in found]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": [{"entity": e, "value": v} for e, v in entities],
        "metadata": metadata or {},
    }
    return Tracker(
        sender_id="test",
        slots={"language": language, **(slots or {})},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


class FakeCompanyFile:
    """Serves a fixed Company, as CompanyFile.get() would."""

    def __init__(self, company: Company) -> None:
        self.company = company

    def get(self) -> Company:
        return self.company


@pytest.fixture
def clock_at() -> Callable[..., Callable[[], dt.datetime]]:
    """clock_at(2026, 11, 28, 10, 0) → a clock stuck at that Berlin wall time."""
    from zoneinfo import ZoneInfo

    def build(*args: int) -> Callable[[], dt.datetime]:
        moment = dt.datetime(*args, tzinfo=ZoneInfo("Europe/Berlin"))
        return lambda: moment

    return build


@pytest.fixture
def render(domain: Domain) -> Callable[[List[Dict[str, Any]], str], Any]:
    """Render dispatcher messages exactly as the Rasa server does, in a language."""
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)

    async def _render(messages: List[Dict[str, Any]], language: str) -> List[str]:
        tracker = DialogueStateTracker.from_events(
            "test", [RasaSlotSet("language", language)], slots=domain.slots
        )
        events = await RemoteAction._utter_responses(
            [dict(m) for m in messages], CollectingOutputChannel(), nlg, tracker
        )
        texts = [event.text or "" for event in events]
        for text in texts:
            assert "{" not in text, f"unfilled variable in {text!r}"
        return texts

    return _render
