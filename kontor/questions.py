"""How many questions a message asks: "Was kostet der Versand? Und geht PayPal?" is two.

Counts the parts that end in a question mark, and within each part the questions
joined by "und"/"and" and a question word or verb ("… und können wir auf Rechnung
zahlen?"). A heuristic for one decision only: whether an answer to one topic should
say that it answered one of several questions.
"""

from __future__ import annotations

import re

_SECOND_QUESTION = re.compile(
    r"\b(?:und|sowie|außerdem|and|also)\s+(?:wie|was|wann|wo|welche[nrms]?|wer|ob|"
    r"kann|können|könnt|kannst|ist|sind|gibt|geht|habt|haben|liefert|liefern|nehmt|"
    r"nehmen|muss|müssen|bietet|bieten|how|what|when|where|which|who|can|could|do|"
    r"does|is|are|will|would)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def count_questions(text: str) -> int:
    """The number of questions in ``text`` (at least 1 for any text with words)."""
    parts = [
        part for part in re.split(r"\?+", text or "") if len(_WORD.findall(part)) >= 2
    ]
    if not parts:
        return 1 if _WORD.search(text or "") else 0
    # "… und können wir …" inside a part is a second question; "Und geht PayPal?" at
    # the start of a part is that part's own
    return sum(
        1 + sum(1 for m in _SECOND_QUESTION.finditer(part.strip()) if m.start() > 0)
        for part in parts
    )
