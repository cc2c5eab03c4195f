"""Ingestion: files, folders, web pages and sitemaps into the knowledge store.

A document whose bytes have not changed is not read again; a changed one replaces
its passages; one that cannot be read is reported and skipped, and what the store
held of it before stays as it was.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional

from sqlalchemy.orm import sessionmaker

from kontor.db import transaction
from kontor.knowledge import store
from kontor.knowledge.embeddings import Embedder, EmbeddingError
from kontor.knowledge.passages import embedding_text, passages
from kontor.knowledge.readers import (
    Document,
    Fetch,
    Unreadable,
    fetch,
    kind_of,
    read_file,
    read_url,
    sitemap_urls,
)

# what an outcome's status says, in the words the command line prints
NEW, UPDATED, UNCHANGED, FAILED, REMOVED = (
    "neu",
    "aktualisiert",
    "unverändert",
    "übersprungen",
    "entfernt",
)


@dataclass(frozen=True)
class Outcome:
    """What happened to one document."""

    source: str
    status: str
    passages: int = 0
    reason: str = ""


@dataclass(frozen=True)
class Target:
    """Something to read: a file (with the source it is cited by) or a URL."""

    source: str
    path: Optional[Path] = None
    error: str = ""  # why it cannot be read, known before reading (a bad sitemap)


def is_url(text: str) -> bool:
    """Whether an argument is a web address rather than a path."""
    return text.startswith(("http://", "https://"))


def targets(arguments: Iterable[str], *, get: Fetch = fetch) -> Iterator[Target]:
    """Every document the arguments name.

    Folders are read recursively (files of a kind we do not read, and READMEs, are
    left out); sitemaps are expanded into their pages.
    """
    for argument in arguments:
        if is_url(argument):
            if _looks_like_sitemap(argument):
                try:
                    urls = sitemap_urls(argument, get=get)
                except Unreadable as error:
                    yield Target(source=argument, error=str(error))
                    continue
                for url in urls:
                    yield Target(source=url)
            else:
                yield Target(source=argument)
            continue
        path = Path(argument)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if (
                    file.is_file()
                    and kind_of(file.name)
                    and not file.name.startswith(".")
                    and file.name.lower() != "readme.md"
                ):
                    yield Target(source=source_of(file), path=file)
        else:
            yield Target(source=source_of(path), path=path)


def _looks_like_sitemap(url: str) -> bool:
    name = url.split("?")[0].rsplit("/", 1)[-1].lower()
    return name.endswith(".xml") and "sitemap" in name


def source_of(path: Path) -> str:
    """How a file is cited: relative to the working folder where possible."""
    relative = os.path.relpath(path.resolve(), Path.cwd())
    return (
        Path(relative).as_posix()
        if not relative.startswith("..")
        else path.resolve().as_posix()
    )


def ingest(
    arguments: Iterable[str],
    *,
    sessions: sessionmaker,
    embedder: Embedder,
    now: Callable[[], dt.datetime],
    get: Fetch = fetch,
    force: bool = False,
    progress: Callable[[Outcome], None] = lambda outcome: None,
) -> List[Outcome]:
    """Read and store every document the arguments name; one outcome each."""
    with sessions() as session:
        known = store.stored_documents(session)
    outcomes: List[Outcome] = []
    for target in targets(arguments, get=get):
        outcome = _ingest_one(target, known, sessions, embedder, now, get, force)
        outcomes.append(outcome)
        progress(outcome)
    return outcomes


def _ingest_one(
    target: Target,
    known: dict,
    sessions: sessionmaker,
    embedder: Embedder,
    now: Callable[[], dt.datetime],
    get: Fetch,
    force: bool,
) -> Outcome:
    if target.error:
        return Outcome(target.source, FAILED, reason=target.error)
    try:
        document = _read(target, get)
    except Unreadable as error:
        return Outcome(target.source, FAILED, reason=str(error))
    before = known.get(document.source)
    if (
        before is not None
        and not force
        and before.checksum == document.checksum
        and before.embedding_model == embedder.name
    ):
        return Outcome(document.source, UNCHANGED, passages=before.passages)
    pieces = passages(document)
    if not pieces:
        return Outcome(document.source, FAILED, reason="kein Text gefunden")
    try:
        vectors = embedder.passages(
            [embedding_text(document.title, p.heading, p.text) for p in pieces]
        )
    except EmbeddingError as error:
        return Outcome(document.source, FAILED, reason=str(error))
    with transaction(sessions) as session:
        store.save_document(
            session,
            document=document,
            passages=pieces,
            vectors=vectors,
            embedding_model=embedder.name,
            now=now(),
        )
    return Outcome(document.source, UPDATED if before else NEW, passages=len(pieces))


def _read(target: Target, get: Fetch) -> Document:
    if target.path is None:
        return read_url(target.source, get=get)
    return read_file(target.path, source=target.source)


def prune(
    *,
    sessions: sessionmaker,
    now: Callable[[], dt.datetime],
    keep: Iterable[str] = (),
    progress: Callable[[Outcome], None] = lambda outcome: None,
) -> List[Outcome]:
    """Remove stored files that no longer exist (web pages stay unless named).

    ``keep``: sources just ingested, which stay whatever else happens.
    """
    keep = set(keep)
    with sessions() as session:
        gone = [
            source
            for source in store.sources(session)
            if source not in keep and not is_url(source) and not Path(source).exists()
        ]
    outcomes = []
    if gone:
        with transaction(sessions) as session:
            store.remove_documents(session, gone, now())
    for source in gone:
        outcome = Outcome(source, REMOVED)
        outcomes.append(outcome)
        progress(outcome)
    return outcomes


def remove(
    sources: Iterable[str],
    *,
    sessions: sessionmaker,
    now: Callable[[], dt.datetime],
) -> int:
    """Remove the named documents (files or web pages); how many were stored."""
    with transaction(sessions) as session:
        return store.remove_documents(session, sources, now())
