"""Company facts rendered in German and English."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kontor import facts
from kontor.company import Company
from kontor.phrasing import schedule_text, working_days


def test_schedule_groups_equal_days(company: Company) -> None:
    assert schedule_text(company, "de") == (
        "• Mo.–Do.: 7:30–12:00 und 12:30–16:30 Uhr\n"
        "• Fr.: 7:30–14:00 Uhr\n"
        "• Sa., So.: geschlossen"
    )
    assert schedule_text(company, "en") == (
        "• Mon–Thu: 7:30–12:00 and 12:30–16:30\n• Fri: 7:30–14:00\n• Sat, Sun: closed"
    )


def test_money_and_days_follow_the_language(company: Company) -> None:
    assert facts.shipping_cost_lines(company, "de") == "• DHL Paket: 5,90\xa0€"
    assert facts.shipping_cost_lines(company, "en") == "• DHL parcel: €5.90"
    assert facts.free_shipping_threshold(company, "de") == "150,00\xa0€"
    assert facts.delivery_time_lines(company, "de") == "• DHL Paket: 1–2 Werktage"
    assert working_days(1, 1, "en") == "1 working day"


def test_no_threshold_no_sentence(make_company, company_data) -> None:
    shipping = dict(company_data["shipping"], free_shipping_threshold=None)
    assert facts.free_shipping_threshold(make_company(shipping=shipping), "de") == ""


def test_payment_marks_business_only(company: Company) -> None:
    assert facts.payment_lines(company, "de") == (
        "• Rechnung (nur für Geschäftskunden)\n• PayPal"
    )
    assert "business customers only" in facts.payment_lines(company, "en")


def test_upcoming_closures_name_working_days_only(company: Company) -> None:
    now = dt.datetime(2026, 12, 20, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    text = facts.upcoming_closures(company, now, "de")
    # 24 Dec is a Thursday (company closing day), 25 Dec a Friday (holiday);
    # 26 Dec is a Saturday, closed anyway, so not worth a mention; 1 Jan is a Friday.
    assert text == (
        "Donnerstag, 24. Dezember (Betriebsruhe), "
        "Freitag, 25. Dezember (Erster Weihnachtstag) und Freitag, 1. Januar (Neujahr)"
    )
    assert facts.upcoming_closures(company, now.replace(month=6, day=10), "de") == ""


def test_address_and_contact(company: Company) -> None:
    assert facts.address_block(company) == (
        "Muster Arbeitsschutz GmbH\nHauptstraße 1\n09111 Chemnitz"
    )
    assert facts.contact_lines(company, "en") == (
        "• Phone: +49 371 000 0000\n• E-mail: info@muster.example"
    )
