"""The demo company in a business database, as `make run` has it.

Its price list and orders (demo/*.csv) and its documents (knowledge/).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from sqlalchemy import func, select

from kontor.catalog_import import CatalogReport, import_catalog
from kontor.company import Company
from kontor.db import make_engine, session_factory, transaction
from kontor.db.migrate import upgrade
from kontor.db.models import Product
from kontor.order_import import OrdersReport, import_orders

if TYPE_CHECKING:
    from kontor.knowledge.embeddings import Embedder

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


KNOWLEDGE = DEMO.parent / "knowledge"


def demo_knowledge(url: str, embedder: Optional[Embedder] = None) -> int:
    """Ingest the demo company's documents (knowledge/) into an empty store.

    Returns how many documents were stored (0 if the store already held some).
    """
    from kontor.knowledge import store
    from kontor.knowledge.embeddings import BundledE5
    from kontor.knowledge.ingest import NEW, ingest

    engine = make_engine(url)
    try:
        upgrade(engine)
        sessions = session_factory(engine)
        with sessions() as session:
            if store.document_count(session):
                return 0
        outcomes = ingest(
            [str(KNOWLEDGE)],
            sessions=sessions,
            embedder=embedder or BundledE5(),
            now=lambda: dt.datetime.now(dt.timezone.utc),
        )
        return sum(1 for o in outcomes if o.status == NEW)
    finally:
        engine.dispose()
