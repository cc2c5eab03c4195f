"""Fixtures of the knowledge tests: the real embedding model, documents made here."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator

import pytest

from kontor.knowledge.embeddings import BundledE5

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session")
def embedder() -> BundledE5:
    """The bundled e5 model, loaded once for all tests."""
    return BundledE5()


def make_pdf(path: Path, pages: list[list[str]], title: str = "") -> Path:
    """A PDF with one list of paragraphs per page (fpdf2, core font)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(NOW)
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    for paragraphs in pages:
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(3)
    pdf.output(str(path))
    return path


def make_docx(path: Path, parts: list[tuple[str, str]]) -> Path:
    """A Word file; each part is (style, text), style "Heading 1" or "Normal"."""
    import docx

    document = docx.Document()
    for style, text in parts:
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def web_folder(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on localhost; yields (folder, base URL)."""
    folder = tmp_path / "site"
    folder.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
