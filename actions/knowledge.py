"""The knowledge fallback: a question no intent covers, answered from the documents.

A thin adapter: kontor/knowledge decides what the documents say (or that they say
nothing), domain.yml's responses say it. Prices, stock and delivery of a catalog
product are the product action's, never a document's.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.base import BusinessAction, business_sessions, language_of
from kontor import facts
from kontor.company import CompanyConfigError
from kontor.knowledge.answers import (
    QUOTE,
    KnowledgeAnswer,
    Source,
    asks_the_catalog,
    respond,
)
from kontor.knowledge.index import KnowledgeSource
from kontor.knowledge.llm import LLMClient
from kontor.settings import Settings

logger = logging.getLogger(__name__)

CATALOG_ENTITIES = ("product", "product_type")
# true while a colleague is offered for a question the documents could not answer
OFFERED = "human_offered"
TRIGGER = "handoff_trigger"


@functools.lru_cache(maxsize=1)
def knowledge_source() -> KnowledgeSource:
    """The action server's knowledge index, built on first use (not at import)."""
    return KnowledgeSource(business_sessions(), Settings.from_env().embedder())


def documents_answer(
    question: str,
    language: str,
    source: Optional[KnowledgeSource] = None,
    llm: Optional[LLMClient] = None,
) -> KnowledgeAnswer:
    """What the documents say to ``question`` (SQLAlchemyError if the store is down).

    ``llm`` defaults to the configured model (none by default).
    """
    settings = Settings.from_env()
    index = (source or knowledge_source()).get()
    answer = respond(
        question,
        index,
        language=language,
        threshold=settings.knowledge_threshold,
        llm=llm if llm is not None else settings.llm(),
        names=_product_names() if (llm or settings.llm_base_url) else (),
    )
    logger.info(
        "knowledge answer: %s (relevance %.3f) %s",
        answer.kind,
        answer.relevance,
        answer.note,
    )
    return answer


def say(dispatcher: CollectingDispatcher, answer: KnowledgeAnswer) -> None:
    """Utter a found answer: the quote or the generated text, with the sources."""
    source = answer.sources[0]
    if answer.kind == QUOTE:
        dispatcher.utter_message(
            response="utter_knowledge_quote_page"
            if source.page
            else "utter_knowledge_quote",
            quote=answer.text,
            title=_where(source),
            page=source.page,
        )
        return
    dispatcher.utter_message(
        response="utter_knowledge_generated",
        answer=answer.text,
        sources="; ".join(_where(s) for s in answer.sources),
        # EU AI Act Art. 50(2): generated text, marked machine-readably (it lands
        # in the bot event's metadata in the tracker store)
        metadata={
            "ai_generated": True,
            "sources": [
                {"source": s.source, "title": s.title, "page": s.page}
                for s in answer.sources
            ],
        },
    )


class ActionKnowledgeAnswer(BusinessAction):
    """Answers from the company's documents with the source, or offers a human."""

    def __init__(
        self,
        *args: Any,
        source: Optional[KnowledgeSource] = None,
        llm: Optional[LLMClient] = None,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        self._knowledge = source
        self._llm = llm

    def name(self) -> Text:
        return "action_knowledge_answer"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        question = str(message.get("text") or "")
        entities = {e.get("entity") for e in message.get("entities") or []}
        if entities & set(CATALOG_ENTITIES) and asks_the_catalog(question):
            return [FollowupAction("action_product_question")]
        try:
            contact = facts.contact_vars(self.company())
        except CompanyConfigError as error:
            logger.error("no company facts: %s", error)
            contact = {}
        try:
            answer = documents_answer(
                question, language_of(tracker), self._knowledge, self._llm
            )
        except SQLAlchemyError as error:
            logger.error("knowledge store unavailable: %s", error)
            dispatcher.utter_message(response="utter_knowledge_unavailable", **contact)
            return []
        if not answer.found:
            if tracker.get_slot(OFFERED) and _missed_just_before(tracker):
                # the second miss in a row: a person, at once
                return [
                    SlotSet(OFFERED, False),
                    SlotSet(TRIGGER, "misunderstood"),
                    FollowupAction("action_request_human"),
                ]
            dispatcher.utter_message(response="utter_knowledge_not_found", **contact)
            return [SlotSet(OFFERED, True)]
        say(dispatcher, answer)
        return [SlotSet(OFFERED, False)] if tracker.get_slot(OFFERED) else []


def _product_names() -> List[str]:
    """The catalog's product names, which a generated answer may not make up."""
    from actions.products import catalog_source

    try:
        catalog = catalog_source().get()
    except SQLAlchemyError:
        return []
    return [name for p in catalog.products for name in (p.name_de, p.name_en)]


def _where(source: Source) -> str:
    """The source as the visitor sees it: a link for a web page, else the title."""
    if source.is_web_page:
        return f"[{source.title or source.source}]({source.source})"
    return source.title or source.source


def _missed_just_before(tracker: Tracker) -> bool:
    """Whether the visitor's previous message, too, found nothing (in a row)."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    if not users:
        return False
    for event in reversed(tracker.events[: users[-1]]):
        if event.get("event") == "action" and event.get("name") not in (
            "action_listen",
            "action_extract_slots",
        ):
            return bool(event.get("name") == "action_knowledge_answer")
    return False
