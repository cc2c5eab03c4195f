"""Both languages have every word, and an unknown language falls back to German."""

from __future__ import annotations

import dataclasses

from kontor.words import words


def test_both_languages_fill_every_field() -> None:
    for language in ("de", "en"):
        for field in dataclasses.fields(words(language)):
            value = getattr(words(language), field.name)
            assert value or field.name == "clock_suffix", (language, field.name)


def test_unknown_language_is_german() -> None:
    assert words("fr") is words("de")
