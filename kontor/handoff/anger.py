"""Is the visitor angry with us? A score from 0 to 1 and a yes/no, for the handoff.

Features: the message's multilingual sentence embedding (the NLU pipeline computes it
anyway, so a chat message costs a dot product) and a few cues that a linear model
over sentence embeddings reads poorly: shouting (capitals, "!!!"), repeated attempts
("zum dritten Mal", "again"), threats to leave, sarcastic thanks, and words of anger
and contempt in German and English. A logistic regression weighs them. The yes/no
threshold is chosen on cross-validated scores of the training phrases so that
precision stays high: a false alarm costs staff time.

The trained detector is a weight vector, a bias and a threshold, stored as plain
numbers (no pickle); scikit-learn is needed to fit it, not to use it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple

import numpy as np
import yaml

# texts -> one unit vector per text (components.sentence_encoder.load_encoder)
Encode = Callable[[List[str]], np.ndarray]

PHRASES_FILE = Path(__file__).with_name("anger_phrases.yml")
MODEL_FILE = "anger.npz"
META_FILE = "anger.json"
FORMAT = 1
# of C in 0.3, 1, 3 and 10, 3 and 10 were best on cross-validated training phrases
DEFAULT_C = 3.0
# 0.9 rather than 0.8: lower thresholds flag many more everyday messages, which
# are most of the traffic (bench/RESULTS.md, the threshold's trade-off)
DEFAULT_PRECISION = 0.9


def _words(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``patterns`` as whole words."""
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)


