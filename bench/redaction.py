"""Personal data in visitor messages: how much the detector finds, how often it is wrong.

Runs `kontor.privacy.redaction.find` over a held-out set of chat messages
(bench/data/pii.txt, German and English, written without looking at the detector)
and prints, for each kind of personal data (email, phone, iban, card, address,
birthdate) and overall: the gold spans, the spans found, precision and recall;
how many messages without personal data got something flagged; the throughput in
messages per second; and examples of misses and false positives.

A found span matches a gold span of the same kind if it covers at least 80 % of the
gold span's characters and reaches past it by at most 3 characters in all (so a span
that swallows "Tel. " in front of the number is a miss, and a false positive too).
Each gold span and each found span is matched at most once.

The data set: one message a line, personal data marked inline as [[kind:text]];
lines starting with "#" are comments. The messages are synthetic, so the examples
printed show the text. The exit code is 0 even when the detector does badly: this
is a measurement, not a test.

    .venv/bin/python bench/redaction.py [--data bench/data/pii.txt] [--examples 15]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

# kontor.* is found from the repo root
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "bench" / "data" / "pii.txt"
KINDS = ("email", "phone", "iban", "card", "address", "birthdate")
MARKUP = re.compile(r"\[\[([a-z]+):(.+?)\]\]")
MIN_COVER = 0.8  # share of the gold span's characters the found span must cover
MAX_OVERHANG = 3  # characters the found span may reach past the gold span, both sides
MIN_SECONDS = 1.0  # repeat the timed pass until this much time has gone by


@dataclass(frozen=True)
class Span:
    """A piece of personal data: its kind and character offsets in the message."""

    kind: str
    start: int
    end: int


@dataclass
class Message:
    """One visitor message without markup, and its gold spans."""

    line: int  # in the data file, for finding it again
    text: str
    gold: List[Span]


def parse_line(marked: str) -> Tuple[str, List[Span]]:
    """Strip the [[kind:text]] markup; return the plain text and the gold spans."""
    parts: List[str] = []
    spans: List[Span] = []
    length = 0
    pos = 0
    for match in MARKUP.finditer(marked):
        kind, value = match.group(1), match.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        before = marked[pos : match.start()]
        parts += [before, value]
        length += len(before)
        spans.append(Span(kind, length, length + len(value)))
        length += len(value)
        pos = match.end()
    parts.append(marked[pos:])
    text = "".join(parts)
    if "[[" in text or "]]" in text:
        raise ValueError("unbalanced markup")
    return text, spans


def load(path: Path) -> List[Message]:
    """The data set's messages; blank lines and lines starting with "#" skipped."""
    messages = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        try:
            text, gold = parse_line(raw)
        except ValueError as error:
            raise ValueError(f"{path}:{number}: {error}") from None
        messages.append(Message(number, text, gold))
    return messages


def kind_name(kind: object) -> str:
    """A found span's kind as a plain string (an Enum's value, if it is one)."""
    return str(getattr(kind, "value", kind))


def as_span(found: Any) -> Span:
    """Whatever find() returns, read through its .kind, .start and .end."""
    return Span(kind_name(found.kind), int(found.start), int(found.end))


def matches(found: Span, gold: Span) -> bool:
    """Same kind, at least 80 % of the gold span covered, at most 3 characters more."""
    if found.kind != gold.kind:
        return False
    overlap = min(found.end, gold.end) - max(found.start, gold.start)
    if overlap <= 0 or overlap < MIN_COVER * (gold.end - gold.start):
        return False
    overhang = max(0, gold.start - found.start) + max(0, found.end - gold.end)
    return overhang <= MAX_OVERHANG


def pair(found: Sequence[Span], gold: Sequence[Span]) -> List[Tuple[int, int]]:
    """Matched (found index, gold index) pairs, each span used once, most overlap first."""
    candidates = []
    for i, f in enumerate(found):
        for j, g in enumerate(gold):
            if matches(f, g):
                overlap = min(f.end, g.end) - max(f.start, g.start)
                candidates.append((-overlap, i, j))
    used_found, used_gold, pairs = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_found and j not in used_gold:
            used_found.add(i)
            used_gold.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Tally:
    """Counts for one kind."""

    gold: int = 0
    found: int = 0
    matched: int = 0

    def precision(self) -> Optional[float]:
        return self.matched / self.found if self.found else None

    def recall(self) -> Optional[float]:
        return self.matched / self.gold if self.gold else None


def _ratio(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.3f}"


