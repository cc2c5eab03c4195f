"""Shipping options per country and kind, and the day an order placed now leaves."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kontor.company import load_company
from kontor.shipping import dispatch, options_for, serves
from tests.conftest import REPO_COMPANY_FILE

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def demo():
    return load_company(REPO_COMPANY_FILE)


@pytest.mark.parametrize(
    ("country", "kind", "names"),
    [
        (
            "DE",
            None,
            [
                "DHL Paket (Deutschland)",
                "DHL Express (Deutschland)",
                "Spedition (Palette, Deutschland)",
            ],
        ),
        ("AT", None, ["DHL Paket (EU)"]),
        ("FR", None, ["DHL Paket (EU)"]),
        ("CH", None, []),  # not in the EU, not named
        ("NO", None, []),
        ("DE", "express", ["DHL Express (Deutschland)"]),
        ("AT", "express", []),
        (None, "freight", ["Spedition (Palette, Deutschland)"]),
        ("EU", None, ["DHL Paket (EU)"]),
    ],
)
def test_options_for(demo, country, kind, names) -> None:
    assert [o.name.de for o in options_for(demo, country, kind)] == names


def test_serves(demo) -> None:
    assert serves(demo, "AT") and serves(demo, "DE")
    assert not serves(demo, "CH") and not serves(demo, "US")


@pytest.mark.parametrize(
    ("ordered", "leaves", "today"),
    [
        ((2026, 12, 1, 13, 59), dt.date(2026, 12, 1), True),  # Tuesday before 14:00
        ((2026, 12, 1, 15, 11), dt.date(2026, 12, 2), False),  # after the cut-off
        ((2026, 12, 1, 6, 0), dt.date(2026, 12, 1), True),  # before opening
        ((2026, 12, 4, 14, 0), dt.date(2026, 12, 7), False),  # Friday 14:00 → Monday
        ((2026, 12, 5, 10, 0), dt.date(2026, 12, 7), False),  # Saturday
        ((2026, 12, 23, 15, 0), dt.date(2026, 12, 28), False),  # over Christmas
        ((2026, 12, 30, 16, 0), dt.date(2027, 1, 4), False),  # over New Year
    ],
)
def test_dispatch(demo, ordered, leaves, today) -> None:
    result = dispatch(demo, dt.datetime(*ordered, tzinfo=BERLIN))
    assert (result.day, result.today) == (leaves, today)
    assert result.cutoff == dt.time(14, 0)
