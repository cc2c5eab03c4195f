"""The benchmark's data-set converters, on a handful of lines each."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import datasets  # noqa: E402
import nlu  # noqa: E402


def test_clinc150(tmp_path: Path) -> None:
    path = tmp_path / "data_full.json"
    path.write_text(
        json.dumps(
            {
                "train": [
                    ["what is my balance", "balance"],
                    ["translate hello", "translate"],
                ],
                "oos_train": [["who won the game", "oos"]],
                "val": [["ignored", "balance"]],
                "oos_val": [["ignored too", "oos"]],
                "test": [["how much money do i have", "balance"]],
                "oos_test": [["best pizza in town", "oos"]],
            }
        )
    )
    split = datasets.clinc150(path)
    assert split.train == [
        ("what is my balance", "balance"),
        ("translate hello", "translate"),
        ("who won the game", "out_of_scope"),
    ]
    assert split.test == [
        ("how much money do i have", "balance"),
        ("best pizza in town", "out_of_scope"),
    ]


def test_massive_de(tmp_path: Path) -> None:
    (tmp_path / "intent_id_to_name.tsv").write_text(
        "0\tdatetime_query\n48\talarm_set\n"
    )
    (tmp_path / "train.txt").write_text("weck mich um neun\t48\nwie spät ist es\t0\n\n")
    (tmp_path / "test.txt").write_text("stell einen wecker\t48\n")
    split = datasets.massive_de(tmp_path)
    assert split.train == [
        ("weck mich um neun", "alarm_set"),
        ("wie spät ist es", "datetime_query"),
    ]
    assert split.test == [("stell einen wecker", "alarm_set")]


def test_germeval2017_reads_quoted_texts_and_keeps_relevant_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "dev.tsv"
    path.write_text(
        "http://a\t@DB_Bahn schon wieder 20 min zu spät\ttrue\tnegative\tAllgemein#Haupt:negative\n"
        "\n"
        'http://b\t"RT @x: Lieblingssatz: ""Ihre Bahn fällt aus"""\ttrue\tneutral\tAllgemein#Haupt:neutral\n'
        "http://c\tPressemeldung über Dioden\tfalse\tneutral\n",
        encoding="utf-8",
    )
    assert datasets.germeval2017(path) == [
        ("@DB_Bahn schon wieder 20 min zu spät", "negative"),
        ('RT @x: Lieblingssatz: "Ihre Bahn fällt aus"', "neutral"),
    ]
    assert len(datasets.germeval2017(path, relevant_only=False)) == 3


def test_rasa_nlu_round_trip(tmp_path: Path) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "a.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - Hallo\n    - Moin: alles gut?\n'
        "- synonym: x\n  examples: |\n    - y\n",
        encoding="utf-8",
    )
    examples = datasets.rasa_nlu_examples(tmp_path)
    assert examples == [("Hallo", "greet"), ("Moin: alles gut?", "greet")]
    assert datasets.rasa_nlu_examples(tmp_path / "de" / "a.yml") == examples
    written = datasets.write_rasa_nlu(
        examples + [("50% Rabatt?", "price")], tmp_path / "out.yml"
    )
    from rasa.shared.nlu.training_data.loading import load_data

    loaded = load_data(str(written))
    assert sorted(
        (m.get("text"), m.get("intent")) for m in loaded.training_examples
    ) == [
        ("50% Rabatt?", "price"),
        ("Hallo", "greet"),
        ("Moin: alles gut?", "greet"),
    ]


def test_sample_is_capped_and_reproducible() -> None:
    examples = [(f"t{i}", "a") for i in range(10)] + [("u", "b")]
    first = datasets.sample(examples, 3)
    assert first == datasets.sample(examples, 3)
    assert sum(1 for _, intent in first if intent == "a") == 3
    assert ("u", "b") in first


def test_scores_follow_larson() -> None:
    gold = ["a", "a", "b", "out_of_scope", "out_of_scope"]
    pred = ["a", "nlu_fallback", "b", "out_of_scope", "a"]
    scores = nlu.evaluate(gold, pred, with_oos=True)
    assert scores["accuracy"] == pytest.approx(2 / 3)  # fallback on in-scope is wrong
    assert scores["oos_recall"] == pytest.approx(1 / 2)
    assert scores["oos_precision"] == pytest.approx(
        1 / 2
    )  # "nlu_fallback" on an "a" query


