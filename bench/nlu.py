"""Intent classification quality and training cost: our config.yml against Rasa's default.

For each data set the script trains each config with `rasa train nlu` (in a child
process, timed, with its peak memory), parses the test split with the trained model and
prints accuracy, macro-F1, out-of-scope recall and precision, training time and parse
time per message, then the ratios ours/default. Both configs run in the same
invocation, one after the other, on this machine.

    make bench-nlu                                   # everything, full size (hours)
    .venv/bin/python bench/nlu.py --sets clinc150 --sample 20   # a quick iteration

The data sets are read from ../shared/data (not part of the repository).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
# the trained models name our own components (components.*), found from the repo root
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402  (bench/datasets.py, next to this file)
from datasets import NOT_IN_SCOPE, OUT_OF_SCOPE, Example, Split  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
RASA = str(Path(sys.executable).parent / "rasa")
DEFAULT_CONFIG = Path(__file__).resolve().parent / "default-config.yml"
HELD_OUT = REPO / "tests" / "nlu"
SETS = ("clinc150", "massive-de", "ours", "heldout", "entities")
# Held-out messages with annotated details, written apart from the training data:
# entities_* was looked at while the vocabulary was mended, entities2_* was written
# later by someone who had not seen the extractor, and measured once; products_*
# (products, kinds, colours, sizes, norms, order numbers, e-mail) was written by
# someone who had seen neither the extractor nor the catalog's lookup tables.
ENTITY_SETS = [
    HELD_OUT / f"{name}_{lang}.yml"
    for name in ("entities", "entities2", "products")
    for lang in ("de", "en")
]


@dataclass
class Result:
    """What one config achieved on one data set."""

    accuracy: float
    macro_f1: float
    micro_f1: float
    oos_recall: Optional[float]
    oos_precision: Optional[float]
    train_seconds: float
    peak_mb: float
    parse_ms: float


def train(
    config: Path, examples: Sequence[Example], workdir: Path
) -> Tuple[Path, float, float]:
    """Train an NLU model; return its path, wall seconds and peak memory (MB)."""
    workdir.mkdir(parents=True, exist_ok=True)
    data = datasets.write_rasa_nlu(examples, workdir / "train.yml")
    # a copy: Rasa writes its default pipeline, as comments, into a config without one
    config = Path(shutil.copy(config, workdir / "config.yml"))
    env = dict(
        os.environ,
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        RASA_TELEMETRY_ENABLED="false",
        # a fresh cache, or Rasa restores components trained earlier and the timing lies
        RASA_CACHE_DIRECTORY=str(workdir / "cache"),
    )
    args = [
        RASA,
        "train",
        "nlu",
        "--config",
        str(config),
        "--nlu",
        str(data),
        "--out",
        str(workdir),
        "--fixed-model-name",
        "model",
    ]
    start = time.perf_counter()
    with open(workdir / "train.log", "wb") as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        tail = (workdir / "train.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"training with {config} failed:\n{tail}")
    return workdir / "model.tar.gz", seconds, usage.ru_maxrss / 1024


# the classifier's own top intent, its confidence and the runner-up's confidence
Ranked = List[Tuple[str, float, float]]


async def _parse_all(
    model: Path, texts: Sequence[str]
) -> Tuple[List[str], Ranked, float]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)

    agent = Agent.load(str(model))
    await agent.parse_message(texts[0])  # warm-up
    predictions = []
    ranked: Ranked = []
    start = time.perf_counter()
    for text in texts:
        parsed = await agent.parse_message(text)
        predictions.append((parsed.get("intent") or {}).get("name") or "nlu_fallback")
        ranking = [
            r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"
        ] + [{"name": "nlu_fallback", "confidence": 0.0}] * 2
        ranked.append(
            (
                ranking[0]["name"],
                float(ranking[0]["confidence"]),
                float(ranking[1]["confidence"]),
            )
        )
    return predictions, ranked, (time.perf_counter() - start) * 1000 / len(texts)


def ambiguity_threshold(config: Path) -> float:
    """The FallbackClassifier's ambiguity_threshold in a config (Rasa's default: 0.1)."""
    import yaml

    pipeline = (yaml.safe_load(config.read_text()) or {}).get("pipeline") or []
    for component in pipeline:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("ambiguity_threshold", 0.1))
    return 0.1


def with_fallback(ranked: Ranked, threshold: float, ambiguity: float) -> List[str]:
    """The intents the FallbackClassifier would let through at these thresholds."""
    return [
        name if conf >= threshold and conf - second >= ambiguity else "nlu_fallback"
        for name, conf, second in ranked
    ]


def threshold_sweep(gold: Sequence[str], ranked: Ranked, ambiguity: float) -> None:
    """What other fallback thresholds would have given (in-scope accuracy, OOS recall).

    As the FallbackClassifier decides: below the threshold, or the top two intents
    closer than the config's ambiguity threshold, is a fallback.
    """
    print(
        "  fallback threshold sweep (ambiguity threshold "
        f"{ambiguity}): threshold → in-scope accuracy / OOS recall"
    )
    for threshold in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        predicted = with_fallback(ranked, threshold, ambiguity)
        scores = evaluate(gold, predicted, with_oos=True)
        print(
            f"  {threshold:.1f} → {scores['accuracy']:.3f} / {scores['oos_recall']:.3f}"
        )


def evaluate(
    gold: Sequence[str], predicted: Sequence[str], with_oos: bool
) -> Dict[str, Optional[float]]:
    """Accuracy and F1 over in-scope intents; out-of-scope recall/precision if present.

    In-scope accuracy follows Larson et al. 2019: over in-scope test queries, an
    out-of-scope verdict counts as wrong. Any prediction in NOT_IN_SCOPE is "out of scope".
    """
    from sklearn.metrics import f1_score

    def norm(label: str) -> str:
        return OUT_OF_SCOPE if label in NOT_IN_SCOPE else label

    gold_n = [norm(g) for g in gold]
    pred_n = [norm(p) for p in predicted]
    in_scope = [i for i, g in enumerate(gold_n) if g != OUT_OF_SCOPE]
    accuracy = sum(gold_n[i] == pred_n[i] for i in in_scope) / len(in_scope)
    labels = sorted({gold_n[i] for i in in_scope})
    macro = f1_score(gold_n, pred_n, labels=labels, average="macro", zero_division=0)
    micro = f1_score(gold_n, pred_n, labels=labels, average="micro", zero_division=0)
    result: Dict[str, Optional[float]] = {
        "accuracy": accuracy,
        "macro_f1": macro,
        "micro_f1": micro,
        "oos_recall": None,
        "oos_precision": None,
    }
    if with_oos:
        oos = [i for i, g in enumerate(gold_n) if g == OUT_OF_SCOPE]
        said_oos = [i for i, p in enumerate(pred_n) if p == OUT_OF_SCOPE]
        result["oos_recall"] = sum(pred_n[i] == OUT_OF_SCOPE for i in oos) / len(oos)
        result["oos_precision"] = (
            sum(gold_n[i] == OUT_OF_SCOPE for i in said_oos) / len(said_oos)
            if said_oos
            else 0.0
        )
    return result


def run(config: Path, split: Split, workdir: Path, with_oos: bool) -> Result:
    """Train on split.train, evaluate on split.test."""
    model, seconds, peak = train(config, split.train, workdir)
    texts = [text for text, _ in split.test]
    predicted, ranked, parse_ms = asyncio.run(_parse_all(model, texts))
    gold = [intent for _, intent in split.test]
    scores = evaluate(gold, predicted, with_oos)
    raw = evaluate(gold, [name for name, _, _ in ranked], with_oos)
    print(f"  without the fallback threshold: accuracy {raw['accuracy']:.3f}")
    if with_oos:
        threshold_sweep(gold, ranked, ambiguity_threshold(config))
    return Result(train_seconds=seconds, peak_mb=peak, parse_ms=parse_ms, **scores)  # type: ignore[arg-type]


def cross_validate(
    config: Path, folds: int, workdir: Path, per_intent: Optional[int]
) -> Dict[str, Result]:
    """k-fold cross-validation of our own data/nlu; macro-F1 reported per language."""
    from sklearn.model_selection import StratifiedKFold

    tagged: List[Tuple[str, str, str]] = []
    for language in ("de", "en"):
        examples = datasets.rasa_nlu_examples(REPO / "data" / "nlu" / language)
        if per_intent:
            examples = datasets.sample(examples, per_intent)
        tagged += [(text, intent, language) for text, intent in examples]
    # stratify by intent and language, so every fold has both languages of each intent
    strata = [f"{intent}/{language}" for _, intent, language in tagged]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=42)
    gold: Dict[str, List[str]] = {"de": [], "en": []}
    pred: Dict[str, List[str]] = {"de": [], "en": []}
    raw: Dict[str, List[str]] = {"de": [], "en": []}  # top intent, no fallback
    seconds = peak = parse_total = 0.0
    for fold, (train_idx, test_idx) in enumerate(splitter.split(tagged, strata)):
        train_set = [(tagged[i][0], tagged[i][1]) for i in train_idx]
        model, fold_seconds, fold_peak = train(
            config, train_set, workdir / f"fold{fold}"
        )
        texts = [tagged[i][0] for i in test_idx]
        predicted, ranked, parse_ms = asyncio.run(_parse_all(model, texts))
        seconds += fold_seconds
        peak = max(peak, fold_peak)
        parse_total += parse_ms * len(texts)
        for i, p, (top, _, _) in zip(test_idx, predicted, ranked, strict=True):
            gold[tagged[i][2]].append(tagged[i][1])
            pred[tagged[i][2]].append(p)
            raw[tagged[i][2]].append(top)
        shutil.rmtree(workdir / f"fold{fold}", ignore_errors=True)
    return per_language(
        gold, pred, raw, seconds / folds, peak, parse_total / len(tagged)
    )


def confusions(
    gold: Sequence[str], pred: Sequence[str], worst: int = 5, pairs: int = 8
) -> List[str]:
    """Lines naming the weakest intents (F1) and the most frequent confusions.

    What a trainer needs to improve data/nlu: which intents are muddled with which.
    """
    from collections import Counter

    from sklearn.metrics import f1_score

    labels = sorted(set(gold))
    scores = f1_score(gold, pred, labels=labels, average=None, zero_division=0)
    weakest = sorted(zip(labels, scores, strict=True), key=lambda item: item[1])[:worst]
    lines = ["weakest: " + ", ".join(f"{name} {f1:.2f}" for name, f1 in weakest)]
    mixed = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    for (g, p), count in mixed.most_common(pairs):
        lines.append(f"{count:3d} × {g} → {p}")
    return lines


def per_language(
    gold: Dict[str, List[str]],
    pred: Dict[str, List[str]],
    raw: Dict[str, List[str]],
    train_seconds: float,
    peak_mb: float,
    parse_ms: float,
) -> Dict[str, Result]:
    """Scores of our own data per language (out_of_scope is one of its intents)."""
    from sklearn.metrics import accuracy_score, f1_score

    results = {}
    for language in gold:
        g, p = gold[language], pred[language]
        labels = sorted(set(g))
        raw_f1 = f1_score(g, raw[language], labels=labels, average="macro")
        print(f"  {language}: macro-F1 without the fallback threshold {raw_f1:.3f}")
        for line in confusions(g, p):
            print(f"    {line}")
        results[language] = Result(
            accuracy=accuracy_score(g, p),
            macro_f1=f1_score(g, p, labels=labels, average="macro", zero_division=0),
            micro_f1=f1_score(g, p, labels=labels, average="micro", zero_division=0),
            oos_recall=None,
            oos_precision=None,
            train_seconds=train_seconds,
            peak_mb=peak_mb,
            parse_ms=parse_ms,
        )
    return results


def held_out(config: Path, workdir: Path) -> Dict[str, Result]:
    """Train on all of data/nlu (both languages, as the bot does); test on tests/nlu.

    tests/nlu/heldout_*.yml are messages written apart from the training data and never
    trained on, so this measures generalisation to new phrasings, which cross-validation
    of hand-written data can overstate (or, where the data is written to be hard,
    understate).
    """
    train_set = datasets.rasa_nlu_examples(REPO / "data" / "nlu")
    model, seconds, peak = train(config, train_set, workdir)
    gold: Dict[str, List[str]] = {}
    pred: Dict[str, List[str]] = {}
    raw: Dict[str, List[str]] = {}
    parse_total = 0.0
    count = 0
    for language in ("de", "en"):
        test = datasets.rasa_nlu_examples(HELD_OUT / f"heldout_{language}.yml")
        texts = [text for text, _ in test]
        predicted, ranked, parse_ms = asyncio.run(_parse_all(model, texts))
        gold[language] = [intent for _, intent in test]
        pred[language] = predicted
        raw[language] = [name for name, _, _ in ranked]
        parse_total += parse_ms * len(texts)
        count += len(texts)
    return per_language(gold, pred, raw, seconds, peak, parse_total / count)


def _fmt(value: Optional[float], digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def report(name: str, results: Dict[str, Result]) -> None:
    """Print one data set's table and the ratios ours/default."""
    print(f"\n### {name}\n")
    print(
        "| config | accuracy | macro-F1 | micro-F1 | OOS recall | OOS precision | train s | peak MB | parse ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for label, r in results.items():
        print(
            f"| {label} | {_fmt(r.accuracy)} | {_fmt(r.macro_f1)} | {_fmt(r.micro_f1)} "
            f"| {_fmt(r.oos_recall)} | {_fmt(r.oos_precision)} | {r.train_seconds:.0f} "
            f"| {r.peak_mb:.0f} | {r.parse_ms:.1f} |"
        )
    for suffix in ("", " (de)", " (en)"):
        if f"ours{suffix}" in results and f"default{suffix}" in results:
            ratios(suffix, results[f"ours{suffix}"], results[f"default{suffix}"])


def ratios(suffix: str, o: Result, d: Result) -> None:
    """One line of ratios ours/default."""
    speedup = d.train_seconds / o.train_seconds if o.train_seconds else float("nan")
    print(
        f"\nours/default{suffix}: accuracy {o.accuracy / d.accuracy:.3f}, "
        f"macro-F1 {o.macro_f1 / max(d.macro_f1, 1e-9):.3f}, "
        f"training {speedup:.1f}× faster, parse time {o.parse_ms / d.parse_ms:.2f}×"
        + (
            f", OOS recall {o.oos_recall / max(d.oos_recall, 1e-9):.2f}×"
            if o.oos_recall is not None and d.oos_recall is not None
            else ""
        )
    )


@dataclass
class EntityCounts:
    """Found, wrongly found and missed details of one entity type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> Tuple[Optional[float], Optional[float], Optional[float]]:
        """Precision, recall and F1 (None where nothing was found or expected)."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision and recall
            else None
        )
        return precision, recall, f1


