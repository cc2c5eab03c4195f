"""What the fallback shows: a quote, a checked generated answer, or "not found".

The relevance of the best passages decides first; below the threshold nothing is
quoted. Without a language model the answer is extractive: the sentences of the best
passage that share most with the question, quoted verbatim with their source.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, List, Optional, Sequence, Tuple

from kontor.knowledge.grounding import check
from kontor.knowledge.index import Hit, KnowledgeIndex, Quotable, terms
from kontor.knowledge.llm import LLMClient, LLMError, parse, prompt
from kontor.knowledge.passages import sentences, speaks_to_the_model
from kontor.product_answers import CATALOG_DETAIL_WORDS

# Relevance = the best cosine similarity among the top passages, plus this share of
# how many of the question's content words the best passage holds. The threshold
# is calibrated by bench/rag.py on the calibration halves: XQuAD's wrong-answer rate
# stays within 2 % from 0.8975, the demo questions' unanswerable ones are refused
# (90 %) from 0.905; the figures are in bench/RESULTS.md.
COVERAGE_WEIGHT = 0.1
THRESHOLD = 0.90
TOP_K = 5
# the quote: at most this many consecutive sentences of the best passage and its
# neighbours in the same section (three with XQuAD's answers missing from the quote
# twice as often; bench/RESULTS.md)
QUOTE_SENTENCES = 4
# the language model sees this many of the best passages
LLM_PASSAGES = 3

QUOTE, GENERATED, NOT_FOUND = "quote", "generated", "not_found"
# only this much of a message is searched (a pasted 10 kB text is not a question)
MAX_QUESTION = 1000
# words that ask for what the catalog knows: whether we sell it, its price, stock,
# delivery, variants
_CATALOG_CUES = re.compile(
    r"\b(sortiment|führ\w*|verkauf\w*|bestell\w*|haben sie|habt ihr|hast du|"
    r"gibt es|gibt's|farbe\w*|größe\w*|order\w*|sell\w*|carry|range|do you have|"
    rf"colou?rs?|sizes?|{CATALOG_DETAIL_WORDS})\b",
    re.IGNORECASE,
)


# a question rather than a bare product name ("Warnwesten bitte")
_QUESTION = re.compile(
    r"\?|\b(wie|was|wann|warum|wieso|weshalb|welche\w*|wo|woran|womit|darf|dürfen|"
    r"kann|können|muss|müssen|soll\w*|how|what|when|why|which|where|can|may|must|"
    r"should|does|is|are)\b",
    re.IGNORECASE,
)


def asks_the_documents(question: str) -> bool:
    """Whether a product question is for the documents (care, use, norms).

    It is a real question, and it has no catalog word in it.
    """
    return bool(_QUESTION.search(question)) and not asks_the_catalog(question)


def asks_the_catalog(question: str) -> bool:
    """Whether a question asks what the catalog knows rather than a document.

    The catalog: range, price, stock, delivery, colours, sizes; the documents:
    care, use, norms, terms.
    """
    return bool(_CATALOG_CUES.search(question))


@dataclass(frozen=True)
class Source:
    """Where a quoted or cited passage stands."""

    source: str
    title: str
    page: Optional[int] = None
    heading: str = ""

    @classmethod
    def of(cls, passage: Quotable) -> Source:
        """The source of a passage."""
        return cls(passage.source, passage.title, passage.page, passage.heading)

    @property
    def is_web_page(self) -> bool:
        """Whether it is a URL (cited as a link) rather than a file."""
        return self.source.startswith(("http://", "https://"))


@dataclass(frozen=True)
class KnowledgeAnswer:
    """The outcome of one question: what to show and where it comes from."""

    kind: str  # QUOTE, GENERATED or NOT_FOUND
    text: str = ""
    sources: Tuple[Source, ...] = ()
    relevance: float = 0.0
    # why a generated answer was not shown, or why nothing was found (for logs)
    note: str = ""
    hits: Tuple[Hit, ...] = field(default=(), repr=False, compare=False)

    @property
    def found(self) -> bool:
        """Whether something from the documents is shown."""
        return self.kind != NOT_FOUND


def relevance(hits: Sequence[Hit]) -> float:
    """How sure we are that the documents speak about the question at all."""
    if not hits:
        return 0.0
    return max(h.dense for h in hits) + COVERAGE_WEIGHT * hits[0].coverage


def search(
    question: str, index: KnowledgeIndex, mode: str = "hybrid"
) -> Tuple[List[Hit], float]:
    """The top passages and their relevance."""
    hits = index.search(question, k=TOP_K, mode=mode)
    return hits, relevance(hits)


def quote_of(
    question: str,
    hits: Sequence[Hit],
    score: float,
    threshold: float,
    index: KnowledgeIndex,
) -> KnowledgeAnswer:
    """The extractive answer for hits already found."""
    if not hits or score < threshold:
        return KnowledgeAnswer(
            NOT_FOUND, relevance=score, note="below threshold", hits=tuple(hits)
        )
    best = hits[0].passage
    return KnowledgeAnswer(
        QUOTE,
        text=best_sentences(question, index.context(best), index),
        sources=(Source.of(best),),
        relevance=score,
        hits=tuple(hits),
    )


def best_sentences(
    question: str,
    text: str,
    index: Optional[KnowledgeIndex] = None,
    size: int = QUOTE_SENTENCES,
) -> str:
    """The ``size`` consecutive sentences of ``text`` that best match the question.

    Shared rare words count more than common ones; with no shared word at all (an
    English question about a German text) the passage's first sentences are quoted.
    """
    parts = [s for s in sentences(text) if not speaks_to_the_model(s)]
    if len(parts) <= size:
        return " ".join(parts)
    wanted = set(terms(question))
    weights = [
        sum(_weight(t, index) for t in wanted & set(terms(part))) for part in parts
    ]
    start = max(
        range(len(parts) - size + 1),
        key=lambda i: (sum(weights[i : i + size]), -i),
    )
    return " ".join(parts[start : start + size])


def _weight(term: str, index: Optional[KnowledgeIndex]) -> float:
    if index is None:
        return 1.0
    return math.log(1 + len(index) / (1 + index.document_frequency(term)))


def respond(
    question: str,
    index: KnowledgeIndex,
    *,
    language: str,
    threshold: Optional[float] = None,
    llm: Optional[LLMClient] = None,
    names: Iterable[str] = (),
) -> KnowledgeAnswer:
    """What the fallback shows for ``question``.

    Below the relevance threshold: NOT_FOUND. With no language model configured:
    the extractive answer. With one: its answer if it cites the passages and passes
    the groundedness check; NOT_FOUND on its "no answer" marker; the extractive
    answer if it fails, times out or says what the passages do not.
    """
    question = question[:MAX_QUESTION]
    limit = THRESHOLD if threshold is None else threshold
    hits, score = search(question, index)
    quote = quote_of(question, hits, score, limit, index)
    if llm is None or not quote.found:
        return quote
    shown = hits[:LLM_PASSAGES]
    try:
        reply = parse(
            llm.complete(prompt(question, [h.passage for h in shown], language)),
            len(shown),
        )
    except LLMError as error:
        return replace(quote, note=f"language model failed: {error}")
    if reply.no_answer:
        return KnowledgeAnswer(
            NOT_FOUND, relevance=score, note="model: no answer", hits=tuple(hits)
        )
    cited = [shown[n - 1].passage for n in reply.cited]
    verdict = check(
        reply.text, [p.text for p in cited], names=names, embedder=index.embedder
    )
    if not verdict.grounded:
        return replace(quote, note="not grounded: " + "; ".join(verdict.problems))
    return KnowledgeAnswer(
        GENERATED,
        text=reply.text,
        sources=tuple(dict.fromkeys(Source.of(p) for p in cited)),
        relevance=score,
        hits=tuple(hits),
    )
