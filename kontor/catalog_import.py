"""Import a price list as an ERP exports it: all rows or none, updates, never copies.

One row per article number (SKU, a product in one colour and size). Rows that share
a model number form one product. Re-importing the same file changes nothing; an
article missing from a full price list is switched off (orders and leads may still
name it), unless the import is partial.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from kontor.db.models import CatalogState, PriceTier, Product, ProductNorm, Variant
from kontor.erp import (
    Column,
    Export,
    ImportFailed,
    Problem,
    cents,
    read_export,
    whole_number,
)

COLUMNS = (
    Column(
        "sku", ("Artikelnummer", "Artikel-Nr.", "Artikelnr", "Art.-Nr.", "SKU"), True
    ),
    Column(
        "product",
        ("Modell", "Modellnummer", "Hauptartikel", "Vaterartikel", "Stammartikel"),
    ),
    Column("name_de", ("Bezeichnung", "Artikelbezeichnung", "Artikelname"), True),
    Column("name_en", ("Bezeichnung EN", "Bezeichnung englisch", "Name EN")),
    Column("category_de", ("Warengruppe", "Kategorie", "Artikelgruppe"), True),
    Column("category_en", ("Warengruppe EN", "Warengruppe englisch", "Kategorie EN")),
    Column("kind_de", ("Produktart", "Artikelart", "Produkttyp")),
    Column("kind_en", ("Produktart EN", "Artikelart EN", "Produkttyp EN")),
    Column("brand", ("Marke", "Hersteller")),
    Column("material", ("Material",)),
    Column("norms", ("Normen", "Norm", "Zertifizierung")),
    Column("description_de", ("Beschreibung", "Langtext")),
    Column(
        "description_en", ("Beschreibung EN", "Langtext EN", "Beschreibung englisch")
    ),
    Column("colour", ("Farbe",)),
    Column("size", ("Größe", "Groesse", "Grösse")),
    Column("unit", ("Einheit", "Mengeneinheit", "ME")),
    Column("stock", ("Bestand", "Lagerbestand", "Verfügbar"), True),
    Column(
        "price",
        ("Preis netto", "VK netto", "Verkaufspreis netto", "Nettopreis", "Preis"),
        True,
    ),
    Column(
        "lead_time",
        ("Lieferzeit", "Wiederbeschaffungszeit", "Lieferzeit Arbeitstage"),
        True,
    ),
)
# "Staffel 1 ab" / "Staffel 1 Menge" and "Staffel 1 Preis": quantity prices
TIER_QUANTITY = re.compile(r"staffel ?(\d+) ?(?:ab|menge|ab menge)")
TIER_PRICE = re.compile(r"staffel ?(\d+) ?(?:preis|preis netto)")
MAX_LEAD_TIME = 250  # working days: about a year


@dataclass
class VariantRow:
    """A validated row: one article number."""

    line: int
    sku: str
    colour: str
    size: str
    stock: int
    price_cents: int
    lead_time_days: int
    tiers: List[Tuple[int, int]]


@dataclass
class ProductRow:
    """The product fields, taken from the first row of a model."""

    line: int
    number: str
    fields: Dict[str, object]
    norms: List[str]
    variants: List[VariantRow] = field(default_factory=list)


@dataclass(frozen=True)
class CatalogReport:
    """What an import did (or, with dry_run, would do)."""

    products_new: int
    products_updated: int
    variants_new: int
    variants_updated: int
    variants_switched_off: int
    encoding: str
    warnings: Tuple[Problem, ...]


def parse_catalog(export: Export) -> Tuple[List[ProductRow], List[Problem]]:
    """Validate every row; the products in file order and all problems found."""
    problems: List[Problem] = []
    products: Dict[str, ProductRow] = {}
    seen: Dict[str, int] = {}
    tier_columns = _tier_columns(export)
    labels = {c.field: export.headers.get(c.field, c.label) for c in COLUMNS}
    for line, row in export.rows:
        before = len(problems)

        def bad(name: str, message: str, line: int = line) -> None:
            problems.append(Problem(line, message, labels.get(name, name)))

        sku = row.get("sku", "")
        if not sku:
            bad("sku", "Die Artikelnummer fehlt.")
        elif len(sku) > 64:
            bad("sku", "Die Artikelnummer ist länger als 64 Zeichen.")
        elif sku in seen:
            bad("sku", f"Die Artikelnummer {sku} steht schon in Zeile {seen[sku]}.")
        else:
            seen[sku] = line
        for name, limit in (("name_de", 200), ("category_de", 100)):
            if not row.get(name):
                bad(name, "Das Feld ist leer.")
            elif len(row[name]) > limit:
                bad(name, f"Länger als {limit} Zeichen.")
        price = _number(row.get("price", ""), cents, lambda m: bad("price", m))
        if price == 0:
            bad("price", "Der Preis ist 0 – fehlt er?")
        stock = _number(row.get("stock", ""), _stock, lambda m: bad("stock", m))
        lead = _number(
            row.get("lead_time", ""), whole_number, lambda m: bad("lead_time", m)
        )
        if lead is not None and not 0 <= lead <= MAX_LEAD_TIME:
            bad("lead_time", f"{lead} Arbeitstage: erwartet 0 bis {MAX_LEAD_TIME}.")
        tiers: List[Tuple[int, int]] = []
        for tier, (qty_key, price_key) in tier_columns.items():
            label = f"Staffel {tier}"
            quantity_text, price_text = row.get(qty_key, ""), row.get(price_key, "")
            if not quantity_text and not price_text:
                continue
            if not quantity_text or not price_text:
                problems.append(
                    Problem(
                        line, "Menge und Preis gehören zusammen; eins fehlt.", label
                    )
                )
                continue

            def tier_bad(message: str, label: str = label, line: int = line) -> None:
                problems.append(Problem(line, message, label))

            quantity = _number(quantity_text, whole_number, tier_bad)
            tier_price = _number(price_text, cents, tier_bad)
            if quantity is None or tier_price is None:
                continue
            if quantity < 2:
                tier_bad(f"Staffelmenge {quantity}: erwartet ab 2 Stück.")
            elif any(q == quantity for q, _ in tiers):
                tier_bad(f"Staffelmenge {quantity} kommt doppelt vor.")
            else:
                tiers.append((quantity, tier_price))
        if len(problems) > before:
            continue
        assert price is not None and stock is not None and lead is not None
        number = row.get("product") or sku
        product = products.get(number)
        if product is None:
            product = products[number] = ProductRow(
                line,
                number,
                _product_fields(row),
                _norms(row.get("norms", "")),
            )
        product.variants.append(
            VariantRow(
                line,
                sku,
                row.get("colour", "")[:60],
                row.get("size", "")[:30],
                stock,
                price,
                lead,
                sorted(tiers),
            )
        )
    return list(products.values()), problems


def _tier_columns(export: Export) -> Dict[int, Tuple[str, str]]:
    """Staffel number -> (quantity column, price column); a half pair counts too."""
    quantities: Dict[int, str] = {}
    prices: Dict[int, str] = {}
    for key in export.headers:
        if match := TIER_QUANTITY.fullmatch(key):
            quantities[int(match.group(1))] = key
        elif match := TIER_PRICE.fullmatch(key):
            prices[int(match.group(1))] = key
    return {
        n: (quantities.get(n, ""), prices.get(n, ""))
        for n in sorted(set(quantities) | set(prices))
    }


def _number(
    text: str, parse: Callable[[str], int], report: Callable[[str], None]
) -> Optional[int]:
    if not text:
        report("Das Feld ist leer.")
        return None
    try:
        return parse(text)
    except ValueError as error:
        report(str(error))
        return None


def _stock(text: str) -> int:
    # ERPs export reservations beyond stock as a negative figure: nothing available
    if text.strip().startswith("-"):
        return 0
    return whole_number(text)


def _product_fields(row: Dict[str, str]) -> Dict[str, object]:
    name_de = row["name_de"]
    category_de = row["category_de"]
    return {
        "name_de": name_de,
        "name_en": row.get("name_en") or name_de,
        "category_de": category_de,
        "category_en": row.get("category_en") or category_de,
        "kind_de": row.get("kind_de", "")[:100],
        "kind_en": (row.get("kind_en") or row.get("kind_de", ""))[:100],
        "brand": row.get("brand", "")[:100],
        "material": row.get("material", "")[:200],
        "description_de": row.get("description_de", ""),
        "description_en": row.get("description_en", ""),
        "unit": (row.get("unit") or "Stück")[:30],
    }


def _norms(text: str) -> List[str]:
    norms: List[str] = []
    for part in re.split(r"[,|/]", text):
        norm = re.sub(r"\s+", " ", part).strip()
        if norm and norm not in norms:
            norms.append(norm[:100])
    return norms


def import_catalog(
    session: Session,
    path: Path | str,
    *,
    encoding: Optional[str] = None,
    delimiter: str = ";",
    partial: bool = False,
    dry_run: bool = False,
) -> CatalogReport:
    """Read, validate and store a price list in ``session``'s transaction.

    Raises ImportFailed with every problem if any row is bad; then nothing is written.
    """
    patterns = {"quantity": TIER_QUANTITY, "price": TIER_PRICE}
    export = read_export(
        path, COLUMNS, encoding=encoding, delimiter=delimiter, patterns=patterns
    )
    products, problems = parse_catalog(export)
    if problems:
        raise ImportFailed(problems)
    if not products:
        raise ImportFailed([Problem(0, "Die Datei enthält keine Artikel.")])
    return _store(session, products, export, partial=partial, dry_run=dry_run)


def _store(
    session: Session,
    products: List[ProductRow],
    export: Export,
    *,
    partial: bool,
    dry_run: bool,
) -> CatalogReport:
    existing_products = dict(session.execute(select(Product.number, Product.id)).all())
    existing_variants = dict(session.execute(select(Variant.sku, Variant.id)).all())
    new_products = [p for p in products if p.number not in existing_products]
    all_variants = [v for p in products for v in p.variants]
    new_variant_count = sum(1 for v in all_variants if v.sku not in existing_variants)
    in_file = {v.sku for v in all_variants}
    switched_off = (
        0
        if partial
        else sum(
            1
            for active, sku in session.execute(select(Variant.active, Variant.sku))
            if active and sku not in in_file
        )
    )
    report = CatalogReport(
        products_new=len(new_products),
        products_updated=len(products) - len(new_products),
        variants_new=new_variant_count,
        variants_updated=len(all_variants) - new_variant_count,
        variants_switched_off=switched_off,
        encoding=export.encoding,
        warnings=tuple(export.warnings),
    )
    if dry_run:
        return report

    if new_products:
        session.execute(
            insert(Product),
            [{"number": p.number, "active": True, **p.fields} for p in new_products],
        )
    old = [p for p in products if p.number in existing_products]
    if old:
        session.execute(
            update(Product).where(Product.id == bindparam("pid")),
            [
                {"pid": existing_products[p.number], "active": True, **p.fields}
                for p in old
            ],
        )
    ids = dict(session.execute(select(Product.number, Product.id)).all())
    product_ids = [ids[p.number] for p in products]
    for chunk in _chunks(product_ids):
        session.execute(delete(ProductNorm).where(ProductNorm.product_id.in_(chunk)))
    norm_rows = [
        {"product_id": ids[p.number], "position": i, "norm": norm}
        for p in products
        for i, norm in enumerate(p.norms)
    ]
    if norm_rows:
        session.execute(insert(ProductNorm), norm_rows)

    def variant_fields(
        product: ProductRow, position: int, variant: VariantRow
    ) -> Dict[str, object]:
        return {
            "product_id": ids[product.number],
            "position": position,
            "colour": variant.colour,
            "size": variant.size,
            "stock": variant.stock,
            "price_cents": variant.price_cents,
            "lead_time_days": variant.lead_time_days,
            "active": True,
        }

    fresh = [
        {"sku": v.sku, **variant_fields(p, i, v)}
        for p in products
        for i, v in enumerate(p.variants)
        if v.sku not in existing_variants
    ]
    if fresh:
        session.execute(insert(Variant), fresh)
    changed = [
        {"vid": existing_variants[v.sku], **variant_fields(p, i, v)}
        for p in products
        for i, v in enumerate(p.variants)
        if v.sku in existing_variants
    ]
    if changed:
        session.execute(update(Variant).where(Variant.id == bindparam("vid")), changed)
    variant_ids = dict(session.execute(select(Variant.sku, Variant.id)).all())
    for chunk in _chunks([variant_ids[v.sku] for v in all_variants]):
        session.execute(delete(PriceTier).where(PriceTier.variant_id.in_(chunk)))
    tier_rows = [
        {"variant_id": variant_ids[v.sku], "min_quantity": q, "price_cents": c}
        for v in all_variants
        for q, c in v.tiers
    ]
    if tier_rows:
        session.execute(insert(PriceTier), tier_rows)

    _bump_version(session)
    if not partial:
        gone = [vid for sku, vid in variant_ids.items() if sku not in in_file]
        for chunk in _chunks(gone):
            session.execute(
                update(Variant).where(Variant.id.in_(chunk)).values(active=False)
            )
        kept = set(product_ids)
        gone_products = [pid for pid in ids.values() if pid not in kept]
        for chunk in _chunks(gone_products):
            session.execute(
                update(Product).where(Product.id.in_(chunk)).values(active=False)
            )
    return report


def _bump_version(session: Session) -> None:
    """Tell running processes (the action server's catalog cache) to reload."""
    now = dt.datetime.now(dt.timezone.utc)
    state = session.get(CatalogState, 1)
    if state is None:
        session.add(CatalogState(id=1, version=1, imported_at=now))
    else:
        state.version += 1
        state.imported_at = now


def _chunks(ids: List[int], size: int = 900) -> List[List[int]]:
    # SQLite allows 999 bound parameters per statement in older builds
    return [ids[i : i + size] for i in range(0, len(ids), size)]
