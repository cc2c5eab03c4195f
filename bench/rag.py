"""The knowledge fallback on XQuAD: retrieval, answers, refusals, latency, scale.

Half of XQuAD's 36 articles (German and English versions) are ingested as
documents; questions about them are answerable, questions about the other half must
be refused. For BM25 alone, dense alone and hybrid, in the same run:

- hit@1 / hit@5: the gold paragraph (either language version) among the top passages
- answer accuracy: answerable questions whose shown answer holds the gold answer
- refusal rate: unanswerable questions answered "not found"
- wrong-answer rate: shown answers without the gold answer plus any answer to an
  unanswerable question, over all questions
- latency per question (embedding the question included)

The relevance threshold is calibrated on half of the questions (the first of each
paragraph's questions and every other one after) and reported on the other half;
the curve of answer accuracy against wrong-answer rate over the threshold is
printed. With --demo, the same for the demo company's documents (knowledge/) and
tests/knowledge/questions.yml. With --scale, retrieval time over 1,000, 10,000 and
50,000 passages (XQuAD passages repeated and shuffled).

    .venv/bin/python bench/rag.py [--data ../shared/data/xquad-dev] [--demo] [--scale]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kontor.knowledge import answers  # noqa: E402
from kontor.knowledge.embeddings import BundledE5  # noqa: E402
from kontor.knowledge.index import KnowledgeIndex, Quotable  # noqa: E402
from kontor.knowledge.passages import embedding_text, passages  # noqa: E402
from kontor.knowledge.readers import Document, Section  # noqa: E402

MODES = ("bm25", "dense", "hybrid")
TARGET_WRONG = 0.02
TARGET_REFUSAL = 0.90


@dataclass
class Question:
    """One question and what counts as its right answer."""

    text: str
    language: str
    answerable: bool
    gold: Optional[str]  # the gold paragraph's key (answerable only)
    answer: str
    calibrate: bool  # in the calibration half


@dataclass
class Result:
    """One question answered in one mode, before any threshold is applied."""

    question: Question
    hit1: bool
    hit5: bool
    relevance: float
    correct: bool  # the shown quote holds the gold answer
    seconds: float
    # the top passages' scores, for exploring other relevance measures (--dump)
    dense: Tuple[float, ...] = ()
    lexical: Tuple[float, ...] = ()
    coverage: Tuple[float, ...] = ()


def xquad(folder: Path) -> Tuple[List[Quotable], List[str], List[Question]]:
    """Passages of the ingested half (with their paragraph keys) and all questions."""
    data = {
        language: json.loads(
            (folder / f"xquad.{language}.dev.json").read_text(encoding="utf-8")
        )["data"]
        for language in ("de", "en")
    }
    quotables: List[Quotable] = []
    keys: List[str] = []
    questions: List[Question] = []
    for language, articles in data.items():
        for a, article in enumerate(articles):
            answerable = a % 2 == 0
            for p, paragraph in enumerate(article["paragraphs"]):
                key = f"{a}/{p}"
                if answerable:
                    document = Document(
                        source=f"xquad/{language}/{a}",
                        kind="text",
                        title=article.get("title", "").replace("_", " "),
                        checksum="",
                        sections=[Section(paragraph["context"])],
                    )
                    for piece in passages(document):
                        quotables.append(
                            Quotable(
                                len(quotables),
                                document.source,
                                document.title,
                                "text",
                                "",
                                None,
                                piece.text,
                            )
                        )
                        keys.append(key)
                for q, qa in enumerate(paragraph["qas"]):
                    questions.append(
                        Question(
                            text=qa["question"],
                            language=language,
                            answerable=answerable,
                            gold=key if answerable else None,
                            answer=qa["answers"][0]["text"],
                            calibrate=q % 2 == 0,
                        )
                    )
    return quotables, keys, questions


def build(quotables: Sequence[Quotable], embedder: BundledE5) -> KnowledgeIndex:
    """The index, with each passage embedded as ingestion does."""
    started = time.perf_counter()
    vectors = embedder.passages(
        [embedding_text(q.title, q.heading, q.text) for q in quotables]
    )
    print(
        f"  embedded {len(quotables)} passages in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return KnowledgeIndex(quotables, vectors, embedder)


def run(
    index: KnowledgeIndex,
    keys: Sequence[str],
    questions: Sequence[Question],
    mode: str,
) -> List[Result]:
    """Every question through retrieval and the extractive answer."""
    results = []
    for question in questions:
        started = time.perf_counter()
        hits, score = answers.search(question.text, index, mode)
        shown = answers.quote_of(question.text, hits, score, -1.0, index)
        seconds = time.perf_counter() - started
        found = [keys[h.passage.id] for h in hits]
        gold = question.gold
        results.append(
            Result(
                question,
                hit1=bool(found) and found[0] == gold,
                hit5=gold in found,
                relevance=score,
                correct=question.answerable
                and _normal(question.answer) in _normal(shown.text),
                seconds=seconds,
                dense=tuple(h.dense for h in hits),
                lexical=tuple(h.lexical for h in hits),
                coverage=tuple(h.coverage for h in hits),
            )
        )
    return results


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass
class Scores:
    """The figures at one threshold."""

    accuracy: float
    refusal: float
    wrong: float
    answered: float


def at(results: Sequence[Result], threshold: float) -> Scores:
    """Answer accuracy, refusal rate and wrong-answer rate at ``threshold``."""
    answerable = [r for r in results if r.question.answerable]
    unanswerable = [r for r in results if not r.question.answerable]
    shown = [r for r in results if r.relevance >= threshold]
    right = sum(1 for r in shown if r.correct)
    wrong = len(shown) - right
    return Scores(
        accuracy=right / max(len(answerable), 1),
        refusal=sum(1 for r in unanswerable if r.relevance < threshold)
        / max(len(unanswerable), 1),
        wrong=wrong / max(len(results), 1),
        answered=len(shown) / max(len(results), 1),
    )


def calibrate(results: Sequence[Result], target: float = TARGET_WRONG) -> float:
    """The lowest threshold whose wrong-answer rate stays within ``target``."""
    for threshold in np.arange(0.70, 1.0, 0.0025):
        if at(results, float(threshold)).wrong <= target:
            return round(float(threshold), 4)
    return 1.0


def calibrate_refusal(
    results: Sequence[Result], target: float = TARGET_REFUSAL
) -> float:
    """The lowest threshold that refuses ``target`` of the unanswerable questions."""
    for threshold in np.arange(0.70, 1.0, 0.0025):
        if at(results, float(threshold)).refusal >= target:
            return round(float(threshold), 4)
    return 1.0


def report(name: str, by_mode: Dict[str, List[Result]], threshold: float) -> None:
    """The table of one data set, every mode at the given threshold."""
    print(f"\n{name}: threshold {threshold:.4f} (evaluation half)")
    print(
        f"  {'mode':7} {'hit@1':>6} {'hit@5':>6} {'acc':>6} {'refuse':>7} "
        f"{'wrong':>6} {'p50 ms':>7} {'p95 ms':>7}"
    )
    for mode, results in by_mode.items():
        held = [r for r in results if not r.question.calibrate]
        answerable = [r for r in held if r.question.answerable]
        scores = at(held, threshold)
        times = sorted(r.seconds * 1000 for r in held)
        print(
            f"  {mode:7} {_mean(r.hit1 for r in answerable):6.3f} "
            f"{_mean(r.hit5 for r in answerable):6.3f} {scores.accuracy:6.3f} "
            f"{scores.refusal:7.3f} {scores.wrong:6.3f} "
            f"{statistics.median(times):7.1f} {times[int(0.95 * len(times))]:7.1f}"
        )


def curve(results: Sequence[Result]) -> None:
    """Answer accuracy against wrong-answer rate as the threshold rises."""
    print("  threshold   acc  wrong  refuse answered")
    for threshold in np.arange(0.80, 0.93, 0.01):
        s = at(results, float(threshold))
        print(
            f"  {threshold:9.2f} {s.accuracy:5.3f} {s.wrong:6.3f} "
            f"{s.refusal:7.3f} {s.answered:8.3f}"
        )


def _mean(values) -> float:  # type: ignore[no-untyped-def]
    values = list(values)
    return sum(values) / max(len(values), 1)


def demo_set(embedder: BundledE5) -> Tuple[KnowledgeIndex, List[str], List[Question]]:
    """The demo documents as `kontor ingest knowledge/` reads them, and the
    questions of tests/knowledge/questions.yml."""
    import yaml

    from kontor.knowledge.ingest import targets
    from kontor.knowledge.readers import read_file

    quotables: List[Quotable] = []
    keys: List[str] = []
    for target in targets([str(REPO / "knowledge")]):
        assert target.path is not None
        document = read_file(target.path, source=target.source)
        relative = target.path.relative_to(REPO / "knowledge").as_posix()
        for piece in passages(document):
            quotables.append(
                Quotable(
                    len(quotables),
                    relative,
                    document.title,
                    document.kind,
                    piece.heading,
                    piece.page,
                    piece.text,
                )
            )
            keys.append(relative)
    spec = yaml.safe_load(
        (REPO / "tests/knowledge/questions.yml").read_text(encoding="utf-8")
    )
    questions = [
        Question(
            q["question"],
            q["language"],
            True,
            q["source"],
            str(q["answer"]),
            i % 2 == 0,
        )
        for i, q in enumerate(spec["answerable"])
    ] + [
        Question(q["question"], q["language"], False, None, "", i % 2 == 0)
        for i, q in enumerate(spec["unanswerable"])
    ]
    return build(quotables, embedder), keys, questions


def scale(index: KnowledgeIndex, questions: Sequence[Question]) -> None:
    """Retrieval time as the store grows (passages repeated and shuffled)."""
    print("\nscale: hybrid retrieval, 50 questions each")
    print(f"  {'passages':>9} {'build s':>8} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6}")
    rng = random.Random(7)
    base_vectors = index._vectors  # noqa: SLF001 (the bench reuses the embeddings)
    sample = rng.sample(list(questions), 50)
    first = None
    for size in (1_000, 10_000, 50_000):
        order = [rng.randrange(len(index.passages)) for _ in range(size)]
        quotables = [
            Quotable(i, "x", "", "text", "", None, index.passages[j].text)
            for i, j in enumerate(order)
        ]
        started = time.perf_counter()
        big = KnowledgeIndex(quotables, base_vectors[order], index.embedder)
        built = time.perf_counter() - started
        times = []
        for question in sample:
            started = time.perf_counter()
            answers.respond(
                question.text, big, language=question.language, threshold=-1.0
            )
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        median = statistics.median(times)
        first = first or median
        print(
            f"  {size:9,} {built:8.1f} {median:7.1f} {times[int(0.95 * len(times))]:7.1f}"
            f" {median / first:6.2f}"
        )


def main(argv: Optional[List[str]] = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=REPO.parent / "shared/data/xquad-dev"
    )
    parser.add_argument("--demo", action="store_true", help="also the demo documents")
    parser.add_argument(
        "--demo-only", action="store_true", help="only the demo documents (no XQuAD)"
    )
    parser.add_argument("--scale", action="store_true", help="also 1k/10k/50k passages")
    parser.add_argument(
        "--dump", type=Path, help="write every question's scores to this JSON file"
    )
    args = parser.parse_args(argv)
    embedder = BundledE5()
    sets = []
    if not args.demo_only:
        if not (args.data / "xquad.de.dev.json").exists():
            print(f"XQuAD not found in {args.data}; give --data", file=sys.stderr)
            return 2
        print("XQuAD: building the index", flush=True)
        quotables, keys, questions = xquad(args.data)
        index = build(quotables, embedder)
        sets.append(("XQuAD de+en", index, keys, questions))
    if args.demo or args.demo_only:
        print("demo documents: building the index", flush=True)
        sets.append(("demo documents", *demo_set(embedder)))
    dumped: Dict[str, List[dict]] = {}
    for name, idx, set_keys, set_questions in sets:
        by_mode = {}
        for mode in MODES:
            print(f"{name}: {len(set_questions)} questions, {mode}", flush=True)
            by_mode[mode] = run(idx, set_keys, set_questions, mode)
        hybrid = by_mode["hybrid"]
        calibration = [r for r in hybrid if r.question.calibrate]
        wrong = calibrate(calibration)
        refusal = calibrate_refusal(calibration)
        print(
            f"\n{name}, calibration half: wrong-answer rate ≤ {TARGET_WRONG:.0%} "
            f"from {wrong:.4f}; refusal ≥ {TARGET_REFUSAL:.0%} from {refusal:.4f}"
        )
        report(f"{name}, wrong ≤ {TARGET_WRONG:.0%}", by_mode, wrong)
        report(f"{name}, refusal ≥ {TARGET_REFUSAL:.0%}", by_mode, refusal)
        report(f"{name}, the product's threshold", by_mode, answers.THRESHOLD)
        print(f"\n{name}: hybrid over the threshold (evaluation half)")
        curve([r for r in hybrid if not r.question.calibrate])
        dumped[name] = [{**asdict(r), "question": asdict(r.question)} for r in hybrid]
    if args.dump:
        args.dump.write_text(json.dumps(dumped, ensure_ascii=False), encoding="utf-8")
    if args.scale and not args.demo_only:
        scale(index, questions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
