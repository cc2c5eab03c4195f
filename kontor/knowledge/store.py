"""The knowledge store: documents and passages in the business database.

Each document is replaced in one transaction, so a reader never sees half of it, and
every change bumps ``knowledge_state.version`` so running bots rebuild their index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Dict, Iterable, List, Sequence

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kontor.db.models import KnowledgeDocument, KnowledgePassage, KnowledgeState
from kontor.knowledge.embeddings import to_bytes
from kontor.knowledge.passages import Passage
from kontor.knowledge.readers import Document


@dataclass(frozen=True)
class Stored:
    """What the store knows of a document without reading its passages."""

    source: str
    checksum: str
    embedding_model: str
    passages: int


def stored_documents(session: Session) -> Dict[str, Stored]:
    """Every stored document by source."""
    rows = session.execute(
        select(
            KnowledgeDocument.source,
            KnowledgeDocument.checksum,
            KnowledgeDocument.embedding_model,
            func.count(KnowledgePassage.id),
        )
        .outerjoin(KnowledgePassage)
        .group_by(KnowledgeDocument.id)
    ).all()
    return {row[0]: Stored(*row) for row in rows}


def save_document(
    session: Session,
    *,
    document: Document,
    passages: Sequence[Passage],
    vectors: np.ndarray,
    embedding_model: str,
    now: dt.datetime,
) -> None:
    """Store ``document`` with its passages, replacing an earlier version of it."""
    if len(passages) != len(vectors):
        raise ValueError(f"{len(passages)} passages but {len(vectors)} vectors")
    session.execute(
        delete(KnowledgeDocument).where(KnowledgeDocument.source == document.source)
    )
    session.flush()
    stored = KnowledgeDocument(
        source=document.source,
        title=document.title[:500],
        kind=document.kind,
        checksum=document.checksum,
        embedding_model=embedding_model,
        ingested_at=now,
        passages=[
            KnowledgePassage(
                position=p.position,
                page=p.page,
                heading=p.heading[:500],
                text=p.text,
                embedding=to_bytes(v),
            )
            for p, v in zip(passages, vectors, strict=True)
        ],
    )
    session.add(stored)
    bump_version(session, now)


def remove_documents(session: Session, sources: Iterable[str], now: dt.datetime) -> int:
    """Delete the documents with these sources; how many there were."""
    sources = list(sources)
    if not sources:
        return 0
    result = session.execute(
        delete(KnowledgeDocument).where(KnowledgeDocument.source.in_(sources))
    )
    if result.rowcount:
        bump_version(session, now)
    return int(result.rowcount or 0)


def bump_version(session: Session, now: dt.datetime) -> None:
    """Tell running processes that the documents changed."""
    state = session.get(KnowledgeState, 1, with_for_update=True)
    if state is None:
        session.add(KnowledgeState(id=1, version=1, changed_at=now))
    else:
        state.version += 1
        state.changed_at = now


def document_count(session: Session) -> int:
    """How many documents the store holds."""
    return int(session.scalar(select(func.count(KnowledgeDocument.id))) or 0)


def sources(session: Session) -> List[str]:
    """The stored documents' sources, sorted."""
    return list(
        session.scalars(select(KnowledgeDocument.source).order_by("source")).all()
    )
