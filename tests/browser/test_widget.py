"""The real widget in headless chromium against the running stack.

One conversation (greeting, a German and an English question) is shared by the checks
on replies, third-party requests, accessibility and live announcements; keyboard use
and reload persistence get fresh pages. Reply texts are the other side's: the checks
assert facts (times from company.yml, "KI"), not wording.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Iterator, List
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request, WebSocket

from tests.browser.widget_driver import (
    BOT_MESSAGES,
    bot_texts,
    open_widget,
    opening_times,
    send,
    time_pattern,
    wait_for_bot,
)
from tests.conftest_stack import ROOT, Stack

LOCAL_HOSTS = {"localhost", "127.0.0.1"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
GERMAN_QUESTION = "Wann haben Sie geöffnet?"
ENGLISH_QUESTION = "What are your opening hours?"


@dataclass
class Conversation:
    """A page with a finished conversation and everything the browser sent."""

    page: Page
    greeting: List[str]
    german: List[str]
    english: List[str]
    urls: List[str] = field(default_factory=list)
    sent: List[str] = field(default_factory=list)


def _record(page: Page, conversation: Conversation) -> None:
    def on_request(request: Request) -> None:
        conversation.urls.append(request.url)
        if request.post_data:
            conversation.sent.append(request.post_data)

    def on_websocket(ws: WebSocket) -> None:
        conversation.urls.append(ws.url)
        ws.on("framesent", lambda payload: conversation.sent.append(str(payload)))

    page.on("request", on_request)
    page.on("websocket", on_websocket)


@pytest.fixture(scope="module")
def conversation(browser: Browser, stack: Stack) -> Iterator[Conversation]:
    """Open the demo page, open the widget, ask in German, then in English."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="de-DE"
    )
    page = context.new_page()
    result = Conversation(page, [], [], [])
    _record(page, result)
    result.greeting = open_widget(page, stack.web_url + "/")
    result.german = send(page, GERMAN_QUESTION)
    result.english = send(page, ENGLISH_QUESTION)
    yield result
    context.close()


def test_header_says_it_is_an_ai(conversation: Conversation) -> None:
    """EU AI Act Art. 50(1): the widget header names the assistant an AI at once."""
    header = conversation.page.locator(".rw-header").inner_text()
    assert "KI" in header, header


def test_greeting_says_it_is_an_ai(conversation: Conversation) -> None:
    """The bot's first message (answer to /greet) mentions KI."""
    greeting = " ".join(conversation.greeting)
    assert re.search(r"\bKI\b|KI-", greeting), (
        f"greeting does not mention KI: {greeting!r}"
    )


def test_privacy_notice_precedes_the_messages(conversation: Conversation) -> None:
    """The privacy notice from company.yml sits above the messages, links the page."""
    from kontor.company import load_company

    company = load_company(ROOT / "company.yml")
    page = conversation.page
    notice = page.locator(".rw-conversation-container .kontor-notice")
    assert notice.count() == 1
    assert company.privacy.notice_text("de", company.retention) in notice.inner_text()
    assert "90 Tagen" in notice.inner_text()  # {days} filled in
    assert notice.locator("a").get_attribute("href") == company.privacy.policy_url
    assert page.evaluate(
        "() => !!(document.querySelector('.kontor-notice').compareDocumentPosition("
        "document.querySelector('#rw-messages')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )


def test_german_question_gets_opening_hours(conversation: Conversation) -> None:
    """Asking "Wann haben Sie geöffnet?" gets a time from company.yml."""
    reply = " ".join(conversation.german)
    assert time_pattern(opening_times()).search(reply), f"no opening time in {reply!r}"


def test_english_question_gets_english_reply(conversation: Conversation) -> None:
    """The English question is answered in English, with an opening time."""
    reply = " ".join(conversation.english)
    assert re.search(r"monday|open", reply, re.IGNORECASE), f"not English: {reply!r}"
    assert time_pattern(opening_times()).search(reply), f"no opening time in {reply!r}"


def test_widget_sends_page_language(conversation: Conversation) -> None:
    """Every user message carries customData {language: "de"} from <html lang>."""
    events = [
        json.loads(packet[packet.index("[") :])
        for body in conversation.sent
        for packet in body.split("\x1e")  # several socket.io packets in one poll
        if packet.lstrip("0123456789").startswith('["user_uttered"')
    ]
    assert events, "no user_uttered was sent"
    for _, data in events:
        assert data.get("customData") == {"language": "de"}, data


def test_nothing_leaves_localhost(conversation: Conversation) -> None:
    """DSGVO: every request (http and ws) goes to localhost, none to a third party."""
    assert conversation.urls
    foreign = [
        url
        for url in conversation.urls
        if urlsplit(url).scheme not in ("data", "blob")
        and urlsplit(url).hostname not in LOCAL_HOSTS
    ]
    assert not foreign, f"requests left localhost: {foreign}"


def test_nothing_before_the_chat_is_opened(browser: Browser, stack: Stack) -> None:
    """§ 25 TDDDG: a page with the closed widget connects to nothing and stores
    nothing in the browser; opening the chat stores the session in sessionStorage
    only (no cookie, no localStorage)."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    seen: List[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.on("websocket", lambda ws: seen.append(ws.url))
    storage = (
        "() => [Object.keys(window.sessionStorage), Object.keys(window.localStorage)]"
    )
    try:
        page.goto(stack.web_url + "/", wait_until="networkidle")
        page.locator(".rw-launcher").wait_for()
        page.wait_for_timeout(1000)
        assert not [url for url in seen if "socket.io" in url], seen
        assert page.evaluate(storage) == [[], []]
        assert context.cookies() == []
        open_widget(page, stack.web_url + "/")
        session_keys, local_keys = page.evaluate(storage)
        assert local_keys == [] and context.cookies() == []
        assert len(session_keys) == 1, session_keys
    finally:
        context.close()


def test_bot_messages_are_announced(conversation: Conversation) -> None:
    """The last bot message is in the page's polite live region for screen readers."""
    live = conversation.page.locator("#kontor-live")
    assert live.get_attribute("aria-live") == "polite"
    last = " ".join(bot_texts(conversation.page)[-1].split())[:30]
    conversation.page.wait_for_function(
        "t => document.getElementById('kontor-live').textContent"
        ".replace(/\\s+/g, ' ').includes(t)",
        arg=last,
        timeout=5000,
    )


def test_axe_finds_no_wcag_aa_violations(conversation: Conversation) -> None:
    """axe-core: no WCAG 2.0/2.1 A or AA violations with the conversation open."""
    results = Axe().run(
        conversation.page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    )
    violations = results.response["violations"]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']]}"
        for v in violations
    )
    assert not violations, report


