"""Spreadsheets of coded quotes: read them, place each quote in its transcript, report.

A team that coded in Word or Excel often keeps a sheet with one row per coded quote:
which transcript, which code, the words, who coded it. :func:`read_quote_sheet` reads such a
sheet (CSV or XLSX), :func:`place_quotes` finds every quote in its transcript with
:class:`~realist.coding.locate.QuoteLocator`, and :class:`QuoteImportReport` lists what was
placed and how, and what was not and why.

Examples
--------
>>> from realist.model import Document, Turn
>>> doc = Document(1, "FG1", "P1: We built trust slowly.\\nP2: The navigator helped.", "")
>>> rows = [QuoteRow(2, "FG1", ("trust",), "we built trust slowly"),
...         QuoteRow(3, "FG2", ("nav",), "The navigator helped")]
>>> results = place_quotes(rows, [doc])
>>> [(r.status, r.document_id) for r in results]
[('normalised', 1), ('missing', None)]
>>> results[1].reason
"no transcript called 'FG2': transcripts are FG1; the words occur in FG1: check the transcript column"
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from realist.coding.locate import Placement, QuoteLocator
from realist.errors import ImportFailed
from realist.model import Document, Turn

#: Column roles and the headers recognised for each (case and spacing ignored).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "transcript": ("transcript", "document", "source", "file", "files", "file name",
                   "document name", "transcript name", "focus group", "interview"),
    "code": ("code", "codes", "code name", "node", "nodes", "theme", "category"),
    "excerpt": ("excerpt", "quote", "quotation", "text", "segment", "coded text", "extract",
                "reference", "reference text", "quote text", "excerpt text", "coded segment"),
    "coder": ("coder", "coded by", "author", "analyst", "user", "created by"),
    "memo": ("memo", "comment", "note", "notes"),
    "speaker": ("speaker", "participant", "respondent", "speaker id"),
}  # fmt: skip
REQUIRED = ("transcript", "code", "excerpt")
MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 500 * 1024 * 1024
#: How many rows from the top of a sheet may hold titles before the headers.
HEADER_SEARCH_ROWS = 10
CODE_SEPARATOR = re.compile(r"\s*[;\n]\s*")
REPORT_COLUMNS = (
    "row",
    "transcript",
    "code",
    "coder",
    "excerpt",
    "status",
    "score",
    "document_id",
    "start",
    "end",
    "placed_text",
    "candidates",
    "reason",
)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One row of a quote sheet. ``row`` is the spreadsheet row number (header is row 1)."""

    row: int
    transcript: str
    codes: tuple[str, ...]
    excerpt: str
    coder: str = ""
    memo: str = ""
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class QuoteResult:
    """What became of one row: ``status`` is a placement method, ``missing``,
    ``ambiguous``, ``duplicate`` (already coded) or ``error``."""

    quote: QuoteRow
    status: str
    document_id: int | None = None
    document_name: str = ""
    start: int | None = None
    end: int | None = None
    score: float = 0.0
    placed_text: str = ""
    candidates: tuple[tuple[int, int], ...] = ()
    reason: str = ""

    @property
    def placed(self) -> bool:
        return self.status in ("exact", "normalised", "fuzzy", "duplicate")


@dataclass(frozen=True, slots=True)
class QuoteImportReport:
    """The outcome of importing a quote sheet, row by row."""

    source: str
    results: tuple[QuoteResult, ...]
    codings_added: int = 0
    codes_created: tuple[str, ...] = ()
    coders_created: tuple[str, ...] = ()
    report_path: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        """Rows placed in their transcript (including rows that were already coded)."""
        return sum(1 for r in self.results if r.placed)

    @property
    def problems(self) -> tuple[QuoteResult, ...]:
        """Rows that were not placed: ambiguous, missing or in error."""
        return tuple(r for r in self.results if not r.placed)

    def to_frame(self) -> pd.DataFrame:
        """One row per sheet row, in the columns of the CSV report."""
        return pd.DataFrame([_report_row(r) for r in self.results], columns=list(REPORT_COLUMNS))

    def write_csv(self, path: str | Path) -> Path:
        """Write the report as CSV (UTF-8 with BOM, so Excel shows accents) and return the path."""
        out = Path(path)
        self.to_frame().to_csv(out, index=False, encoding="utf-8-sig")
        return out

    def summary(self) -> str:
        """One line for people: counts by status and what was created."""
        counts = Counter(r.status for r in self.results)
        order = ("exact", "normalised", "fuzzy", "duplicate", "ambiguous", "missing", "error")
        parts = [f"{counts[s]} {s}" for s in order if counts[s]]
        line = (
            f"{self.source}: {len(self.results)} rows, {self.placed} placed "
            f"({', '.join(parts) or 'none'}); {self.codings_added} codings added"
        )
        if self.codes_created:
            line += f"; new codes: {', '.join(self.codes_created)}"
        if self.coders_created:
            line += f"; new coders: {', '.join(self.coders_created)}"
        return line

    def __str__(self) -> str:
        return self.summary()


