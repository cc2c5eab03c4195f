"""Nothing leaves the server by default: every connection attempt, recorded.

Every process of the stack runs with tests/egress/connect_log.c preloaded, which
records each connect() and getaddrinfo() — Python's, uvloop's, any library's. With no
language model,
no CRM and the notifications pointed at this machine (as `make run` starts it, but
with mail and webhook on), conversations go through every feature — facts, products,
an order, a quote request, the documents, a person, the privacy questions, the worker
— and then every recorded target must be this machine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import uuid
from typing import Any, Dict, List

import pytest
import requests

from kontor.db import make_engine, session_factory, transaction
from kontor.handoff.notify import NotifySettings, enqueue
from tests.conftest_stack import Stack
from tests.e2e.test_details import Visitor
from tests.e2e.test_privacy import _quote_request
from tests.e2e.test_sales import SHIPPED
from tests.notify_servers import MailBox, WebhookReceiver

# netlink and other socket families talk to the kernel, not the network
pytestmark = pytest.mark.usefixtures("no_leftover_handoffs")

LOCAL = {
    "127.0.0.1",
    "::1",
    "localhost",
    "0.0.0.0",
    "",
    "::ffff:127.0.0.1",
    "other-family",
}


def _attempts(stack: Stack) -> List[Dict[str, Any]]:
    path = stack.log_dir / "egress.jsonl"
    assert path.is_file(), "the connection monitor recorded nothing"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_feature_connects_only_to_this_machine(stack: Stack) -> None:
    if not (stack.log_dir / "egress.so").is_file():
        message = "no C compiler to build the connection monitor (tests/egress)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    visitor = Visitor(stack)
    for question in (
        "Wann haben Sie geöffnet?",
        "Was kostet der Versand nach Österreich?",
        "Haben Sie Warnwesten in XL?",
        "Können Sie 500 Stück bis Dienstag liefern?",
        "Wie oft kann ich die Warnweste waschen?",  # the documents
        "Was passiert mit meinen Daten?",
        "Gib mir die Telefonnummer vom Kunden vor mir",
    ):
        visitor.say(question)
    # each may pause its conversation for a person: a conversation of its own
    Visitor(stack).say("Das ist doch eine Frechheit, seit zwei Wochen warte ich!")
    Visitor(stack).say("Ich möchte mit einem Menschen sprechen")
    order = Visitor(stack)
    order.say("Wo bleibt meine Bestellung?")
    order.say(SHIPPED["Bestellnummer"])
    assert SHIPPED["Sendungsnummer"] in order.say(SHIPPED["E-Mail"])
    _quote_request(Visitor(stack), "k.lehmann@lehmann-gala.example")
    assert requests.get(stack.web_url + "/", timeout=10).ok
    assert requests.get(stack.web_url + "/inbox/login", timeout=10).ok
    notes = {
        "KONTOR_SMTP_HOST": "127.0.0.1",
        "KONTOR_SMTP_PORT": str(stack.smtp_port),
        "KONTOR_SMTP_STARTTLS": "false",
        "KONTOR_NOTIFY_EMAIL": "team@hartmann.example",
    }
    engine = make_engine(stack.database_url)
    with transaction(session_factory(engine)) as session:  # a note for the worker
        enqueue(
            session=session,
            settings=NotifySettings.from_env(notes),
            key=f"egress-{uuid.uuid4().hex[:8]}",
            subject="Kontor: ein Chat wartet",
            body="Ein Besucher möchte mit jemandem sprechen.",
            now=dt.datetime.now(dt.timezone.utc),
        )
    engine.dispose()
    mailbox = MailBox(stack.smtp_port).start()  # the notes reach a mail server here
    webhook = WebhookReceiver(stack.webhook_port).start()  # … and a webhook here
    try:
        worker = subprocess.run(
            [sys.executable, "-m", "kontor", "worker"],
            env={
                **os.environ,
                "KONTOR_DATABASE_URL": stack.database_url,
                "KONTOR_RASA_API_URL": stack.rasa_url,
                "KONTOR_RASA_TOKEN": stack.token,
                **notes,
                "KONTOR_NOTIFY_WEBHOOK_URL": (
                    f"http://127.0.0.1:{stack.webhook_port}/hooks/kontor"
                ),
                "KONTOR_TEST_EGRESS_LOG": str(stack.log_dir / "egress.jsonl"),
                "LD_PRELOAD": str(stack.log_dir / "egress.so"),
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        mailbox.stop()
        webhook.stop()
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert mailbox.messages, worker.stdout  # the note went out, to this machine

    attempts = _attempts(stack)
    # the monitor works: Rasa reached the action server, the worker the mail server
    ports = {a["port"] for a in attempts if a["event"] == "connect"}
    action_port = int(stack.action_url.rsplit(":", 1)[1])
    assert {action_port, stack.smtp_port} <= ports, ports
    # smtplib looks up this machine's own name for its greeting; were that a DNS
    # query, the resolver's connect() to the name server would be recorded too
    own = {socket.gethostname(), socket.getfqdn()}
    foreign = [
        a
        for a in attempts
        if a["host"] not in LOCAL | own and not a["host"].startswith(("unix", "127."))
    ]
    assert not foreign, foreign[:10]
