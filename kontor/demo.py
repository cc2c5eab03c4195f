"""The demo company's data (demo/*.csv) in a business database, as `make run` has it."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from sqlalchemy import func, select

from kontor.catalog_import import CatalogReport, import_catalog
from kontor.company import Company
from kontor.db import make_engine, session_factory, transaction
from kontor.db.migrate import upgrade
from kontor.db.models import Product
from kontor.order_import import OrdersReport, import_orders

DEMO = Path(__file__).resolve().parent.parent / "demo"
CATALOG = DEMO / "artikel.csv"
ORDERS = DEMO / "bestellungen.csv"


def demo_database(
    url: str, company: Company
) -> Optional[tuple[CatalogReport, OrdersReport]]:
    """Migrate the database at ``url`` and import the demo data if it has no products.

    Returns the import reports, or None if the database already had products.
    """
    engine = make_engine(url)
    try:
        upgrade(engine)
        sessions = session_factory(engine)
        with sessions() as session:
            if session.scalar(select(func.count(Product.id))):
                return None
        with transaction(sessions) as session:
            catalog = import_catalog(session, CATALOG)
            orders = import_orders(session, ORDERS, tz=company.tz)
        return catalog, orders
    finally:
        engine.dispose()