@pytest.mark.parametrize("path", ["/", "/datenschutz.html"])
def test_axe_pages_with_widget_closed(
    browser: Browser, stack: Stack, path: str
) -> None:
    """axe-core: the demo pages themselves, launcher shown, pass WCAG 2.1 AA rules."""
    page = browser.new_page()
    try:
        page.goto(stack.web_url + path, wait_until="load")
        page.locator(".rw-launcher").wait_for()
        results = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        )
        assert not results.response["violations"], results.generate_report()
    finally:
        page.close()


def test_keyboard_only(browser: Browser, stack: Stack) -> None:
    """Tab to the launcher, Enter opens, type and Enter sends, Escape closes."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        page.goto(stack.web_url + "/", wait_until="load")
        page.locator(".rw-launcher").wait_for()
        for _ in range(60):
            page.keyboard.press("Tab")
            if _focused_has_class(page, "rw-launcher"):
                break
        else:
            pytest.fail("Tab never reached the chat launcher")
        assert page.locator(".rw-launcher").get_attribute("aria-label")
        page.keyboard.press("Enter")
        wait_for_bot(page, 0)
        assert _focused_has_class(page, "rw-new-message"), "focus is not in the input"
        before = len(bot_texts(page))
        page.keyboard.type(GERMAN_QUESTION)
        page.keyboard.press("Enter")
        reply = " ".join(wait_for_bot(page, before))
        assert time_pattern(opening_times()).search(reply), reply
        page.keyboard.press("Escape")
        page.locator(".rw-conversation-container").wait_for(state="detached")
        assert _focused_has_class(page, "rw-launcher"), (
            "focus did not return to launcher"
        )
        assert page.locator(".rw-launcher").get_attribute("aria-expanded") == "false"
    finally:
        context.close()


def test_conversation_survives_reload(browser: Browser, stack: Stack) -> None:
    """Session persistence: after a reload the history is back and replies still arrive."""
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        greeting = open_widget(page, stack.web_url + "/")
        page.reload(wait_until="load")
        page.locator(".rw-launcher").wait_for()  # the widget has rendered its state
        if page.locator(".rw-launcher").get_attribute("aria-expanded") != "true":
            page.locator(".rw-launcher").click()
        page.locator(BOT_MESSAGES).first.wait_for()
        assert bot_texts(page)[: len(greeting)] == greeting
        reply = " ".join(send(page, GERMAN_QUESTION))
        assert time_pattern(opening_times()).search(reply), reply
    finally:
        context.close()


def _focused_has_class(page: Page, name: str) -> bool:
    return bool(
        page.evaluate(
            "n => !!document.activeElement && document.activeElement.classList.contains(n)",
            name,
        )
    )


def test_follow_up_keeps_the_topic(browser: Browser, stack: Stack) -> None:
    """ "Was kostet der Versand?" – "und nach Österreich?" – "und mit Express?": the
    follow-ups keep the shipping topic and the country, and change only the detail."""
    company = yaml.safe_load((ROOT / "company.yml").read_text(encoding="utf-8"))
    eu_costs = [
        f"{o['cost']:.2f}".replace(".", ",")
        for o in company["shipping"]["options"]
        if "EU" in o.get("countries", [])
    ]
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        open_widget(page, stack.web_url + "/")
        send(page, "Was kostet der Versand?")
        austria = " ".join(send(page, "und nach Österreich?"))
        assert "nach Österreich" in austria, austria
        assert any(cost in austria for cost in eu_costs), (austria, eu_costs)
        express = " ".join(send(page, "und mit Express?"))
        assert "Österreich" in express, express  # the country was kept
        assert "Express" in express, express
    finally:
        context.close()
