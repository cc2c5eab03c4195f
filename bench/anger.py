"""Anger detection for the handoff: precision and recall, three ways, and the cost.

(a) GermEval 2017 (Deutsche Bahn feedback, the relevant rows of its dev split):
    "negative" against the rest, 5-fold cross-validation trained on GermEval, for
    several feature sets. In each training fold an inner 5-fold cross-validation
    chooses the logistic regression's C (by average precision) and the threshold
    at which precision reaches 0.8; the outer fold is scored at that threshold.
    Also the pooled precision/recall curve around the target (P ≥ 0.8 at R ≥ 0.6).
(b) The shipped detector (kontor/handoff/anger.py), trained only on the repo's
    phrases, on the same GermEval rows: out of domain.
(c) The shipped detector on the held-out phrases, per language, in three batches
    (tests/kontor/handoff/anger_test_phrases*.yml).
(d) The shipped detector on everyday messages: the bot's own NLU examples
    (tests/nlu/heldout_*.yml, written by others and held out; data/nlu), where
    nearly everything is calm. Flag rate on all intents but the four that can be
    angry (insult, complaint, request_human, deny), and recall on insults.
(e) The threshold's trade-off: precision and recall on the phrase batches against
    the share of everyday messages flagged, at thresholds around the shipped one.

GermEval stays in ../shared/data (research use): nothing trained on it is kept.

    .venv/bin/python bench/anger.py [--data ../shared/data/germeval2017-dev]
                                    [--no-e5] [--show 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402

from kontor.handoff import anger  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
HANDOFF_TESTS = REPO / "tests" / "kontor" / "handoff"
# Each batch was written after the detector's last change before its first
# measurement; after that, batches 1 to 3 were looked at while the detector was
# mended (bench/RESULTS.md tells which figure is which)
TEST_PHRASES = HANDOFF_TESTS / "anger_test_phrases.yml"
TEST_BATCHES = [
    TEST_PHRASES,
    HANDOFF_TESTS / "anger_test_phrases_2.yml",
    HANDOFF_TESTS / "anger_test_phrases_3.yml",
    HANDOFF_TESTS / "anger_test_phrases_4.yml",
]
# intents of the bot's NLU data: angry by definition, and those that can be either
ANGRY_INTENTS = {"insult"}
MIXED_INTENTS = {"complaint", "request_human", "deny"}
TARGET_PRECISION = 0.8
TARGET_RECALL = 0.6
C_GRID = (0.3, 1.0, 3.0)
# long press texts: the sentence encoders read the first part only
MAX_CHARS = 1000

Split = Tuple[np.ndarray, np.ndarray]
# (train rows, test rows) -> (train matrix, test matrix)
Features = Callable[[np.ndarray, np.ndarray], Tuple[object, object]]


def prf(predicted: np.ndarray, labels: np.ndarray) -> Tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = float(np.sum(predicted & labels))
    p = tp / max(float(predicted.sum()), 1.0)
    r = tp / max(float(labels.sum()), 1.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def curve(scores: np.ndarray, labels: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Precision and recall at every cut of the ranked scores."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(labels[order])
    return hits / np.arange(1, len(labels) + 1), hits / max(labels.sum(), 1)


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    precision, _ = curve(scores, labels)
    ranked = labels[np.argsort(-scores, kind="stable")]
    return float(precision[ranked].mean()) if ranked.any() else 0.0


def recall_at(scores: np.ndarray, labels: np.ndarray, precision: float) -> float:
    p, r = curve(scores, labels)
    return float(r[p >= precision].max()) if (p >= precision).any() else 0.0


def precision_at(scores: np.ndarray, labels: np.ndarray, recall: float) -> float:
    p, r = curve(scores, labels)
    return float(p[r >= recall].max()) if (r >= recall).any() else 0.0


def fit_score(
    x_train: object, y_train: np.ndarray, x_test: object, c: float
) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    model.fit(x_train, y_train)
    return model.predict_proba(x_test)[:, 1]


def cross_validate(
    features: Features, labels: np.ndarray, folds: int = 5, seed: int = 42
) -> Tuple[np.ndarray, np.ndarray, List[float]]:
    """Outer scores, outer yes/no at inner-chosen thresholds, the chosen C's."""
    scores = np.zeros(len(labels))
    predicted = np.zeros(len(labels), dtype=bool)
    chosen = []
    for train, test in anger.stratified_folds(labels, folds, seed):
        inner_scores = {c: np.zeros(len(train)) for c in C_GRID}
        for inner_train, inner_test in anger.stratified_folds(
            labels[train], folds, seed + 1
        ):
            x_a, x_b = features(train[inner_train], train[inner_test])
            for c in C_GRID:
                inner_scores[c][inner_test] = fit_score(
                    x_a, labels[train][inner_train], x_b, c
                )
        c = max(C_GRID, key=lambda c: average_precision(inner_scores[c], labels[train]))
        threshold = anger.threshold_for_precision(
            inner_scores[c], labels[train], TARGET_PRECISION
        )
        x_train, x_test = features(train, test)
        scores[test] = fit_score(x_train, labels[train], x_test, c)
        predicted[test] = scores[test] >= threshold
        chosen.append(c)
    return scores, predicted, chosen


