"""The whole Kontor stack (action server, Rasa server, web server) on free ports.

Shared by tests/browser and tests/e2e through the ``stack`` fixture (one stack per test
session, however many conftest files import it) and by tests/browser/screenshot.py
through :func:`running_stack`. Nothing starts at import time.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ContextManager, Dict, Iterator, List, Optional

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODELS_DIR = ROOT / "models"
COMPANY_FILE = ROOT / "company.yml"
RASA_START_TIMEOUT = 300.0  # importing TensorFlow and loading the model on 2 cores
SERVICE_START_TIMEOUT = 90.0

# One of each per test session, shared by every conftest that imports the fixtures;
# a start-up failure is remembered so that later tests fail fast instead of retrying.
_shared: Dict[str, object] = {}
_failed: Dict[str, str] = {}


@dataclass(frozen=True)
class Stack:
    """URLs of a running stack."""

    web_url: str
    rasa_url: str
    action_url: str
    token: str
    model: Path
    log_dir: Path
    # tests of time-dependent answers write a moment here (kontor.hours.system_clock)
    clock_file: Path
    # where the action server sends notes to staff: nothing listens until a test
    # starts tests/notify_servers.py's servers on these ports
    smtp_port: int
    webhook_port: int
    # process ids by service name ("rasa", "actions", "web")
    pids: Dict[str, int] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        """The business database the stack runs on."""
        return f"sqlite:///{self.log_dir / 'kontor.db'}"


class StackError(RuntimeError):
    """A service did not come up; the message carries the tail of its log."""


def newest_model(models_dir: Path = MODELS_DIR) -> Optional[Path]:
    """The most recently trained model in ``models_dir``, if any."""
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env_defaults(path: Path = ROOT / ".env.example") -> Dict[str, str]:
    """KEY=VALUE settings from .env.example (so new required variables come along)."""
    values: Dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, sep, value = line.strip().partition("=")
            if sep and key and not key.startswith("#"):
                values[key] = value
    return values


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class Service:
    """One child process in its own process group, with its output in a log file."""

    def __init__(
        self, name: str, cmd: List[str], env: Dict[str, str], log_dir: Path
    ) -> None:
        self.name = name
        self.log = log_dir / f"{name}.log"
        self._log_file = self.log.open("wb")
        self.process = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_http(self, url: str, timeout: float) -> None:
        """Block until ``url`` answers 200, or raise StackError with the log tail."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StackError(
                    f"{self.name} exited with {self.process.returncode}:\n{_log_tail(self.log)}"
                )
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.5)
        raise StackError(
            f"{self.name} not ready after {timeout:.0f}s ({url}):\n{_log_tail(self.log)}"
        )

    def stop(self) -> None:
        """Terminate the process group (SIGTERM, then SIGKILL after 15 s)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self._log_file.close()


def demo_database(path: Path) -> str:
    """A business database at ``path`` with the demo data (as `make run`); its URL."""
    from kontor.company import load_company
    from kontor.demo import demo_database as prepare
    from kontor.demo import demo_knowledge

    url = f"sqlite:///{path}"
    prepare(url, load_company(ROOT / "company.yml"))
    demo_knowledge(url)
    return url


def _base_env(log_dir: Path) -> Dict[str, str]:
    env = {**env_defaults(), **os.environ}
    env.update(
        KONTOR_TRACKER_DB=str(log_dir / "conversations.db"),
        KONTOR_DATABASE_URL=demo_database(log_dir / "kontor.db"),
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        RASA_TELEMETRY_ENABLED="false",  # nothing leaves the machine
        PYTHONUNBUFFERED="1",
    )
    monitor = egress_monitor(log_dir)
    if monitor is not None:  # every connection any process attempts, recorded
        env.update(
            LD_PRELOAD=str(monitor),
            KONTOR_TEST_EGRESS_LOG=str(log_dir / "egress.jsonl"),
        )
    return env


def egress_monitor(log_dir: Path) -> Optional[Path]:
    """tests/egress/connect_log.c built into ``log_dir``; None without a C compiler."""
    library = log_dir / "egress.so"
    if library.is_file():
        return library
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        return None
    subprocess.run(
        [
            compiler,
            "-shared",
            "-fPIC",
            "-O2",
            "-o",
            str(library),
            str(ROOT / "tests" / "egress" / "connect_log.c"),
            "-ldl",
        ],
        check=True,
        capture_output=True,
    )
    return library


@contextlib.contextmanager
def running_web(
    log_dir: Path, rasa_url: str, env: Optional[Dict[str, str]] = None
) -> Iterator[str]:
    """Only ``python -m kontor.web`` (pointing at ``rasa_url``); yields its URL."""
    port = free_port()
    env = dict(env) if env is not None else _base_env(log_dir)
    env.update(
        KONTOR_WEB_HOST="127.0.0.1", KONTOR_WEB_PORT=str(port), KONTOR_RASA_URL=rasa_url
    )
    web = Service("web", [sys.executable, "-m", "kontor.web"], env, log_dir)
    try:
        url = f"http://127.0.0.1:{port}"
        web.wait_http(f"{url}/health", SERVICE_START_TIMEOUT)
        yield url
    finally:
        web.stop()


@contextlib.contextmanager
def running_stack(
    log_dir: Path, model: Path, extra_env: Optional[Dict[str, str]] = None
) -> Iterator[Stack]:
    """Action server, Rasa server with ``model`` and the web server; torn down on exit.

    ``extra_env`` adds settings (a language model, say) for a stack of its own.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    action_port, rasa_port = free_port(), free_port()
    token = secrets.token_hex(16)
    action_url = f"http://127.0.0.1:{action_port}"
    rasa_url = f"http://localhost:{rasa_port}"
    clock_file = log_dir / "clock"
    smtp_port, webhook_port = free_port(), free_port()
    env = _base_env(log_dir)
    env.update(
        KONTOR_TEST_CLOCK_FILE=str(clock_file),
        KONTOR_SMTP_HOST="127.0.0.1",
        KONTOR_SMTP_PORT=str(smtp_port),
        KONTOR_SMTP_STARTTLS="false",
        KONTOR_NOTIFY_EMAIL="team@hartmann.example",
        KONTOR_NOTIFY_WEBHOOK_URL=f"http://127.0.0.1:{webhook_port}/hooks/kontor",
        KONTOR_ACTION_URL=f"{action_url}/webhook",
        KONTOR_RASA_API_URL=f"http://127.0.0.1:{rasa_port}",
        KONTOR_RASA_TOKEN=token,
        KONTOR_RASA_PORT=str(rasa_port),
        KONTOR_ACTION_PORT=str(action_port),
    )
    env.update(extra_env or {})
    # as the Procfile starts them: on loopback, the token from the environment
    serve = [sys.executable, "-m", "channels.serve"]
    services: List[Service] = []
    try:
        services.append(
            Service(
                "actions",
                serve
                + [
                    "actions",
                    "--port",
                    str(action_port),
                    "--actions",
                    "actions",
                ],
                env,
                log_dir,
            )
        )
        services.append(
            Service(
                "rasa",
                serve
                + [
                    "rasa",
                    "--model",
                    str(model),
                    "--port",
                    str(rasa_port),
                    "--enable-api",
                    "--cors",
                    "*",
                    "--credentials",
                    "credentials.yml",
                    "--endpoints",
                    "endpoints.yml",
                ],
                env,
                log_dir,
            )
        )
        services[0].wait_http(f"{action_url}/health", SERVICE_START_TIMEOUT)
        services[1].wait_http(
            f"http://127.0.0.1:{rasa_port}/status?token={token}", RASA_START_TIMEOUT
        )
        with running_web(log_dir, rasa_url, env) as web_url:
            yield Stack(
                web_url,
                rasa_url,
                action_url,
                token,
                model,
                log_dir,
                clock_file,
                smtp_port,
                webhook_port,
                {service.name: service.process.pid for service in services},
            )
    finally:
        for service in reversed(services):
            service.stop()


