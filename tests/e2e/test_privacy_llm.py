"""The issue's end-to-end privacy test, with a language model in the stack.

A stack of its own whose knowledge fallback asks the real llama.cpp server through a
recorder. A conversation names an e-mail address, a phone number and an IBAN and
leaves a quote request with consent; a question for the documents carrying the same
data goes to the model the way the bot asks it. Afterwards the requests
that reached the model, Rasa's tracker store and every log file hold placeholders
only; the lead holds the e-mail address.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator, Tuple

import pytest

from tests.conftest_stack import Stack, newest_model, running_stack
from tests.e2e.test_details import Visitor
from tests.e2e.test_privacy import _leads, _quote_request, _stored
from tests.llm_server import Recorder, llama_server

EMAIL = "r.brenner@brenner-stahlbau.example"
PHONE = "0162 3344556"
IBAN = "DE44 5001 0517 5407 3249 31"


@pytest.fixture(scope="module")
def with_llm(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Tuple[Stack, Recorder]]:
    model = newest_model()
    if model is None:
        pytest.skip("no trained model: run `make train` first")
    log_dir = tmp_path_factory.mktemp("stack-llm")
    with llama_server(log_dir) as upstream:
        recorder = Recorder(upstream)
        try:
            settings = {
                "KONTOR_LLM_BASE_URL": recorder.url,
                "KONTOR_LLM_MODEL": "smollm2",
                "KONTOR_LLM_TIMEOUT": "60",
            }
            with running_stack(log_dir / "stack", model, settings) as stack:
                yield stack, recorder
        finally:
            recorder.stop()


def test_model_tracker_and_logs_see_placeholders_the_lead_the_address(
    with_llm: Tuple[Stack, Recorder],
) -> None:
    stack, recorder = with_llm
    visitor = Visitor(stack)
    # contact data in a message reads as "inform" or a quote request to the NLU ...
    visitor.say(f"Antwort gern an {EMAIL} oder {PHONE}; Gutschriften auf {IBAN}")
    # ... a question for the documents with them goes to the model as the bot asks
    # it, here through the operator's `kontor knowledge ask` with the stack's settings
    asked = subprocess.run(
        [
            sys.executable,
            "-m",
            "kontor",
            "knowledge",
            "ask",
            f"Wie oft kann ich die Warnweste Basic waschen? Antwort an {EMAIL} "
            f"oder {PHONE}, Konto {IBAN}",
        ],
        env={
            **os.environ,
            "KONTOR_DATABASE_URL": stack.database_url,
            "KONTOR_LLM_BASE_URL": recorder.url,
            "KONTOR_LLM_MODEL": "smollm2",
            "KONTOR_LLM_TIMEOUT": "60",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert asked.returncode == 0, asked.stdout + asked.stderr
    assert recorder.bodies, "the documents' question did not reach the model"
    _quote_request(visitor, EMAIL)

    sent = "\n".join(recorder.bodies)
    stored = json.dumps(_stored(stack, visitor.sender), ensure_ascii=False)
    logs = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in Path(stack.log_dir).glob("*.log")
    )
    for personal in (EMAIL, "3344556", "5407 3249"):
        assert personal not in sent, ("model", personal)
        assert personal not in stored, ("tracker", personal)
        assert personal not in logs, ("logs", personal)
    for placeholder in ("[E-MAIL]", "[TELEFON]", "[IBAN]"):
        assert placeholder in sent and placeholder in stored, placeholder
    (lead,) = _leads(stack, EMAIL)
    assert lead.email == EMAIL and lead.phone == "0171 2345678"