Annotated = Tuple[str, List[Tuple[str, str]]]  # (text, [(entity, value), …])


def entity_counts(
    gold: Sequence[Annotated], predicted: Sequence[List[Tuple[str, str]]]
) -> Dict[str, EntityCounts]:
    """Per entity type: a detail counts when type and value match, wherever its span."""
    counts: Dict[str, EntityCounts] = {}
    for (_, expected), found in zip(gold, predicted, strict=True):
        left = list(found)
        for pair in expected:
            entry = counts.setdefault(pair[0], EntityCounts())
            if pair in left:
                left.remove(pair)
                entry.tp += 1
            else:
                entry.fn += 1
        for entity, _ in left:
            counts.setdefault(entity, EntityCounts()).fp += 1
    return counts


def read_annotated(path: Path) -> List[Annotated]:
    """The messages of a Rasa NLU file with their (entity, value) annotations."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [
        (m.get("text"), [(e["entity"], str(e["value"])) for e in m.get("entities", [])])
        for m in load_data(str(path)).training_examples
    ]


def entity_report() -> None:
    """Precision and recall per entity type on the held-out entity sets."""
    from components.catalog_words import vocabulary_from_files
    from kontor.entities import EntityExtractor

    # the catalog's words as the trained model has them (data/lookups/)
    lookups = sorted((REPO / "data" / "lookups").glob("*.yml"))
    extractor = EntityExtractor(catalog=vocabulary_from_files(lookups))
    for path in ENTITY_SETS:
        if not path.exists():
            print(f"\n(no {path.name})")
            continue
        gold = read_annotated(path)
        start = time.perf_counter()
        predicted = [
            [(e.entity, e.value) for e in extractor.extract(text)] for text, _ in gold
        ]
        ms = (time.perf_counter() - start) * 1000 / max(len(gold), 1)
        counts = entity_counts(gold, predicted)
        total = EntityCounts(
            *(sum(getattr(c, f) for c in counts.values()) for f in ("tp", "fp", "fn"))
        )
        print(
            f"\n### {path.name}: {len(gold)} held-out messages, {ms:.2f} ms/message\n"
        )
        print("| entity | expected | found | precision | recall | F1 |")
        print("|---|---|---|---|---|---|")
        for entity, c in sorted(counts.items()) + [("all", total)]:
            p, r, f = c.scores()
            print(
                f"| {entity} | {c.tp + c.fn} | {c.tp + c.fp} | {_fmt(p)} | {_fmt(r)} | {_fmt(f)} |"
            )
        misses = [
            (text, sorted(set(exp) - set(got)), sorted(set(got) - set(exp)))
            for (text, exp), got in zip(gold, predicted, strict=True)
            if sorted(exp) != sorted(got)
        ]
        for text, missed, wrong in misses[:15]:
            print(f"- {text!r}: missed {missed}, wrongly {wrong}")


def merge_recorded(paths: Sequence[Path]) -> Dict[str, Dict[str, Dict[str, object]]]:
    """Results of earlier runs, set by set and config by config."""
    merged: Dict[str, Dict[str, Dict[str, object]]] = {}
    for path in paths:
        for name, by_label in json.loads(path.read_text()).items():
            merged.setdefault(name, {}).update(by_label)
    return merged


def main(argv: Optional[List[str]] = None) -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sets",
        nargs="+",
        default=list(SETS),
        choices=SETS,
    )
    parser.add_argument(
        "--configs", nargs="+", default=["ours", "default"], choices=["ours", "default"]
    )
    parser.add_argument(
        "--config", type=Path, default=REPO / "config.yml", help="our config"
    )
    parser.add_argument(
        "--sample", type=int, help="at most N training examples per intent"
    )
    parser.add_argument(
        "--test-sample", type=int, help="at most N test examples per intent"
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--save", type=Path, help="also write the results as JSON")
    parser.add_argument(
        "--recorded",
        type=Path,
        nargs="+",
        default=[],
        help="JSON files of earlier runs (--save) whose results stand in for configs "
        "not run now, e.g. the hour-long default pipeline on full CLINC150; a later "
        "file wins where two record the same set and config",
    )
    parser.add_argument(
        "--tune",
        action="store_true",
        help="evaluate on the validation/dev splits instead of test (for tuning)",
    )
    args = parser.parse_args(argv)
    args.tune_split = lambda name: (
        ("val" if name == "clinc150" else "dev") if args.tune else "test"
    )
    recorded = merge_recorded(args.recorded)
    saved: Dict[str, Dict[str, Dict[str, object]]] = {}

    configs = {"ours": args.config, "default": DEFAULT_CONFIG}
    print(
        f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; sample={args.sample}, test-sample={args.test_sample}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="kontor-bench-nlu-"))
    try:
        for name in args.sets:
            if name == "entities":  # rule-based: nothing to train, no configs
                entity_report()
                continue
            results: Dict[str, Result] = {}
            for label in args.configs:
                print(f"… {name} with {label} config", flush=True)
                target = workdir / name / label
                if name in ("ours", "heldout"):
                    by_language = (
                        cross_validate(configs[label], args.folds, target, args.sample)
                        if name == "ours"
                        else held_out(configs[label], target)
                    )
                    for language, r in by_language.items():
                        results[f"{label} ({language})"] = r
                    shutil.rmtree(target, ignore_errors=True)
                    continue
                loader = (
                    datasets.clinc150 if name == "clinc150" else datasets.massive_de
                )
                source = args.data / (
                    "clinc150/data_full.json" if name == "clinc150" else "massive-de"
                )
                if not source.exists():
                    parser.error(
                        f"{source} not found (the data sets live in ../shared/data)"
                    )
                split = loader(source, evaluate_on=args.tune_split(name))
                if args.sample:
                    split = Split(datasets.sample(split.train, args.sample), split.test)
                if args.test_sample:
                    split = Split(
                        split.train, datasets.sample(split.test, args.test_sample)
                    )
                results[label] = run(
                    configs[label], split, target, with_oos=name == "clinc150"
                )
                shutil.rmtree(target, ignore_errors=True)
            for label, fields in recorded.get(name, {}).items():
                key = f"{label} (recorded)" if label in results else label
                results.setdefault(key, Result(**fields))
            saved[name] = {k: dataclasses.asdict(r) for k, r in results.items()}
            report(name, results)
            if args.save:
                args.save.write_text(json.dumps(saved, indent=2))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
