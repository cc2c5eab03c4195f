"""Reading documents: PDF, HTML, Markdown, Word and plain text into titled sections.

Every reader returns a :class:`Document` whose sections keep where their text stands
(a PDF's page, the heading above it), so an answer can cite "Datenblatt, Seite 2".
A document that cannot be read raises :class:`Unreadable` with the reason; nothing of
it is stored.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional, Tuple

import requests

KINDS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".txt": "text",
}
# a page larger than this is not a document we want to quote
MAX_BYTES = 50 * 1024 * 1024
URL_TIMEOUT = 10.0
# a PDF line this long that does not end a sentence was wrapped by the layout
WRAPPED_LINE = 50


class Unreadable(Exception):
    """A document that cannot be read; the message says why, in plain words."""


@dataclass(frozen=True)
class Section:
    """A stretch of text under one heading (and, in a PDF, on one page)."""

    text: str
    heading: str = ""
    page: Optional[int] = None


@dataclass
class Document:
    """A document's text in sections, and where it came from."""

    source: str
    kind: str
    title: str
    checksum: str
    sections: List[Section] = field(default_factory=list)


def checksum(data: bytes) -> str:
    """The SHA-256 of a document's bytes."""
    return hashlib.sha256(data).hexdigest()


def kind_of(name: str) -> Optional[str]:
    """The reader for a file name (by its ending), or None if we read no such files."""
    return KINDS.get(Path(name).suffix.lower())


def read_bytes(data: bytes, *, source: str, kind: str) -> Document:
    """Read ``data`` of the given kind; ``source`` is what answers will cite."""
    readers = {
        "pdf": _read_pdf,
        "html": _read_html,
        "markdown": _read_markdown,
        "docx": _read_docx,
        "text": _read_text,
    }
    try:
        title, sections = readers[kind](data)
    except Unreadable:
        raise
    except Exception as error:  # every library has its own way of failing
        raise Unreadable(f"{kind.upper()} nicht lesbar: {error}") from error
    sections = [s for s in sections if s.text.strip()]
    if not sections:
        raise Unreadable("kein Text gefunden (ein gescanntes PDF ohne Textebene?)")
    return Document(
        source=source,
        kind=kind,
        title=title or Path(source).stem,
        checksum=checksum(data),
        sections=sections,
    )


def read_file(path: Path, *, source: Optional[str] = None) -> Document:
    """Read a file; ``source`` defaults to the path as given."""
    kind = kind_of(path.name)
    if kind is None:
        ending = path.suffix or "(ohne Endung)"
        raise Unreadable(f"Dateityp {ending} wird nicht gelesen")
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise Unreadable("Datei nicht gefunden") from error
    except OSError as error:
        raise Unreadable(f"Datei nicht lesbar: {error.strerror}") from error
    return read_bytes(data, source=source or str(path), kind=kind)


Fetch = Callable[[str], Tuple[bytes, str]]


def fetch(url: str) -> Tuple[bytes, str]:
    """The body and content type of ``url``; :class:`Unreadable` if it fails."""
    try:
        response = requests.get(
            url,
            timeout=URL_TIMEOUT,
            stream=True,
            headers={"User-Agent": "Kontor-Ingest/1.0"},
        )
        response.raise_for_status()
        body = response.raw.read(MAX_BYTES + 1, decode_content=True)
    except requests.RequestException as error:
        raise Unreadable(f"Adresse nicht erreichbar: {error}") from error
    if len(body) > MAX_BYTES:
        raise Unreadable("Seite größer als 50 MB")
    return body, response.headers.get("Content-Type", "")


def read_url(url: str, *, get: Fetch = fetch) -> Document:
    """Read a web page or a document behind a URL."""
    body, content_type = get(url)
    kind = _kind_of_response(url, content_type)
    return read_bytes(body, source=url, kind=kind)


def sitemap_urls(url: str, *, get: Fetch = fetch) -> List[str]:
    """The page addresses a sitemap lists (a sitemap index is followed one level)."""
    body, _ = get(url)
    text = body.decode("utf-8", errors="replace")
    locations = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", text)
    if "<sitemapindex" in text:
        pages: List[str] = []
        for inner in locations:
            pages.extend(sitemap_urls(inner, get=get))
        return pages
    return [_unescape(location) for location in locations]


def _unescape(url: str) -> str:
    return url.replace("&amp;", "&")


def _kind_of_response(url: str, content_type: str) -> str:
    content_type = content_type.split(";")[0].strip().lower()
    by_type = {
        "application/pdf": "pdf",
        "text/html": "html",
        "application/xhtml+xml": "html",
        "text/markdown": "markdown",
        "text/plain": "text",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
            "docx"
        ),
    }
    if content_type in by_type:
        return by_type[content_type]
    kind = kind_of(url.split("?")[0])
    if kind is None:
        raise Unreadable(f"unbekannter Inhaltstyp {content_type or '(keiner)'}")
    return kind


# --- the readers ------------------------------------------------------------------


