"""Import orders as an ERP exports them: one row per position, all orders or none.

Order fields repeat on every position row and must agree. The status is written in
German or English; the dates of the steps before it build the order's history.
Re-importing an order replaces its positions and history instead of adding to them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from kontor.db.models import ORDER_STATUSES, Order, OrderEvent, OrderLine
from kontor.emails import normalize_email
from kontor.erp import (
    Column,
    ImportFailed,
    Problem,
    german_date,
    german_datetime,
    read_export,
    whole_number,
)
from kontor.orders import order_key

COLUMNS = (
    Column("number", ("Bestellnummer", "Auftragsnummer", "Belegnummer"), True),
    Column("placed", ("Bestelldatum", "Auftragsdatum", "Belegdatum"), True),
    Column("email", ("E-Mail", "Email", "E-Mail-Adresse"), True),
    Column("postal_code", ("PLZ", "Postleitzahl"), True),
    Column("country", ("Land", "Länderkennzeichen")),
    Column("status", ("Status", "Auftragsstatus"), True),
    Column("paid", ("Bezahlt am", "Zahlungseingang")),
    Column("shipped", ("Versendet am", "Versanddatum")),
    Column("delivered", ("Zugestellt am", "Zustelldatum")),
    Column("returned", ("Retoure am", "Rücksendung am")),
    Column("carrier", ("Versanddienstleister", "Spediteur", "Versandart")),
    Column("tracking", ("Sendungsnummer", "Trackingnummer", "Paketnummer")),
    Column("expected", ("Voraussichtliche Lieferung", "Liefertermin")),
    Column("position", ("Position", "Pos", "Pos.")),
    Column("sku", ("Artikelnummer", "Artikel-Nr.", "SKU"), True),
    Column("name", ("Bezeichnung", "Artikelbezeichnung")),
    Column("quantity", ("Menge", "Anzahl"), True),
)
# how ERPs write the states; every word maps to one of ORDER_STATUSES
STATUS_WORDS = {
    "eingegangen": "received",
    "offen": "received",
    "neu": "received",
    "received": "received",
    "bezahlt": "paid",
    "paid": "paid",
    "versendet": "shipped",
    "versandt": "shipped",
    "verschickt": "shipped",
    "shipped": "shipped",
    "zugestellt": "delivered",
    "geliefert": "delivered",
    "delivered": "delivered",
    "retourniert": "returned",
    "retoure": "returned",
    "zurückgesendet": "returned",
    "returned": "returned",
}
# the fields that hold the date a step happened
STEP_FIELDS = {
    "paid": "paid",
    "shipped": "shipped",
    "delivered": "delivered",
    "returned": "returned",
}
ORDER_FIELDS = (
    "placed",
    "email",
    "postal_code",
    "country",
    "status",
    "paid",
    "shipped",
    "delivered",
    "returned",
    "carrier",
    "tracking",
    "expected",
)


@dataclass
class OrderRow:
    """A validated order with its positions and history."""

    line: int
    number: str
    placed_at: dt.datetime
    email: str
    postal_code: str
    country: str
    status: str
    carrier: str
    tracking_number: str
    expected_delivery: Optional[dt.date]
    events: List[Tuple[str, dt.datetime]]
    lines: List[Tuple[int, str, str, int]] = field(default_factory=list)
    raw: Dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OrdersReport:
    """What an order import did (or, with dry_run, would do)."""

    orders_new: int
    orders_updated: int
    positions: int
    encoding: str
    warnings: Tuple[Problem, ...]


def parse_orders(
    export_rows: List[Tuple[int, Dict[str, str]]], tz: ZoneInfo
) -> Tuple[List[OrderRow], List[Problem]]:
    """Validate every row, group positions by order number; all problems found."""
    problems: List[Problem] = []
    orders: Dict[str, OrderRow] = {}
    for line, row in export_rows:
        before = len(problems)

        def bad(name: str, message: str, line: int = line) -> None:
            problems.append(Problem(line, message, _label(name)))

        number = row.get("number", "").strip()
        if not number:
            bad("number", "Die Bestellnummer fehlt.")
            continue
        order = orders.get(number)
        if order is not None:
            for name in ORDER_FIELDS:
                if row.get(name, "") != order.raw.get(name, ""):
                    bad(name, f"Weicht von Zeile {order.line} derselben Bestellung ab.")
        else:
            order = _parse_order(line, number, row, tz, bad)
        quantity: Optional[int] = None
        try:
            quantity = whole_number(row.get("quantity", ""))
            if quantity < 1:
                bad("quantity", "Die Menge muss mindestens 1 sein.")
        except ValueError as error:
            bad("quantity", str(error))
        if not row.get("sku"):
            bad("sku", "Die Artikelnummer fehlt.")
        position = len(order.lines) + 1 if order else 1
        if row.get("position"):
            try:
                position = whole_number(row["position"])
            except ValueError as error:
                bad("position", str(error))
        if len(problems) > before or order is None or quantity is None:
            continue
        if any(p == position for p, *_ in order.lines):
            bad("position", f"Position {position} kommt in der Bestellung doppelt vor.")
            continue
        orders.setdefault(number, order)
        order.lines.append((position, row["sku"], row.get("name", "")[:200], quantity))
    return list(orders.values()), problems


def _label(name: str) -> str:
    return next(c.label for c in COLUMNS if c.field == name)


def _parse_order(
    line: int,
    number: str,
    row: Dict[str, str],
    tz: ZoneInfo,
    bad: Callable[[str, str], None],
) -> Optional[OrderRow]:
    ok = True
    if len(number) > 40:
        bad("number", "Die Bestellnummer ist länger als 40 Zeichen.")
        ok = False
    status = STATUS_WORDS.get(row.get("status", "").strip().lower())
    if status is None:
        bad(
            "status",
            f"„{row.get('status', '')}“ ist kein bekannter Status "
            "(eingegangen, bezahlt, versendet, zugestellt, retourniert).",
        )
        ok = False
    email = ""
    try:
        email = normalize_email(row.get("email", ""))
    except ValueError as error:
        bad("email", str(error))
        ok = False
    postal_code = row.get("postal_code", "").replace(" ", "")
    if not postal_code or len(postal_code) > 12:
        bad("postal_code", "Die Postleitzahl fehlt oder ist zu lang.")
        ok = False
    country = (row.get("country") or "DE").strip().upper()
    if len(country) != 2 or not country.isalpha():
        bad("country", f"„{country}“: erwartet ein Länderkürzel wie DE oder AT.")
        ok = False
    placed: Optional[dt.datetime] = None
    events: List[Tuple[str, dt.datetime]] = []
    try:
        placed = german_datetime(row.get("placed", ""), tz)
        events.append(("received", placed))
    except ValueError as error:
        bad("placed", str(error))
        ok = False
    for step, name in STEP_FIELDS.items():
        if not row.get(name):
            continue
        try:
            events.append((step, german_datetime(row[name], tz)))
        except ValueError as error:
            bad(name, str(error))
            ok = False
            continue
        if status is not None and ORDER_STATUSES.index(step) > ORDER_STATUSES.index(
            status
        ):
            bad(
                name,
                f"Datum eines späteren Schritts, obwohl der Status "
                f"„{row['status']}“ ist.",
            )
            ok = False
    if status in STEP_FIELDS and not row.get(STEP_FIELDS[status]):
        # the assistant tells when it was shipped, delivered or returned
        bad(
            STEP_FIELDS[status],
            f"Der Status ist „{row['status']}“, das Datum dazu fehlt.",
        )
        ok = False
    expected: Optional[dt.date] = None
    if row.get("expected"):
        try:
            expected = german_date(row["expected"])
        except ValueError as error:
            bad("expected", str(error))
            ok = False
    if not ok or placed is None or status is None:
        return None
    return OrderRow(
        line,
        number,
        placed,
        email,
        postal_code,
        country,
        status,
        row.get("carrier", "")[:60],
        row.get("tracking", "")[:60],
        expected,
        sorted(events, key=lambda event: ORDER_STATUSES.index(event[0])),
        raw={name: row.get(name, "") for name in ORDER_FIELDS},
    )


def import_orders(
    session: Session,
    path: Path | str,
    *,
    tz: ZoneInfo,
    encoding: Optional[str] = None,
    delimiter: str = ";",
    dry_run: bool = False,
) -> OrdersReport:
    """Read, validate and store an order export in ``session``'s transaction.

    Raises ImportFailed with every problem if any row is bad; then nothing is written.
    """
    export = read_export(path, COLUMNS, encoding=encoding, delimiter=delimiter)
    orders, problems = parse_orders(export.rows, tz)
    if problems:
        raise ImportFailed(problems)
    if not orders:
        raise ImportFailed([Problem(0, "Die Datei enthält keine Bestellungen.")])
    existing = dict(session.execute(select(Order.number, Order.id)).all())
    report = OrdersReport(
        orders_new=sum(1 for o in orders if o.number not in existing),
        orders_updated=sum(1 for o in orders if o.number in existing),
        positions=sum(len(o.lines) for o in orders),
        encoding=export.encoding,
        warnings=tuple(export.warnings),
    )
    if dry_run:
        return report
    for order in orders:
        values = {
            "placed_at": order.placed_at,
            "email": order.email,
            "postal_code": order.postal_code,
            "country": order.country,
            "status": order.status,
            "carrier": order.carrier,
            "tracking_number": order.tracking_number,
            "expected_delivery": order.expected_delivery,
        }
        values["number_key"] = order_key(order.number)
        order_id = existing.get(order.number)
        if order_id is None:
            order_id = session.execute(
                insert(Order).values(number=order.number, **values)
            ).inserted_primary_key[0]
        else:
            session.execute(update(Order).where(Order.id == order_id).values(**values))
            session.execute(delete(OrderLine).where(OrderLine.order_id == order_id))
            session.execute(delete(OrderEvent).where(OrderEvent.order_id == order_id))
        session.execute(
            insert(OrderLine),
            [
                {
                    "order_id": order_id,
                    "position": p,
                    "sku": sku,
                    "name": name,
                    "quantity": quantity,
                }
                for p, sku, name, quantity in sorted(order.lines)
            ],
        )
        session.execute(
            insert(OrderEvent),
            [{"order_id": order_id, "status": s, "at": at} for s, at in order.events],
        )
    return report
