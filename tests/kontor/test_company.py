"""company.yml validation: every mistake names its field; edits are picked up live."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

from kontor.cli import main
from kontor.company import CompanyConfigError, CompanyFile, load_company, parse_company

REPO = Path(__file__).resolve().parents[2]


def test_the_shipped_company_file_is_valid() -> None:
    company = load_company(REPO / "company.yml")
    assert company.name
    assert company.opening_hours["monday"]


def _problem(data: Dict[str, Any]) -> str:
    with pytest.raises(CompanyConfigError) as caught:
        parse_company(data)
    return str(caught.value)


def test_missing_field_is_named(company_data) -> None:
    del company_data["contact"]["email"]
    assert "contact.email: is missing" in _problem(company_data)


def test_misspelt_field_is_named(company_data) -> None:
    company_data["adress"] = company_data.pop("address")
    message = _problem(company_data)
    assert "adress: is not a known field" in message
    assert "address: is missing" in message


def test_unquoted_time_explains_quotes(company_data) -> None:
    # YAML 1.1 reads an unquoted 7:30 as the number 450 (base 60).
    company_data["opening_hours"]["monday"] = [[450, "12:00"]]
    message = _problem(company_data)
    assert "opening_hours" in message and "monday[0]" in message
    assert '"HH:MM"' in message


def test_closing_before_opening_is_named(company_data) -> None:
    company_data["opening_hours"]["friday"] = [["14:00", "07:30"]]
    message = _problem(company_data)
    assert "opening_hours.friday[0]" in message
    assert "closing time must be later" in message


def test_overlapping_intervals(company_data) -> None:
    company_data["opening_hours"]["monday"] = [["07:30", "12:00"], ["11:00", "16:00"]]
    assert "monday: the intervals overlap" in _problem(company_data)


def test_unknown_weekday(company_data) -> None:
    company_data["opening_hours"]["montag"] = [["07:30", "12:00"]]
    assert "unknown weekday 'montag'" in _problem(company_data)


def test_unknown_state(company_data) -> None:
    company_data["holidays"]["state"] = "XX"
    message = _problem(company_data)
    assert "holidays: unknown state 'XX'" in message
    assert "SN" in message


def test_unknown_timezone(company_data) -> None:
    company_data["timezone"] = "Europe/Chemnitz"
    assert "timezone: unknown time zone" in _problem(company_data)


def test_withdrawal_period_below_statutory_minimum(company_data) -> None:
    company_data["returns"]["consumer_withdrawal_days"] = 7
    assert "returns.consumer_withdrawal_days" in _problem(company_data)


def test_missing_translation_is_named(company_data) -> None:
    del company_data["payment"]["methods"][1]["name"]["en"]
    assert "payment.methods[1].name.en: is missing" in _problem(company_data)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "company.yml"
    path.write_text("name: Test\naddress: [unclosed\n", encoding="utf-8")
    with pytest.raises(CompanyConfigError, match=r"not valid YAML \(line \d+"):
        load_company(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CompanyConfigError, match="cannot read"):
        load_company(tmp_path / "nope.yml")


def test_edits_are_picked_up_and_a_broken_edit_keeps_the_last_good_version(
    tmp_path: Path, company_data, caplog
) -> None:
    path = tmp_path / "company.yml"
    path.write_text(yaml.safe_dump(company_data, allow_unicode=True), encoding="utf-8")
    live = CompanyFile(path)
    assert live.get().contact.phone == "+49 371 000 0000"

    company_data["contact"]["phone"] = "+49 371 111 1111"
    path.write_text(yaml.safe_dump(company_data, allow_unicode=True), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse file systems
    assert live.get().contact.phone == "+49 371 111 1111"

    path.write_text("name: [broken", encoding="utf-8")
    assert live.get().contact.phone == "+49 371 111 1111"
    assert "not valid YAML" in caplog.text


def test_check_command_exit_codes(tmp_path: Path, company_data, capsys) -> None:
    good = tmp_path / "good.yml"
    good.write_text(yaml.safe_dump(company_data, allow_unicode=True), encoding="utf-8")
    assert main(["check-company", str(good)]) == 0
    del company_data["name"]
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump(company_data, allow_unicode=True), encoding="utf-8")
    assert main(["check-company", str(bad)]) == 1
    assert "name: is missing" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"countries": ["XY"]}, "'XY' is not a country code"),
        ({"countries": []}, "name at least one country"),
        ({"type": "drone"}, "'drone' is not one of standard, express"),
    ],
)
def test_shipping_option_problems_are_named(company_data, change, problem) -> None:
    company_data["shipping"]["options"][0].update(change)
    message = _problem(company_data)
    assert "shipping.options[0]" in message and problem in message


def test_shipping_countries_are_read_as_codes(company_data) -> None:
    company_data["shipping"]["options"][0]["countries"] = ["de", "EU"]
    option = parse_company(company_data).shipping.options[0]
    assert option.countries == ("DE", "EU")
    assert option.serves("AT") and option.serves("DE") and not option.serves("CH")
    company_data["shipping"]["options"][0]["countries"] = ["EU"]
    abroad = parse_company(company_data).shipping.options[0]
    assert abroad.serves("AT") and not abroad.serves("DE", home="DE")


def test_unknown_payment_type_lists_the_known(company_data) -> None:
    company_data["payment"]["methods"][0]["type"] = "bitcoin"
    message = _problem(company_data)
    assert "payment.methods[0].type" in message
    assert "'bitcoin' is not one of invoice" in message


@pytest.mark.parametrize("vat_id", ["DE 123 456 789", "123456789", "de123456789"])
def test_vat_id_form(company_data, vat_id) -> None:
    company_data["legal"] = {"vat_id": vat_id}
    assert "legal.vat_id" in _problem(company_data)


def test_legal_facts_are_optional(company_data) -> None:
    assert parse_company(company_data).legal is None
    company_data["legal"] = {"vat_id": "DE123456789"}
    assert parse_company(company_data).legal.vat_id == "DE123456789"


def test_closing_days_once_or_every_year(company_data) -> None:
    import datetime as dt

    company_data["holidays"]["closed_days"] = ["12-24", "2027-01-02"]
    holidays = parse_company(company_data).holidays
    assert holidays.is_closed_day(dt.date(2026, 12, 24))
    assert holidays.is_closed_day(dt.date(2031, 12, 24))
    assert holidays.is_closed_day(dt.date(2027, 1, 2))
    assert not holidays.is_closed_day(dt.date(2028, 1, 2))


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("24.12.", "write a date as"),
        ("02-30", "no day of the year"),
        ("2026-02-30", "not a date"),
    ],
)
def test_closing_day_problems_are_named(company_data, value, problem) -> None:
    company_data["holidays"]["closed_days"] = [value]
    message = _problem(company_data)
    assert "holidays.closed_days[0]" in message and problem in message
