"""The redaction benchmark's scoring: markup read right, spans matched strictly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import redaction as bench  # noqa: E402


def test_markup_gives_text_and_spans() -> None:
    text, gold = bench.parse_line("Tel. [[phone:0371 1234567]], Mail [[email:a@b.de]]")
    assert text == "Tel. 0371 1234567, Mail a@b.de"
    assert [(g.kind, text[g.start : g.end]) for g in gold] == [  # noqa: E203
        ("phone", "0371 1234567"),
        ("email", "a@b.de"),
    ]


@pytest.mark.parametrize(
    "found, expected",
    [
        ((5, 17), True),  # exact
        ((0, 17), False),  # "Tel. " taken along: more than 3 characters too many
        ((5, 12), False),  # less than 80 % covered
    ],
)
def test_a_span_counts_only_when_it_fits(found: tuple, expected: bool) -> None:
    gold = bench.Span("phone", 5, 17)
    assert bench.matches(bench.Span("phone", *found), gold) is expected
    assert not bench.matches(bench.Span("email", 5, 17), gold)


@pytest.mark.parametrize(
    "name", ["pii.txt", "pii_blind.txt", "pii_blind2.txt", "pii_blind3.txt"]
)
def test_the_shipped_test_set_parses(name: str) -> None:
    messages = bench.load(Path(__file__).parents[2] / "bench" / "data" / name)
    assert len(messages) > 500