def _excerpt(text: str, start: int, end: int, width: int = 50) -> str:
    """The message around a span, the span in »…«."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    return (
        ("…" if left else "")
        + text[left:start]
        + "»"
        + text[start:end]
        + "«"
        + text[end:right]
        + ("…" if right < len(text) else "")
    )


def run(
    find: Callable[[str], list], messages: Sequence[Message]
) -> Tuple[List[List[Span]], List[Tuple[Message, str]]]:
    """The spans found in each message (none where find raised), and the errors."""
    results: List[List[Span]] = []
    errors: List[Tuple[Message, str]] = []
    for message in messages:
        try:
            results.append([as_span(f) for f in find(message.text)])
        except Exception as error:  # a measurement: count it, go on
            results.append([])
            errors.append((message, f"{type(error).__name__}: {error}"))
    return results, errors


def throughput(find: Callable[[str], list], messages: Sequence[Message]) -> float:
    """Messages per second, over as many passes as fill MIN_SECONDS."""
    texts = [m.text for m in messages]
    done, start = 0, time.perf_counter()
    while True:
        for text in texts:
            try:
                find(text)
            except Exception:  # already reported by run()
                pass
        done += len(texts)
        seconds = time.perf_counter() - start
        if seconds >= MIN_SECONDS:
            return done / seconds


def report(
    messages: Sequence[Message], found: Sequence[List[Span]], examples: int
) -> None:
    """Print the table per kind, the clean messages flagged and the examples."""
    tallies: Dict[str, Tally] = {kind: Tally() for kind in KINDS}
    misses: List[str] = []
    false_positives: List[str] = []
    clean = flagged_clean = 0
    for message, spans in zip(messages, found, strict=True):
        pairs = pair(spans, message.gold)
        matched_found = {i for i, _ in pairs}
        matched_gold = {j for _, j in pairs}
        for g in message.gold:
            tallies[g.kind].gold += 1
        for i, f in enumerate(spans):
            tallies.setdefault(f.kind, Tally()).found += 1
            if i in matched_found:
                tallies[f.kind].matched += 1
            else:
                false_positives.append(
                    f"  {f.kind:<9} {message.text[f.start : f.end]!r}  "
                    f"(line {message.line}: {_excerpt(message.text, f.start, f.end)})"
                )
        for j, g in enumerate(message.gold):
            if j in matched_gold:
                continue
            near = [
                f"{f.kind} {message.text[f.start : f.end]!r}"
                for f in spans
                if min(f.end, g.end) > max(f.start, g.start)
            ]
            misses.append(
                f"  {g.kind:<9} {message.text[g.start : g.end]!r}"
                + (f"  found instead: {', '.join(near)}" if near else "")
                + f"  (line {message.line}: {_excerpt(message.text, g.start, g.end)})"
            )
        if not message.gold:
            clean += 1
            flagged_clean += bool(spans)

    print(
        f"{'kind':<10} {'gold':>5} {'found':>6} {'matched':>8} {'precision':>10} {'recall':>7}"
    )
    total = Tally()
    for kind, tally in tallies.items():
        total.gold += tally.gold
        total.found += tally.found
        total.matched += tally.matched
        note = "" if kind in KINDS else "  (not one of the six kinds)"
        print(
            f"{kind:<10} {tally.gold:>5} {tally.found:>6} {tally.matched:>8} "
            f"{_ratio(tally.precision()):>10} {_ratio(tally.recall()):>7}{note}"
        )
    print(
        f"{'overall':<10} {total.gold:>5} {total.found:>6} {total.matched:>8} "
        f"{_ratio(total.precision()):>10} {_ratio(total.recall()):>7}"
    )
    print(
        f"\nmessages without personal data with something flagged: "
        f"{flagged_clean} of {clean}"
    )
    if examples:
        print(f"\nmisses ({len(misses)}, up to {examples} shown):")
        print("\n".join(misses[:examples]) or "  none")
        print(f"\nfalse positives ({len(false_positives)}, up to {examples} shown):")
        print("\n".join(false_positives[:examples]) or "  none")


def main(argv: Optional[List[str]] = None) -> int:
    """Run the detector over the data set and print the measurements."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=DATA,
        help=f"the marked-up messages (default: {DATA.relative_to(REPO)})",
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=15,
        metavar="N",
        help="print up to N misses and N false positives (default: 15; 0: none)",
    )
    args = parser.parse_args(argv)

    try:
        messages = load(args.data)
    except (OSError, ValueError) as error:
        print(f"cannot read the data set: {error}", file=sys.stderr)
        return 0
    try:
        from kontor.privacy.redaction import find
    except ImportError as error:
        print(f"no detector to measure: {error}", file=sys.stderr)
        return 0
    clean = sum(1 for m in messages if not m.gold)
    spans = sum(len(m.gold) for m in messages)
    print(
        f"PII detector on {args.data}: {len(messages)} messages "
        f"({clean} without personal data), {spans} gold spans\n"
    )
    if not messages:
        print(f"no messages in {args.data}", file=sys.stderr)
        return 0
    run(find, messages[:1])  # compiled patterns, lazy imports: not timed
    start = time.perf_counter()
    found, errors = run(find, messages)
    seconds = time.perf_counter() - start
    report(messages, found, args.examples)
    if errors:
        print(
            f"\nfind() raised on {len(errors)} of {len(messages)} messages "
            "(counted as finding nothing):"
        )
        for message, error in errors[: max(args.examples, 1)]:
            print(f"  line {message.line}: {error}")
    # a quick detector is timed over more passes than the one above
    rate = (
        len(messages) / seconds
        if seconds >= MIN_SECONDS
        else throughput(find, messages)
    )
    print(f"\nthroughput: {rate:,.0f} messages/s ({1000 / rate:.3f} ms per message)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
