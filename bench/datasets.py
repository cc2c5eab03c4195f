"""Converters from public intent data sets (and our own data) to labelled examples.

The data sets live in ../shared/data (see its README and licences); nothing is copied
into the repository. Each converter returns plain (text, intent) pairs, and
:func:`write_rasa_nlu` turns pairs into a Rasa NLU training file.
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

import yaml

Example = Tuple[str, str]  # (text, intent)

OUT_OF_SCOPE = "out_of_scope"
# Predictions that mean "none of my intents": the trained out-of-scope intent, or the
# FallbackClassifier's verdict.
NOT_IN_SCOPE = frozenset({OUT_OF_SCOPE, "nlu_fallback"})


@dataclass(frozen=True)
class Split:
    """Training and test examples of one data set."""

    train: List[Example]
    test: List[Example]


def clinc150(path: Path, evaluate_on: str = "test") -> Split:
    """CLINC150 "full" (Larson et al. 2019): 150 intents, out-of-scope as an intent.

    Train is `train` plus `oos_train` (the paper's "oos-train" setting); test is
    `test` plus `oos_test`, or `val` plus `oos_val` with ``evaluate_on="val"`` (for
    tuning, so that the test split is read once).
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))

    def pairs(key: str) -> List[Example]:
        return [
            (text, OUT_OF_SCOPE if intent == "oos" else intent)
            for text, intent in data[key]
        ]

    return Split(
        train=pairs("train") + pairs("oos_train"),
        test=pairs(evaluate_on) + pairs(f"oos_{evaluate_on}"),
    )


def massive_de(folder: Path, evaluate_on: str = "test") -> Split:
    """MASSIVE German, SuperGLEBer's split: `text<TAB>intent-id` lines, ids in a TSV.

    ``evaluate_on="dev"`` evaluates on the dev split instead of test (for tuning).
    """
    folder = Path(folder)
    names: Dict[str, str] = {}
    for line in (
        (folder / "intent_id_to_name.tsv").read_text(encoding="utf-8").splitlines()
    ):
        if line.strip():
            number, name = line.split("\t")
            names[number.strip()] = name.strip()

    def read(file_name: str) -> List[Example]:
        examples = []
        for line in (folder / file_name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            text, number = line.rsplit("\t", 1)
            examples.append((text.strip(), names[number.strip()]))
        return examples

    return Split(train=read("train.txt"), test=read(f"{evaluate_on}.txt"))


def germeval2017(path: Path, relevant_only: bool = True) -> List[Example]:
    """GermEval 2017 (Deutsche Bahn feedback): (text, polarity) of each row.

    The TSV's columns are url, text, relevance (true/false), polarity
    (negative/neutral/positive) and aspects; texts with tabs or quotes are quoted
    CSV-style. With ``relevant_only``, rows about the railway (relevance true) only.
    """
    examples = []
    with Path(path).open(encoding="utf-8", newline="") as file:
        for row in csv.reader(file, delimiter="\t"):
            if len(row) < 4:
                continue
            if relevant_only and row[2] != "true":
                continue
            examples.append((row[1].strip(), row[3].strip()))
    return examples


def rasa_nlu_examples(source: Path) -> List[Example]:
    """Every (text, intent) of a Rasa NLU YAML file, or of the files below a folder."""
    source = Path(source)
    examples = []
    for path in [source] if source.is_file() else sorted(source.rglob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in document.get("nlu", []):
            if "intent" not in block:
                continue
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append((line[2:].strip(), block["intent"]))
    return examples


def sample(
    examples: Sequence[Example], per_intent: int, seed: int = 42
) -> List[Example]:
    """At most ``per_intent`` examples of each intent, chosen reproducibly."""
    by_intent: Dict[str, List[Example]] = defaultdict(list)
    for example in examples:
        by_intent[example[1]].append(example)
    rng = random.Random(seed)
    chosen: List[Example] = []
    for intent in sorted(by_intent):
        group = by_intent[intent]
        chosen.extend(rng.sample(group, min(per_intent, len(group))))
    return chosen


def write_rasa_nlu(examples: Iterable[Example], path: Path) -> Path:
    """Write examples as a Rasa 3.x NLU YAML file (texts escaped by Rasa's own writer)."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    messages = [
        Message(data={"text": text, "intent": intent}) for text, intent in examples
    ]
    Path(path).write_text(
        RasaYAMLWriter().dumps(TrainingData(training_examples=messages)),
        encoding="utf-8",
    )
    return Path(path)
