"""Details out of a visitor's message: days, times, countries, products, sizes.

German and English, forgiving of case, umlauts spelt out and one-letter typos. spaCy's
German tokenizer (``spacy.blank("de")``, no trained model) splits the message; a
PhraseMatcher finds the phrases of ``vocabulary.yml`` plus country, weekday and month
names from Babel's CLDR data, and a token Matcher finds calendar dates, times and
quantities, sizes, norms, order numbers and e-mail addresses. Product names and kinds
come from the catalog (kontor/catalog_vocabulary.py), passed in when the model is
trained. Values are normalised (country → ISO code, "nächsten Freitag" → "next friday",
"am 24. Dezember" → "24.12.", "roten" → "rot"); kontor/dates.py turns date values into
dates.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml
from babel import Locale

# Only the start of a very long message is searched: details sit in the question, and
# the tokenizer's cost grows with the text (a 10 kB message must not stall the server).
MAX_CHARS = 2000

# The results for this many recent messages are kept: each message is read twice (by
# the entity-type featurizer and by the extractor component).
_RECENT_MESSAGES = 512
# Fuzzy matching: one typo in a word of this many letters, two from the second length.
FUZZY_MIN_LENGTH = 6
FUZZY_TWO_TYPOS_LENGTH = 10
# Real words one letter away from a vocabulary word; never "corrected".
NOT_TYPOS = frozenset(
    {
        "ungern",
        "montage",
        "montagen",
        "margen",
        "island",
        "islands",
        "rechnen",
        "betrag",
        "tschau",
    }
)

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Territory codes that are not countries, and names that are everyday words.
_NOT_COUNTRIES = frozenset(
    {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "DG", "EA", "IC", "TA"}
)
_AMBIGUOUS_NAMES = frozenset(
    {"island", "jersey", "chad", "jordan", "georgia", "guernsey", "man", "niger"}
)
_WEEKDAY_PARTS = ("vormittag", "nachmittag", "morgen", "mittag", "abend", "abends")
_NEXT = ("naechsten", "naechster", "kommenden", "kommender", "next", "this coming")
_TIME_PREFIXES = ["um", "gegen", "ab", "bis", "at", "by", "until", "from"]
_THIS = ("diesen", "dieser", "this")
# "um 9.30", "bis 16.30" — but "bis 12.12" is a date (up to 12 it reads as a month)
_DOTTED_TIME_PREFIXES = ["um", "gegen", "at", "bis", "ab", "von"]
_DATE_OR_TIME_PREFIXES = ("bis", "ab", "von")
_DATE_PREFIXES = ["am", "den", "vom", "bis", "zum", "ab", "on", "till", "until"]
_QUANTITY_UNITS = [
    "stueck",
    "stk",
    "st",
    "paar",
    "teile",
    "exemplare",
    "sets",
    "pieces",
    "piece",
    "pcs",
    "pairs",
    "units",
    "items",
]
_VALID_TIME = re.compile(r"^([01]?\d|2[0-4])(?:[:.]([0-5]\d))?$")


_POSSESSIVE = re.compile(r"['’]s$")


def normalise(text: str) -> str:
    """Lower case, umlauts spelt out, no English 's: "Österreich" → "oesterreich"."""
    return _POSSESSIVE.sub("", text.casefold().translate(_UMLAUTS))


@dataclass(frozen=True)
class Entity:
    """One detail found in a message, with where it was written."""

    entity: str
    value: str
    start: int
    end: int
    text: str

    def as_dict(self) -> Dict[str, Any]:
        """The entity as Rasa's NLU output spells it."""
        return {
            "entity": self.entity,
            "value": self.value,
            "start": self.start,
            "end": self.end,
        }


