"""Reading the CSV files a Mittelstand ERP exports: semicolons, decimal commas.

The reader finds the encoding (UTF-8, with or without BOM, else Windows-1252), maps
German column names (and their usual variants) to fields, and collects every problem
with its line number instead of stopping at the first, so staff can fix a file in one
go. Nothing here writes; the importers do that only when a file has no problem at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

ENCODINGS = ("utf-8-sig", "cp1252")
# what we show for an encoding in messages
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp1252": "Windows-1252"}


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file: where (line, column) and what, in plain German."""

    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = f"Zeile {self.line}" if self.line else "Datei"
        if self.column:
            where += f", Spalte „{self.column}“"
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """The file was not imported; ``problems`` says why, line by line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Column:
    """A field of an export and the header names it goes by."""

    field: str
    names: Tuple[str, ...]
    required: bool = False

    @property
    def label(self) -> str:
        """The name we use in messages: the first, canonical one."""
        return self.names[0]


@dataclass
class Export:
    """A decoded export: rows as {field: text} with their line numbers."""

    path: Path
    encoding: str
    headers: Dict[str, str]  # field -> header as written in the file
    rows: List[Tuple[int, Dict[str, str]]]
    extra: Dict[str, str] = field(default_factory=dict)  # header -> field, unknown
    warnings: List[Problem] = field(default_factory=list)


def normalize_header(name: str) -> str:
    """Header for comparison: lower case, umlauts spelled out, no units, one space."""
    text = name.replace("\ufeff", "").strip().lower()
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    text = re.sub(r"(?<![a-zäöüß])(?:in\s+)?(?:eur|euro|€)(?![a-zäöüß])", " ", text)
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = text.replace("-", " ").replace(".", " ")
    text = re.sub(r"\s+", " ", text).strip(" :")
    return text


def decode(data: bytes, encoding: Optional[str] = None) -> Tuple[str, str]:
    """The text of an export and the encoding it was in.

    UTF-8 first (a Windows-1252 file with umlauts is never valid UTF-8), then
    Windows-1252. A file with NUL bytes is UTF-16 or binary, which an ERP's CSV export
    is not: that is refused with a hint instead of being read as garbage.
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise ImportFailed(
                [
                    Problem(
                        0, f"Die Datei lässt sich nicht als {encoding} lesen ({error})."
                    )
                ]
            ) from None
    if b"\x00" in data[:4096]:
        raise ImportFailed(
            [
                Problem(
                    0,
                    "Die Datei enthält Null-Bytes: Sie ist vermutlich UTF-16 oder "
                    "keine "
                    "Textdatei. Bitte als CSV in UTF-8 oder Windows-1252 (ANSI) "
                    "exportieren.",
                )
            ]
        )
    for candidate in ENCODINGS:
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    raise ImportFailed(
        [
            Problem(
                0,
                "Die Datei ist weder UTF-8 noch Windows-1252. Bitte in einer dieser "
                "Kodierungen exportieren oder --encoding angeben.",
            )
        ]
    )


