"""Feasibility study: e5 only as a second opinion when the cheap classifier is unsure.

The study behind components/second_opinion.py, which config.yml now uses. config.yml
classified on char n-grams + USE; adding e5 helped a little everywhere but cost about
12 ms on every message (bench/RESULTS.md). A cascade embeds with e5 only the messages
whose top confidence without it is below a cut-off. This script
estimates, in scikit-learn on the same features as the Rasa components (not through
Rasa), how much of e5's gain a cascade keeps and what share of messages would need e5,
on the tuning splits only (CLINC150 val, MASSIVE-de dev), never on test.

    .venv/bin/python bench/cascade.py            # about 30 minutes on 2 cores

Both classifiers are Rasa's LogisticRegressionClassifier settings (lbfgs, balanced
class weights, max_iter 300); the fallback decision is the FallbackClassifier's
(threshold 0.35, ambiguity 0.05), as in bench/nlu.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402
import nlu  # noqa: E402

THRESHOLD, AMBIGUITY, SCALE = 0.35, 0.05, 4.0
CUTOFFS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01: e5 for every message


def embed(texts: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
    """USE and e5 vectors from our featurizer, scaled as config.yml scales them."""
    from components.sentence_encoder import MultilingualSentenceEncoder as Encoder

    def vectors(name: str) -> np.ndarray:
        config = {**Encoder.get_default_config(), "encoder": name, "scale": SCALE}
        return Encoder(config, name)._encode(list(texts))  # batches of batch_size

    return vectors("use"), vectors("e5")


def classifier():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        solver="lbfgs", max_iter=300, class_weight="balanced", tol=1e-4
    )


def ranked(probabilities: np.ndarray, classes: np.ndarray) -> List[nlu.Ranked]:
    order = np.argsort(-probabilities, axis=1)
    return [
        (str(classes[row[0]]), float(p[row[0]]), float(p[row[1]]))
        for p, row in zip(probabilities, order, strict=True)
    ]


def study(name: str, split: datasets.Split, with_oos: bool) -> None:
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import CountVectorizer

    train_texts = [t for t, _ in split.train]
    train_y = [i for _, i in split.train]
    test_texts = [t for t, _ in split.test]
    gold = [i for _, i in split.test]
    started = time.perf_counter()
    chars = CountVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True)
    c_train, c_test = chars.fit_transform(train_texts), chars.transform(test_texts)
    u_train, e_train = embed(train_texts)
    u_test, e_test = embed(test_texts)
    cheap = classifier().fit(hstack([c_train, csr_matrix(u_train)]).tocsr(), train_y)
    full = classifier().fit(
        hstack([c_train, csr_matrix(u_train), csr_matrix(e_train)]).tocsr(), train_y
    )
    p_cheap = cheap.predict_proba(hstack([c_test, csr_matrix(u_test)]).tocsr())
    p_full = full.predict_proba(
        hstack([c_test, csr_matrix(u_test), csr_matrix(e_test)]).tocsr()
    )
    print(
        f"\n### {name} ({len(test_texts)} messages, {time.perf_counter() - started:.0f} s)\n"
    )
    print(
        "| e5 when top confidence below | share embedded with e5 | accuracy | micro-F1 | OOS recall |"
    )
    print("|---|---|---|---|---|")
    # (when e5 is asked, share of messages it embeds, the resulting ranking)
    rows: List[Tuple[str, float, List[nlu.Ranked]]] = [
        ("never (config.yml)", 0.0, ranked(p_cheap, cheap.classes_))
    ]
    top = p_cheap.max(axis=1)
    for cutoff in CUTOFFS:
        unsure = top < cutoff
        mixed = np.where(unsure[:, None], p_full, p_cheap)
        when = "always" if cutoff > 1 else f"{cutoff:.1f}"
        rows.append((when, float(unsure.mean()), ranked(mixed, cheap.classes_)))
    for when, share, ranking in rows:
        scores = nlu.evaluate(
            gold, nlu.with_fallback(ranking, THRESHOLD, AMBIGUITY), with_oos
        )
        oos = "–" if scores["oos_recall"] is None else f"{scores['oos_recall']:.3f}"
        print(
            f"| {when} | {share:.2f} | {scores['accuracy']:.3f} | {scores['micro_f1']:.3f} | {oos} |"
        )


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=nlu.SHARED)
    parser.add_argument("--sets", nargs="+", default=["massive-de", "clinc150"])
    args = parser.parse_args(argv)
    for name in args.sets:
        if name == "clinc150":
            split = datasets.clinc150(args.data / "clinc150/data_full.json", "val")
        else:
            split = datasets.massive_de(args.data / "massive-de", "dev")
        study(name, split, with_oos=name == "clinc150")
    return 0


if __name__ == "__main__":
    sys.exit(main())