# Every kind of detail the extractor reports, in a fixed order (features rely on it).
ENTITY_TYPES = (
    "date",
    "time",
    "country",
    "payment_method",
    "shipping_option",
    "carrier",
    "quantity",
    "company_detail",
    "product",
    "product_type",
    "colour",
    "size",
    "norm",
    "order_number",
    "email",
)
# words of messages about supplying pieces: a bare number in them is a quantity
_SUPPLY_WORDS = frozenset(
    {
        "liefern",
        "lieferbar",
        "schicken",
        "senden",
        "versenden",
        "bestellen",
        "brauche",
        "brauchen",
        "benoetige",
        "benoetigen",
        "kaufen",
        "ordern",
        "deliver",
        "ship",
        "send",
        "order",
        "need",
        "buy",
        "supply",
    }
)
_BARE_NUMBER = re.compile(r"^\d{1,7}$")
_YEAR = re.compile(r"^(19|20)\d\d$")
# rules whose match starts with a word that is not part of the value ("in XL")
_LAST_TOKEN_ONLY = ("SIZE", "SIZE_AFTER_WORD", "ORDER_NUMBER")
# what the catalog contributes (kontor/catalog_vocabulary.py)
CATALOG_ENTITIES = ("product", "product_type", "colour")

# German colour words take adjective endings: "rote", "roten", "in Rot"
_COLOUR_BASES = ("rot", "gelb", "blau", "gruen", "schwarz", "weiss", "grau", "braun")
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
_SIZE_WORDS = [
    "groesse",
    "gr",
    "size",
    "schuhgroesse",
    "konfektionsgroesse",
    "groessen",
]
_LETTER_SIZE = r"^(?:XXS|XS|S|M|L|XL|XXL|XXXL|XXXXL|[2-6]XL)$"
_ORDER_WORDS = [
    "bestellung",
    "bestellnummer",
    "bestellnr",
    "auftrag",
    "auftragsnummer",
    "auftragsnr",
    "order",
    "nummer",
    "nr",
]

Vocabulary = Mapping[str, Mapping[str, Sequence[str]]]
LABELS = "labels"  # the section of vocabulary.yml that names values in answers


