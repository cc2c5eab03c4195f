"""Reading ERP exports: encodings, delimiters, German numbers and dates, headers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kontor.erp import (
    Column,
    ImportFailed,
    cents,
    decode,
    german_date,
    german_datetime,
    german_decimal,
    normalize_header,
    read_export,
    whole_number,
)

COLUMNS = (
    Column("sku", ("Artikelnummer", "Art.-Nr."), True),
    Column("size", ("Größe",)),
    Column("price", ("Preis netto",), True),
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12,90", Decimal("12.90")),
        ("1.234,50", Decimal("1234.50")),
        ("12,90 €", Decimal("12.90")),
        ("12.90", Decimal("12.90")),
        ("1.250", Decimal("1250")),
        ("7", Decimal("7")),
        ("0,19", Decimal("0.19")),
    ],
)
def test_german_decimal(text: str, expected: Decimal) -> None:
    assert german_decimal(text) == expected


@pytest.mark.parametrize("text", ["", "zwölf", "1,2,3", "-5,00", "12.9.0", "1.23.456"])
def test_german_decimal_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        german_decimal(text)


def test_cents_and_whole_numbers() -> None:
    assert cents("12,90") == 1290
    assert cents("12,9000") == 1290
    with pytest.raises(ValueError, match="Nachkommastellen"):
        cents("0,125")
    assert whole_number("1.200") == 1200
    assert whole_number("12,0") == 12
    with pytest.raises(ValueError, match="ganze Zahl"):
        whole_number("2,5")


def test_dates() -> None:
    assert german_date("24.12.2026") == dt.date(2026, 12, 24)
    assert german_date("2026-12-24") == dt.date(2026, 12, 24)
    berlin = ZoneInfo("Europe/Berlin")
    moment = german_datetime("01.12.2026 16:30", berlin)
    assert moment == dt.datetime(2026, 12, 1, 16, 30, tzinfo=berlin)
    with pytest.raises(ValueError, match="kein Datum"):
        german_date("31.02.2026")


def test_header_names_are_compared_loosely() -> None:
    assert normalize_header("Preis netto (EUR)") == "preis netto"
    assert normalize_header(" Größe ") == normalize_header("Groesse") == "groesse"
    assert normalize_header("\ufeffArt.-Nr.") == "art nr"
    assert normalize_header("Preis netto in €") == "preis netto"


def test_decode_prefers_utf8_then_windows_1252() -> None:
    assert decode("Größe".encode()) == ("Größe", "utf-8-sig")
    assert decode("Größe".encode("cp1252")) == ("Größe", "cp1252")
    with pytest.raises(ImportFailed, match="UTF-16"):
        decode("Größe;Preis".encode("utf-16"))


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "liste.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_read_export_maps_headers_and_keeps_line_numbers(tmp_path: Path) -> None:
    text = 'Art.-Nr.;Größe;Preis netto (EUR);Lagerort\r\nA1;XL;"12,90";Halle 2\r\n\r\nA2;;3,10;\r\n'
    export = read_export(_write(tmp_path, text, "cp1252"), COLUMNS)
    assert export.encoding == "cp1252"
    assert export.rows == [
        (2, {"sku": "A1", "size": "XL", "price": "12,90"}),
        (4, {"sku": "A2", "size": "", "price": "3,10"}),
    ]
    assert [str(w) for w in export.warnings] == [
        "Datei, Spalte „Lagerort“: Diese Spalte wird nicht gelesen."
    ]


def test_read_export_names_missing_and_doubled_columns(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as failed:
        read_export(_write(tmp_path, "Artikelnummer;Art.-Nr.;Größe\nA;B;C\n"), COLUMNS)
    messages = [str(p) for p in failed.value.problems]
    assert any("doppelt" in m and "Art.-Nr." in m for m in messages)
    assert "Zeile 1: Pflichtspalte „Preis netto“ fehlt." in messages


def test_read_export_explains_the_wrong_delimiter(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="durch „,“ getrennt"):
        read_export(_write(tmp_path, "Artikelnummer,Preis netto\nA,1\n"), COLUMNS)
    export = read_export(
        _write(tmp_path, "Artikelnummer,Preis netto\nA,1\n"), COLUMNS, delimiter=","
    )
    assert export.rows == [(2, {"sku": "A", "price": "1"})]


def test_read_export_reports_rows_with_too_many_fields(tmp_path: Path) -> None:
    text = "Artikelnummer;Preis netto\nA;1,00\nB;2,00;Rest; mehr\n"
    with pytest.raises(ImportFailed, match="Zeile 3: 4 Felder statt 2"):
        read_export(_write(tmp_path, text), COLUMNS)


def test_read_export_of_an_empty_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="leer"):
        read_export(_write(tmp_path, ""), COLUMNS)
    with pytest.raises(ImportFailed, match="lässt sich nicht lesen"):
        read_export(tmp_path / "fehlt.csv", COLUMNS)
