"""The emergency exit in real browsers: the visitor's widget and the staff inbox.

The stack's clock is set through its clock file (kontor.hours.system_clock): a
Wednesday morning for the live handoff, a Friday evening for the callback.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import subprocess
import sys
from typing import Callable, Iterator, List

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from kontor.db import make_engine, session_factory, transaction
from kontor.handoff import staff
from tests.browser.widget_driver import (
    bot_texts,
    click_reply,
    open_widget,
    send,
)
from tests.conftest_stack import Stack
from tests.notify_servers import MailBox, WebhookReceiver

OPEN = "2026-12-02T10:00:00+01:00"  # a Wednesday morning
CLOSED = "2026-12-04T19:00:00+01:00"  # a Friday evening; back on Monday at 7:30
PASSWORD = "Kontor-Inbox-Test-2026"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_names = itertools.count(1)


@pytest.fixture
def clock(stack: Stack) -> Iterator[Callable[[str], None]]:
    """Set the stack's clock for this test; the real time again afterwards."""

    def set_clock(moment: str) -> None:
        stack.clock_file.write_text(moment, encoding="utf-8")

    yield set_clock
    stack.clock_file.unlink(missing_ok=True)


def new_staff(stack: Stack, first_name: str) -> str:
    """A fresh account in the stack's database; its user name."""
    username = f"{first_name.lower()}{next(_names)}"
    engine = make_engine(stack.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            staff.add_staff(
                session=session,
                username=username,
                first_name=first_name,
                password=PASSWORD,
                now=dt.datetime.now(dt.timezone.utc),
            )
    finally:
        engine.dispose()
    return username


def log_in(context: BrowserContext, stack: Stack, username: str) -> Page:
    """The inbox's queue, logged in with the keyboard."""
    page = context.new_page()
    page.goto(stack.web_url + "/inbox/", wait_until="load")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    expect(page.get_by_role("heading", name="Warteschlange")).to_be_visible()
    return page


def type_only(page: Page, text: str) -> None:
    """Send a message in the widget without waiting for the bot (it is paused)."""
    page.locator(".rw-new-message").fill(text)
    page.locator(".rw-new-message").press("Enter")


def staff_says(inbox: Page, text: str) -> None:
    inbox.get_by_label(re.compile("Ihre Antwort")).fill(text)
    inbox.get_by_role("button", name="Senden").click()
    expect(inbox.locator("#status")).to_have_text("Gesendet.")


def wait_for_text(page: Page, text: str, before: int) -> List[str]:
    """Bot messages after the first ``before`` until one contains ``text``."""
    page.wait_for_function(
        "([sel, n, text]) => Array.from(document.querySelectorAll(sel))"
        ".slice(n).some(e => e.innerText.includes(text))",
        arg=["#rw-messages .rw-from-response .rw-message-text", before, text],
        timeout=30_000,
    )
    return bot_texts(page)[before:]


def test_live_handoff_loop(
    browser: Browser, stack: Stack, clock: Callable[[str], None]
) -> None:
    """Visitor asks for a person → staff takes it → both write → back to the bot."""
    clock(OPEN)
    username = new_staff(stack, "Anna")
    staff_context = browser.new_context(locale="de-DE")
    visitor_context = browser.new_context(locale="de-DE")
    try:
        inbox = log_in(staff_context, stack, username)
        visitor = visitor_context.new_page()
        open_widget(visitor, stack.web_url + "/")
        reply = " ".join(
            send(visitor, "Ich möchte bitte mit einem Mitarbeiter sprechen")
        )
        assert "Kollegin oder einen Kollegen" in reply, reply

        # the queue shows it without a reload; one click takes it
        take = inbox.get_by_role("button", name=re.compile(r"Chat \d+ übernehmen"))
        expect(take).to_be_visible(timeout=15_000)
        before = len(bot_texts(visitor))
        take.click()
        expect(
            inbox.get_by_role("heading", name=re.compile(r"Chat \d+"))
        ).to_be_visible()
        log = inbox.locator("#log")
        expect(log).to_contain_text("Ich möchte bitte mit einem Mitarbeiter sprechen")
        expect(inbox.locator(".facts")).to_contain_text("Bitte um einen Menschen")
        joined = " ".join(wait_for_text(visitor, "Anna aus unserem Team", before))
        assert "mit einem Menschen" in joined, joined
        # the header no longer says that an AI answers
        header = visitor.locator(".rw-header")
        expect(header).to_contain_text("Sie schreiben mit Anna aus unserem Team")

        # staff → visitor, signed with the first name
        before = len(bot_texts(visitor))
        staff_says(inbox, "Guten Tag, hier ist Anna. Wie kann ich Ihnen helfen?")
        wait_for_text(visitor, "Anna: Guten Tag, hier ist Anna.", before)

        # visitor → staff; the bot stays silent
        bot_count = len(bot_texts(visitor))
        type_only(visitor, "Meine Lieferung ist beschädigt angekommen.")
        expect(log).to_contain_text("Meine Lieferung ist beschädigt angekommen.")
        assert len(bot_texts(visitor)) == bot_count

        # the visitor reloads: the conversation and Anna are still there
        visitor.reload(wait_until="load")
        visitor.locator(".rw-launcher").wait_for()
        if visitor.locator(".rw-conversation-container").count() == 0:
            visitor.locator(".rw-launcher").click()
        expect(visitor.locator("#rw-messages")).to_contain_text(
            "Anna: Guten Tag, hier ist Anna.", timeout=15_000
        )
        expect(header).to_contain_text("Sie schreiben mit Anna")
        before = len(bot_texts(visitor))
        staff_says(inbox, "Das tut mir leid. Ich schicke Ihnen heute noch Ersatz.")
        wait_for_text(visitor, "Anna: Das tut mir leid.", before)
        type_only(visitor, "Vielen Dank!")
        expect(log).to_contain_text("Vielen Dank!")

        # back to the bot, which says so and answers again
        before = len(bot_texts(visitor))
        inbox.get_by_role("button", name="Zurück an den Bot").click()
        expect(inbox.get_by_role("heading", name="Warteschlange")).to_be_visible()
        wait_for_text(visitor, "wieder mit Kontor", before)
        expect(header).to_contain_text("Hier antwortet eine KI")
        reply = " ".join(send(visitor, "Wann haben Sie geöffnet?"))
        assert re.search(r"7[:.]30", reply), reply
    finally:
        staff_context.close()
        visitor_context.close()


def test_callback_outside_opening_hours(
    browser: Browser, stack: Stack, clock: Callable[[str], None]
) -> None:
    """Friday evening: contact details with consent → a ticket, staff are notified."""
    clock(CLOSED)
    mailbox = MailBox(stack.smtp_port).start()
    webhook = WebhookReceiver(stack.webhook_port).start()
    context = browser.new_context(locale="de-DE")
    try:
        visitor = context.new_page()
        open_widget(visitor, stack.web_url + "/")
        reply = " ".join(send(visitor, "Ich will mit einem Menschen reden!"))
        assert "am Montag ab 7:30 Uhr wieder da" in reply, reply
        assert "Wie ist Ihr Name?" in reply, reply
        assert "Wie erreichen wir Sie" in " ".join(send(visitor, "Petra Seidel"))
        reply = " ".join(send(visitor, "p.seidel@elektro-seidel.example"))
        assert "Worum geht es?" in reply, reply
        reply = " ".join(send(visitor, "Die Warnwesten kamen beschädigt an."))
        assert "Darf die Hartmann Arbeitsschutz GmbH" in reply, reply
        assert "{company}" not in reply
        reply = " ".join(click_reply(visitor, "Ja, einverstanden"))
        assert "Danke, Petra Seidel! Wir melden uns am Montag ab 7:30 Uhr" in reply

        # the worker sends the note: by mail and to the webhook, without personal data
        worker = subprocess.run(
            [sys.executable, "-m", "kontor", "worker"],
            env={
                **os.environ,
                "KONTOR_DATABASE_URL": stack.database_url,
                "KONTOR_SMTP_HOST": "127.0.0.1",
                "KONTOR_SMTP_PORT": str(stack.smtp_port),
                "KONTOR_SMTP_STARTTLS": "false",
                "KONTOR_NOTIFY_EMAIL": "team@hartmann.example",
                "KONTOR_NOTIFY_WEBHOOK_URL": webhook.url,
                "KONTOR_RASA_URL": "",
                "KONTOR_RASA_API_URL": "",
                # the stack's Friday evening: the notes are due
                "KONTOR_TEST_CLOCK_FILE": str(stack.clock_file),
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stdout + worker.stderr
        # this ticket's two notes, and any the other tests' handoffs left waiting
        sent = re.search(r"(\d+) Benachrichtigung\(en\) gesendet", worker.stdout)
        assert sent and int(sent.group(1)) >= 2, worker.stdout
        mails = mailbox.wait_for(1)
        hooks = webhook.wait_for(1)
        assert any("Rückruf" in str(m["Subject"]) for m in mails)
        for text in [m.get_content() for m in mails] + [h["text"] for h in hooks]:
            assert "Petra" not in text and "elektro-seidel" not in text, text

        # the ticket in the inbox, with the promised time
        inbox = log_in(context, stack, new_staff(stack, "Ben"))
        inbox.get_by_role("link", name="Rückrufe").click()
        card = inbox.locator(".card", has_text="Petra Seidel")
        expect(card).to_contain_text("p.seidel@elektro-seidel.example")
        expect(card).to_contain_text("Die Warnwesten kamen beschädigt an.")
        expect(card).to_contain_text("07.12. 07:30")
        results = Axe().run(
            inbox, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        )
        assert not results.response["violations"], results.generate_report()
        card.get_by_role("button", name=re.compile("erledigt")).click()
        expect(inbox.locator(".card", has_text="Petra Seidel")).to_have_count(0)
    finally:
        context.close()
        mailbox.stop()
        webhook.stop()


def test_nobody_online_means_a_callback(
    browser: Browser, stack: Stack, clock: Callable[[str], None]
) -> None:
    """Open, but no staff member has the inbox open: the callback form, at once."""
    # a Tuesday after the other tests' moments: nobody has had the inbox open since
    clock("2026-12-08T11:00:00+01:00")
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        open_widget(page, stack.web_url + "/")
        reply = " ".join(send(page, "I want to talk to a real person"))
        assert "Nobody from our team can take the chat right now" in reply, reply
        assert "What is your name?" in reply, reply
        reply = " ".join(send(page, "abbrechen"))
        assert reply, reply
    finally:
        context.close()