def test_validation_splits_for_tuning(tmp_path: Path) -> None:
    path = tmp_path / "data_full.json"
    path.write_text(
        json.dumps(
            {
                "train": [["a", "x"]],
                "oos_train": [],
                "val": [["v", "x"]],
                "oos_val": [["o", "oos"]],
                "test": [["t", "x"]],
                "oos_test": [],
            }
        )
    )
    assert datasets.clinc150(path, evaluate_on="val").test == [
        ("v", "x"),
        ("o", "out_of_scope"),
    ]
    (tmp_path / "intent_id_to_name.tsv").write_text("0\tq\n")
    for name in ("train", "dev", "test"):
        (tmp_path / f"{name}.txt").write_text(f"{name} satz\t0\n")
    assert datasets.massive_de(tmp_path, evaluate_on="dev").test == [("dev satz", "q")]


def test_recorded_runs_merge_set_by_set(tmp_path: Path) -> None:
    first = tmp_path / "clinc.json"
    second = tmp_path / "rest.json"
    first.write_text(json.dumps({"clinc150": {"default": {"accuracy": 0.1}}}))
    second.write_text(
        json.dumps(
            {
                "clinc150": {"ours": {"accuracy": 0.2}},
                "massive-de": {"default": {"accuracy": 0.3}},
            }
        )
    )
    assert nlu.merge_recorded([first, second]) == {
        "clinc150": {"default": {"accuracy": 0.1}, "ours": {"accuracy": 0.2}},
        "massive-de": {"default": {"accuracy": 0.3}},
    }


def test_sweep_decides_as_the_fallback_classifier(tmp_path: Path) -> None:
    ranked = [("a", 0.9, 0.05), ("b", 0.25, 0.1), ("c", 0.5, 0.46)]
    assert nlu.with_fallback(ranked, 0.3, 0.05) == ["a", "nlu_fallback", "nlu_fallback"]
    assert nlu.with_fallback(ranked, 0.2, 0.0) == ["a", "b", "c"]
    config = tmp_path / "config.yml"
    config.write_text(
        "pipeline:\n  - name: FallbackClassifier\n    ambiguity_threshold: 0.05\n"
    )
    assert nlu.ambiguity_threshold(config) == 0.05
    config.write_text("pipeline:\n")  # Rasa's default pipeline
    assert nlu.ambiguity_threshold(config) == 0.1


def test_confusions_name_weakest_intents_and_pairs() -> None:
    gold = ["a", "a", "a", "b", "b", "c"]
    pred = ["a", "b", "b", "b", "b", "c"]
    lines = nlu.confusions(gold, pred, worst=2, pairs=1)
    # a: precision 1, recall 1/3 → F1 0.5; b: precision 0.5, recall 1 → 0.67; c: 1.0
    assert lines == ["weakest: a 0.50, b 0.67", "  2 × a → b"]


def test_entity_counts_match_type_and_value() -> None:
    gold = [
        ("am Samstag nach Österreich", [("date", "saturday"), ("country", "AT")]),
        ("Hallo", []),
        ("zweimal Montag", [("date", "monday"), ("date", "monday")]),
    ]
    predicted = [
        [("date", "saturday"), ("country", "CH")],  # one right, one wrong value
        [("date", "tomorrow")],  # found where nothing was
        [("date", "monday")],  # one of two
    ]
    counts = nlu.entity_counts(gold, predicted)
    assert (counts["date"].tp, counts["date"].fp, counts["date"].fn) == (2, 1, 1)
    assert (counts["country"].tp, counts["country"].fp, counts["country"].fn) == (
        0,
        1,
        1,
    )
    precision, recall, f1 = counts["date"].scores()
    assert (precision, recall) == (2 / 3, 2 / 3) and abs(f1 - 2 / 3) < 1e-9
    assert nlu.EntityCounts().scores() == (None, None, None)


def test_annotated_messages_are_read_with_values(tmp_path: Path) -> None:
    path = tmp_path / "entities.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: entities\n  examples: |\n'
        '    - nach [Österreich]{"entity": "country", "value": "AT"}, bitte\n'
        "    - ohne alles\n",
        encoding="utf-8",
    )
    assert nlu.read_annotated(path) == [
        ("nach Österreich, bitte", [("country", "AT")]),
        ("ohne alles", []),
    ]