def load_vocabulary(text: Optional[str] = None) -> Dict[str, Dict[str, List[str]]]:
    """Read vocabulary.yml (or ``text`` in its format); ValueError if malformed."""
    if text is None:
        text = resources.files("kontor").joinpath("vocabulary.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError("vocabulary: expected entity types at top level")
    vocabulary: Dict[str, Dict[str, List[str]]] = {}
    for entity, values in data.items():
        if entity == LABELS:
            continue
        if not isinstance(values, dict):
            raise ValueError(f"vocabulary.{entity}: expected value: [phrases]")
        for value, phrases in values.items():
            if not isinstance(phrases, list) or not all(
                isinstance(p, str) and p.strip() for p in phrases
            ):
                raise ValueError(
                    f"vocabulary.{entity}.{value}: expected a list of words"
                )
        vocabulary[str(entity)] = {
            str(value): list(phrases) for value, phrases in values.items()
        }
    return vocabulary


def load_labels(text: Optional[str] = None) -> Dict[str, Dict[str, Dict[str, str]]]:
    """The ``labels`` section of vocabulary.yml: entity → value → language → name."""
    if text is None:
        text = resources.files("kontor").joinpath("vocabulary.yml").read_text("utf-8")
    labels = (yaml.safe_load(text) or {}).get(LABELS) or {}
    return {
        str(entity): {str(v): dict(names) for v, names in values.items()}
        for entity, values in labels.items()
    }


def _babel_names() -> Tuple[Dict[str, List[str]], Dict[str, str], Dict[str, int]]:
    """Country names, weekday names and month names in German and English."""
    countries: Dict[str, List[str]] = {}
    weekdays: Dict[str, str] = {}
    months: Dict[str, int] = {}
    english_days = Locale("en").days["format"]["wide"]
    for code in ("de", "en"):
        locale = Locale(code)
        for territory, name in locale.territories.items():
            if len(territory) != 2 or not territory.isalpha():
                continue
            if territory in _NOT_COUNTRIES:
                continue
            name = re.sub(r"\s*\(.*?\)", "", name).strip()
            if normalise(name) in _AMBIGUOUS_NAMES:
                continue
            countries.setdefault(territory, []).append(name)
            if code == "de" and name.endswith("e") and " " not in name:
                countries[territory].append(name + "n")  # in den Niederlanden
        for index, name in locale.days["format"]["wide"].items():
            weekdays[normalise(name)] = english_days[index].lower()
        for width in ("wide", "abbreviated"):
            for number, name in locale.months["format"][width].items():
                months[normalise(name).rstrip(".")] = number
    months.pop("mai.", None)
    return countries, weekdays, months


class EntityExtractor:
    """Finds details in messages; build once, then share (thread-safe)."""

    def __init__(
        self,
        vocabulary: Optional[Vocabulary] = None,
        catalog: Optional[Vocabulary] = None,
    ) -> None:
        import spacy  # heavy; loaded when an extractor is built, never at import
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.util import compile_infix_regex

        self._nlp = spacy.blank("de")
        # "S3-Schuhe", "FFP2-Maske": a hyphen before a letter splits the word, so its
        # parts are found; phrases are split the same way, so "EU-Ausland" still is
        infixes = list(self._nlp.Defaults.infixes or ())
        infixes.append(r"(?<=[0-9A-Za-zÄÖÜäöüß])-(?=[A-Za-zÄÖÜäöüß])")
        tokenizer: Any = self._nlp.tokenizer
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        self._lock = threading.Lock()
        self._recent: Dict[str, Tuple[Entity, ...]] = {}
        vocabulary = load_vocabulary() if vocabulary is None else vocabulary
        countries, self._weekdays, self._months = _babel_names()

        self._terms: Dict[Tuple[str, ...], Tuple[str, str]] = {}
        for entity, values in vocabulary.items():
            for value, phrases in values.items():
                for phrase in phrases:
                    self._add(phrase, entity, value)
                    if entity == "colour":
                        for form in _colour_forms(phrase):
                            self._add(form, entity, value, overwrite=False)
        # the catalog's words never replace the fixed vocabulary's
        fixed = {word for phrase in self._terms for word in phrase}
        for entity, values in (catalog or {}).items():
            for value, phrases in values.items():
                for phrase in phrases:
                    self._add(phrase, entity, value, overwrite=False)
        for day, english in self._weekdays.items():
            for form in (day, day + "s", *(day + part for part in _WEEKDAY_PARTS)):
                self._add(form, "date", english)
            for prefix in _NEXT:
                self._add(f"{prefix} {day}", "date", f"next {english}")
            for prefix in _THIS:
                self._add(f"{prefix} {day}", "date", f"this {english}")
            for suffix in ("naechste woche", "next week"):
                self._add(f"{day} {suffix}", "date", f"next {english}")
        # Typos are forgiven in the words of vocabulary.yml, weekdays and months, not
        # in Babel's long tail of country names ("Tschau" is no typo of "Tschad").
        typo_targets = {word for phrase in self._terms for word in phrase}
        typo_targets.update(self._weekdays, self._months)
        for code, names in countries.items():
            for name in names:
                self._add(name, "country", code, overwrite=False)

        self._known = {word for phrase in self._terms for word in phrase}
        self._known.update(self._months)
        # product words are many and alike ("Verbandkasten", "Versandkosten"): one
        # typo is forgiven in them, never two
        self._catalog_only = typo_targets - fixed - set(self._weekdays)
        self._fuzzy_targets = sorted(
            word
            for word in typo_targets
            if len(word) >= FUZZY_MIN_LENGTH - 1 and word.isalpha()
        )

        self._phrases = PhraseMatcher(self._nlp.vocab, attr="NORM")
        for key, (entity, _) in self._terms.items():
            self._phrases.add(entity, [self._pattern_doc(key)])
        self._patterns = Matcher(self._nlp.vocab)
        self._add_token_patterns()

    @classmethod
    def shared(cls, catalog: Optional[Vocabulary] = None) -> EntityExtractor:
        """One extractor per catalog vocabulary and process, built on first use.

        The featurizer and the extractor component of one model share it.
        """
        key = (cls, catalog_fingerprint(catalog))
        with _SHARED_LOCK:
            if key not in _SHARED:
                _SHARED[key] = cls(catalog=catalog)
            return _SHARED[key]

    def _add(
        self, phrase: str, entity: str, value: str, overwrite: bool = True
    ) -> None:
        key = tuple(normalise(t.text) for t in self._nlp.make_doc(phrase))
        if key and (overwrite or key not in self._terms):
            self._terms[key] = (entity, value)

    def _pattern_doc(self, key: Tuple[str, ...]) -> Any:
        from spacy.tokens import Doc

        doc = Doc(self._nlp.vocab, words=list(key))
        for token in doc:
            token.norm_ = token.text
        return doc

    def _add_token_patterns(self) -> None:
        months = list(self._months)
        day = {"TEXT": {"REGEX": r"^\d{1,2}\.$"}}
        ordinal = {"TEXT": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}}
        year = {"TEXT": {"REGEX": r"^(19|20)\d\d$"}, "OP": "?"}
        month = {"NORM": {"IN": months}}
        add = self._patterns.add
        add(
            "DATE_NUMERIC",
            [[{"TEXT": {"REGEX": r"^\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})?$"}}]],
        )
        add(
            "DATE_AFTER_PREPOSITION",
            [
                [
                    {"NORM": {"IN": _DATE_PREFIXES}},
                    {"TEXT": {"REGEX": r"^\d{1,2}\.\d{1,2}$"}},
                ]
            ],
        )
        dash = {"TEXT": "-"}
        two = {"TEXT": {"REGEX": r"^\d\d$"}}
        add("DATE_ISO", [[{"TEXT": {"REGEX": r"^\d{4}$"}}, dash, two, dash, two]])
        add(
            "DATE_WORDS",
            [
                [day, month, year],
                [ordinal, month, year],
                [ordinal, {"LOWER": "of"}, month, year],
                [month, ordinal, {"TEXT": ",", "OP": "?"}, year],
            ],
        )
        add(
            "TIME",
            [
                [{"TEXT": {"REGEX": r"^\d{1,2}:\d\d$"}}, {"NORM": "uhr", "OP": "?"}],
                [
                    {"TEXT": {"REGEX": r"^\d{1,2}(\.\d\d)?$"}},
                    {"NORM": {"IN": ["uhr", "h"]}},
                ],
                [{"TEXT": {"REGEX": r"^\d{1,2}(:\d\d)?(am|pm)$"}}],
                [
                    {"TEXT": {"REGEX": r"^\d{1,2}(:\d\d)?$"}},
                    {"NORM": {"IN": ["am", "pm", "a.m.", "p.m.", "o'clock"]}},
                ],
            ],
        )
        add(
            "TIME_AFTER_PREPOSITION",
            [
                [
                    {"NORM": {"IN": _TIME_PREFIXES}},
                    {"TEXT": {"REGEX": r"^\d{1,2}(:\d\d)?$"}},
                ],
                [
                    {"NORM": {"IN": _DOTTED_TIME_PREFIXES}},
                    {"TEXT": {"REGEX": r"^\d{1,2}\.\d\d$"}},
                ],
            ],
        )
        letter_size = {"TEXT": {"REGEX": _LETTER_SIZE}}
        number_size = {"TEXT": {"REGEX": r"^\d{1,2}(?:[.,]5)?$"}}
        size_word = {"NORM": {"IN": _SIZE_WORDS}}
        dot = {"TEXT": ".", "OP": "?"}
        add(
            "SIZE",
            [
                [{"TEXT": {"REGEX": r"^(?i:XXS|XS|XL|XXL|XXXL|XXXXL|[2-6]XL)$"}}],
                [{"NORM": "in"}, letter_size],
            ],
        )
        add(
            "SIZE_AFTER_WORD",
            [[size_word, dot, letter_size], [size_word, dot, number_size]],
        )
        number = {"TEXT": {"REGEX": r"^\d{3,5}(?::\d{4})?$"}}
        part: List[Dict[str, Any]] = [
            {"TEXT": "-", "OP": "?"},
            {"TEXT": {"REGEX": r"^\d{1,2}$"}, "OP": "?"},
        ]
        add(
            "NORM",
            [
                [
                    {"NORM": {"IN": ["en", "din"]}},
                    {"NORM": {"IN": ["en", "iso"]}, "OP": "?"},
                    {"NORM": "iso", "OP": "?"},
                    number,
                    *part,
                ],
                [{"NORM": "iso"}, number, *part],
                [{"NORM": {"REGEX": r"^(?:s[1-5]p?s?|sb|src|ffp[1-3])$"}}],
            ],
        )
        add(
            "ORDER_NUMBER",
            [
                [{"TEXT": {"REGEX": r"^[A-Za-z]{1,4}-?\d{4,10}$"}}],
                [
                    {"NORM": {"IN": _ORDER_WORDS}},
                    {"TEXT": ".", "OP": "?"},
                    {"TEXT": {"REGEX": r"^\d{5,10}$|^\d{4}-\d{3,6}$"}},
                ],
            ],
        )
        add("EMAIL", [[{"LIKE_EMAIL": True}]])
        add(
            "QUANTITY",
            [
                [
                    {"TEXT": {"REGEX": r"^(\d{1,3}([.,]\d{3})+|\d{1,7})$"}},
                    {"NORM": {"IN": _QUANTITY_UNITS}},
                ]
            ],
        )

    def _correct(self, word: str) -> str:
        """The vocabulary word ``word`` is a typo of, or ``word`` itself."""
        if word in self._known or not word.isalpha() or word in NOT_TYPOS:
            return word
        if len(word) < FUZZY_MIN_LENGTH:
            return word
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

        limit = 2 if len(word) >= FUZZY_TWO_TYPOS_LENGTH else 1
        found = process.extractOne(
            word,
            self._fuzzy_targets,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=limit,
        )
        if found is None or found[0][0] != word[0]:
            return word
        if found[1] > 1 and found[0] in self._catalog_only:
            return word
        return str(found[0])

    def extract(self, text: str) -> List[Entity]:
        """Every detail in ``text``, in order; overlapping finds keep the longest."""
        from spacy.util import filter_spans

        text = (text or "")[:MAX_CHARS]
        with self._lock:  # spaCy's Doc creation shares the vocab's string store
            cached = self._recent.get(text)
            if cached is not None:  # the featurizer and the extractor read each message
                return list(cached)
            doc = self._nlp.make_doc(text)
            for token in doc:
                token.norm_ = self._correct(normalise(token.text))
            found: List[Tuple[Any, str, str]] = []
            for _, start, end in self._phrases(doc):
                span = doc[start:end]
                key = tuple(t.norm_ for t in span)
                entity, value = self._terms[key]
                found.append((span, entity, value))
            for match_id, start, end in self._patterns(doc):
                rule = self._nlp.vocab.strings[match_id]
                span = doc[start:end]
                prefix = ""
                if rule.endswith("AFTER_PREPOSITION"):
                    prefix, span = doc[start].norm_, doc[start + 1 : end]
                elif rule in _LAST_TOKEN_ONLY:  # "Größe 44": the size is "44"
                    span = doc[end - 1 : end]
                parsed = self._parse_pattern(rule, span, prefix)
                if parsed:
                    found.append((span, *parsed))
            found += self._bare_quantities(doc, found)
            spans = {id(s): (entity, value) for s, entity, value in found}
            kept = filter_spans([s for s, _, _ in found])
            entities = []
            for span in sorted(kept, key=lambda s: s.start):
                entity, value = spans[id(span)]
                if entity == "ignore":
                    continue
                entities.append(
                    Entity(entity, value, span.start_char, span.end_char, span.text)
                )
            if len(self._recent) >= _RECENT_MESSAGES:
                self._recent.clear()
            self._recent[text] = tuple(entities)
        return entities

    def _bare_quantities(
        self, doc: Any, found: List[Tuple[Any, str, str]]
    ) -> List[Tuple[Any, str, str]]:
        """Numbers without a unit that still count pieces.

        "500 Warnwesten" (a number before a product) and "Können Sie 500 bis Dienstag
        liefern?" (a number in a message about supplying) are quantities; a number
        that is part of another detail (a date, a size, an order number) is not.
        """
        taken = {i for span, _, _ in found for i in range(span.start, span.end)}
        products = {
            span.start
            for span, entity, _ in found
            if entity in ("product", "product_type")
        }
        supplying = any(normalise(t.text) in _SUPPLY_WORDS for t in doc)
        quantities = []
        for token in doc:
            if token.i in taken or not _BARE_NUMBER.match(token.text):
                continue
            if _YEAR.match(token.text):
                continue
            if token.i + 1 in products or supplying:
                quantities.append((doc[token.i : token.i + 1], "quantity", token.text))
        return quantities

    def _parse_pattern(
        self, rule: str, span: Any, prefix: str = ""
    ) -> Optional[Tuple[str, str]]:
        words = [t.text for t in span]
        if rule.startswith("TIME"):
            dotted = re.fullmatch(r"\d{1,2}\.(\d\d)", words[0])
            if dotted and prefix in _DATE_OR_TIME_PREFIXES and int(dotted[1]) <= 12:
                return None  # "bis 12.12": the date reading wins
            return _time_value(words)
        if rule == "QUANTITY":
            return "quantity", re.sub(r"\D", "", words[0])
        if rule.startswith("SIZE"):
            return "size", _size_value(words[-1])
        if rule == "NORM":
            text = " ".join(w for w in words).upper().replace(" - ", "-")
            return "norm", re.sub(r":\d{4}$", "", text.rstrip(" -"))
        if rule == "ORDER_NUMBER":
            return "order_number", words[-1].upper()
        if rule == "EMAIL":
            return "email", words[0].lower()
        if rule == "DATE_ISO":
            y, _, m, _, d = words
            return "date", f"{d}.{m}.{y}"
        if rule in ("DATE_NUMERIC", "DATE_AFTER_PREPOSITION"):
            parts = [p for p in words[0].split(".") if p]
            d, m = int(parts[0]), int(parts[1])
            if rule == "DATE_AFTER_PREPOSITION" and m > 12:
                return None  # "bis 16.30" is a time
            year = _full_year(parts[2]) if len(parts) > 2 else ""
            return "date", f"{d:02d}.{m:02d}.{year}"
        # DATE_WORDS: a day number, a month name, maybe a year
        numbers = [re.match(r"\d+", w) for w in words]
        digits = [int(n.group()) for n in numbers if n]
        months = [self._months[t.norm_] for t in span if t.norm_ in self._months]
        if not digits or not months:
            return None
        year = f"{digits[1]}" if len(digits) > 1 else ""
        return "date", f"{digits[0]:02d}.{months[0]:02d}.{year}"


