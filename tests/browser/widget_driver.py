"""Drive the Kontor widget in headless Debian chromium (used by the tests and screenshot.py)."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import List, Optional

import yaml
from playwright.sync_api import Browser, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BOT_MESSAGES = "#rw-messages .rw-from-response .rw-message-text"
REPLY_TIMEOUT_MS = 60_000


def chromium_path() -> Optional[str]:
    """KONTOR_CHROMIUM if set, else Debian's chromium on PATH."""
    return os.environ.get("KONTOR_CHROMIUM") or shutil.which("chromium")


def launch(playwright: Playwright, executable: str) -> Browser:
    """Headless chromium with a fresh profile and no background traffic."""
    return playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )


def bot_texts(page: Page) -> List[str]:
    """The texts of all bot messages shown in the open conversation."""
    return page.eval_on_selector_all(
        BOT_MESSAGES, "els => els.map(e => e.innerText.trim())"
    )


def wait_for_bot(
    page: Page, before: int, timeout_ms: int = REPLY_TIMEOUT_MS
) -> List[str]:
    """Wait for bot messages after the first ``before`` ones and for the bot to finish."""
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length > n",
        arg=[BOT_MESSAGES, before],
        timeout=timeout_ms,
    )
    count, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < 1.5:  # the bot may send several messages
        now = len(bot_texts(page))
        typing = page.locator(".rw-typing-indication").count() > 0
        if now != count or typing:
            count, quiet_since = now, time.monotonic()
        time.sleep(0.25)
    return bot_texts(page)[before:]


def open_widget(page: Page, url: str) -> List[str]:
    """Load ``url``, open the chat with the launcher and return the greeting."""
    page.goto(url, wait_until="load")
    page.locator(".rw-launcher").click()
    return wait_for_bot(page, 0)


def send(page: Page, text: str) -> List[str]:
    """Type ``text`` into the widget, press Enter and return the bot's reply messages."""
    before = len(bot_texts(page))
    page.locator(".rw-new-message").fill(text)
    page.locator(".rw-new-message").press("Enter")
    return wait_for_bot(page, before)


def opening_times(company_file: Path = ROOT / "company.yml") -> List[str]:
    """Every opening and closing time in company.yml, e.g. ["07:30", "12:00", …]."""
    if not company_file.is_file():
        return ["07:30"]
    hours = yaml.safe_load(company_file.read_text(encoding="utf-8"))["opening_hours"]
    return sorted({t for day in hours.values() for iv in (day or []) for t in iv})


def time_pattern(times: List[str]) -> re.Pattern[str]:
    """Matches any of ``times`` as a reply may write it: 07:30, 7:30, 7.30 (not 17:30)."""
    parts = []
    for value in times:
        hour, minute = value.split(":")
        parts.append(rf"(?<!\d)0?{int(hour)}[:.]{minute}(?!\d)")
    return re.compile("|".join(parts))


def click_reply(page: Page, title: str) -> List[str]:
    """Click the newest quick-reply button called ``title``; return the bot's reply."""
    before = len(bot_texts(page))
    page.locator(".rw-reply", has_text=title).last.click()
    return wait_for_bot(page, before)
