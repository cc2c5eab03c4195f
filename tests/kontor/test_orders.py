"""Order lookup: nothing is told before number and e-mail or postcode match."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from kontor.db import transaction
from kontor.db.models import OrderLookupFailure
from kontor.order_import import import_orders
from kontor.orders import (
    MAX_FAILURES,
    Outcome,
    forget_old_failures,
    look_up,
    order_key,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 12, 1, 15, 0, tzinfo=BERLIN)
ORDERS = (
    "Bestellnummer;Bestelldatum;E-Mail;PLZ;Status;Versendet am;Bezahlt am;"
    "Versanddienstleister;Sendungsnummer;Voraussichtliche Lieferung;Artikelnummer;"
    "Bezeichnung;Menge\n"
    "HA-104705;27.11.2026 09:15;einkauf@bau-richter.example;09117;versendet;"
    "30.11.2026 14:30;27.11.2026 10:00;DHL;123456789012;02.12.2026;W-1;Warnweste Basic;500\n"
    "HA-204705;28.11.2026 11:00;info@lange.example;09599;eingegangen;;;;;;H-1;Helm;2\n"
)


@pytest.fixture
def orders(db_sessions: sessionmaker, tmp_path: Path) -> sessionmaker:
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    with transaction(db_sessions) as session:
        import_orders(session, path, tz=BERLIN)
    return db_sessions


def _look_up(sessions: sessionmaker, number: str, secret: str, now: dt.datetime = NOW):
    with transaction(sessions) as session:
        return look_up(session=session, number=number, secret=secret, now=now)


@pytest.mark.parametrize(
    "number, secret",
    [
        ("HA-104705", "einkauf@bau-richter.example"),
        ("ha 104705", " Einkauf@Bau-Richter.EXAMPLE "),
        ("HA104705", "09117"),
        ("104705", "091 17"),  # the digits alone, when only one order ends in them
    ],
)
def test_a_verified_customer_sees_the_status(
    orders: sessionmaker, number: str, secret: str
) -> None:
    result = _look_up(orders, number, secret)
    assert result.outcome is Outcome.FOUND
    order = result.order
    assert (order.number, order.status, order.carrier) == (
        "HA-104705",
        "shipped",
        "DHL",
    )
    assert order.tracking_number == "123456789012"
    assert order.expected_delivery == dt.date(2026, 12, 2)
    assert [s for s, _ in order.history] == ["received", "paid", "shipped"]
    assert order.happened("shipped") == dt.datetime(2026, 11, 30, 14, 30, tzinfo=BERLIN)
    assert order.positions == (("Warnweste Basic", 500),)


@pytest.mark.parametrize(
    "number, secret",
    [
        ("HA-104705", "jemand@anders.example"),  # wrong e-mail
        ("HA-104705", "01067"),  # wrong postcode
        ("HA-999999", "einkauf@bau-richter.example"),  # no such order
        ("HA-104705", "einkauf@"),  # not an address at all
        ("4705", "09117"),  # the digits of two orders: neither is guessed
        ("'; DROP TABLE orders; --", "x' OR '1'='1"),
    ],
)
def test_unknown_number_and_wrong_secret_look_the_same(
    orders: sessionmaker, number: str, secret: str
) -> None:
    result = _look_up(orders, number, secret)
    assert result == result.__class__(Outcome.NOT_VERIFIED, None)


def test_failures_are_limited_per_number_across_conversations(
    orders: sessionmaker,
) -> None:
    for attempt in range(MAX_FAILURES - 1):
        assert (
            _look_up(orders, "HA-104705", f"rate{attempt}@x.example").outcome
            is Outcome.NOT_VERIFIED
        )
    assert _look_up(orders, "HA-104705", "last@x.example").outcome is Outcome.LOCKED
    # locked now even with the right address; an unknown number locks the same way
    assert _look_up(orders, "HA-104705", "09117").outcome is Outcome.LOCKED
    for _ in range(MAX_FAILURES):
        last = _look_up(orders, "HA-000001", "09117")
    assert last.outcome is Outcome.LOCKED
    # other numbers are not affected; a day later the lock is gone
    assert _look_up(orders, "HA-204705", "09599").outcome is Outcome.FOUND
    tomorrow = NOW + dt.timedelta(hours=25)
    assert _look_up(orders, "HA-104705", "09117", tomorrow).outcome is Outcome.FOUND
    with transaction(orders) as session:
        assert forget_old_failures(session=session, now=tomorrow) == 2 * MAX_FAILURES
        assert session.scalar(select(func.count(OrderLookupFailure.id))) == 0


def test_order_key() -> None:
    assert order_key(" ha-104 705 ") == "HA104705"
    assert order_key("x" * 100) == "X" * 40