_SHARED: Dict[Tuple[type, str], EntityExtractor] = {}


def catalog_fingerprint(catalog: Optional[Vocabulary]) -> str:
    """A short hash of a catalog vocabulary (empty string for none)."""
    if not catalog:
        return ""
    text = json.dumps(catalog, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _colour_forms(phrase: str) -> List[str]:
    """German adjective forms of a colour word: "rot" → "rote", "roten" and so on."""
    word = normalise(phrase)
    if not word.isalpha() or not word.endswith(_COLOUR_BASES):
        return []
    return [phrase + ending for ending in _ADJECTIVE_ENDINGS]


_SHARED_LOCK = threading.Lock()


def _size_value(text: str) -> str:
    key = re.sub(r"\s+", "", text).upper()
    return {"2XL": "XXL", "XXXL": "3XL", "XXXXL": "4XL"}.get(key, key)


def _full_year(text: str) -> str:
    return text if len(text) == 4 else f"20{text}"


def _time_value(words: Sequence[str]) -> Optional[Tuple[str, str]]:
    clock = words[0].lower()
    suffix = " ".join(words[1:]).lower()
    afternoon = clock.endswith("pm") or suffix in ("pm", "p.m.")
    morning = clock.endswith("am") or suffix in ("am", "a.m.")
    clock = re.sub(r"(am|pm)$", "", clock)
    match = _VALID_TIME.match(clock)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if afternoon and hour < 12:
        hour += 12
    elif morning and hour == 12:
        hour = 0  # 12am is midnight
    elif not (morning or suffix or match.group(2)) and 1 <= hour <= 6:
        hour += 12  # "kann ich um 4 vorbeikommen?" means the afternoon
    if hour == 24 and minute:
        return None
    return "time", f"{hour:02d}:{minute:02d}"
