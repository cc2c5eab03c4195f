"""Cutting documents into passages: a few whole sentences under one heading.

Passages are what retrieval ranks and what an answer quotes, so they never cut a
sentence and never cross a heading or a PDF page (each keeps its one source).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional

from kontor.knowledge.readers import Document

# three to five sentences: on the demo documents, larger passages (1,000 characters)
# put the answer outside the quoted sentences twice as often (bench/RESULTS.md)
MAX_CHARS = 500


@dataclass(frozen=True)
class Passage:
    """Some sentences of a document and where they stand."""

    position: int
    text: str
    heading: str = ""
    page: Optional[int] = None


@functools.lru_cache(maxsize=1)
def _sentencizer() -> Any:
    import spacy

    # German tokenizer rules know "z. B.", "ca.", "Nr." and ordinal dates
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(text: str) -> List[str]:
    """The sentences of ``text``; a line of its own (list item, table row) is one."""
    result: List[str] = []
    for block in re.split(r"\n", text):
        block = block.strip()
        if not block:
            continue
        if len(block) < 40 or "|" in block:
            result.append(block)
            continue
        doc = _sentencizer()(block)
        result.extend(s.text.strip() for s in doc.sents if s.text.strip())
    return result


def passages(document: Document, max_chars: int = MAX_CHARS) -> List[Passage]:
    """The document's passages in reading order."""
    result: List[Passage] = []
    for section in document.sections:
        for text in _pack(sentences(section.text), max_chars):
            result.append(
                Passage(len(result), text, heading=section.heading, page=section.page)
            )
    return result


def _pack(parts: List[str], max_chars: int) -> Iterator[str]:
    """Consecutive sentences joined into pieces of at most ``max_chars``.

    A heading-like line ("Lagerung") never ends a piece: it goes with the text it
    heads.
    """
    current: List[str] = []
    size = 0
    for part in parts:
        if current and size + len(part) + 1 > max_chars:
            carried: List[str] = []
            while len(current) > 1 and _is_heading(current[-1]):
                carried.insert(0, current.pop())
            yield " ".join(current)
            current = carried
            size = sum(len(c) + 1 for c in carried)
        current.append(part)
        size += len(part) + 1
    if current:
        yield " ".join(current)


def _is_heading(line: str) -> bool:
    return len(line) < 40 and not line.endswith((".", "!", "?", ":", ";", ","))


def embedding_text(title: str, heading: str, text: str) -> str:
    """What the embedding sees: the passage with its document title and heading."""
    context = " – ".join(part for part in (title, heading) if part)
    return f"{context}: {text}" if context else text


# Sentences that speak to an AI rather than to a reader: a document (or a web page
# someone else can edit) may carry them to steer the model. They are never quoted
# and never put into a prompt.
_INSTRUCTIONS = re.compile(
    r"(ignor\w*|vergiss|missacht\w*|disregard|forget)\b.{0,40}\b(anweisung\w*|"
    r"instruktion\w*|regeln|instructions?|rules|prompt)|system\s*-?\s*prompt|"
    r"\b(du bist|you are) (jetzt|ab jetzt|now|from now on)\b|"
    r"\b(antworte|answer|respond|reply)\w* (ab jetzt |from now on )?(nur|only|"
    r"immer|always)\b",
    re.IGNORECASE,
)


def speaks_to_the_model(sentence: str) -> bool:
    """Whether a sentence is an instruction aimed at a language model."""
    return bool(_INSTRUCTIONS.search(sentence))