def feature_sets(
    texts: Sequence[str], embeddings: Dict[str, np.ndarray]
) -> Dict[str, Features]:
    """Named feature builders over the GermEval rows."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    cues = anger.cue_matrix(texts)

    def build(parts: Sequence[str]) -> Features:
        def make(train: np.ndarray, test: np.ndarray) -> Tuple[object, object]:
            dense_a, dense_b, sparse = [], [], None
            for part in parts:
                if part == "cues":
                    spread = cues[train].std(axis=0)
                    spread[spread == 0] = 1.0
                    dense_a.append(cues[train] / spread)
                    dense_b.append(cues[test] / spread)
                elif part == "char":
                    sparse = TfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=(2, 4),
                        sublinear_tf=True,
                        min_df=2,
                    )
                else:
                    dense_a.append(embeddings[part][train])
                    dense_b.append(embeddings[part][test])
            if sparse is None:
                return np.hstack(dense_a), np.hstack(dense_b)
            a = sparse.fit_transform([texts[i] for i in train])
            b = sparse.transform([texts[i] for i in test])
            if dense_a:
                a = hstack([a, csr_matrix(np.hstack(dense_a))]).tocsr()
                b = hstack([b, csr_matrix(np.hstack(dense_b))]).tocsr()
            return a, b

        return make

    names = ["cues", "char", "use", "use+cues"]
    if "e5" in embeddings:
        names += ["e5", "e5+cues", "use+e5+cues", "char+use+e5+cues"]
    return {name: build(name.split("+")) for name in names}


def embed_all(name: str, texts: List[str]) -> np.ndarray:
    from components.sentence_encoder import embed, load_encoder

    return embed(load_encoder(name, threads=2), [t[:MAX_CHARS] for t in texts], 32, 1.0)


def print_curve(scores: np.ndarray, labels: np.ndarray) -> None:
    points = [
        f"R@P≥{p:.2f} {recall_at(scores, labels, p):.2f}"
        for p in (0.9, 0.85, 0.8, 0.75)
    ] + [f"P@R≥{r:.1f} {precision_at(scores, labels, r):.2f}" for r in (0.5, 0.6)]
    print("      curve: " + ", ".join(points))


def germeval_cv(
    texts: List[str], labels: np.ndarray, embeddings: Dict[str, np.ndarray]
) -> None:
    print(
        f"\n(a) GermEval 2017 dev, relevant rows: {len(labels)}, negative "
        f"{int(labels.sum())} ({labels.mean():.0%}); 5-fold CV, threshold for "
        f"P ≥ {TARGET_PRECISION} chosen in the training folds"
    )
    print(f"  {'features':18} {'P':>5} {'R':>5} {'F1':>5} {'AP':>5}  C chosen")
    for name, features in feature_sets(texts, embeddings).items():
        started = time.perf_counter()
        scores, predicted, chosen = cross_validate(features, labels)
        p, r, f1 = prf(predicted, labels)
        print(
            f"  {name:18} {p:5.2f} {r:5.2f} {f1:5.2f} "
            f"{average_precision(scores, labels):5.2f}  "
            f"{','.join(f'{c:g}' for c in chosen)}  ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        print_curve(scores, labels)


def shipped_on_germeval(
    detector: anger.AngerDetector,
    texts: List[str],
    labels: np.ndarray,
    embeddings: np.ndarray,
    show: int,
) -> None:
    scores = detector.scores(texts, embeddings)
    p, r, f1 = prf(scores >= detector.threshold, labels)
    print(
        f"\n(b) the shipped detector (repo phrases only) on GermEval, threshold "
        f"{detector.threshold:.3f}: P {p:.2f} R {r:.2f} F1 {f1:.2f} "
        f"AP {average_precision(scores, labels):.2f} "
        f"(flags {int((scores >= detector.threshold).sum())} of {len(labels)})"
    )
    print_curve(scores, labels)
    if show:
        order = np.argsort(-scores)
        print(f"  highest-scored rows ({show}), with their GermEval label:")
        for i in order[:show]:
            label = "negative" if labels[i] else "other"
            print(f"    {scores[i]:.2f} {label:8} {texts[i][:110]!r}")
        missed = [i for i in order[::-1] if labels[i]][:show]
        print(f"  lowest-scored negative rows ({show}):")
        for i in missed:
            print(f"    {scores[i]:.2f} {texts[i][:110]!r}")


def shipped_on_phrases(
    detector: anger.AngerDetector, encode: anger.Encode, path: Path, show: bool
) -> Tuple[np.ndarray, np.ndarray]:
    phrases = anger.load_phrases(path)
    texts = [p.text for p in phrases]
    scores = detector.scores(texts, encode(texts))
    labels = np.array([p.angry for p in phrases])
    languages = np.array([p.language for p in phrases])
    print(f"\n(c) the shipped detector on the held-out phrases ({path.name})")
    print(
        f"  {'language':8} {'angry':>5} {'calm':>5} {'P':>5} {'R':>5} {'F1':>5} {'AP':>5}"
    )
    for language in [*sorted(set(languages)), "all"]:
        rows = languages == language if language != "all" else np.ones_like(labels)
        p, r, f1 = prf(scores[rows] >= detector.threshold, labels[rows])
        print(
            f"  {language:8} {int(labels[rows].sum()):5} {int((~labels[rows]).sum()):5} "
            f"{p:5.2f} {r:5.2f} {f1:5.2f} {average_precision(scores[rows], labels[rows]):5.2f}"
        )
    print_curve(scores, labels)
    if show:
        for i in np.argsort(-scores):
            if (scores[i] >= detector.threshold) != labels[i]:
                kind = "false alarm" if not labels[i] else "missed"
                print(f"    {kind:11} {scores[i]:.2f} {texts[i]!r}")
    return scores, labels


def everyday(
    detector: anger.AngerDetector, encode: anger.Encode, show: int
) -> Dict[str, np.ndarray]:
    """Flag rates on the bot's NLU examples; the calm ones' scores per source."""
    calm_scores = {}
    print(
        "\n(d) everyday messages: the bot's NLU examples, flagged share "
        "(calm = every intent but insult, complaint, request_human, deny)"
    )
    print(
        f"  {'source':26} {'calm':>5} {'flagged':>8} {'insult R':>8} "
        f"{'complaint':>9} {'req_human':>9} {'deny':>5}"
    )
    for language in ("de", "en"):
        for source in (
            REPO / "tests" / "nlu" / f"heldout_{language}.yml",
            REPO / "data" / "nlu" / language,
        ):
            examples = datasets.rasa_nlu_examples(source)
            texts = [text for text, _ in examples]
            intents = np.array([intent for _, intent in examples])
            scores = detector.scores(texts, embed_all("use", texts))
            flagged = scores >= detector.threshold
            calm = ~np.isin(intents, sorted(ANGRY_INTENTS | MIXED_INTENTS))
            share = {
                name: f"{flagged[intents == name].mean():.2f}"
                if (intents == name).any()
                else "-"
                for name in ("insult", "complaint", "request_human", "deny")
            }
            name = str(source.relative_to(REPO))
            print(
                f"  {name:26} {int(calm.sum()):5} "
                f"{int(flagged[calm].sum()):3} {flagged[calm].mean():4.1%} "
                f"{share['insult']:>8} {share['complaint']:>9} "
                f"{share['request_human']:>9} {share['deny']:>5}"
            )
            if show and "heldout" in name:
                for i in np.flatnonzero(calm & flagged):
                    print(f"      {scores[i]:.2f} {intents[i]:18} {texts[i]!r}")
            calm_scores[name] = scores[calm]
    return calm_scores


def sweep(
    detector: anger.AngerDetector,
    batches: List[Tuple[np.ndarray, np.ndarray]],
    calm_scores: Dict[str, np.ndarray],
) -> None:
    print(
        "\n(e) the threshold's trade-off: the phrase batches (all, and the last "
        "alone) against everyday messages flagged"
    )
    scores = np.concatenate([s for s, _ in batches])
    labels = np.concatenate([y for _, y in batches])
    last_scores, last_labels = batches[-1]
    held_out = np.concatenate([v for k, v in calm_scores.items() if "heldout" in k])
    dev = np.concatenate([v for k, v in calm_scores.items() if "heldout" not in k])
    print(
        f"  {'threshold':>9} {'P all':>6} {'R all':>6} {'P last':>6} {'R last':>6} "
        f"{'everyday flagged (tests/nlu, data/nlu)':>40}"
    )
    thresholds = sorted({0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, detector.threshold})
    for threshold in thresholds:
        p, r, _ = prf(scores >= threshold, labels)
        p_last, r_last, _ = prf(last_scores >= threshold, last_labels)
        mark = " (shipped)" if threshold == detector.threshold else ""
        print(
            f"  {threshold:9.3f} {p:6.2f} {r:6.2f} {p_last:6.2f} {r_last:6.2f} "
            f"{(held_out >= threshold).mean():19.1%} {(dev >= threshold).mean():9.1%}"
            f"{mark}"
        )


def cost(detector: anger.AngerDetector, encode: anger.Encode) -> None:
    messages = [p.text for p in anger.load_phrases(TEST_PHRASES)] * 3
    vectors = [encode([m]) for m in messages[:20]] * (len(messages) // 20 + 1)
    times_reuse, times_embed = [], []
    for message, vector in zip(messages, vectors, strict=False):
        started = time.perf_counter()
        detector.scores([message], vector)
        times_reuse.append((time.perf_counter() - started) * 1000)
    for message in messages[:100]:
        started = time.perf_counter()
        detector.scores([message], encode([message]))
        times_embed.append((time.perf_counter() - started) * 1000)
    print(
        f"\ncost per message: {statistics.median(times_reuse):.3f} ms median with the "
        f"pipeline's embedding reused (p95 "
        f"{sorted(times_reuse)[int(0.95 * len(times_reuse))]:.3f} ms); "
        f"{statistics.median(times_embed):.2f} ms if it embeds the message itself"
    )


def main(argv: Optional[List[str]] = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data", type=Path, default=REPO.parent / "shared/data/germeval2017-dev"
    )
    parser.add_argument("--no-e5", action="store_true", help="skip e5 (2-3 minutes)")
    parser.add_argument(
        "--show", type=int, default=0, help="print N example rows and the test errors"
    )
    args = parser.parse_args(argv)
    from components.sentence_encoder import load_encoder

    encode = load_encoder("use", threads=1)
    detector = anger.train_from_phrases(encode)
    training = anger.load_phrases()
    labels = np.array([p.angry for p in training])
    assert detector.cross_validated is not None
    p, r, f1 = prf(detector.cross_validated >= detector.threshold, labels)
    print(
        f"the shipped detector: {len(training)} phrases ({int(labels.sum())} angry), "
        f"threshold {detector.threshold:.3f} (5-fold CV on them: P {p:.2f} R {r:.2f} "
        f"F1 {f1:.2f} at it)"
    )
    batches = [
        shipped_on_phrases(detector, encode, path, bool(args.show))
        for path in TEST_BATCHES
    ]
    sweep(detector, batches, everyday(detector, encode, args.show))
    cost(detector, encode)

    source = args.data / "dev.tsv"
    if not source.exists():
        print(
            f"\nGermEval not found at {source} (the data sets live in ../shared/data); "
            "(a) and (b) skipped",
            file=sys.stderr,
        )
        return 0
    rows = datasets.germeval2017(source)
    texts = [text for text, _ in rows]
    germeval_labels = np.array([polarity == "negative" for _, polarity in rows])
    print(f"\nembedding {len(texts)} GermEval rows", flush=True)
    embeddings = {"use": embed_all("use", texts)}
    if not args.no_e5:
        embeddings["e5"] = embed_all("e5", texts)
    shipped_on_germeval(detector, texts, germeval_labels, embeddings["use"], args.show)
    germeval_cv(texts, germeval_labels, embeddings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