def read_quote_sheet(path: str | Path, columns: Mapping[str, str] | None = None) -> list[QuoteRow]:
    """Read a CSV or XLSX sheet of coded quotes.

    Parameters
    ----------
    path
        ``.csv`` (comma, semicolon or tab separated; UTF-8 or Windows-1252) or ``.xlsx``
        (the first worksheet with the headers; title rows above the headers are skipped).
    columns
        Header for each role that the defaults in :data:`COLUMN_ALIASES` do not find, e.g.
        ``{"excerpt": "Quote text", "transcript": "Focus group"}``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "q.csv").write_text("Transcript,Node,Quote\\nFG1,trust,We built trust\\n")
    >>> read_quote_sheet(folder / "q.csv")[0]
    QuoteRow(row=2, transcript='FG1', codes=('trust',), excerpt='We built trust', coder='', memo='', speaker='')
    """
    file = Path(path)
    if not file.is_file():
        raise ImportFailed(file, "no such file: check the path")
    if file.stat().st_size > MAX_BYTES:
        raise ImportFailed(file, f"larger than {MAX_BYTES // 2**20} MB: split the sheet")
    suffix = file.suffix.lower()
    if suffix == ".csv":
        tables = [_read_csv(file)]
    elif suffix in (".xlsx", ".xlsm"):
        tables = _read_xlsx(file)
    else:
        raise ImportFailed(file, f"'{suffix}' is not a quote sheet: save it as .csv or .xlsx")
    if not any(tables):
        raise ImportFailed(file, "the sheet is empty: the first row must hold column headers")
    table, at, where = _header(file, tables, columns or {})
    rows = []
    for number, cells in enumerate(table[at + 1 :], start=at + 2):
        values = {role: _cell(cells, at) for role, at in where.items()}
        if not any(values.values()):
            continue
        codes = tuple(c for c in CODE_SEPARATOR.split(values.get("code", "")) if c)
        rows.append(
            QuoteRow(
                row=number,
                transcript=values.get("transcript", ""),
                codes=codes,
                excerpt=values.get("excerpt", ""),
                coder=values.get("coder", ""),
                memo=values.get("memo", ""),
                speaker=values.get("speaker", ""),
            )
        )
    return rows


def place_quotes(
    rows: Iterable[QuoteRow],
    documents: Sequence[Document],
    *,
    min_score: float = 90.0,
    turns: Mapping[int, Sequence[Turn]] | None = None,
) -> list[QuoteResult]:
    """Find every row's excerpt in its transcript (see :class:`QuoteLocator`).

    With ``turns`` (by document id) and a speaker column, a quote whose words fit several
    places is placed when exactly one of those places is in that speaker's turns.
    """
    resolver = DocumentResolver(documents)
    locators: dict[int, QuoteLocator] = {}
    results = []
    for row in rows:
        if not row.codes:
            results.append(QuoteResult(row, "error", reason="no code named in the code column"))
            continue
        doc, note = resolver.resolve(row.transcript)
        if doc is None:
            reason = resolver.why_not(row.transcript)
            hint = _found_elsewhere(row.excerpt, documents, locators, None)
            results.append(QuoteResult(row, "missing", reason=reason + hint))
            continue
        placement = _locator(locators, doc).locate(row.excerpt, min_score=min_score)
        if placement.method == "ambiguous" and row.speaker and turns is not None:
            placement = _by_speaker(placement, row.speaker, turns.get(doc.id, ()))
        result = _result(row, doc, placement)
        if result.status == "missing" and row.excerpt.strip():
            hint = _found_elsewhere(row.excerpt, documents, locators, doc.id)
            result = dataclasses.replace(result, reason=result.reason + hint)
        if note:
            joined = f"{result.reason}; {note}" if result.reason else note
            result = dataclasses.replace(result, reason=joined)
        results.append(result)
    return results


