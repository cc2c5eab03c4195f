"""The groundedness check: a generated answer is shown only if its passages carry it.

Every number (prices, quantities, dates, percentages), every month or weekday, every
catalog product name and every sentence's content must be found in the passages the
answer cites. Small models invent "1500 Euro"; this is what stops it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Set, Tuple

import numpy as np

from kontor.knowledge.embeddings import Embedder
from kontor.knowledge.index import stems
from kontor.knowledge.passages import sentences

# a sentence is carried lexically when this share of its content words (stemmed)
# stands in the cited passages
WORD_SUPPORT = 0.5
# ... or, for an answer in another language than its passages, when its embedding
# is this close to one of their sentences (on XQuAD, questions and their gold
# paragraphs had a median cosine of 0.88; unrelated ones stayed below 0.83)
SIMILARITY_SUPPORT = 0.85

_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_CALENDAR = re.compile(
    r"\b(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|"
    r"dezember|january|february|march|may|june|july|october|december|montag|"
    r"dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    """Whether the answer may be shown, and what is unsupported if not."""

    grounded: bool
    problems: Tuple[str, ...] = ()


def numbers(text: str) -> Set[str]:
    """The numbers in ``text``, each in a form independent of its separators."""
    return {_plain(n) for n in _NUMBER.findall(text)}


def _plain(number: str) -> str:
    # "1.500" and "1500", "7,50" and "7.50", "14:00" and "14.00" are the same figure
    digits = re.sub(r"[.,:]", "", number).lstrip("0") or "0"
    return digits


def check(
    answer: str,
    passages: Sequence[str],
    *,
    names: Iterable[str] = (),
    embedder: Optional[Embedder] = None,
) -> Verdict:
    """Check ``answer`` against the passages it cites."""
    if not passages:
        return Verdict(False, ("cites no passage",))
    source = "\n".join(passages)
    source_lower = source.lower()
    problems: List[str] = []
    for number in sorted(numbers(answer) - numbers(source)):
        problems.append(f"number {number} not in the passages")
    for word in {m.lower() for m in _CALENDAR.findall(answer)}:
        if word not in source_lower:
            problems.append(f"{word} not in the passages")
    answer_lower = answer.lower()
    for name in names:
        name = name.lower()
        if len(name) > 3 and _contains(answer_lower, name):
            if not _contains(source_lower, name):
                problems.append(f"product {name!r} not in the passages")
    problems.extend(_unsupported_sentences(answer, passages, embedder))
    return Verdict(not problems, tuple(problems))


def _contains(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _unsupported_sentences(
    answer: str, passages: Sequence[str], embedder: Optional[Embedder]
) -> List[str]:
    known = stems(" ".join(passages))
    weak = []
    for sentence in sentences(answer):
        content = stems(sentence)
        if not content:
            continue
        if len(content & known) / len(content) < WORD_SUPPORT:
            weak.append(sentence)
    if not weak:
        return []
    if embedder is not None:
        pieces = [s for p in passages for s in sentences(p)]
        vectors = embedder.passages(pieces)
        weak = [
            s
            for s in weak
            if float(np.max(vectors @ embedder.query(s))) < SIMILARITY_SUPPORT
        ]
    return [f"claim not in the passages: {s!r}" for s in weak]
