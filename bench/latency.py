"""Latency and throughput over Rasa's REST channel: our bot against a stock `rasa init` bot.

Both bots run on this machine in the same run, one after the other (never at the same
time), and get the same messages. The script prints p50/p95 latency and messages per
second at each concurrency, and the ratio ours/stock, which is what to compare across
machines: absolute figures depend on the machine and its load.

    make bench-latency            # or: .venv/bin/python bench/latency.py --help
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kontor.company import load_company  # noqa: E402
from kontor.demo import demo_database  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RASA = str(BIN / "rasa")

# A visitor's typical messages, in both languages, so both bots parse the same text.
# Half name details (a day, a time, a country, a payment method), two of them as
# follow-ups of the message before, so the entity extractor and the date, shipping and
# payment answers are in the measurement; a product question and its follow-up read
# the catalog, an order status runs the form and the order lookup (demo database).
# The last two are vague enough that Kontor's first classifier is unsure (below 0.5)
# and its SecondOpinionClassifier runs e5 on them: 2 of 19, more than the 4-10 % of
# unsure messages measured on held-out and benchmark data, so the cost is not hidden.
MESSAGES = [
    "Hallo",
    "Wann haben Sie geöffnet?",
    "Und am Samstag?",
    "Was kostet der Versand nach Österreich?",
    "und mit Express?",
    "Kann ich auf Rechnung bezahlen?",
    "Danke!",
    "Hi there",
    "Are you open on Christmas Eve at 10am?",
    "How much is shipping?",
    "Can I return a pair of safety boots?",
    "Habt ihr Warnwesten in XL?",
    "Können Sie 500 Stück bis Dienstag liefern?",
    "Wo ist meine Bestellung?",
    "HA-104705",
    "09117",
    "Kann man bei Ihnen auch Muster bestellen?",
    "wie teuer ist das",
]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def process(
    args: Sequence[str], cwd: Path, env: Dict[str, str], log: Path
) -> Iterator[None]:
    """Run a server process for the duration of the block, then stop it."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            list(args),
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


