"""Order import: one row per position, order fields agree, history from the dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from kontor.db import transaction
from kontor.db.models import Order, OrderEvent, OrderLine
from kontor.emails import normalize_email
from kontor.erp import ImportFailed
from kontor.order_import import import_orders

BERLIN = ZoneInfo("Europe/Berlin")
DEMO = Path(__file__).resolve().parents[2] / "demo" / "bestellungen.csv"
HEADER = (
    "Bestellnummer;Bestelldatum;E-Mail;PLZ;Status;Bezahlt am;Versendet am;"
    "Versanddienstleister;Sendungsnummer;Voraussichtliche Lieferung;Artikelnummer;"
    "Bezeichnung;Menge\n"
)
SHIPPED = (
    "HA-100001;27.11.2026 09:15;Einkauf@Bau-Richter.example;09117;versendet;"
    "27.11.2026 10:00;30.11.2026 14:30;DHL;123456789012;02.12.2026;W-1;Warnweste;500\n"
    "HA-100001;27.11.2026 09:15;Einkauf@Bau-Richter.example;09117;versendet;"
    "27.11.2026 10:00;30.11.2026 14:30;DHL;123456789012;02.12.2026;S-1;Stiefel;20\n"
)


def _csv(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "bestellungen.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def _import(sessions: sessionmaker, path: Path):
    with transaction(sessions) as session:
        return import_orders(session, path, tz=BERLIN)


def test_an_order_with_positions_and_history(
    db_sessions: sessionmaker, tmp_path: Path
) -> None:
    report = _import(db_sessions, _csv(tmp_path, SHIPPED))
    assert (report.orders_new, report.positions) == (1, 2)
    with db_sessions() as session:
        order = session.execute(select(Order)).scalar_one()
        assert order.email == "einkauf@bau-richter.example"
        assert order.status == "shipped"
        assert order.expected_delivery == dt.date(2026, 12, 2)
        assert [(e.status, e.at) for e in order.events] == [
            ("received", dt.datetime(2026, 11, 27, 8, 15, tzinfo=dt.timezone.utc)),
            ("paid", dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone.utc)),
            ("shipped", dt.datetime(2026, 11, 30, 13, 30, tzinfo=dt.timezone.utc)),
        ]
        assert [(line.sku, line.quantity) for line in order.lines] == [
            ("W-1", 500),
            ("S-1", 20),
        ]


def test_reimport_replaces_positions_and_history(
    db_sessions: sessionmaker, tmp_path: Path
) -> None:
    _import(db_sessions, _csv(tmp_path, SHIPPED))
    report = _import(db_sessions, _csv(tmp_path, SHIPPED))
    assert (report.orders_new, report.orders_updated) == (0, 1)
    with db_sessions() as session:
        assert session.scalar(select(func.count(Order.id))) == 1
        assert session.scalar(select(func.count(OrderLine.id))) == 2
        assert session.scalar(select(func.count(OrderEvent.id))) == 3


def test_bad_orders_are_refused_with_line_numbers(
    db_sessions: sessionmaker, tmp_path: Path
) -> None:
    rows = SHIPPED.replace("09117;versendet;27.11", "09117;versendet;28.11", 1).replace(
        ";20\n", ";20\n", 1
    )
    rows += "HA-100002;31.11.2026;kunde(at)example.de;09111;unterwegs;;;;;;X;X;1\n"
    rows += "HA-100003;01.12.2026;a@b.example;09111;bezahlt;;01.12.2026;;;;X;X;0\n"
    rows += (
        "HA-100004;01.12.2026;a@b.example;09111;versendet;01.12.2026;;DHL;1;;X;X;1\n"
    )
    with pytest.raises(ImportFailed) as failed:
        _import(db_sessions, _csv(tmp_path, rows))
    text = str(failed.value)
    assert (
        "Zeile 3, Spalte „Bezahlt am“: Weicht von Zeile 2 derselben Bestellung ab."
        in text
    )
    assert "Zeile 4, Spalte „Bestelldatum“: „31.11.2026“ ist kein Datum" in text
    assert (
        "Zeile 4, Spalte „E-Mail“: „kunde(at)example.de“ ist keine gültige E-Mail-Adresse"
        in text
    )
    assert "Zeile 4, Spalte „Status“: „unterwegs“ ist kein bekannter Status" in text
    assert "Zeile 5, Spalte „Versendet am“: Datum eines späteren Schritts" in text
    assert "Zeile 5, Spalte „Menge“: Die Menge muss mindestens 1 sein." in text
    assert (
        "Zeile 6, Spalte „Versendet am“: Der Status ist „versendet“, das Datum dazu fehlt."
        in text
    )
    with db_sessions() as session:
        assert session.scalar(select(func.count(Order.id))) == 0


def test_email_normalization() -> None:
    assert (
        normalize_email(" Max.Mustermann@Firma.EXAMPLE ")
        == "max.mustermann@firma.example"
    )
    with pytest.raises(ValueError):
        normalize_email("max@")


def test_the_demo_orders_cover_every_state(db_sessions: sessionmaker) -> None:
    report = _import(db_sessions, DEMO)
    assert 90 <= report.orders_new <= 120
    with db_sessions() as session:
        statuses = set(session.execute(select(Order.status)).scalars())
    assert statuses == {"received", "paid", "shipped", "delivered", "returned"}
