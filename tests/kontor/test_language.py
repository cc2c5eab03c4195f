"""The reply language: German or English, the same answer for the same input."""

from __future__ import annotations

from typing import Optional

import pytest

from kontor.language import LanguageChooser


@pytest.fixture(scope="module")
def chooser() -> LanguageChooser:
    return LanguageChooser()


@pytest.mark.parametrize(
    "text, current, hint, expected",
    [
        ("Wann haben Sie geöffnet?", None, None, "de"),
        ("What are your opening hours?", None, None, "en"),
        ("Do you ship to Austria?", "de", "de", "en"),
        ("Haben Sie heute noch auf?", "en", None, "de"),
        ("öffnungszeiten?", "en", None, "de"),  # umlaut: German
        ("oeffnungszeiten", "en", None, "de"),
        ("versandkosten", "en", None, "de"),
        ("shipping costs", "de", None, "en"),
        # the detector is unsure (0.6), English-only words settle it
        ("Do I get the label as a PDF?", "de", "de", "en"),
        ("Can you recommend a good dentist in Chemnitz?", "de", None, "en"),
        # German with English product words stays German
        ("Haben Sie Softshell Jacken in navy?", "de", None, "de"),
        ("Gibt es das Poloshirt auch in dark grey?", "de", None, "de"),
        # too short to switch on: the conversation keeps its language
        ("hallo", "de", None, "de"),
        ("ok", "en", None, "en"),
        ("ok", "de", None, "de"),
        ("super", "de", None, "de"),
        ("Moin", None, "de", "de"),
        ("hi", None, None, "de"),
        # no words at all
        ("AB-10234", "en", None, "en"),
        ("👍", None, "en", "en"),
        # payloads and empty messages carry no language: page hint, then default
        ("/greet", None, "en-GB", "en"),
        ("/greet", None, "fr", "de"),
        ("", None, None, "de"),
        (None, "en", None, "en"),
    ],
)
def test_choose(
    chooser: LanguageChooser,
    text: Optional[str],
    current: Optional[str],
    hint: Optional[str],
    expected: str,
) -> None:
    assert chooser.choose(text, current=current, hint=hint) == expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Hello, do you deliver to Österreich?", [(25, 35)], "en"),
        ("Do you ship to Österreich and Zürich?", [(15, 25)], "de"),  # one unnamed
        ("Liefert ihr nach Austria?", [(17, 24)], "de"),
    ],
)
def test_names_do_not_choose_the_language(chooser, text, names, expected) -> None:
    assert chooser.choose(text, current="en", names=names) == expected


def test_same_input_same_answer(chooser: LanguageChooser) -> None:
    answers = {chooser.choose("Können Sie mir helfen?") for _ in range(20)}
    assert answers == {"de"}


def test_default_language_is_checked() -> None:
    assert LanguageChooser(default="en").choose("/greet") == "en"
    with pytest.raises(ValueError):
        LanguageChooser(default="fr")


@pytest.mark.parametrize(
    "text",
    ["jemand@anders.example", "HA-104705", "09117", "www.example.com/bestellung"],
)
def test_an_address_or_code_keeps_the_language(text: str) -> None:
    assert LanguageChooser().choose(text, current="de") == "de"
    assert LanguageChooser().choose(text, current="en") == "en"
