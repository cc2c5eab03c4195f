"""Catalog search, prices and availability: facts from data, never guessed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import sessionmaker

from kontor.catalog import (
    Catalog,
    CatalogSource,
    Product,
    Query,
    Variant,
    add_days,
    availability,
    choose_variant,
    gross,
    load_catalog,
    price,
    size_key,
    standard_option,
)
from kontor.catalog_import import import_catalog
from kontor.company import Company
from kontor.db import transaction

BERLIN = ZoneInfo("Europe/Berlin")
DEMO = Path(__file__).resolve().parents[2] / "demo" / "artikel.csv"


def product(
    number: str, name: str, kind: str, category: str, variants, norms=(), kind_en=""
) -> Product:
    return Product(
        number,
        name,
        name,
        category,
        category,
        kind,
        kind_en or kind,
        "Hartmann Pro",
        "Polyester",
        tuple(norms),
        "Stück",
        "",
        "",
        tuple(variants),
    )


VEST = product(
    "HA-1",
    "Warnweste Basic",
    "Warnweste",
    "Warnschutzkleidung",
    [
        Variant("W-Y-LXL", "warngelb", "L/XL", 320, 290, 5, ((50, 250), (100, 230))),
        Variant("W-Y-XXL", "warngelb", "XXL/3XL", 0, 319, 5),
        Variant("W-O-LXL", "warnorange", "L/XL", 12, 290, 5),
    ],
    ["EN ISO 20471 Klasse 2"],
    kind_en="hi-vis vest",
)
BOOT = product(
    "HA-2",
    "Sicherheitsstiefel Fichtelberg",
    "Sicherheitsstiefel",
    "Sicherheitsschuhe",
    [
        Variant("S-44", "schwarz", "44", 8, 8990, 12),
        Variant("S-45", "schwarz", "45", 0, 8990, 12),
    ],
    ["EN ISO 20345 S3 SRC"],
)
GLOVE = product(
    "HA-3",
    "Montagehandschuh Grip",
    "Montagehandschuh",
    "Schutzhandschuhe",
    [Variant("G-9", "grau", "9", 500, 190, 5)],
    ["EN 388 4131X"],
)
CUT_GLOVE = product(
    "HA-4",
    "Schnittschutzhandschuh Cut D",
    "Schnittschutzhandschuh",
    "Schutzhandschuhe",
    [Variant("C-9", "grau", "9", 50, 590, 5)],
    ["EN 388 4X42D"],
)
SHOE = product(
    "HA-5",
    "Sicherheitshalbschuh Sprint",
    "Sicherheitshalbschuh",
    "Sicherheitsschuhe",
    [Variant("H-42", "schwarz", "42", 5, 5990, 10)],
    ["EN ISO 20345 S1P"],
)
CATALOG = Catalog([VEST, BOOT, GLOVE, CUT_GLOVE, SHOE])


@pytest.mark.parametrize(
    "query, expected",
    [
        (Query(types=("Warnweste",)), ["HA-1"]),
        (Query(types=("hi-vis vest",)), ["HA-1"]),
        (Query(types=("Sicherheitsschuhe",)), ["HA-5", "HA-2"]),  # the group
        (Query(types=("Handschuh",)), ["HA-3", "HA-4"]),  # the end kinds share
        # gloves end in the longer "handschuh", another product group
        (Query(types=("Schuh",)), ["HA-5"]),
        (Query(product="Sicherheitsstiefel Fichtelberg"), ["HA-2"]),
        (Query(norms=("EN ISO 20345",)), ["HA-5", "HA-2"]),
        (Query(norms=("S3",)), ["HA-2"]),
        (Query(types=("Warnweste",), colour="gelb"), ["HA-1"]),
        (Query(types=("Warnweste",), size="XL"), ["HA-1"]),
        (Query(product="Sicherheitsstiefel Erfunden"), []),
        (Query(), []),
    ],
)
def test_search(query: Query, expected: list) -> None:
    assert [m.product.number for m in CATALOG.search(query).matches] == expected


def test_search_keeps_only_the_variants_asked_for() -> None:
    result = CATALOG.search(Query(types=("Warnweste",), colour="warngelb", size="xxl"))
    assert [v.sku for v in result.matches[0].variants] == ["W-Y-XXL"]


@pytest.mark.parametrize(
    "query, missing",
    [
        (Query(types=("Warnweste",), colour="rot"), ("colour",)),
        (Query(types=("Warnweste",), size="S"), ("size",)),
        (
            Query(types=("Warnweste",), colour="warnorange", size="XXL"),
            ("combination",),
        ),
        (Query(types=("Warnweste",), norms=("EN 343",)), ("norm",)),
    ],
)
def test_a_wish_no_product_meets_is_named_with_the_candidates(
    query: Query, missing: tuple
) -> None:
    result = CATALOG.search(query)
    assert result.matches == ()
    assert result.missing == missing
    assert [p.number for p in result.candidates] == ["HA-1"]


def test_products_in_stock_come_first() -> None:
    empty_boot = product(
        "HA-9",
        "Stiefel Leer",
        "Sicherheitsstiefel",
        "Sicherheitsschuhe",
        [Variant("X", "schwarz", "44", 0, 100, 5)],
    )
    catalog = Catalog([empty_boot, BOOT])
    assert [
        m.product.number
        for m in catalog.search(Query(types=("Sicherheitsstiefel",))).matches
    ] == ["HA-2", "HA-9"]


def test_sizes_and_colours() -> None:
    assert size_key("2xl") == size_key("XXL") == "XXL"
    assert VEST.variants[0].has_size("L") and VEST.variants[0].has_size("xl")
    assert not VEST.variants[0].has_size("S")
    assert VEST.variants[0].has_colour("Gelb") and not VEST.variants[0].has_colour(
        "rot"
    )
    assert VEST.colours == ("warngelb", "warnorange")
    assert VEST.sizes == ("L/XL", "XXL/3XL")


def test_prices_with_quantity_tiers_and_vat() -> None:
    vest = VEST.variants[0]
    assert price(vest, 1, Decimal(19)).unit_net == 290
    assert price(vest, 49, Decimal(19)).tier is None
    at_100 = price(vest, 100, Decimal(19))
    assert (at_100.unit_net, at_100.tier, at_100.total_net) == (230, 100, 23000)
    assert at_100.unit_gross == 274  # 2.737 → 2.74
    assert gross(8990, Decimal(19)) == 10698
    assert gross(100, Decimal(7)) == 107


def test_working_and_carrier_days(company: Company) -> None:
    # Buß- und Bettag (18.11.2026) is a holiday in Saxony only
    assert add_days(company, dt.date(2026, 11, 17), 1) == dt.date(2026, 11, 19)
    # 24.12. is a company closing day but parcels travel; 25./26. are holidays
    assert add_days(company, dt.date(2026, 12, 23), 1) == dt.date(2026, 12, 28)
    assert add_days(company, dt.date(2026, 12, 23), 1, carrier=True) == dt.date(
        2026, 12, 24
    )
    assert add_days(company, dt.date(2026, 12, 23), 2, carrier=True) == dt.date(
        2026, 12, 28
    )


def _at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def test_everything_from_stock_in_time(company: Company) -> None:
    option = standard_option(company)
    result = availability(
        company,
        VEST.variants[0],
        100,
        _at(2026, 12, 1, 10, 0),
        deadline=dt.date(2026, 12, 4),
        option=option,
    )
    assert not result.partial
    assert result.shipments[0].leaves == dt.date(2026, 12, 1)  # before the cut-off
    assert result.shipments[0].arrives == (dt.date(2026, 12, 2), dt.date(2026, 12, 3))
    assert result.in_time is True


def test_500_by_tuesday_on_friday_evening(company: Company) -> None:
    """Friday 16:30, 320 in stock, 500 wanted by Tuesday: part now, the rest later."""
    option = standard_option(company)
    result = availability(
        company,
        VEST.variants[0],
        500,
        _at(2026, 12, 4, 16, 30),
        deadline=dt.date(2026, 12, 8),
        option=option,
    )
    now, later = result.shipments
    assert (now.quantity, now.leaves, now.arrives) == (
        320,
        dt.date(2026, 12, 7),
        (dt.date(2026, 12, 8), dt.date(2026, 12, 9)),
    )
    assert (later.quantity, later.leaves) == (180, dt.date(2026, 12, 14))
    assert later.arrives == (dt.date(2026, 12, 15), dt.date(2026, 12, 16))
    assert result.in_time is False and result.stock_in_time is False
    assert result.complete_by == dt.date(2026, 12, 16)


def test_nothing_in_stock_waits_for_the_lead_time(company: Company) -> None:
    result = availability(company, BOOT.variants[1], 3, _at(2026, 12, 1, 9, 0))
    assert result.from_stock == 0
    assert result.shipments[0].leaves == add_days(company, dt.date(2026, 12, 1), 12)
    assert result.shipments[0].arrives is None  # no shipping option given
    assert result.in_time is None


def test_choose_variant_prefers_what_can_ship() -> None:
    assert choose_variant(VEST.variants, 100).sku == "W-Y-LXL"
    assert choose_variant(BOOT.variants, 1).sku == "S-44"


def test_load_and_reload_from_the_database(
    db_sessions: sessionmaker, tmp_path: Path
) -> None:
    source = CatalogSource(db_sessions)
    assert source.get().products == []
    with transaction(db_sessions) as session:
        import_catalog(session, DEMO)
    catalog = source.get()
    assert len(catalog.products) > 200
    assert source.get() is catalog  # unchanged version: no reload
    boots = catalog.search(Query(types=("Sicherheitsstiefel",), size="44"))
    assert boots.matches and all(
        v.size == "44" for m in boots.matches for v in m.variants
    )
    with transaction(db_sessions) as session:
        import_catalog(session, DEMO)
    assert source.get() is not catalog
    with db_sessions() as session:
        assert load_catalog(session).version == 2
