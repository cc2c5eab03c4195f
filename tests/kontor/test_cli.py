"""The `kontor` command line: exit codes scripts can trust, German messages."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from kontor.cli import DATABASE, OK, REFUSED, USAGE, main
from kontor.db import session_factory, transaction
from kontor.leads import LeadDraft, create_lead

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def database(
    db_engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Engine:
    """The test database as the command line's KONTOR_DATABASE_URL."""
    monkeypatch.setenv(
        "KONTOR_CATALOG_LOOKUP", str(tmp_path / "lookups" / "catalog.yml")
    )
    monkeypatch.setenv(
        "KONTOR_DATABASE_URL", db_engine.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("KONTOR_COMPANY_FILE", str(REPO / "company.yml"))
    return db_engine


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "kontor"
    result = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "import" in result.stdout and "Exit-Codes" in result.stdout


def test_an_empty_database_asks_for_db_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KONTOR_DATABASE_URL", f"sqlite:///{tmp_path / 'leer.db'}")
    assert main(["leads"]) == DATABASE
    assert "kontor db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade"]) == OK
    assert main(["db", "upgrade"]) == OK
    assert "neuesten Stand" in capsys.readouterr().out
    assert main(["leads"]) == OK


def test_an_unreachable_database_is_exit_code_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # port 9 (discard) on loopback: nothing listens, the refusal is immediate
    monkeypatch.setenv(
        "KONTOR_DATABASE_URL", "postgresql://kontor:geheim@127.0.0.1:9/x"
    )
    assert main(["db", "status"]) == DATABASE
    error = capsys.readouterr().err
    assert "nicht erreichbar" in error
    assert "geheim" not in error


def test_import_demo_once_then_skipped(
    database: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "demo", "--if-empty"]) == OK
    first = capsys.readouterr().out
    assert "Produkte neu" in first and "Bestellungen neu" in first
    assert main(["import", "demo", "--if-empty"]) == OK
    assert "übersprungen" in capsys.readouterr().out
    assert main(["db", "status"]) == OK
    assert "100 Bestellungen" in capsys.readouterr().out


def test_a_refused_import_is_exit_code_1_and_says_the_line(
    database: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "liste.csv"
    bad.write_text(
        "Artikelnummer;Bezeichnung;Warengruppe;Bestand;Preis netto;Lieferzeit\n"
        "A-1;Weste;Warnschutz;10;2,90;5\nA-2;Weste;Warnschutz;zehn;2,90;5\n",
        encoding="utf-8",
    )
    assert main(["import", "catalog", str(bad)]) == REFUSED
    error = capsys.readouterr().err
    assert "nichts wurde geändert" in error
    assert "Zeile 3, Spalte „Bestand“" in error
    assert (
        main(["import", "catalog", "--dry-run", str(bad).replace("liste", "fehlt")])
        == REFUSED
    )
    assert main(["db", "status"]) == OK
    assert "0 Produkte" in capsys.readouterr().out


def test_wrong_usage_is_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["leads", "--since", "gestern abend"])
    assert exit_.value.code == USAGE
    assert "kein Datum" in capsys.readouterr().err