def _by_speaker(placement: Placement, speaker: str, turns: Sequence[Turn]) -> Placement:
    """Keep the ambiguous candidates that start in ``speaker``'s turns; one left: placed."""
    wanted = speaker.strip().casefold()
    kept = [
        (start, end)
        for start, end in placement.candidates
        if any(t.start <= start < t.end and t.speaker.strip().casefold() == wanted for t in turns)
    ]
    if len(kept) != 1:
        return dataclasses.replace(
            placement,
            reason=placement.reason + f" ({len(kept)} of them in turns of {speaker!r})",
        )
    start, end = kept[0]
    return Placement(
        placement.stage or "normalised",
        start,
        end,
        placement.score,
        reason=f"chosen by speaker {speaker!r} among {len(placement.candidates)} places",
    )


def _locator(locators: dict[int, QuoteLocator], doc: Document) -> QuoteLocator:
    if doc.id not in locators:
        locators[doc.id] = QuoteLocator(doc.text)
    return locators[doc.id]


def _found_elsewhere(
    excerpt: str,
    documents: Sequence[Document],
    locators: dict[int, QuoteLocator],
    skip: int | None,
) -> str:
    """A hint naming the other transcripts where the words occur (never used to place)."""
    if not excerpt.strip():
        return ""
    names = [
        doc.name
        for doc in documents
        if doc.id != skip
        and _locator(locators, doc).locate(excerpt, fuzzy=False).method != "missing"
    ]
    if not names:
        return ""
    return f"; the words occur in {', '.join(names[:3])}: check the transcript column"