def _required() -> bool:
    """In CI a missing model or browser fails the run instead of skipping."""
    return bool(os.environ.get("CI") or os.environ.get("KONTOR_CHROMIUM"))


def _start_once(
    key: str, request: pytest.FixtureRequest, start: Callable[[], ContextManager[Any]]
) -> Any:
    """Enter the context manager made by ``start`` once per session; exit it at the end."""
    if key in _failed:
        pytest.fail(_failed[key])
    if key not in _shared:
        manager = start()
        try:
            _shared[key] = manager.__enter__()
        except StackError as error:
            _failed[key] = str(error)
            raise
        request.config.add_cleanup(lambda: manager.__exit__(None, None, None))
    return _shared[key]


@pytest.fixture(scope="session")
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Stack:
    """The running stack with the newest model from models/ (started once per session)."""

    def start() -> ContextManager[Stack]:
        model = newest_model()
        if model is None:
            message = f"no trained model in {MODELS_DIR}: run `make train` first"
            if _required():
                pytest.fail(message)
            pytest.skip(message)
        return running_stack(tmp_path_factory.mktemp("stack"), model)

    return _start_once("stack", request, start)


@pytest.fixture(scope="session")
def web_only(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """Only the web server (its Rasa URL points at a closed port); its base URL."""
    return _start_once(
        "web",
        request,
        lambda: running_web(
            tmp_path_factory.mktemp("web"), f"http://localhost:{free_port()}"
        ),
    )
