"""The action server serves exactly the custom actions the domain names, and a broken
company.yml produces a visible apology instead of an exception."""

from __future__ import annotations

from pathlib import Path

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import ActionExecutor

from actions.base import CompanyAction
from actions.company_info import ActionOpeningHours
from actions.language import ActionDetectLanguage
from kontor.company import CompanyFile
from kontor.language import LanguageChooser
from tests.actions.conftest import make_tracker


def test_every_domain_action_is_served(domain) -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    custom = {a for a in domain.user_actions if not a.startswith("utter_")}
    assert set(executor.actions) == custom
    assert CompanyAction not in [type(a) for a in executor.actions.values()]


async def test_unreadable_company_file_gives_a_clear_message(
    tmp_path: Path, dispatcher, domain_dict, render
) -> None:
    broken = tmp_path / "company.yml"
    broken.write_text("name: [", encoding="utf-8")
    events = await ActionOpeningHours(CompanyFile(broken)).run(
        dispatcher, make_tracker("offen?"), domain_dict
    )
    assert events == []
    (text,) = await render(dispatcher.messages, "de")
    assert text.startswith(
        "Entschuldigung, bei mir gibt es gerade ein technisches Problem"
    )


async def test_language_is_set_when_it_changes(dispatcher, domain_dict) -> None:
    detect = ActionDetectLanguage(LanguageChooser())
    switch = await detect.run(
        dispatcher, make_tracker("What are your opening hours?", "de"), domain_dict
    )
    assert switch == [SlotSet("language", "en")]
    keep = await detect.run(
        dispatcher, make_tracker("Wann habt ihr offen?", "de"), domain_dict
    )
    assert keep == []
    assert dispatcher.messages == []


async def test_page_language_starts_the_conversation(dispatcher, domain_dict) -> None:
    detect = ActionDetectLanguage(LanguageChooser())
    tracker = make_tracker("/greet", language=None, metadata={"language": "en"})
    assert await detect.run(dispatcher, tracker, domain_dict) == [
        SlotSet("language", "en")
    ]


def test_every_response_is_used(domain) -> None:
    """What `rasa data validate` cannot see: responses uttered by custom actions."""
    repo = Path(__file__).resolve().parents[2]
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for pattern in ("data/**/*.yml", "actions/*.py")
        for path in repo.glob(pattern)
    )
    # a form asks for each of its slots with utter_ask_<slot>
    asked = {
        f"utter_ask_{slot}"
        for form in domain.forms.values()
        for slot in form.get("required_slots", [])
    }
    unused = [
        name
        for name in domain.responses
        if f'"{name}"' not in sources
        and f" {name}\n" not in sources
        and name not in asked
    ]
    assert unused == []
