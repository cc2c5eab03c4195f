"""Browser-test fixtures: the shared running stack and headless Debian chromium."""

from __future__ import annotations

import os
from typing import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.widget_driver import chromium_path, launch
from tests.conftest_stack import stack, web_only  # noqa: F401  (session fixtures, shared)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless chromium; skipped when it is missing, unless KONTOR_CHROMIUM requires it."""
    executable = chromium_path()
    if not executable or not os.path.exists(executable):
        message = "chromium is not installed: apt-get install chromium (make test-browser does)"
        if os.environ.get("KONTOR_CHROMIUM"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = launch(playwright, executable)
        yield browser
        browser.close()
