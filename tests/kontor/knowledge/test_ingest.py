"""Ingestion into the store: new, unchanged, replaced, skipped, pruned, removed."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from kontor.db.models import KnowledgePassage, KnowledgeState
from kontor.knowledge.index import KnowledgeSource
from kontor.knowledge.ingest import (
    FAILED,
    NEW,
    REMOVED,
    UNCHANGED,
    UPDATED,
    ingest,
    prune,
    remove,
)
from tests.kontor.knowledge.conftest import NOW, make_docx, make_pdf


def _passages(sessions: sessionmaker) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(KnowledgePassage.text)).all())


def _run(folder: Path, sessions: sessionmaker, embedder, **kw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    outcomes = ingest(
        [str(folder)], sessions=sessions, embedder=embedder, now=lambda: NOW, **kw
    )
    return {Path(o.source).name: o.status for o in outcomes}


def test_a_folder_of_every_kind(tmp_path: Path, db_sessions, embedder) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "wissen"
    folder.mkdir()
    (folder / "versand.md").write_text(
        "# Versand\n\nBestellungen bis 14 Uhr verlassen das Lager am selben Tag.\n",
        encoding="utf-8",
    )
    (folder / "faq.txt").write_text("Muster gibt es ab 1 Stück.\n", encoding="utf-8")
    make_pdf(folder / "helm.pdf", [["Der Helm hält vier Jahre."], ["Pflege: Wasser."]])
    make_docx(folder / "pflege.docx", [("Normal", "Bei 60 Grad waschen.")])
    (folder / "README.md").write_text("# Nur für Betreiber\n", encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG")
    statuses = _run(folder, db_sessions, embedder)
    assert statuses == {
        "faq.txt": NEW,
        "helm.pdf": NEW,
        "pflege.docx": NEW,
        "versand.md": NEW,
    }
    texts = _passages(db_sessions)
    assert "Der Helm hält vier Jahre." in texts
    assert any("selben Tag" in t for t in texts)
    # the store knows the PDF's pages
    with db_sessions() as session:
        pages = session.scalars(
            select(KnowledgePassage.page).where(KnowledgePassage.page.is_not(None))
        ).all()
    assert sorted(pages) == [1, 2]


def test_changed_documents_are_replaced_unchanged_ones_skipped(
    tmp_path: Path, db_sessions, embedder
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.md").write_text("Alte Rücksendefrist: 14 Tage.", encoding="utf-8")
    (tmp_path / "b.md").write_text("Versand mit DHL.", encoding="utf-8")
    assert _run(tmp_path, db_sessions, embedder) == {"a.md": NEW, "b.md": NEW}
    (tmp_path / "a.md").write_text("Neue Rücksendefrist: 30 Tage.", encoding="utf-8")
    assert _run(tmp_path, db_sessions, embedder) == {"a.md": UPDATED, "b.md": UNCHANGED}
    assert sorted(_passages(db_sessions)) == [
        "Neue Rücksendefrist: 30 Tage.",
        "Versand mit DHL.",
    ]
    assert _run(tmp_path, db_sessions, embedder, force=True) == {
        "a.md": UPDATED,
        "b.md": UPDATED,
    }


def test_an_unreadable_file_is_skipped_and_its_old_version_kept(
    tmp_path: Path, db_sessions, embedder
) -> None:  # type: ignore[no-untyped-def]
    make_pdf(tmp_path / "blatt.pdf", [["Die Weste ist bis 60 Grad waschbar."]])
    (tmp_path / "ok.md").write_text("Alles gut.", encoding="utf-8")
    assert _run(tmp_path, db_sessions, embedder)["blatt.pdf"] == NEW
    (tmp_path / "blatt.pdf").write_bytes(b"%PDF-1.7 broken in the middle")
    outcomes = ingest(
        [str(tmp_path)], sessions=db_sessions, embedder=embedder, now=lambda: NOW
    )
    failed = [o for o in outcomes if o.status == FAILED]
    assert [Path(o.source).name for o in failed] == ["blatt.pdf"]
    assert "PDF" in failed[0].reason
    assert "Die Weste ist bis 60 Grad waschbar." in _passages(db_sessions)


def test_web_pages_from_a_sitemap_and_an_unreachable_one(
    web_folder, db_sessions, embedder
) -> None:  # type: ignore[no-untyped-def]
    folder, base = web_folder
    (folder / "versand.html").write_text(
        "<html><head><title>Versand</title></head><body><nav>Menü Start Shop</nav>"
        "<main><h1>Versand</h1><p>Wir versenden mit DHL. Bestellungen bis 14 Uhr "
        "verlassen unser Lager noch am selben Werktag, auch freitags.</p></main>"
        "</body></html>",
        encoding="utf-8",
    )
    (folder / "sitemap.xml").write_text(
        f"<urlset><url><loc>{base}/versand.html</loc></url>"
        f"<url><loc>{base}/fehlt.html</loc></url></urlset>",
        encoding="utf-8",
    )
    outcomes = ingest(
        [f"{base}/sitemap.xml", "http://127.0.0.1:9/weg.html"],
        sessions=db_sessions,
        embedder=embedder,
        now=lambda: NOW,
    )
    statuses = {o.source.rsplit("/", 1)[-1]: o.status for o in outcomes}
    assert statuses == {"versand.html": NEW, "fehlt.html": FAILED, "weg.html": FAILED}
    assert any("selben Werktag" in t for t in _passages(db_sessions))


def test_prune_and_remove(tmp_path: Path, db_sessions, embedder) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.md").write_text("Erstes Dokument.", encoding="utf-8")
    (tmp_path / "b.md").write_text("Zweites Dokument.", encoding="utf-8")
    outcomes = ingest(
        [str(tmp_path)], sessions=db_sessions, embedder=embedder, now=lambda: NOW
    )
    sources = {Path(o.source).name: o.source for o in outcomes}
    (tmp_path / "a.md").unlink()
    pruned = prune(sessions=db_sessions, now=lambda: NOW)
    assert [(Path(o.source).name, o.status) for o in pruned] == [("a.md", REMOVED)]
    assert _passages(db_sessions) == ["Zweites Dokument."]
    assert remove([sources["b.md"]], sessions=db_sessions, now=lambda: NOW) == 1
    assert _passages(db_sessions) == []


def test_the_running_index_sees_new_documents_without_a_restart(
    tmp_path: Path, db_sessions, embedder
) -> None:  # type: ignore[no-untyped-def]
    source = KnowledgeSource(db_sessions, embedder)
    assert len(source.get()) == 0
    (tmp_path / "helm.md").write_text(
        "Schutzhelme dürfen bis zu vier Jahre nach dem Herstelldatum getragen werden.",
        encoding="utf-8",
    )
    _run(tmp_path, db_sessions, embedder)
    index = source.get()
    assert len(index) == 1
    assert source.get() is index  # not rebuilt while nothing changed
    hits = index.search("Wie lange darf ich einen Helm tragen?")
    assert "vier Jahre" in hits[0].passage.text
    with db_sessions() as session:
        assert session.get(KnowledgeState, 1).version == 1
