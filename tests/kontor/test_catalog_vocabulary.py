"""The catalog's words for training: the same file on every run, plurals and names."""

from __future__ import annotations

from pathlib import Path

from kontor.catalog import load_catalog
from kontor.catalog_vocabulary import (
    catalog_vocabulary,
    english_plurals,
    german_plurals,
    to_nlu_yaml,
)
from kontor.company import load_company
from kontor.db import make_engine, session_factory
from kontor.demo import demo_database

REPO = Path(__file__).resolve().parents[2]


def test_the_committed_lookup_file_is_what_the_demo_catalog_gives(
    tmp_path: Path,
) -> None:
    """Otherwise `make run` on a fresh clone rewrites it and trains again."""
    url = f"sqlite:///{tmp_path / 'kontor.db'}"
    demo_database(url, load_company(REPO / "company.yml"))
    with session_factory(make_engine(url))() as session:
        text = to_nlu_yaml(catalog_vocabulary(load_catalog(session)))
    committed = (REPO / "data" / "lookups" / "catalog.yml").read_text(encoding="utf-8")
    assert text == committed, "run `kontor catalog vocabulary` on the demo database"


def test_plurals() -> None:
    assert german_plurals("Warnweste") == ["Warnwesten"]
    assert "Handschuhe" in german_plurals("Handschuh")
    assert "T-Shirts" in german_plurals("T-Shirt")
    assert english_plurals("hi-vis vest") == ["hi-vis vests"]
    assert english_plurals("safety glasses") == []