# Each cue counts its matches in a message (capped, see cue_vector). Only words and
# idioms that are rarely calm in a shop's chat; ambiguous ones ("unglaublich schnell",
# "Ist es unmöglich, bis Freitag …", "Reicht es, wenn …") are left to the embedding.
CUES: Tuple[Tuple[str, re.Pattern[str]], ...] = (
    (
        "anger",
        _words(
            r"frechheit",
            r"unverschämt\w*",
            r"\w*sauer",
            r"\w*wütend",
            r"verärgert",
            r"genervt",
            r"nervt",
            r"angepisst",
            r"empört",
            r"zumutung",
            r"skandal\w*",
            r"unfassbar",
            r"fassungslos",
            r"lächerlich",
            r"inakzeptabel",
            r"unakzeptabel",
            r"katastrophe",
            r"schande",
            r"nutzlos",
            r"nerven (?:am ende|blank)",
            r"auf die nerven",
            r"ridiculous",
            r"unacceptable",
            r"outrageous",
            r"furious",
            r"livid",
            r"angry",
            r"pissed(?: off)?",
            r"disgrace\w*",
            r"pathetic",
            r"appalling",
            r"disgusting",
            r"shocking",
            r"frustrat\w*",
            r"infuriat\w*",
            r"useless",
            r"nightmare",
        ),
    ),
    (
        "contempt",
        _words(
            r"unfähig\w*",
            r"inkompetent\w*",
            r"saftladen",
            r"verarsch\w*",
            r"scheiß\w*",
            r"scheiss\w*",
            r"schrott",
            r"pfusch",
            r"murks",
            r"betrug",
            r"abzocke",
            r"wucher",
            r"verdammt nochmal",
            r"zum teufel",
            r"dämlich\w*",
            r"dreck\w*",
            r"müll",
            r"idiot\w*",
            r"(?:ein|so ein|schlechter) witz",
            r"das (?:aller)?letzte",
            r"incompetent",
            r"scam",
            r"rip-?off",
            r"crap",
            r"bs",
            r"bullshit",
            r"the hell",
            r"garbage",
            r"rubbish",
            r"trash",
            r"junk",
            r"(?:is|what|such) a joke",
            r"clueless",
            r"no clue",
        ),
    ),
    (
        "again",
        _words(
            r"zum (?:zweiten|dritten|vierten|fünften|x-ten|wiederholten|\d+\.) mal",
            r"schon wieder",
            r"immer dasselbe",
            r"jedes mal",
            r"x-?mal",
            r"(?:zwei|drei|vier|fünf)mal",
            r"seit (?:tagen|wochen|monaten|stunden)",
            r"wie oft (?:noch|denn|soll)",
            r"yet again",
            r"(?:wrong|late|missing|broken|damaged|nothing|not) again",
            r"(?:second|third|fourth|fifth|umpteenth) time",
            r"every (?:single )?time",
            r"how many times",
            r"for (?:days|weeks|months|hours)",
        ),
    ),
    (
        "leaving",
        _words(
            r"(?:meinen|mit dem|mit meinem) anwalt",
            r"anwalt einschalten",
            r"nie wieder",
            r"das letzte mal",
            r"sofort mein geld",
            r"zur konkurrenz",
            r"(?:my|a) lawyer",
            r"legal action",
            r"never again",
            r"never order",
            r"money back (?:right )?now",
            r"taking my business",
        ),
    ),
    (
        "fed_up",
        _words(
            r"(?:jetzt|langsam|mir) reicht'?s",
            r"(?:jetzt|langsam|mir) reicht es",
            r"es reicht(?: mir)?(?: jetzt)?(?=\s*[!.]|\s*$)",
            r"(?:so|echt|endgültig) satt",
            r"(?:nase|schnauze) (?:gestrichen )?voll",
            r"kragen",
            # patience that has run out; thanking for it is no anger
            r"geduld (?:ist )?(?:am ende|vorbei|zu ende)",
            r"am ende mit (?:meiner|der) geduld",
            r"keinen bock",
            r"ausrasten",
            r"reg\w* mich\w* auf",
            r"zum verzweifeln",
            r"fed up",
            r"sick and tired",
            r"had it",
            r"(?:i'?m|we'?re|i am|we are) done with",
            r"(?:losing|lost|lose) (?:my )?patience",
            r"patience (?:has|is) (?:run|running|worn|wearing|gone)",
            r"had enough",
            r"drives? me (?:mad|crazy|nuts)",
        ),
    ),
    (
        "sarcasm",
        _words(
            r"danke (?:auch )?für (?:gar )?nichts",
            r"thanks for nothing",
            r"super gemacht",
            r"klasse gemacht",
            r"ganz toll",
            r"wirklich toll",
            r"na (?:super|toll|prima)",
            r"great,? just great",
            r"oh great",
            r"nice job",
            r"well done,? (?:guys|you)",
        ),
    ),
    (
        "accusing_question",
        _words(
            r"was (?:ist )?denn (?:das|hier|bei (?:euch|ihnen)) (?:für|los)",
            r"was ist (?:hier|bei (?:euch|ihnen)|mit (?:euch|ihnen))"
            r"(?: eigentlich| denn)? los",
            r"was ist los mit (?:euch|ihnen)",
            r"was soll (?:der|dieser|das) (?:mist|quatsch|scheiß|blödsinn|unsinn)",
            r"was soll das(?=\s*[?!])",
            r"wollen sie mich",
            r"geht'?s noch",
            r"echt jetzt(?=\s*[?!])",
            r"ist das (?:ihr|dein|euer) ernst",
            r"soll das ein (?:witz|scherz)",
            r"are you (?:kidding|joking)(?: me)?",
            r"are you (?:even|actually) (?:reading|listening)",
            r"what(?:'s| is) wrong with (?:you|your company|your people)",
            r"what the (?:hell|heck|f\w*)",
            r"how hard can (?:it|that) be",
        ),
    ),
    ("double_marks", re.compile(r"[!?]{2,}")),
    ("exclamation", re.compile(r"!")),
    (
        "praise",
        _words(
            r"dank\w*",
            r"super",
            r"toll",
            r"begeistert",
            r"zufrieden",
            r"klasse",
            r"spitze",
            r"top",
            r"mega",
            r"respekt",
            r"thanks?",
            r"great",
            r"love",
            r"awesome",
            r"brilliant",
            r"best",
        ),
    ),
    (
        "polite",
        _words(
            r"bitte",
            r"könnten sie",
            r"würden sie",
            r"wäre nett",
            r"please",
            r"could you",
            r"would you",
        ),
    ),
)
# most chat messages are shorter; longer texts count cues per this many characters
CUE_SPAN = 300
CUE_NAMES = tuple(name for name, _ in CUES) + ("shouting",)
# a word in capitals that is not an abbreviation (S3, XL, DHL, PDF, EN 388, FFP3)
_SHOUTED = re.compile(r"\b[A-ZÄÖÜ]{4,}\b")