def test_leads_as_text_and_csv(
    database: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    now = dt.datetime(2026, 11, 27, 16, 30, tzinfo=dt.timezone.utc)
    with transaction(session_factory(database)) as session:
        for day, company in ((20, "Bau Richter GmbH"), (27, "Elektro Seidel KG")):
            draft = LeadDraft(
                need="Warnwesten EN ISO 20471 mit Logo",
                company=company,
                name="Anna Richter",
                email="a.richter@bau-richter.example",
                consent_text="Ja, Sie dürfen mich kontaktieren.",
                quantity=500,
                deadline=dt.date(2026, 12, 8),
            )
            create_lead(session=session, draft=draft, now=now.replace(day=day))
    assert main(["leads", "--since", "21.11.2026"]) == OK
    text = capsys.readouterr().out
    assert "Elektro Seidel KG" in text and "Bau Richter" not in text
    assert "Menge: 500, Termin: 08.12.2026" in text
    assert main(["leads", "--csv"]) == OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Datum;Firma;Name;E-Mail")
    assert lines[1].startswith("27.11.2026 17:30;Elektro Seidel KG;")
    assert len(lines) == 3


def test_crm_send_delivers_the_waiting_leads(
    database: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.crm_servers import FakeHubSpot

    now = dt.datetime(2026, 11, 27, 16, 30, tzinfo=dt.timezone.utc)
    with transaction(session_factory(database)) as session:
        draft = LeadDraft(
            need="Warnwesten",
            company="Bau Richter GmbH",
            name="Anna Richter",
            email="a.richter@bau-richter.example",
            consent_text="Ja.",
        )
        create_lead(session=session, draft=draft, now=now, crm="hubspot")
    monkeypatch.setenv("KONTOR_CRM", "hubspot")
    monkeypatch.delenv("KONTOR_HUBSPOT_TOKEN", raising=False)
    assert main(["crm", "send"]) == USAGE
    assert "KONTOR_HUBSPOT_TOKEN" in capsys.readouterr().err
    with FakeHubSpot() as server:
        monkeypatch.setenv("KONTOR_HUBSPOT_TOKEN", FakeHubSpot.token)
        monkeypatch.setenv("KONTOR_HUBSPOT_URL", server.url)
        assert main(["crm", "status"]) == OK
        assert "0 Leads zugestellt, 1 warten" in capsys.readouterr().out
        assert main(["crm", "send"]) == OK
        assert "hubspot: 1 zugestellt" in capsys.readouterr().out
        assert len(server.records["deals"]) == 1
    assert main(["leads"]) == OK
    assert "CRM: hubspot (101)" in capsys.readouterr().out


def test_ingest_knowledge_ask_and_exit_codes(
    database: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "wissen"
    folder.mkdir()
    (folder / "helm.md").write_text(
        "# Schutzhelm\n\nSchutzhelme dürfen bis zu vier Jahre nach dem Herstelldatum "
        "getragen werden; danach tauschen Sie den Helm bitte aus.\n",
        encoding="utf-8",
    )
    assert main(["ingest"]) == USAGE
    assert main(["ingest", str(folder)]) == OK
    out = capsys.readouterr().out
    assert "helm.md – neu (1 Abschnitte)" in out and "1 neu" in out
    # an unchanged document again; an empty store is not empty now
    assert main(["ingest", str(folder)]) == OK
    assert "unverändert" in capsys.readouterr().out
    assert main(["ingest", "--if-empty", str(folder)]) == OK
    assert "schon 1 Dokumente" in capsys.readouterr().out
    # an unreadable file: exit 1, the readable ones are stored
    (folder / "kaputt.pdf").write_bytes(b"%PDF-1.4 broken")
    assert main(["ingest", str(folder)]) == REFUSED
    captured = capsys.readouterr()
    assert "kaputt.pdf – übersprungen" in captured.out
    assert "übersprungen" in captured.err
    assert main(["knowledge", "list"]) == OK
    assert "helm.md" in capsys.readouterr().out
    assert (
        main(["knowledge", "ask", "Wie lange darf ich einen Schutzhelm tragen?"]) == OK
    )
    assert "vier Jahre" in capsys.readouterr().out
    assert main(["knowledge", "ask", "Verkaufen Sie Gabelstapler?"]) == REFUSED
    # gone from disk: pruned
    (folder / "helm.md").unlink()
    assert main(["ingest", "--prune"]) == OK
    assert "entfernt" in capsys.readouterr().out
    assert main(["knowledge", "list"]) == OK
    assert "0 Dokumente." in capsys.readouterr().out


def test_retention_reports_counts_only(
    database: Engine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from kontor.handoff import store

    monkeypatch.setenv("KONTOR_TRACKER_URL", f"sqlite:///{tmp_path / 'conv.db'}")
    with transaction(session_factory(database)) as session:
        store.open_handoff(
            session=session,
            sender_id="max.mustermann@example.org",
            language="de",
            trigger="request",
            now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=120),
        )
    assert main(["retention"]) == OK
    out = capsys.readouterr().out
    assert "1 Übergabe(n)" in out and "älter als 90 Tage" in out
    assert "mustermann" not in out
    assert main(["retention"]) == OK  # again: nothing left, still fine
    assert "0 Übergabe(n)" in capsys.readouterr().out


def _lead_of(database: Engine, email: str, sender: str) -> None:
    with transaction(session_factory(database)) as session:
        create_lead(
            session=session,
            draft=LeadDraft(
                need="Helme",
                company="Kowalczyk Bau",
                name="Jana Kowalczyk",
                email=email,
                consent_text="Ja.",
                sender_id=sender,
            ),
            now=dt.datetime.now(dt.timezone.utc),
        )


def test_export_writes_a_file_only_the_operator_reads(
    database: Engine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    monkeypatch.setenv("KONTOR_TRACKER_URL", f"sqlite:///{tmp_path / 'conv.db'}")
    _lead_of(database, "jana@kowalczyk.example", "chat-1")
    out = tmp_path / "auskunft" / "jana.json"
    assert (
        main(["export", "--email", "Jana@Kowalczyk.example", "--out", str(out)]) == OK
    )
    assert "1 Anfrage(n)" in capsys.readouterr().out
    assert json.loads(out.read_text(encoding="utf-8"))["leads"][0]["name"] == (
        "Jana Kowalczyk"
    )
    assert out.stat().st_mode & 0o077 == 0


def test_erase_asks_scripts_for_ja_and_then_deletes(
    database: Engine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KONTOR_TRACKER_URL", f"sqlite:///{tmp_path / 'conv.db'}")
    _lead_of(database, "jana@kowalczyk.example", "chat-1")
    # not a terminal and no --ja: refused, nothing deleted
    monkeypatch.setattr("sys.stdin", open(__file__, encoding="utf-8"))
    assert main(["erase", "--sender-id", "chat-1"]) == USAGE
    assert main(["erase", "--sender-id", "chat-1", "--ja", "--vorgang", "D-1"]) == OK
    out = capsys.readouterr().out
    assert "1 Anfrage(n)" in out and "Kowalczyk" not in out
    assert main(["erase", "--sender-id", "chat-1", "--ja"]) == OK
    assert "0 Anfrage(n)" in capsys.readouterr().out


def test_export_and_erase_need_someone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["erase", "--ja"]) == USAGE
    assert main(["export", "--email", "keine-adresse"]) == USAGE
    assert "keine E-Mail-Adresse" in capsys.readouterr().err