def read_export(
    path: Path | str,
    columns: Sequence[Column],
    *,
    encoding: Optional[str] = None,
    delimiter: str = ";",
    patterns: Optional[Mapping[str, re.Pattern[str]]] = None,
) -> Export:
    """Decode ``path``, map its header to ``columns``; ImportFailed if unusable.

    ``patterns`` name families of columns (e.g. "Staffel 2 Preis"): a header that
    matches one is kept under its normalized name.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailed(
            [Problem(0, f"Die Datei {path} lässt sich nicht lesen: {error.strerror}.")]
        ) from None
    text, used = decode(data, encoding)
    if not text.strip():
        raise ImportFailed([Problem(0, "Die Datei ist leer.")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    if len(header) == 1 and delimiter not in header[0]:
        other = next((sep for sep in (",", "\t", "|") if sep in header[0]), None)
        hint = f" Die Kopfzeile ist durch „{other}“ getrennt;" if other else ""
        raise ImportFailed(
            [
                Problem(
                    1,
                    f"Keine Spalten gefunden: erwartet wird das Trennzeichen "
                    f"„{delimiter}“.{hint} mit --delimiter lässt es sich angeben.",
                )
            ]
        )
    known = {
        normalize_header(name): column for column in columns for name in column.names
    }
    headers: Dict[str, str] = {}
    extra: Dict[str, str] = {}
    problems: List[Problem] = []
    positions: List[Optional[str]] = []
    for written in header:
        key = normalize_header(written)
        column = known.get(key)
        name = column.field if column else None
        if name is None:
            family = next(
                (
                    f
                    for f, pattern in (patterns or {}).items()
                    if pattern.fullmatch(key)
                ),
                None,
            )
            name = key if family else None
        if name is not None and name in headers:
            problems.append(
                Problem(
                    1,
                    f"Die Spalte kommt doppelt vor (auch „{headers[name]}“).",
                    written,
                )
            )
            name = None
        if name is not None:
            headers[name] = written
        elif key and not any(p.column == written for p in problems):
            extra[written] = key
        positions.append(name)
    for column in columns:
        if column.required and column.field not in headers:
            problems.append(Problem(1, f"Pflichtspalte „{column.label}“ fehlt."))
    if problems:
        raise ImportFailed(problems)

    rows: List[Tuple[int, Dict[str, str]]] = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(
            cell.strip() for cell in record[len(header) :]
        ):
            problems.append(
                Problem(
                    line,
                    f"{len(record)} Felder statt {len(header)} – steht ein "
                    f"„{delimiter}“ im Text, ohne Anführungszeichen?",
                )
            )
            continue
        values = {
            name: cell.strip()
            for name, cell in zip(positions, record, strict=False)
            if name is not None
        }
        rows.append((line, values))
    if problems:
        raise ImportFailed(problems)
    warnings = [
        Problem(0, "Diese Spalte wird nicht gelesen.", written) for written in extra
    ]
    return Export(path, used, headers, rows, extra, warnings)


_GERMAN_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_DOT_DECIMAL = re.compile(r"\d+\.\d{1,2}")


def german_decimal(text: str) -> Decimal:
    """Read a German amount: "1.234,50" → 1234.50, "12,90 €" → 12.90, "12.90" → 12.90.

    Raises ValueError with a German message. "1.250" is read as 1250 (thousands),
    as a German export means it.
    """
    cleaned = text.replace("€", "").replace("EUR", "").replace("\u00a0", "").strip()
    cleaned = cleaned.replace(" ", "")
    if cleaned.startswith("-"):
        raise ValueError(f"„{text}“ ist negativ.")
    if _GERMAN_NUMBER.fullmatch(cleaned):
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    if _DOT_DECIMAL.fullmatch(cleaned):
        return Decimal(cleaned)
    raise ValueError(f"„{text}“ ist keine Zahl (erwartet z. B. 12,90 oder 1.234,50).")


def cents(text: str) -> int:
    """A price in whole cents; more than two non-zero decimals are refused."""
    value = german_decimal(text)
    scaled = value * 100
    if scaled != scaled.to_integral_value():
        raise ValueError(f"„{text}“ hat mehr als zwei Nachkommastellen.")
    return int(scaled)


def whole_number(text: str) -> int:
    """Read a whole number: "1.200" → 1200, "12,0" → 12; fractions are refused."""
    try:
        value = german_decimal(text)
    except (ValueError, InvalidOperation):
        raise ValueError(f"„{text}“ ist keine ganze Zahl.") from None
    if value != value.to_integral_value():
        raise ValueError(f"„{text}“ ist keine ganze Zahl.")
    return int(value)


_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")
_DATETIME_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
)


def german_date(text: str) -> dt.date:
    """Read "24.12.2026", "2026-12-24" or "24.12.26"; else ValueError."""
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise ValueError(f"„{text}“ ist kein Datum (erwartet TT.MM.JJJJ).")


def german_datetime(text: str, tz: ZoneInfo) -> dt.datetime:
    """A local date and time (or a date, read as midnight) in ``tz``."""
    for form in _DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), form).replace(tzinfo=tz)
        except ValueError:
            continue
    day = german_date(text)
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz)


def write_export(rows: Sequence[Mapping[str, object]], headers: Sequence[str]) -> str:
    """Rows as an ERP would export them: semicolons, quoted where needed."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    return out.getvalue()
