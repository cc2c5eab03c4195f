"""Screenshot of the widget with a short conversation: docs/screenshot-widget.png.

Starts the whole stack with the newest model, asks one question and crops the
screenshot to the open widget. Run from the repository root:

    .venv/bin/python -m tests.browser.screenshot [OUTPUT.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import List, Optional

from playwright.sync_api import sync_playwright

from tests.browser.widget_driver import ROOT, chromium_path, launch, open_widget, send
from tests.conftest_stack import newest_model, running_stack

OUTPUT = ROOT / "docs" / "screenshot-widget.png"
QUESTION = "Wann haben Sie geöffnet?"
MARGIN = 16


def take(output: Path = OUTPUT) -> Path:
    """Run the stack, hold a short conversation and save the widget's screenshot."""
    model, executable = newest_model(), chromium_path()
    if model is None:
        raise SystemExit("No trained model in models/: run `make train` first.")
    if executable is None:
        raise SystemExit("chromium is not installed: apt-get install chromium")
    with (
        tempfile.TemporaryDirectory() as logs,
        running_stack(Path(logs), model) as stack,
    ):
        with sync_playwright() as playwright:
            browser = launch(playwright, executable)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            open_widget(page, stack.web_url + "/")
            send(page, QUESTION)
            page.locator(".rw-new-message").blur()
            page.mouse.move(0, 0)
            box = page.locator(".rw-widget-container").bounding_box()
            assert box, "the widget is not visible"
            clip = {
                "x": max(0, box["x"] - MARGIN),
                "y": max(0, box["y"] - MARGIN),
                "width": box["width"] + 2 * MARGIN,
                "height": box["height"] + 2 * MARGIN,
            }
            output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(output), clip=clip)
            browser.close()
    return output


def main(argv: Optional[List[str]] = None) -> None:
    """Take the screenshot and print where it went."""
    args = sys.argv[1:] if argv is None else argv
    print(take(Path(args[0]) if args else OUTPUT))


if __name__ == "__main__":
    main()
