"""Hybrid retrieval over the passages: BM25 and dense embeddings, fused by rank.

BM25 finds the exact words (article names, norms, "S3"); the multilingual embedding
finds reworded and English questions about German text. Reciprocal rank fusion
combines both lists without having to make their scores comparable.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Set

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kontor.db import Reloading
from kontor.db.models import KnowledgeDocument, KnowledgePassage, KnowledgeState
from kontor.knowledge.embeddings import Embedder, from_bytes

# reciprocal rank fusion's constant (Cormack et al. 2009); 60 is the usual choice
RRF_K = 60
# how deep each ranking is read before fusing
DEPTH = 50
# BM25's say in the fusion, against the embedding's 1: exact words help (norms,
# model names), but alone BM25 ranked the right passage first less often on both
# XQuAD and the demo documents (bench/RESULTS.md)
LEXICAL_WEIGHT = 0.5


@dataclass(frozen=True)
class Quotable:
    """A passage as answers use it: text and everything needed to cite it."""

    id: int
    source: str
    title: str
    kind: str
    heading: str
    page: Optional[int]
    text: str


@dataclass(frozen=True)
class Hit:
    """A passage found for a question, with its scores from both rankings."""

    passage: Quotable
    score: float  # fused (reciprocal rank)
    dense: float  # cosine similarity of question and passage
    lexical: float  # BM25
    coverage: float  # share of the question's content words the passage holds


@functools.lru_cache(maxsize=1)
def _stemmers() -> Any:
    import Stemmer

    return Stemmer.Stemmer("german"), Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_GERMAN

    return frozenset(STOPWORDS_GERMAN) | frozenset(STOPWORDS_EN)


def words(text: str) -> List[str]:
    """Content words of ``text``, lower case, without stop words."""
    stop = _stopwords()
    return [w for w in re.findall(r"\w+", text.lower()) if w not in stop and len(w) > 1]


def terms(text: str) -> List[str]:
    """BM25's terms: content words, stemmed the German way (most documents are)."""
    german, _ = _stemmers()
    return german.stemWords(words(text))


def stems(text: str) -> Set[str]:
    """Content words stemmed both the German and the English way.

    For comparing a text with passages in either language.
    """
    german, english = _stemmers()
    found = words(text)
    return set(german.stemWords(found)) | set(english.stemWords(found))


class KnowledgeIndex:
    """All passages in memory, searchable; built from the store in one go."""

    def __init__(
        self,
        passages: Sequence[Quotable],
        vectors: np.ndarray,
        embedder: Embedder,
        version: int = 0,
    ) -> None:
        import bm25s

        self.passages = list(passages)
        self.version = version
        self._positions = {p.id: i for i, p in enumerate(self.passages)}
        self._vectors = vectors
        self._embedder = embedder
        passage_terms = [terms(f"{p.title} {p.heading} {p.text}") for p in passages]
        self._terms = [set(found) for found in passage_terms]
        self._frequencies: Dict[str, int] = {}
        for found in self._terms:
            for term in found:
                self._frequencies[term] = self._frequencies.get(term, 0) + 1
        self._bm25: Any = None
        if passages:
            self._bm25 = bm25s.BM25()
            self._bm25.index(passage_terms, show_progress=False)

    def __len__(self) -> int:
        return len(self.passages)

    def context(self, passage: Quotable) -> str:
        """The passage with its neighbours in the same section (heading and page).

        Cutting a section into passages may put the answer into the next one; the
        quote is chosen from all three.
        """
        at = self._positions.get(passage.id)
        if at is None:
            return passage.text
        parts = [passage.text]
        for step, insert in ((-1, 0), (1, len(parts))):
            other = at + step
            if 0 <= other < len(self.passages):
                neighbour = self.passages[other]
                if (neighbour.source, neighbour.heading, neighbour.page) == (
                    passage.source,
                    passage.heading,
                    passage.page,
                ):
                    parts.insert(insert if step < 0 else len(parts), neighbour.text)
        return " ".join(parts)

    @property
    def embedder(self) -> Embedder:
        """The model the passages were embedded with."""
        return self._embedder

    def document_frequency(self, term: str) -> int:
        """In how many passages a (stemmed) term occurs."""
        return self._frequencies.get(term, 0)

    def search(self, question: str, k: int = 5, mode: str = "hybrid") -> List[Hit]:
        """The ``k`` best passages for ``question``; mode: hybrid, bm25 or dense."""
        if not self.passages:
            return []
        query_terms = terms(question)
        lexical = (
            np.asarray(self._bm25.get_scores(query_terms), dtype=np.float32)
            if query_terms
            else np.zeros(len(self.passages), dtype=np.float32)
        )
        dense = self._vectors @ self._embedder.query(question)
        ranks: Dict[int, float] = {}
        if mode in ("hybrid", "bm25"):
            weight = LEXICAL_WEIGHT if mode == "hybrid" else 1.0
            _add_ranks(ranks, lexical, only_positive=True, weight=weight)
        if mode in ("hybrid", "dense"):
            _add_ranks(ranks, dense, only_positive=False)
        best = sorted(ranks.items(), key=lambda item: (-item[1], item[0]))[:k]
        wanted = set(query_terms)
        return [
            Hit(
                passage=self.passages[i],
                score=score,
                dense=float(dense[i]),
                lexical=float(lexical[i]),
                coverage=(
                    len(wanted & self._terms[i]) / len(wanted) if wanted else 0.0
                ),
            )
            for i, score in best
        ]


def _add_ranks(
    ranks: Dict[int, float],
    scores: np.ndarray,
    only_positive: bool,
    weight: float = 1.0,
) -> None:
    depth = min(DEPTH, len(scores))
    top = np.argpartition(-scores, depth - 1)[:depth]
    top = top[np.argsort(-scores[top], kind="stable")]
    for rank, i in enumerate(top.tolist()):
        if only_positive and scores[i] <= 0:
            break
        ranks[i] = ranks.get(i, 0.0) + weight / (RRF_K + rank + 1)


def load_index(session: Session, embedder: Embedder) -> KnowledgeIndex:
    """Every passage of the store, with vectors the configured model made."""
    state = session.get(KnowledgeState, 1)
    rows = session.execute(
        select(KnowledgePassage, KnowledgeDocument)
        .join(KnowledgeDocument)
        .where(KnowledgeDocument.embedding_model == embedder.name)
        .order_by(KnowledgeDocument.source, KnowledgePassage.position)
    ).all()
    passages = [
        Quotable(
            id=p.id,
            source=d.source,
            title=d.title,
            kind=d.kind,
            heading=p.heading,
            page=p.page,
            text=p.text,
        )
        for p, d in rows
    ]
    vectors = (
        np.vstack([from_bytes(p.embedding) for p, _ in rows])
        if rows
        else np.zeros((0, 1), dtype=np.float32)
    )
    return KnowledgeIndex(passages, vectors, embedder, state.version if state else 0)


class KnowledgeSource(Reloading[KnowledgeIndex]):
    """The current index for a long-running process; rebuilt after an ingest."""

    def __init__(self, sessions: sessionmaker, embedder: Embedder) -> None:
        self.embedder = embedder
        super().__init__(
            sessions, KnowledgeState, lambda session: load_index(session, embedder)
        )
