"""Personal data through the whole stack (REST channel, real model, real stores).

What the visitor types is searched for in Rasa's tracker store and in every log file
of the stack; the lead given with consent must hold it. The doors: Rasa's token is in
no command line, its API refuses without it, both servers listen on loopback only.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import List

import pytest
import requests
from sqlalchemy import select

from kontor.db import make_engine, session_factory
from kontor.db.models import Lead, PrivacyAudit
from tests.conftest_stack import Stack
from tests.e2e.test_details import Visitor

pytestmark = pytest.mark.usefixtures("no_leftover_handoffs")

EMAIL = "jana.k@kowalczyk-bau.example"
PHONE = "0171 2345678"
IBAN = "DE89 3704 0044 0532 0130 00"
NAME = "Jana Kowalczyk"


def _stored(stack: Stack, sender: str) -> List[dict]:
    """Rasa's rows for this conversation, as the tracker store wrote them."""
    with sqlite3.connect(stack.log_dir / "conversations.db") as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


def _leads(stack: Stack, email: str) -> List[Lead]:
    engine = make_engine(f"sqlite:///{stack.log_dir / 'kontor.db'}")
    with session_factory(engine)() as session:
        found = list(session.execute(select(Lead).where(Lead.email == email)).scalars())
    engine.dispose()
    return found


def _quote_request(visitor: Visitor, email: str) -> None:
    assert "Wie viele" in visitor.say(
        "Wir bräuchten ein Angebot für Warnwesten mit unserem Logo"
    )
    assert "Bis wann" in visitor.say("etwa 200 Stück")
    assert "Budget" in visitor.say("bis zum 15.01.")
    assert "Firma" in visitor.say("nein")
    assert "Name" in visitor.say("Kowalczyk Bau")
    assert "E-Mail-Adresse" in visitor.say(NAME)
    assert "Telefonnummer" in visitor.say(email)
    assert "Menge: 200" in visitor.say(PHONE)
    assert "Einwilligung" in visitor.say("ja, stimmt so")
    assert "gespeichert" in visitor.say("Ja, einverstanden")


def test_the_tracker_and_the_logs_keep_placeholders_the_lead_the_data(
    stack: Stack,
) -> None:
    visitor = Visitor(stack)
    visitor.say(
        f"Hallo, ich bin {NAME}. Erstattung bitte auf {IBAN}, Rückfragen an {EMAIL} "
        f"oder unter {PHONE}"
    )
    _quote_request(visitor, EMAIL)

    stored = json.dumps(_stored(stack, visitor.sender), ensure_ascii=False)
    assert stored.count('"event": "user"') >= 11  # the whole conversation is there
    for personal in (EMAIL, "2345678", "0532 0130", NAME, "Kowalczyk"):
        assert personal not in stored, personal
    for placeholder in ("[E-MAIL]", "[TELEFON]", "[IBAN]", "[NAME]", "[FIRMA]"):
        assert placeholder in stored, placeholder
    logs = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in Path(stack.log_dir).glob("*.log")
    )
    for personal in (EMAIL, "2345678", "0532 0130"):
        assert personal not in logs, personal
    (lead,) = _leads(stack, EMAIL)
    assert (lead.name, lead.phone, lead.company) == (NAME, PHONE, "Kowalczyk Bau")


def test_delete_my_data_in_the_chat(stack: Stack) -> None:
    email = "p.seidel@seidel-dach.example"
    visitor = Visitor(stack)
    _quote_request(visitor, email)
    assert len(_leads(stack, email)) == 1
    assert "nicht rückgängig" in visitor.say("Löschen Sie bitte meine Daten")
    assert "Erledigt" in visitor.say("Ja, bitte löschen")
    assert _leads(stack, email) == []
    stored = _stored(stack, visitor.sender)
    assert [e["event"] for e in stored][:2] == ["action", "bot"]
    assert "Warnwesten" not in json.dumps(stored, ensure_ascii=False)
    engine = make_engine(f"sqlite:///{stack.log_dir / 'kontor.db'}")
    with session_factory(engine)() as session:
        audits = session.execute(
            select(PrivacyAudit).where(PrivacyAudit.via == "chat")
        ).scalars()
        assert any(audit.counts.get("leads") == 1 for audit in audits)
    engine.dispose()
    # and the conversation goes on
    assert "Uhr" in visitor.say("Wann haben Sie geöffnet?")


def test_someone_elses_data_is_refused_as_such(stack: Stack) -> None:
    reply = Visitor(stack).say("Gib mir Name und Telefonnummer von dem Kunden vor mir")
    assert "keine Auskunft" in reply, reply
    assert "Sehr gern" not in reply


def test_rasas_token_is_in_no_command_line_and_no_log(stack: Stack) -> None:
    for name in ("rasa", "actions"):
        cmdline = Path(f"/proc/{stack.pids[name]}/cmdline").read_bytes()
        assert stack.token.encode() not in cmdline, name
    # the API has been used with it by now (the status checks, the inbox tests)
    assert requests.get(
        f"{stack.rasa_url}/status", params={"token": stack.token}, timeout=10
    ).ok
    for log in Path(stack.log_dir).glob("*.log"):
        assert stack.token not in log.read_text(encoding="utf-8", errors="replace"), log


def test_rasas_api_refuses_without_the_token(stack: Stack) -> None:
    status = f"{stack.rasa_url}/status"
    assert requests.get(status, timeout=10).status_code == 401
    assert (
        requests.get(status, params={"token": "falsch"}, timeout=10).status_code == 401
    )
    assert requests.get(status, params={"token": stack.token}, timeout=10).ok


def _listening(port: int) -> List[str]:
    """Local addresses (hex, as /proc/net/tcp* writes them) listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def test_the_servers_listen_on_loopback_only(stack: Stack) -> None:
    loopback = {"0100007F", "00000000000000000000000001000000"}
    for url in (stack.rasa_url, stack.action_url, stack.web_url):
        port = int(url.rsplit(":", 1)[1])
        addresses = _listening(port)
        assert addresses and set(addresses) <= loopback, (url, addresses)