def cue_vector(text: str) -> np.ndarray:
    """The cue features of one message: match counts, capped at 2, and shouting.

    Counts are per chat-message length (CUE_SPAN characters), so that a long text
    (a pasted e-mail, an article) does not add up cues from every paragraph.
    """
    per = max(1.0, len(text) / CUE_SPAN)
    counts = [min(len(pattern.findall(text)) / per, 2.0) for _, pattern in CUES]
    words = re.findall(r"\w{2,}", text)
    shouted = len(_SHOUTED.findall(text)) / max(len(words), 1)
    return np.array([*counts, 2.0 * shouted], dtype=np.float32)


def cue_matrix(texts: Sequence[str]) -> np.ndarray:
    """Cue features of many messages, one row each."""
    return np.vstack([cue_vector(t) for t in texts]).reshape(len(texts), len(CUE_NAMES))


@dataclass(frozen=True)
class Phrase:
    """A labelled chat message."""

    text: str
    angry: bool
    language: str


def load_phrases(path: Path = PHRASES_FILE) -> List[Phrase]:
    """Phrases of a file with ``angry:`` and ``calm:`` lists per language.

    Raises:
        ValueError: if the file lacks either list or a phrase is not text.
    """
    document = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    phrases = []
    for label in ("angry", "calm"):
        by_language = document.get(label)
        if not isinstance(by_language, dict) or not by_language:
            raise ValueError(f"{path}: needs an '{label}:' section with languages")
        for language, texts in by_language.items():
            for text in texts or []:
                if not isinstance(text, str) or not text.strip():
                    raise ValueError(f"{path}: {label}/{language}: {text!r} is no text")
                phrases.append(Phrase(text.strip(), label == "angry", str(language)))
    return phrases


def threshold_for_precision(
    scores: np.ndarray, labels: np.ndarray, precision: float
) -> float:
    """The lowest score threshold at which precision reaches ``precision``.

    Lowest, so that recall is as high as the precision allows. If no threshold
    reaches it, the one with the best precision (ties: the lower threshold).
    """
    order = np.argsort(-scores, kind="stable")
    ranked_scores, ranked = scores[order], labels[order].astype(bool)
    hits = np.cumsum(ranked)
    precisions = hits / np.arange(1, len(ranked) + 1)
    # a threshold lies only between distinct scores: judge the last of equal ones
    last = np.r_[ranked_scores[1:] != ranked_scores[:-1], True]
    candidates = [i for i in np.flatnonzero(last) if ranked[: i + 1].any()]
    if not candidates:
        return 1.0
    good = [i for i in candidates if precisions[i] >= precision]
    if good:
        return float(ranked_scores[max(good)])
    best = max(candidates, key=lambda i: (precisions[i], i))
    return float(ranked_scores[best])


