"""config.yml loads and trains on a tiny sample in seconds, so a broken pipeline fails
fast, long before the full model is trained."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import datasets  # noqa: E402


def test_config_trains_on_a_tiny_sample_and_parses(tmp_path: Path) -> None:
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    examples = []
    for language in ("de", "en"):
        examples += datasets.sample(
            datasets.rasa_nlu_examples(REPO / "data" / "nlu" / language), 3
        )
    nlu_file = datasets.write_rasa_nlu(examples, tmp_path / "nlu.yml")
    model = train_nlu(
        str(REPO / "config.yml"), str(nlu_file), str(tmp_path), fixed_model_name="tiny"
    )
    assert model and Path(model).exists()

    parsed = asyncio.run(Agent.load(model).parse_message("Wann haben Sie geöffnet?"))
    intents = {intent for _, intent in examples} | {"nlu_fallback"}
    assert parsed["intent"]["name"] in intents
    assert 0.0 <= parsed["intent"]["confidence"] <= 1.0
    # the handoff's anger detector (components/anger_detector.py) reaches the output
    assert set(parsed["anger"]) == {"score", "angry"}
