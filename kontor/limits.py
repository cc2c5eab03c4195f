"""Limits on what one visitor may send to the chat: message size and rate.

A message longer than ``max_chars`` is not processed (no parsing, no database, no
language model) and the visitor is told why, in their language; what they typed
stays in their widget to shorten. Each conversation may send ``burst`` messages at
once and then one every ``per_seconds`` (a token bucket): a person typing never
notices, a script flooding the bot is slowed down. The limiter lives in the Rasa
process and counts per conversation id, which a client chooses: a script that
changes its id for every message gets past it, so limits per IP address belong in
the reverse proxy in front of Rasa. The REST channel (scripts, tests, benchmarks)
has no limits: do not expose it to the internet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, Mapping, Optional, Tuple

from babel.numbers import format_decimal

from kontor.phrasing import locale_for

OK, TOO_LONG, TOO_FAST = "ok", "too_long", "too_fast"

_TEXTS = {
    TOO_LONG: {
        "de": (
            "Ihre Nachricht ist mit {length} Zeichen leider zu lang für den Chat "
            "(erlaubt sind höchstens {limit} Zeichen). Bitte kürzen Sie sie oder "
            "schicken Sie sie in mehreren Teilen."
        ),
        "en": (
            "Your message is {length} characters long, which is too long for the chat "
            "(at most {limit} characters). Please shorten it or send it in several "
            "parts."
        ),
    },
    TOO_FAST: {
        "de": (
            "Sie schreiben gerade schneller, als ich antworten kann. Bitte warten Sie "
            "einen Moment und schicken Sie Ihre Nachricht dann noch einmal."
        ),
        "en": (
            "You are writing faster than I can answer. Please wait a moment and then "
            "send your message again."
        ),
    },
}


@dataclass
class ChatLimits:
    """Message size and rate per conversation; ``check`` decides each message."""

    max_chars: int = 2000
    burst: int = 8
    per_seconds: float = 3.0
    # conversations not heard from for this long are forgotten, and never more than
    # max_conversations are remembered (memory stays small under a flood of new ids)
    forget_after: float = 600.0
    max_conversations: int = 50_000
    _buckets: Dict[str, Tuple[float, float]] = field(default_factory=dict)
    _last_prune: float = 0.0

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> ChatLimits:
        """KONTOR_MAX_MESSAGE_CHARS, KONTOR_RATE_BURST, KONTOR_RATE_PER_SECONDS."""
        env = os.environ if env is None else env
        try:
            limits = cls(
                max_chars=int(env.get("KONTOR_MAX_MESSAGE_CHARS", "2000")),
                burst=int(env.get("KONTOR_RATE_BURST", "8")),
                per_seconds=float(env.get("KONTOR_RATE_PER_SECONDS", "3")),
            )
        except ValueError as error:
            raise ValueError(f"chat limits: {error}") from None
        if limits.max_chars < 1 or limits.burst < 1 or limits.per_seconds < 0:
            raise ValueError(
                "chat limits: KONTOR_MAX_MESSAGE_CHARS and KONTOR_RATE_BURST must be "
                "at least 1, KONTOR_RATE_PER_SECONDS at least 0"
            )
        return limits

    def check(self, conversation: str, text: str, now: float) -> str:
        """OK, TOO_LONG or TOO_FAST for this message at ``now`` (seconds)."""
        if len(text) > self.max_chars:
            return TOO_LONG
        self._prune(now)
        tokens, then = self._buckets.get(conversation, (float(self.burst), now))
        if self.per_seconds > 0:
            tokens = min(float(self.burst), tokens + (now - then) / self.per_seconds)
        else:
            tokens = float(self.burst)
        if tokens < 1:
            self._buckets[conversation] = (tokens, now)
            return TOO_FAST
        self._buckets[conversation] = (tokens - 1, now)
        return OK

    def reply(self, verdict: str, text: str, language: str) -> str:
        """What the visitor is told about a message that was not processed."""
        texts = _TEXTS[verdict]
        template = texts.get(language, texts["de"])
        locale = locale_for(language)
        return template.format(
            length=format_decimal(len(text), locale=locale),
            limit=format_decimal(self.max_chars, locale=locale),
        )

    def _prune(self, now: float) -> None:
        if len(self._buckets) >= self.max_conversations:
            # the least recently heard half goes; they start with a full burst again
            by_age = sorted(self._buckets, key=lambda c: self._buckets[c][1])
            for conversation in by_age[: len(by_age) // 2]:
                del self._buckets[conversation]
        if now - self._last_prune < self.forget_after:
            return
        self._last_prune = now
        for conversation, (_, then) in list(self._buckets.items()):
            if now - then > self.forget_after:
                del self._buckets[conversation]
