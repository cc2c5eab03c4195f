"""Price-list import on a real database: all or nothing, updates, never duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from kontor.catalog_import import import_catalog
from kontor.db import transaction
from kontor.db.models import PriceTier, Product, ProductNorm, Variant
from kontor.erp import ImportFailed

DEMO = Path(__file__).resolve().parents[2] / "demo" / "artikel.csv"
HEADER = (
    "Artikelnummer;Modell;Bezeichnung;Warengruppe;Normen;Farbe;Größe;Bestand;"
    "Preis netto (EUR);Staffel 1 ab;Staffel 1 Preis;Lieferzeit (Arbeitstage)\r\n"
)
ROWS = (
    "W-1;HA-1;Warnweste Basic;Warnschutzkleidung;EN ISO 20471 Klasse 2;warngelb;L/XL;"
    "320;2,90;50;2,50;5\r\n"
    "W-2;HA-1;Warnweste Basic;Warnschutzkleidung;EN ISO 20471 Klasse 2;warnorange;L/XL;"
    "0;2,90;;;5\r\n"
    "S-1;HA-2;Sicherheitsstiefel Fichtelberg;Sicherheitsschuhe;EN ISO 20345 S3 SRC;"
    "schwarz;44;1.200;89,90;10;84,90;12\r\n"
)


def _csv(tmp_path: Path, rows: str = ROWS, encoding: str = "cp1252") -> Path:
    path = tmp_path / "preisliste.csv"
    path.write_bytes((HEADER + rows).encode(encoding))
    return path


def _count(sessions: sessionmaker, model: type) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def _import(sessions: sessionmaker, path: Path, **options: object):
    with transaction(sessions) as session:
        return import_catalog(session, path, **options)


def test_a_price_list_becomes_products_variants_norms_and_tiers(
    db_sessions: sessionmaker, tmp_path: Path
) -> None:
    report = _import(db_sessions, _csv(tmp_path))
    assert (report.products_new, report.variants_new, report.encoding) == (
        2,
        3,
        "cp1252",
    )
    with db_sessions() as session:
        boot = session.execute(select(Variant).where(Variant.sku == "S-1")).scalar_one()
        assert boot.stock == 1200
        assert boot.price_cents == 8990
        assert boot.lead_time_days == 12
        assert [(t.min_quantity, t.price_cents) for t in boot.tiers] == [(10, 8490)]
        assert boot.product.name_en == "Sicherheitsstiefel Fichtelberg"  # no EN column
        assert [n.norm for n in boot.product.norms] == ["EN ISO 20345 S3 SRC"]
        vest = session.execute(
            select(Product).where(Product.number == "HA-1")
        ).scalar_one()
        assert [v.colour for v in vest.variants] == ["warngelb", "warnorange"]


def test_importing_again_updates_and_never_duplicates(
    db_sessions: sessionmaker, tmp_path: Path
) -> None:
    _import(db_sessions, _csv(tmp_path))
    changed = ROWS.replace(";320;2,90;50;2,50;5", ";17;3,10;50;2,70;5")
    report = _import(db_sessions, _csv(tmp_path, changed))
    assert (report.products_new, report.variants_new) == (0, 0)
    assert (report.products_updated, report.variants_updated) == (2, 3)
    assert (_count(db_sessions, Product), _count(db_sessions, Variant)) == (2, 3)
    assert _count(db_sessions, PriceTier) == 2
    assert _count(db_sessions, ProductNorm) == 2
    with db_sessions() as session:
        vest = session.execute(select(Variant).where(Variant.sku == "W-1")).scalar_one()
        assert (vest.stock, vest.price_cents, vest.tiers[0].price_cents) == (
            17,
            310,
            270,
        )


def test_an_article_missing_from_a_full_list_is_switched_off_not_deleted(
    db_sessions: sessionmaker, tmp_path: Path
) -> None:
    _import(db_sessions, _csv(tmp_path))
    without_boot = "".join(ROWS.splitlines(keepends=True)[:2])
    partial = _import(db_sessions, _csv(tmp_path, without_boot), partial=True)
    assert partial.variants_switched_off == 0
    report = _import(db_sessions, _csv(tmp_path, without_boot))
    assert report.variants_switched_off == 1
    with db_sessions() as session:
        boot = session.execute(select(Variant).where(Variant.sku == "S-1")).scalar_one()
        assert boot.active is False and boot.product.active is False
    _import(db_sessions, _csv(tmp_path))  # back in the list: active again
    with db_sessions() as session:
        assert session.execute(
            select(Variant.active).where(Variant.sku == "S-1")
        ).scalar()


def test_one_bad_row_stops_the_whole_import_with_every_problem_listed(
    db_sessions: sessionmaker, tmp_path: Path
) -> None:
    _import(db_sessions, _csv(tmp_path))
    bad = (
        ROWS.replace(";320;2,90;", ";320;2,95;")  # a good change that must not land
        + "X-1;HA-3;Schutzhelm;Kopfschutz;;weiß;;viele;12,90;;;5\r\n"
        + "X-2;HA-3;Schutzhelm;;;weiß;;5;zwölf;10;;5\r\n"
        + "W-1;HA-1;Warnweste;Warnschutzkleidung;;gelb;;5;2,90;;;5\r\n"
    )
    with pytest.raises(ImportFailed) as failed:
        _import(db_sessions, _csv(tmp_path, bad))
    messages = [str(p) for p in failed.value.problems]
    assert "Zeile 5, Spalte „Bestand“: „viele“ ist keine ganze Zahl." in messages
    assert "Zeile 6, Spalte „Warengruppe“: Das Feld ist leer." in messages
    assert any(
        m.startswith("Zeile 6, Spalte „Preis netto (EUR)“: „zwölf“") for m in messages
    )
    assert (
        "Zeile 6, Spalte „Staffel 1“: Menge und Preis gehören zusammen; eins fehlt."
        in messages
    )
    assert (
        "Zeile 7, Spalte „Artikelnummer“: Die Artikelnummer W-1 steht schon in Zeile 2."
        in messages
    )
    with db_sessions() as session:
        price = session.execute(
            select(Variant.price_cents).where(Variant.sku == "W-1")
        ).scalar()
        assert price == 290
    assert _count(db_sessions, Variant) == 3


def test_encodings(db_sessions: sessionmaker, tmp_path: Path) -> None:
    assert (
        _import(db_sessions, _csv(tmp_path, encoding="utf-8-sig")).encoding
        == "utf-8-sig"
    )
    with pytest.raises(ImportFailed, match="UTF-16"):
        _import(db_sessions, _csv(tmp_path, encoding="utf-16"))
    # forced wrongly: umlauts that are not UTF-8 are refused, not garbled
    with pytest.raises(ImportFailed, match="nicht als utf-8 lesen"):
        _import(db_sessions, _csv(tmp_path, encoding="cp1252"), encoding="utf-8")
    with db_sessions() as session:
        names = session.execute(select(Variant.size)).scalars().all()
        assert "L/XL" in names
        category = session.execute(select(Product.category_de)).scalars().first()
        assert "Ã" not in category


def test_hostile_text_is_stored_as_text(
    db_sessions: sessionmaker, tmp_path: Path
) -> None:
    name = "Robert'); DROP TABLE products;-- 🦺"
    rows = f'Z-1;HA-9;"{name}";Arbeitskleidung;;;;1;1,00;;;1\r\n'
    _import(db_sessions, _csv(tmp_path, rows, encoding="utf-8"))
    with db_sessions() as session:
        assert session.execute(select(Product.name_de)).scalar_one() == name


def test_the_demo_price_list_imports_cleanly(db_sessions: sessionmaker) -> None:
    report = _import(db_sessions, DEMO)
    assert report.warnings == ()
    assert 200 <= report.products_new <= 400
    assert report.variants_new > 2000
    with db_sessions() as session:
        categories = set(session.execute(select(Product.category_de)).scalars())
        assert {
            "Warnschutzkleidung",
            "Sicherheitsschuhe",
            "Schutzhandschuhe",
        } <= categories
        sold_out = session.scalar(select(func.count()).where(Variant.stock == 0))
        assert sold_out > 0
