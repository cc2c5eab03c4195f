"""How the catalog's costs grow: import, vocabulary, training, parsing, product search.

Generates price lists of about 500, 5,000 and 50,000 variants (demo/generate.py, the
demo families with more models), imports each into a fresh SQLite database and
measures, side by side, with the ratio to the smallest:

- import: `kontor import catalog` (read, validate, write, one transaction)
- vocabulary: the lookup tables written for training (data/lookups/catalog.yml)
- extractor: building the entity extractor from them (what training and model
  loading do with the catalog's words)
- parse: entity extraction per message (a fixed set of visitor messages)
- search: one product answer (catalog search, prices, availability) per message
- training (with --train): `rasa train nlu` on our data plus the catalog's lookup
  tables, which grow with the catalog

    .venv/bin/python bench/catalog.py [--sizes 500 5000 50000] [--train]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from components.catalog_words import vocabulary_from_files  # noqa: E402
from demo.generate import CATALOG_HEADERS, catalog_rows  # noqa: E402
from kontor.catalog import CatalogSource  # noqa: E402
from kontor.catalog_import import import_catalog  # noqa: E402
from kontor.catalog_vocabulary import catalog_vocabulary, to_nlu_yaml  # noqa: E402
from kontor.company import load_company  # noqa: E402
from kontor.db import make_engine, session_factory, transaction  # noqa: E402
from kontor.db.migrate import upgrade  # noqa: E402
from kontor.entities import EntityExtractor  # noqa: E402
from kontor.erp import write_export  # noqa: E402
from kontor.product_answers import ProductRequest, answer  # noqa: E402

MESSAGES = [
    "Haben Sie Warnwesten in XL?",
    "Gibt es die Warnweste Basic auch in Rot?",
    "Können Sie 500 Sicherheitsstiefel Fichtelberg in Größe 44 bis Dienstag liefern?",
    "Ich suche Sicherheitsschuhe S3 in Größe 43",
    "Was kosten 200 Montagehandschuhe Grip in Größe 9?",
    "do you have hi-vis jackets in navy, size L?",
    "Habt ihr Schnittschutzhandschuhe nach EN 388?",
    "Wann haben Sie am Samstag geöffnet?",
]
REQUESTS = [
    ProductRequest(types=("Warnweste",), size="XL"),
    ProductRequest(product="Warnweste Basic", colour="rot"),
    ProductRequest(
        product="Sicherheitsstiefel Fichtelberg",
        size="44",
        quantity=500,
        deadline=dt.date(2026, 12, 8),
    ),
    ProductRequest(types=("Sicherheitsschuhe",), norms=("S3",), size="43"),
    ProductRequest(product="Montagehandschuh Grip", size="9", quantity=200),
    ProductRequest(types=("Warnschutzjacke",), colour="marine", size="L"),
    ProductRequest(types=("Schnittschutzhandschuh",), norms=("EN 388",)),
]
NOW = dt.datetime(2026, 12, 4, 16, 30, tzinfo=dt.timezone.utc)


def per_call_ms(fn, items, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    """Median milliseconds per item over ``repeat`` rounds."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)
        rounds.append((time.perf_counter() - start) * 1000 / len(items))
    return statistics.median(rounds)


def measure(size: int, workdir: Path, train: bool) -> Dict[str, float]:
    repeat = 1
    rows = catalog_rows()
    while len(rows) < size:  # more models of every family until there are enough
        repeat += 1
        rows = catalog_rows(repeat=repeat)
    rows = rows[:size]
    path = workdir / f"artikel-{size}.csv"
    path.write_text(write_export(rows, CATALOG_HEADERS), encoding="utf-8")
    engine = make_engine(f"sqlite:///{workdir / f'kontor-{size}.db'}")
    upgrade(engine)
    sessions = session_factory(engine)
    result: Dict[str, float] = {"variants": len(rows)}
    start = time.perf_counter()
    with transaction(sessions) as session:
        import_catalog(session, path)
    result["import_s"] = time.perf_counter() - start

    start = time.perf_counter()
    catalog = CatalogSource(sessions).get()
    result["load_s"] = time.perf_counter() - start
    result["products"] = len(catalog.products)

    start = time.perf_counter()
    lookup = workdir / f"lookups-{size}" / "catalog.yml"
    lookup.parent.mkdir()
    lookup.write_text(to_nlu_yaml(catalog_vocabulary(catalog)), encoding="utf-8")
    result["vocabulary_s"] = time.perf_counter() - start

    start = time.perf_counter()
    words = vocabulary_from_files(
        [lookup, REPO / "data" / "lookups" / "product_words.yml"]
    )
    extractor = EntityExtractor(catalog=words)
    result["extractor_s"] = time.perf_counter() - start

    # every message new to the extractor's cache: vary it by a suffix
    counter = iter(range(10**9))
    result["parse_ms"] = per_call_ms(
        lambda text: extractor.extract(f"{text} ({next(counter)})"), MESSAGES
    )
    company = load_company(REPO / "company.yml")
    result["search_ms"] = per_call_ms(
        lambda request: answer(catalog, company, request, NOW), REQUESTS
    )
    if train:
        result["train_s"] = train_nlu(lookup, workdir / f"train-{size}")
    engine.dispose()
    return result


def train_nlu(lookup: Path, workdir: Path) -> float:
    """Seconds of `rasa train nlu` with our data and this catalog's lookup tables."""
    data = workdir / "data"
    shutil.copytree(REPO / "data" / "nlu", data / "nlu")
    (data / "lookups").mkdir(parents=True)
    shutil.copy(lookup, data / "lookups" / "catalog.yml")
    shutil.copy(REPO / "data" / "lookups" / "product_words.yml", data / "lookups")
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    start = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "train",
            "nlu",
            "--config",
            str(REPO / "config.yml"),
            "--nlu",
            str(data),
            "--out",
            str(workdir / "models"),
            "--fixed-model-name",
            "bench",
        ],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 50000])
    parser.add_argument(
        "--train",
        action="store_true",
        help="also time `rasa train nlu` (minutes per size)",
    )
    args = parser.parse_args(argv)
    print(
        f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    EntityExtractor()  # spaCy, Babel and rapidfuzz loaded before anything is timed
    workdir = Path(tempfile.mkdtemp(prefix="kontor-bench-catalog-"))
    results = []
    try:
        for size in args.sizes:
            print(f"… {size} variants", flush=True)
            results.append(measure(size, workdir, args.train))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    keys = [
        ("variants", "variants", "{:.0f}"),
        ("products", "products", "{:.0f}"),
        ("import_s", "import (s)", "{:.2f}"),
        ("load_s", "catalog load (s)", "{:.2f}"),
        ("vocabulary_s", "lookup tables (s)", "{:.2f}"),
        ("extractor_s", "extractor build (s)", "{:.2f}"),
        ("parse_ms", "parse (ms/message)", "{:.2f}"),
        ("search_ms", "product answer (ms)", "{:.2f}"),
    ]
    if args.train:
        keys.append(("train_s", "rasa train nlu (s)", "{:.0f}"))
    print(
        "\n| | "
        + " | ".join(f"{r['variants']:.0f} variants" for r in results)
        + " | largest / smallest |"
    )
    print("|---|" + "---|" * (len(results) + 1))
    for key, label, form in keys:
        cells = [form.format(r[key]) for r in results]
        ratio = results[-1][key] / results[0][key] if results[0][key] else float("nan")
        print(f"| {label} | " + " | ".join(cells) + f" | {ratio:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
