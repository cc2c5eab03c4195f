"""Reading PDF, HTML, Markdown, Word and text: text, pages and headings kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from kontor.knowledge.readers import (
    Unreadable,
    read_bytes,
    read_file,
    read_url,
    sitemap_urls,
)
from tests.kontor.knowledge.conftest import make_docx, make_pdf

LONG = (
    "Die Schutzwirkung der Warnweste nach EN ISO 20471 ist für 50 Wäschen bei "
    "60 Grad nachgewiesen; danach ersetzen Sie die Weste bitte, auch wenn sie "
    "noch gut aussieht und die Streifen unversehrt wirken."
)


def test_pdf_keeps_page_numbers_and_umlauts(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "blatt.pdf",
        [["Datenblatt Weste", "Größen S bis 3XL."], ["Pflege", LONG]],
        title="Datenblatt Warnweste",
    )
    document = read_file(path)
    assert document.kind == "pdf" and document.title == "Datenblatt Warnweste"
    assert [s.page for s in document.sections] == [1, 2]
    assert "Größen S bis 3XL." in document.sections[0].text
    # a sentence the layout wrapped over three lines comes back as one line
    assert LONG in document.sections[1].text.splitlines()


def test_pdf_drops_running_header_and_footer(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "agb.pdf",
        [
            ["Muster GmbH", "Erste Seite mit Text.", "Seite 1 von 2"],
            ["Muster GmbH", "Zweite Seite mit Text.", "Seite 2 von 2"],
        ],
    )
    texts = [s.text for s in read_file(path).sections]
    assert texts == ["Erste Seite mit Text.", "Zweite Seite mit Text."]


HTML = """<!doctype html><html lang="de"><head><title>Versand | Muster GmbH</title>
</head><body>
<nav><a href="/">Start</a> <a href="/shop">Shop</a> <a href="/kontakt">Kontakt</a></nav>
<div class="cookie">Wir verwenden Cookies. <button>Alle akzeptieren</button></div>
<main><article>
<h1>Versand und Lieferung</h1>
<p>Wir liefern innerhalb Deutschlands mit DHL. Bestellungen, die bis 14 Uhr
eingehen, verlassen unser Lager noch am selben Werktag.</p>
<h2>Beschädigte Pakete</h2>
<p>Ist ein Paket beschädigt, lassen Sie sich den Schaden bitte vom Zusteller
bestätigen und melden Sie ihn uns innerhalb von sieben Tagen.</p>
</article></main>
<footer>Impressum · Datenschutz · © 2026 Muster GmbH</footer>
</body></html>"""


def test_html_main_text_with_headings_without_navigation() -> None:
    document = read_bytes(
        HTML.encode(), source="https://x.example/versand", kind="html"
    )
    assert document.title.startswith("Versand")
    text = "\n".join(s.text for s in document.sections)
    assert "verlassen unser Lager noch am selben Werktag" in text
    for chrome in ("Alle akzeptieren", "Impressum", "Kontakt"):
        assert chrome not in text
    headings = {s.heading: s.text for s in document.sections}
    assert "innerhalb von sieben Tagen" in headings["Beschädigte Pakete"]


def test_markdown_sections_follow_the_headings() -> None:
    text = (
        "# Größentabelle\n\nSo messen Sie richtig.\n\n## Schuhe\n\n"
        "| EU | Fußlänge |\n|---|---|\n| 42 | 27,0 cm |\n\n"
        "Mehr unter [unserer Seite](https://x.example) und **fett**.\n"
    )
    document = read_bytes(text.encode(), source="groessen.md", kind="markdown")
    assert document.title == "Größentabelle"
    shoes = next(s for s in document.sections if s.heading == "Schuhe")
    assert "42 | 27,0 cm" in shoes.text
    assert "unserer Seite" in shoes.text and "https://" not in shoes.text
    assert "**" not in shoes.text


def test_docx_headings_and_tables(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "pflege.docx",
        [
            ("Heading 1", "Pflegehinweise"),
            ("Normal", "Waschen Sie Arbeitshosen bei 60 °C."),
            ("Heading 2", "Trocknen"),
            ("Normal", "Bitte nicht in den Trockner."),
        ],
    )
    document = read_file(path)
    assert document.title == "Pflegehinweise"
    sections = {s.heading: s.text for s in document.sections}
    assert sections["Trocknen"] == "Bitte nicht in den Trockner."
    assert "60 °C" in sections["Pflegehinweise"]


def test_text_in_windows_1252_is_read() -> None:
    data = "Öffnungszeiten der Ausgabe: montags früh.".encode("cp1252")
    document = read_bytes(data, source="faq.txt", kind="text")
    assert document.sections[0].text == "Öffnungszeiten der Ausgabe: montags früh."


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("kaputt.pdf", b"%PDF-1.4 nothing else", "PDF"),
        ("kaputt.docx", b"not a zip file", "Word"),
        ("leer.md", b"   \n\n", "kein Text"),
        ("bild.png", b"\x89PNG", "Dateityp .png"),
    ],
)
def test_unreadable_files_say_why(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(Unreadable, match=reason):
        read_file(path)


def test_missing_file() -> None:
    with pytest.raises(Unreadable, match="nicht gefunden"):
        read_file(Path("/nonexistent/agb.md"))


def test_web_page_and_sitemap_over_http(web_folder: tuple[Path, str]) -> None:
    folder, base = web_folder
    (folder / "versand.html").write_text(HTML, encoding="utf-8")
    (folder / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9"><url><loc>{base}/versand.html</loc></url>'
        f"<url><loc>{base}/agb.html</loc></url></urlset>",
        encoding="utf-8",
    )
    assert sitemap_urls(f"{base}/sitemap.xml") == [
        f"{base}/versand.html",
        f"{base}/agb.html",
    ]
    document = read_url(f"{base}/versand.html")
    assert document.source == f"{base}/versand.html" and document.kind == "html"
    with pytest.raises(Unreadable, match="nicht erreichbar"):
        read_url(f"{base}/agb.html")  # 404


def test_unreachable_server() -> None:
    with pytest.raises(Unreadable, match="nicht erreichbar"):
        read_url("http://127.0.0.1:9/versand.html")