class AngerDetector:
    """Scores messages for anger; fit on labelled phrases, saved as plain numbers."""

    def __init__(
        self,
        weights: Optional[np.ndarray] = None,
        bias: float = 0.0,
        threshold: float = 0.5,
        *,
        cue_scale: Optional[np.ndarray] = None,
        encoder: str = "use",
        c: float = DEFAULT_C,
        precision: float = DEFAULT_PRECISION,
    ) -> None:
        """A detector; untrained until :meth:`fit` or :meth:`load`.

        Args:
            weights: coefficients over [embedding, cues] (None: untrained).
            bias: the logistic regression's intercept.
            threshold: scores at or above it count as angry.
            cue_scale: divides each cue feature (its spread in the training set).
            encoder: name of the sentence encoder the weights belong to.
            c: inverse regularisation strength of the logistic regression.
            precision: the precision the threshold is chosen for, on
                cross-validated training scores.
        """
        self.weights = weights
        self.bias = float(bias)
        self.threshold = float(threshold)
        self.cue_scale = (
            np.ones(len(CUE_NAMES), dtype=np.float32)
            if cue_scale is None
            else cue_scale
        )
        self.encoder = encoder
        self.c = float(c)
        self.precision = float(precision)
        # scores of the training phrases from cross-validation (after fit, not saved)
        self.cross_validated: Optional[np.ndarray] = None

    @property
    def trained(self) -> bool:
        """Whether the detector has weights."""
        return self.weights is not None

    def features(self, texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """[unit embedding, scaled cues], one row per text."""
        embeddings = np.asarray(embeddings, dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(embeddings, axis=1, keepdims=True)
        unit = embeddings / np.maximum(norms, 1e-12)
        return np.hstack([unit, cue_matrix(texts) / self.cue_scale])

    def fit(
        self,
        texts: Sequence[str],
        angry: Sequence[bool],
        embeddings: np.ndarray,
        *,
        folds: int = 5,
        seed: int = 42,
    ) -> AngerDetector:
        """Fit the weights, then the threshold on cross-validated scores."""
        labels = np.asarray(angry, dtype=bool)
        if labels.all() or not labels.any():
            raise ValueError("need both angry and calm phrases to train")
        spread = cue_matrix(texts).std(axis=0)
        self.cue_scale = np.where(spread > 0, spread, 1.0).astype(np.float32)
        x = self.features(texts, embeddings)
        scores = np.zeros(len(labels))
        for train, test in stratified_folds(labels, folds, seed):
            weights, bias = _logistic_regression(x[train], labels[train], self.c)
            scores[test] = _sigmoid(x[test] @ weights + bias)
        self.threshold = threshold_for_precision(scores, labels, self.precision)
        self.cross_validated = scores
        self.weights, self.bias = _logistic_regression(x, labels, self.c)
        return self

    def scores(self, texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """Anger scores in [0, 1], one per text."""
        if self.weights is None:
            raise RuntimeError("the anger detector is not trained")
        x = self.features(texts, embeddings)
        return _sigmoid(x @ self.weights + self.bias)

    def predict(self, texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """True for each text whose score reaches the threshold."""
        return self.scores(texts, embeddings) >= self.threshold

    def save(self, directory: Path) -> None:
        """Write the detector into ``directory`` (numbers and a small JSON file)."""
        if self.weights is None:
            raise RuntimeError("the anger detector is not trained")
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        np.savez(directory / MODEL_FILE, weights=self.weights, cue_scale=self.cue_scale)
        meta = {
            "format": FORMAT,
            "bias": self.bias,
            "threshold": self.threshold,
            "encoder": self.encoder,
            "c": self.c,
            "precision": self.precision,
            "cues": list(CUE_NAMES),
        }
        (directory / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> AngerDetector:
        """The detector saved in ``directory``.

        Raises:
            ValueError: if it was saved in another format or with other cues.
        """
        directory = Path(directory)
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or tuple(meta.get("cues", ())) != CUE_NAMES:
            raise ValueError(f"{directory}: anger detector of another version")
        with np.load(directory / MODEL_FILE, allow_pickle=False) as arrays:
            weights, cue_scale = arrays["weights"], arrays["cue_scale"]
        return cls(
            weights,
            meta["bias"],
            meta["threshold"],
            cue_scale=cue_scale,
            encoder=meta["encoder"],
            c=meta["c"],
            precision=meta["precision"],
        )


def train_from_phrases(
    encode: Encode,
    path: Path = PHRASES_FILE,
    *,
    encoder: str = "use",
    c: float = DEFAULT_C,
    precision: float = DEFAULT_PRECISION,
) -> AngerDetector:
    """A detector fit on the phrases file, embedded with ``encode`` (``encoder``)."""
    phrases = load_phrases(path)
    texts = [p.text for p in phrases]
    detector = AngerDetector(encoder=encoder, c=c, precision=precision)
    return detector.fit(texts, [p.angry for p in phrases], encode(texts))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _logistic_regression(
    x: np.ndarray, y: np.ndarray, c: float
) -> Tuple[np.ndarray, float]:
    """L2-regularised logistic regression, balanced classes: weights and bias."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    model.fit(x, y)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def stratified_folds(
    labels: np.ndarray, folds: int, seed: int
) -> List[Tuple[np.ndarray, np.ndarray]]:
    """Stratified folds as (train, test) index arrays."""
    rng = np.random.default_rng(seed)
    assignment = np.empty(len(labels), dtype=int)
    for value in (False, True):
        members = rng.permutation(np.flatnonzero(labels == value))
        assignment[members] = np.arange(len(members)) % folds
    return [
        (np.flatnonzero(assignment != k), np.flatnonzero(assignment == k))
        for k in range(folds)
    ]
