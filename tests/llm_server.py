"""A real llama.cpp server with SmolLM2-135M for the tests, and a recorder before it.

The server runs from .venv-llm (make test builds it; KONTOR_TEST_LLM_PYTHON names
another Python). ``Recorder`` passes requests through to it and keeps every body, so
a test sees exactly what reached the model.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Iterator, List

import pytest
import requests

from tests.conftest_stack import ROOT, free_port

ENV = "KONTOR_TEST_LLM_PYTHON"


def llm_python() -> str:
    """The LLM venv's Python: from the environment (required), else .venv-llm."""
    configured = os.environ.get(ENV)
    if configured:
        return configured
    default = ROOT / ".venv-llm" / "bin" / "python"
    if not default.exists():
        pytest.skip(
            f"{ENV} is not set and .venv-llm is missing: `make test` builds the "
            "llama.cpp server there (.ci/run requires it)"
        )
    return str(default)


@contextlib.contextmanager
def llama_server(log_dir: Path) -> Iterator[str]:
    """llama.cpp's OpenAI-compatible server with SmolLM2 on a free port; its /v1 URL."""
    python = llm_python()
    model = subprocess.run(
        [python, str(ROOT / "scripts" / "smollm2-path.py")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = free_port()
    log = log_dir / "llm-server.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [
                python,
                "-m",
                "llama_cpp.server",
                "--model",
                model,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                "4096",
                "--seed",
                "1",
                "--embedding",
                "true",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{url}/models", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"llama.cpp server did not start:\n{log.read_text()[-3000:]}"
                )
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


class Recorder:
    """A pass-through in front of the real server that keeps every request body."""

    def __init__(self, upstream: str) -> None:
        recorder = self
        self.bodies: List[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                recorder.bodies.append(body.decode("utf-8"))
                answer = requests.post(
                    upstream + self.path.removeprefix("/v1"),
                    data=body,
                    headers={"Content-Type": "application/json"},
                    timeout=120,
                )
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop listening."""
        self.server.shutdown()
        self.server.server_close()