async def wait_ready(url: str, timeout: float = 180.0) -> None:
    """Poll ``url`` until it answers 200, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.5)
    raise RuntimeError(f"{url} did not come up within {timeout:.0f} s")


async def load(
    rasa_url: str, total: int, concurrency: int, tag: str
) -> Dict[str, float]:
    """Send ``total`` messages with ``concurrency`` parallel conversations."""
    webhook = f"{rasa_url}/webhooks/rest/webhook"
    latencies: List[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(i)

    async def visitor(worker: int, session: aiohttp.ClientSession) -> None:
        while True:
            try:
                i = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            # a new conversation every len(MESSAGES) messages, as real visitors do
            sender = f"{tag}-{worker}-{i // len(MESSAGES)}"
            body = {"sender": sender, "message": MESSAGES[i % len(MESSAGES)]}
            start = time.perf_counter()
            async with session.post(webhook, json=body) as response:
                await response.read()
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status} from {webhook}")
            latencies.append(time.perf_counter() - start)

    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        begin = time.perf_counter()
        await asyncio.gather(*(visitor(w, session) for w in range(concurrency)))
        wall = time.perf_counter() - begin
    latencies.sort()
    return {
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "msg_per_s": len(latencies) / wall,
    }


def measure(
    rasa_url: str, total: int, concurrencies: Sequence[int], tag: str
) -> Dict[int, Dict[str, float]]:
    """Warm up, then measure each concurrency."""
    asyncio.run(load(rasa_url, len(MESSAGES) * 2, 1, f"{tag}-warmup"))
    return {
        c: asyncio.run(load(rasa_url, total, c, f"{tag}-c{c}")) for c in concurrencies
    }


def stock_bot(workdir: Path, env: Dict[str, str]) -> Path:
    """Create and train a stock `rasa init` bot; return its model."""
    project = workdir / "stock"
    project.mkdir()
    print("Creating and training the stock `rasa init` bot …", flush=True)
    subprocess.run(
        [RASA, "init", "--no-prompt", "--init-dir", str(project)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    models = sorted((project / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError("rasa init did not produce a model")
    return models[-1]


def run_stock(
    model: Path, total: int, conc: Sequence[int], env: Dict[str, str], workdir: Path
) -> Dict[int, Dict[str, float]]:
    """Measure the stock bot (no action server, in-memory tracker store)."""
    port = free_port()
    args = [RASA, "run", "--model", str(model), "--port", str(port)]
    with process(args, model.parent.parent, env, workdir / "stock.log"):
        asyncio.run(wait_ready(f"http://127.0.0.1:{port}/"))
        return measure(f"http://127.0.0.1:{port}", total, conc, "stock")


def run_ours(
    model: Path, total: int, conc: Sequence[int], env: Dict[str, str], workdir: Path
) -> Dict[int, Dict[str, float]]:
    """Measure our bot as `make run` deploys it: action server, SQLite tracker store."""
    rasa_port, action_port = free_port(), free_port()
    env = dict(
        env,
        KONTOR_ACTION_URL=f"http://127.0.0.1:{action_port}/webhook",
        KONTOR_TRACKER_DB=str(workdir / "conversations.db"),
        KONTOR_DATABASE_URL=f"sqlite:///{workdir / 'kontor.db'}",
    )
    demo_database(env["KONTOR_DATABASE_URL"], load_company(REPO / "company.yml"))
    # as the Procfile starts them (channels/serve.py: loopback, limits, no token)
    serve = [sys.executable, "-m", "channels.serve"]
    actions = [*serve, "actions", "--port", str(action_port), "--actions", "actions"]
    server = [
        *serve,
        "rasa",
        "--model",
        str(model),
        "--port",
        str(rasa_port),
        "--credentials",
        "credentials.yml",
        "--endpoints",
        "endpoints.yml",
    ]
    with process(actions, REPO, env, workdir / "actions.log"):
        asyncio.run(wait_ready(f"http://127.0.0.1:{action_port}/health"))
        with process(server, REPO, env, workdir / "ours.log"):
            asyncio.run(wait_ready(f"http://127.0.0.1:{rasa_port}/"))
            return measure(f"http://127.0.0.1:{rasa_port}", total, conc, "ours")


def machine() -> str:
    """One line describing this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main(argv: Optional[List[str]] = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--messages", type=int, default=240, help="messages per concurrency"
    )
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--model", type=Path, default=REPO / "models" / "kontor.tar.gz")
    parser.add_argument("--stock-model", type=Path, help="reuse a trained stock model")
    args = parser.parse_args(argv)
    if not args.model.exists():
        parser.error(f"{args.model} not found: run `make train` first")

    env = dict(
        os.environ,
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        RASA_TELEMETRY_ENABLED="false",
    )
    workdir = Path(tempfile.mkdtemp(prefix="kontor-bench-"))
    try:
        stock_model = args.stock_model or stock_bot(workdir, env)
        print("Measuring the stock bot …", flush=True)
        stock = run_stock(stock_model, args.messages, args.concurrency, env, workdir)
        print("Measuring Kontor …", flush=True)
        ours = run_ours(args.model, args.messages, args.concurrency, env, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nMachine: {machine()}; {args.messages} messages per concurrency\n")
    print("| concurrency | bot | p50 ms | p95 ms | msg/s |")
    print("|---|---|---|---|---|")
    for c in args.concurrency:
        for name, result in (("stock", stock[c]), ("Kontor", ours[c])):
            r = result
            print(
                f"| {c} | {name} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['msg_per_s']:.1f} |"
            )
    print("\n| concurrency | p50 ours/stock | p95 ours/stock | throughput ours/stock |")
    print("|---|---|---|---|")
    for c in args.concurrency:
        s, o = stock[c], ours[c]
        print(
            f"| {c} | {o['p50_ms'] / s['p50_ms']:.2f} | {o['p95_ms'] / s['p95_ms']:.2f} "
            f"| {o['msg_per_s'] / s['msg_per_s']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