def _read_pdf(data: bytes) -> Tuple[str, List[Section]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Unreadable("PDF ist verschlüsselt")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as error:
        raise Unreadable(f"PDF beschädigt: {error}") from error
    title = ""
    if reader.metadata and reader.metadata.title:
        title = str(reader.metadata.title)
    if not title:
        title = next((_first_line(text) for text in pages if text.strip()), "")
    repeated = _running_lines(pages)
    sections = [
        Section(text=_unwrap(_clean(text), repeated), page=number)
        for number, text in enumerate(pages, start=1)
    ]
    return title, sections


def _running_lines(pages: List[str]) -> set:
    """Lines on every page of a multi-page PDF (digits aside): header and footer."""
    if len(pages) < 2:
        return set()
    per_page = [
        {_digits_out(line) for line in page.splitlines() if line.strip()}
        for page in pages
    ]
    return set.intersection(*per_page)


def _digits_out(line: str) -> str:
    # "Seite 1 von 2" and "Seite 2 von 2" are the same running line
    return re.sub(r"\d+", "#", line.strip())


def _unwrap(text: str, running: set) -> str:
    """A PDF page's lines joined back into paragraphs.

    PDF text comes line by line as the layout wrapped it. A long line that does not
    end a sentence continues on the next one, as does a line followed by one that
    starts in lower case; headings and list items stay on their own lines. Running
    headers and footers are dropped.
    """
    paragraphs: List[str] = []
    for line in text.splitlines():
        if not line.strip() or _digits_out(line) in running:
            continue
        previous = paragraphs[-1] if paragraphs else ""
        starts_item = re.match(r"^([-•*–]|\d+\.)\s", line)
        wrapped = len(previous) >= WRAPPED_LINE and not previous.endswith(
            (".", "!", "?", ":")
        )
        if previous and not starts_item and (wrapped or line[0].islower()):
            paragraphs[-1] = previous + " " + line
        else:
            paragraphs.append(line)
    return "\n".join(paragraphs)


def _read_html(data: bytes) -> Tuple[str, List[Section]]:
    import trafilatura

    html = data.decode("utf-8", errors="replace")
    text = trafilatura.extract(
        html,
        output_format="markdown",
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        favor_precision=True,
    )
    if not text:
        raise Unreadable("kein Haupttext auf der Seite gefunden")
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata and metadata.title else ""
    _, sections = _markdown_sections(text)
    return title, sections


def _read_markdown(data: bytes) -> Tuple[str, List[Section]]:
    return _markdown_sections(_decode(data))


def _read_docx(data: bytes) -> Tuple[str, List[Section]]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise Unreadable(f"Word-Datei beschädigt: {error}") from error
    title = document.core_properties.title or ""
    sections: List[Section] = []
    heading = ""
    lines: List[str] = []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style else "").lower()
        text = paragraph.text.strip()
        if not text:
            continue
        if style.startswith(("heading", "überschrift", "title", "titel")):
            if lines:
                sections.append(Section("\n".join(lines), heading))
            heading, lines = text, []
            title = title or text
        else:
            lines.append(text)
    if lines:
        sections.append(Section("\n".join(lines), heading))
    for table in document.tables:
        rows = [
            " | ".join(cell.text.strip() for cell in row.cells) for row in table.rows
        ]
        sections.append(Section("\n".join(rows), heading))
    return title, sections


def _read_text(data: bytes) -> Tuple[str, List[Section]]:
    text = _decode(data)
    return _first_line(text), [Section(_clean(text))]


def _markdown_sections(text: str) -> Tuple[str, List[Section]]:
    """Sections of a Markdown text, one per heading; the first ``#`` is the title."""
    title, heading = "", ""
    sections: List[Section] = []
    lines: List[str] = []
    for line in text.splitlines():
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match:
            if lines:
                sections.append(Section(_clean_markdown("\n".join(lines)), heading))
            heading, lines = _clean_markdown(match.group(2)), []
            if not title and len(match.group(1)) == 1:
                title = heading
            continue
        lines.append(line)
    if lines:
        sections.append(Section(_clean_markdown("\n".join(lines)), heading))
    return title, sections


def _clean_markdown(text: str) -> str:
    """Markdown as a reader sees it: no link targets, emphasis marks or table rules."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    lines = []
    for line in text.splitlines():
        if re.match(r"^\s*\|?\s*:?-{2,}", line):  # a table's header rule
            continue
        line = line.strip()
        if line.startswith("|"):
            line = " | ".join(cell.strip() for cell in line.strip("|").split("|"))
        line = re.sub(r"^([-*+]|\d+\.)\s+", "", line)  # list markers
        line = re.sub(r"^>\s?", "", line)
        lines.append(line)
    return _clean("\n".join(lines))


def _clean(text: str) -> str:
    """Whitespace tidied, words split by a hyphen at a line end joined again."""
    text = text.replace("\u00ad", "").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"(\w)-\n(\w)", _join_hyphenated, text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _join_hyphenated(match: re.Match[str]) -> str:
    # "Warn-\nweste" is one word; "Sicherheits-\nSchuhe" keeps its hyphen
    if match.group(2).islower():
        return match.group(1) + match.group(2)
    return match.group(1) + "-" + match.group(2)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, as German files come."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
