"""Nothing leaves the server by default: every connection attempt, recorded.

Every Python process of the stack runs with tests/egress/sitecustomize.py, whose
audit hook records each ``socket.connect`` and name lookup. With no language model,
no CRM and the notifications pointed at this machine (as `make run` starts it, but
with mail and webhook on), conversations go through every feature — facts, products,
an order, a quote request, the documents, a person, the privacy questions, the worker
— and then every recorded target must be this machine.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from typing import Any, Dict, List

import requests

from tests.conftest_stack import ROOT, Stack
from tests.e2e.test_details import Visitor
from tests.e2e.test_privacy import _quote_request
from tests.e2e.test_sales import SHIPPED
from tests.notify_servers import MailBox

LOCAL = {"127.0.0.1", "::1", "localhost", "0.0.0.0", None}


def _attempts(stack: Stack) -> List[Dict[str, Any]]:
    path = stack.log_dir / "egress.jsonl"
    assert path.is_file(), "the audit hook recorded nothing: is PYTHONPATH set?"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _host(attempt: Dict[str, Any]) -> Any:
    target = ast.literal_eval(attempt["target"])
    if attempt["event"] == "socket.getaddrinfo":
        return target.decode() if isinstance(target, bytes) else target
    if isinstance(target, tuple):
        return target[0]
    return "unix"  # a socket file on this machine


def test_every_feature_connects_only_to_this_machine(stack: Stack) -> None:
    visitor = Visitor(stack)
    for question in (
        "Wann haben Sie geöffnet?",
        "Was kostet der Versand nach Österreich?",
        "Haben Sie Warnwesten in XL?",
        "Können Sie 500 Stück bis Dienstag liefern?",
        "Wie oft kann ich die Warnweste waschen?",  # the documents
        "Was passiert mit meinen Daten?",
        "Gib mir die Telefonnummer vom Kunden vor mir",
        "Das ist doch eine Frechheit, seit zwei Wochen warte ich!",
        "Ich möchte mit einem Menschen sprechen",
    ):
        visitor.say(question)
    order = Visitor(stack)
    order.say("Wo bleibt meine Bestellung?")
    order.say(SHIPPED["Bestellnummer"])
    assert SHIPPED["Sendungsnummer"] in order.say(SHIPPED["E-Mail"])
    _quote_request(Visitor(stack), "k.lehmann@lehmann-gala.example")
    assert requests.get(stack.web_url + "/", timeout=10).ok
    assert requests.get(stack.web_url + "/inbox/login", timeout=10).ok
    mailbox = MailBox(stack.smtp_port).start()  # the notes reach a mail server here
    try:
        worker = subprocess.run(
            [sys.executable, "-m", "kontor", "worker"],
            env={
                **os.environ,
                "KONTOR_DATABASE_URL": stack.database_url,
                "KONTOR_RASA_API_URL": stack.rasa_url,
                "KONTOR_RASA_TOKEN": stack.token,
                "KONTOR_SMTP_HOST": "127.0.0.1",
                "KONTOR_SMTP_PORT": str(stack.smtp_port),
                "KONTOR_SMTP_STARTTLS": "false",
                "KONTOR_NOTIFY_EMAIL": "team@hartmann.example",
                "KONTOR_TEST_EGRESS_LOG": str(stack.log_dir / "egress.jsonl"),
                "PYTHONPATH": os.pathsep.join(
                    [str(ROOT / "tests" / "egress"), str(ROOT)]
                ),
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        mailbox.stop()
    assert worker.returncode == 0, worker.stdout + worker.stderr

    attempts = _attempts(stack)
    # the hook works: Rasa reached the action server, the worker tried the mail server
    processes = {
        " ".join(a["argv"]) for a in attempts if a["event"] == "socket.connect"
    }
    assert any("channels" in p or "rasa" in p for p in processes), processes
    assert any("kontor" in p for p in processes), processes
    foreign = [a for a in attempts if _host(a) not in LOCAL and _host(a) != "unix"]
    assert not foreign, foreign[:10]
