"""Which language to answer in: German or English, decided the same way every time.

Lingua (a statistical detector whose models ship inside its wheel) scores the message;
short messages ("ok", "hallo", "super") are too ambiguous to switch on, so the
conversation keeps its current language unless the evidence is strong. The current
language starts as the page's language (the widget sends it) or German.
"""

from __future__ import annotations

import re
import threading
from typing import Optional, Sequence, Tuple

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED = ("de", "en")
DEFAULT_LANGUAGE = "de"

_LINGUA = {Language.GERMAN: "de", Language.ENGLISH: "en"}
_GERMAN_LETTERS = re.compile(r"[äöüÄÖÜß]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")

# How sure the detector must be before the conversation switches language.
SHORT_MESSAGE_CONFIDENCE = 0.9  # one or two words
LONG_MESSAGE_CONFIDENCE = 0.7
# English words that German never uses. Lingua gave "Do I get the label as a PDF?"
# only 0.6 English (the nouns are the same in both languages); two of these words
# with English ahead settle it.
_ENGLISH_ONLY = frozenset(
    "the you your is are do does did can could would should how what when where "
    "which who my we our have has get of for with and it this that there please "
    "to be any if".split()
)
ENGLISH_WORDS_NEEDED = 2


class LanguageChooser:
    """Chooses the reply language for each message; safe to share between threads."""

    def __init__(self, default: str = DEFAULT_LANGUAGE) -> None:
        if default not in SUPPORTED:
            raise ValueError(f"default language must be one of {SUPPORTED}")
        self.default = default
        self._detector: Optional[LanguageDetector] = None
        self._lock = threading.Lock()

    def _lingua(self) -> LanguageDetector:
        with self._lock:
            if self._detector is None:  # built on first use, not at import
                self._detector = (
                    LanguageDetectorBuilder.from_languages(*_LINGUA)
                    .with_preloaded_language_models()
                    .build()
                )
            return self._detector

    def choose(
        self,
        text: Optional[str],
        current: Optional[str] = None,
        hint: Optional[str] = None,
        names: Sequence[Tuple[int, int]] = (),
    ) -> str:
        """The language to answer ``text`` in.

        Args:
            text: the visitor's message (a "/intent" payload carries no language).
            current: the conversation's language so far, if any.
            hint: the language the page or client declared, e.g. "de" or "en-GB".
            names: (start, end) of names in ``text`` that say nothing about its
                language ("do you deliver to Österreich?"), left out of the choice.
        """
        fallback = _supported(current) or _supported(hint) or self.default
        if not text or text.startswith("/"):
            return fallback
        for start, end in sorted(names, reverse=True):
            text = text[:start] + " " + text[end:]
        text = _ADDRESS.sub(" ", text)  # an e-mail address or link is no language
        if _GERMAN_LETTERS.search(text):
            return "de"
        words = _WORD.findall(text)
        if not words:  # an order number, an emoji, "?"
            return fallback
        confidences = self._lingua().compute_language_confidence_values(text)
        best = confidences[0]
        needed = (
            SHORT_MESSAGE_CONFIDENCE if len(words) <= 2 else LONG_MESSAGE_CONFIDENCE
        )
        if best.value >= needed:
            return _LINGUA[best.language]
        english = {w.lower() for w in words} & _ENGLISH_ONLY
        if best.language == Language.ENGLISH and len(english) >= ENGLISH_WORDS_NEEDED:
            return "en"
        return fallback


def _supported(code: Optional[str]) -> Optional[str]:
    """Reduce "en-GB" to "en"; None for anything we do not speak."""
    if not code:
        return None
    base = str(code).split("-")[0].split("_")[0].lower()
    return base if base in SUPPORTED else None