class DocumentResolver:
    """Match a transcript named in a sheet to a document: by name, then by file name
    without extension, ignoring case and spacing."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = list(documents)
        self.by_key: dict[str, list[Document]] = {}
        for doc in self.documents:
            keys = {_key(doc.name), _key(_stem(doc.name))}
            if doc.source_name:
                keys |= {_key(doc.source_name), _key(_stem(doc.source_name))}
            for key in keys:
                self.by_key.setdefault(key, []).append(doc)

    def resolve(self, name: str) -> tuple[Document | None, str]:
        """The document ``name`` stands for, and a note when only part of the name matched."""
        for doc in self.documents:
            if doc.name == name:
                return doc, ""
        for key in (_key(name), _key(_stem(name))):
            found = self.by_key.get(key, [])
            if len(found) == 1:
                return found[0], ""
        wanted = _key(_stem(name)).split()
        if not wanted:
            return None, ""
        partial = {
            doc.id: doc
            for key, docs in self.by_key.items()
            for doc in docs
            if _contains(key.split(), wanted) or _contains(wanted, key.split())
        }
        if len(partial) == 1:
            doc = next(iter(partial.values()))
            return doc, f"transcript {name!r} taken as {doc.name!r} (the only name that fits)"
        return None, ""

    def why_not(self, name: str) -> str:
        if not name:
            return "no transcript named in the transcript column"
        for key in (_key(name), _key(_stem(name))):
            if len(self.by_key.get(key, [])) > 1:
                names = ", ".join(d.name for d in self.by_key[key])
                return f"transcript {name!r} could be any of {names}: use the exact name"
        names = ", ".join(d.name for d in self.documents[:10]) or "none imported yet"
        if len(self.documents) > 10:
            names += ", ..."
        return f"no transcript called {name!r}: transcripts are {names}"


def _result(row: QuoteRow, doc: Document, placement: Placement) -> QuoteResult:
    if placement.placed:
        assert placement.start is not None and placement.end is not None
        return QuoteResult(
            row,
            placement.method,
            doc.id,
            doc.name,
            placement.start,
            placement.end,
            placement.score,
            doc.text[placement.start : placement.end],
            reason=placement.reason,
        )
    return QuoteResult(
        row,
        placement.method,
        doc.id,
        doc.name,
        score=placement.score,
        candidates=placement.candidates,
        reason=placement.reason,
    )


def _report_row(result: QuoteResult) -> dict[str, Any]:
    quote = result.quote
    return {
        "row": quote.row,
        "transcript": quote.transcript,
        "code": "; ".join(quote.codes),
        "coder": quote.coder,
        "excerpt": quote.excerpt,
        "status": result.status,
        "score": result.score,
        "document_id": result.document_id,
        "start": result.start,
        "end": result.end,
        "placed_text": result.placed_text,
        "candidates": "; ".join(f"{s}-{e}" for s, e in result.candidates),
        "reason": result.reason,
    }


def _contains(words: list[str], part: list[str]) -> bool:
    """Whether ``part`` occurs in ``words`` as a run of whole words."""
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


def _stem(name: str) -> str:
    return Path(name).stem if Path(name).suffix.lower() in _SUFFIXES else name


_SUFFIXES = {".docx", ".doc", ".txt", ".md", ".vtt", ".srt", ".pdf", ".rtf"}


def _cell(cells: Sequence[str], at: int | None) -> str:
    if at is None or at >= len(cells):
        return ""
    return cells[at].strip()


def _find_columns(
    file: Path, header: Sequence[str], columns: Mapping[str, str]
) -> dict[str, int | None]:
    unknown = sorted(set(columns) - set(COLUMN_ALIASES))
    if unknown:
        raise ImportFailed(
            file,
            f"unknown column role(s) {', '.join(unknown)}: roles are " + ", ".join(COLUMN_ALIASES),
        )
    positions = {_key(h): i for i, h in reversed(list(enumerate(header))) if h.strip()}
    where: dict[str, int | None] = {}
    missing = []
    for role, aliases in COLUMN_ALIASES.items():
        wanted = (columns[role],) if role in columns else aliases
        at = next((positions[_key(w)] for w in wanted if _key(w) in positions), None)
        if at is None and (role in REQUIRED or role in columns):
            missing.append(f"{role} (looked for {', '.join(repr(w) for w in wanted)})")
        where[role] = at
    if missing:
        found = ", ".join(repr(h) for h in header if h.strip()) or "none"
        raise ImportFailed(
            file,
            f"missing column(s) {'; '.join(missing)}; the headers are {found}: name the right "
            "header with --column ROLE=HEADER (Python: columns={'excerpt': 'Quote text'})",
        )
    return where


def _read_csv(file: Path) -> list[list[str]]:
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFailed(file, f"not a readable CSV file ({exc})") from None


def _header(
    file: Path, tables: list[list[list[str]]], columns: Mapping[str, str]
) -> tuple[list[list[str]], int, dict[str, int | None]]:
    """The first table and row (among the first few of each sheet) that holds the headers;
    title rows above the headers and sheets without quotes are passed over."""
    first_error: ImportFailed | None = None
    for table in tables:
        for at, header in enumerate(table[:HEADER_SEARCH_ROWS]):
            if not any(cell.strip() for cell in header):
                continue
            try:
                return table, at, _find_columns(file, header, columns)
            except ImportFailed as exc:
                if exc.reason.startswith("unknown column role"):
                    raise
                first_error = first_error or exc
    assert first_error is not None
    raise first_error


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_container(file: Path) -> None:
    """Refuse a workbook whose zip would unpack to far more than a quote sheet needs."""
    import zipfile

    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFailed(file, f"not a readable .xlsx workbook ({exc})") from None
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if len(infos) > 5000 or unpacked > MAX_UNPACKED or unpacked > 200 * max(packed, 1) + 2**20:
        raise ImportFailed(
            file, "unpacks to far more than its size (a zip bomb or a damaged file): refused"
        )


def _read_xlsx(file: Path) -> list[list[list[str]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    _check_container(file)
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailed(file, f"not a readable .xlsx workbook ({exc})") from None
    try:
        return [
            [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        ]
    finally:
        book.close()
