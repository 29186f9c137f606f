"""The review report: every proposed replacement as a row a person can check.

Columns: ``document, start, end, kind, source, original, replacement, context,
identity``. A reviewer deletes rows to keep words, and adds rows for what was missed; an
added row needs only ``original`` and ``kind`` (and ``document``, or every document in
the report is searched), and every whole-word occurrence is replaced. ``replacement``
may be left as proposed (placeholders are allotted again when the report is applied, so
numbers stay consistent with the project) or overwritten by the reviewer's own words
(``[a regional town]``), which are used as written.

Speaker labels are words too. Most readers write the label into the text (``Jane Smith:
...``), where detection finds it; a label kept only on the turns (a REFI-QDA project from
another tool, say) gets a row of its own with ``source`` ``speaker`` and no ``start`` or
``end``. Applying a report renames each speaker label to whatever replaced it:
:func:`label_replacements` works that out per document.

Examples
--------
>>> from realist.deid.kinds import Detection, Kind, Source
>>> from realist.deid.pseudonyms import Pseudonyms
>>> text = "Kylie rang Kylie's team leader."
>>> rows = report_frame([("fg1", text)], [[Detection(0, 5, Kind.PERSON, Source.NER, "Kylie")]],
...                     Pseudonyms(b"k" * 32))
>>> rows[["original", "replacement", "context"]].iloc[0].tolist()
['Kylie', '[Person 1]', "[[Kylie]] rang Kylie's team leader."]
>>> added = pd.DataFrame([{"document": "fg1", "original": "Kylie", "kind": "person"}])
>>> edits = resolve(read_report(added), {"fg1": text}, Pseudonyms(b"k" * 32))
>>> rewrite(text, [], edits["fg1"])[0]
"[Person 1] rang [Person 1]'s team leader."
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from realist.deid.kinds import Detection, Kind, Source
from realist.deid.merge import merge
from realist.deid.pseudonyms import Pseudonyms, is_placeholder, normalise
from realist.errors import ValidationError
from realist.model import TurnDraft

REPORT_COLUMNS = [
    "document",
    "start",
    "end",
    "kind",
    "source",
    "original",
    "replacement",
    "context",
    "identity",
]
REQUIRED = ("original", "kind")
CONTEXT_CHARS = 40
#: The ``source`` of a report row for a speaker label that detection did not find in the text.
SPEAKER_SOURCE = "speaker"


@dataclass(frozen=True, slots=True)
class SpeakerLabel:
    """A speaker label of one document: the label, whose it is (the roster identity,
    ``participant:label|group``), how many turns carry it, and where the text shows it
    (``[start, end)`` spans; none when the label lives only on the turns)."""

    label: str
    identity: str
    turns: int
    positions: tuple[tuple[int, int], ...] = ()


def label_positions(text: str, turns: Sequence[Any]) -> dict[str, list[tuple[int, int]]]:
    """Where the text shows each turn's speaker label: its last whole-word occurrence
    between the previous turn's end and the turn's start (turns need ``speaker``,
    ``start``, ``end``, in order).

    >>> from realist.model import TurnDraft
    >>> text = "Sharon: Hi Mick.\\nMick: Hi.\\n"
    >>> label_positions(text, [TurnDraft("Sharon", 8, 16), TurnDraft("Mick", 23, 26)])
    {'Sharon': [(0, 6)], 'Mick': [(17, 21)]}
    """
    found: dict[str, list[tuple[int, int]]] = {}
    previous = 0
    for turn in turns:
        if turn.speaker:
            spans = _occurrences(text[previous : turn.start], turn.speaker)
            if spans:
                start, end = spans[-1]
                found.setdefault(turn.speaker, []).append((previous + start, previous + end))
        previous = max(previous, turn.end)
    return found


def label_key(text: str) -> str:
    """The form a speaker label and the words in the text are compared by (casefolded,
    spaces collapsed, a possessive dropped).

    >>> label_key("  Jane   SMITH "), label_key("Sharon's")
    ('jane smith', 'sharon')
    """
    return normalise(Kind.PERSON, text)


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The words around ``[start, end)`` on one line, the match marked ``[[...]]``."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    snippet = f"{left}[[{text[start:end]}]]{right}"
    return " ".join(snippet.split())


def report_frame(
    named_texts: Sequence[tuple[str, str]],
    detections: Sequence[Sequence[Detection]],
    book: Pseudonyms,
    speakers: Sequence[Sequence[SpeakerLabel]] | None = None,
) -> pd.DataFrame:
    """One row per detection, documents in the order given.

    ``speakers`` (per document, like ``detections``) are the speaker labels that look like
    names: a label that no detection reads where the text shows it (anywhere in the
    document, for a label only on the turns) is added as a row of its own
    (``source`` ``speaker``, no ``start`` and ``end``), so the reviewer sees it and applying
    the report renames it.
    """
    rows = []
    per_document = speakers if speakers is not None else [()] * len(named_texts)
    for (name, text), found, labels in zip(named_texts, detections, per_document, strict=True):
        for d in found:
            rows.append(
                {
                    "document": name,
                    "start": d.start,
                    "end": d.end,
                    "kind": d.kind.value,
                    "source": d.source.value,
                    "original": d.text,
                    "replacement": book.placeholder(d.kind, d.text, d.identity),
                    "context": context_of(text, d.start, d.end),
                    "identity": d.identity,
                }
            )
        for speaker in labels:
            key = label_key(speaker.label)
            if any(
                label_key(d.text) == key
                and (
                    not speaker.positions
                    or any(d.start < e and s < d.end for s, e in speaker.positions)
                )
                for d in found
            ):
                continue
            in_text = len(_occurrences(text, speaker.label))
            where = f"also {in_text} time(s) in the text" if in_text else "not in the text"
            rows.append(
                {
                    "document": name,
                    "start": None,
                    "end": None,
                    "kind": Kind.PERSON.value,
                    "source": SPEAKER_SOURCE,
                    "original": speaker.label,
                    "replacement": book.placeholder(Kind.PERSON, speaker.label, speaker.identity),
                    "context": f"speaker label of {speaker.turns} turn(s); {where}",
                    "identity": speaker.identity,
                }
            )
    frame = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    return frame.astype({"start": "Int64", "end": "Int64"})


#: A cell a spreadsheet would run as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_COLUMNS = ("document", "original", "replacement", "context", "identity")
#: The longest replacement a row may give (a placeholder or a short description).
MAX_REPLACEMENT = 200


def _safe_cell(value: object) -> object:
    """A text cell a spreadsheet shows as text: a leading ``'`` before a formula start.

    >>> _safe_cell("=1+cmd|' /C calc'!A0"), _safe_cell("+61 491 570 110"), _safe_cell("Kirra")
    ("'=1+cmd|' /C calc'!A0", "'+61 491 570 110", 'Kirra')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _unsafe_cell(value: object) -> object:
    """Undo :func:`_safe_cell` when reading a report back."""
    if isinstance(value, str) and value[:1] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def write_report(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a report CSV that a spreadsheet opens safely: cells that would start a formula
    (``=``, ``+61 ...``, ``@``) get a leading ``'``, which :func:`read_report` removes
    again; the file is readable by its owner only, since it holds the original words."""
    safe = frame.copy()
    for column in _TEXT_COLUMNS:
        if column in safe.columns:
            safe[column] = safe[column].map(_safe_cell)
    target = Path(path)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(target, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
        safe.to_csv(handle, index=False)


def _separator(path: Path) -> str:
    """The report's column separator: a comma, or the semicolon or tab a spreadsheet set
    to another locale saves with; read from the header line."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        header = handle.readline()
    for separator in (",", ";", "\t"):
        if "original" in (c.strip().strip('"').lower() for c in header.split(separator)):
            return separator
    return ","


def read_report(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """A report from a CSV file or a DataFrame, checked; a ``line`` column names the CSV
    line of each row for messages."""
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        where = "the report"
        first_line = 0
    else:
        path = Path(source)
        where = str(path)
        first_line = 2
        if not path.is_file():
            raise ValidationError(
                f"{path}: no such report: write one with realist deid PROJECT --report FILE, "
                "review it, then apply that file"
            )
        try:
            if path.suffix.lower() in (".xlsx", ".xlsm"):
                frame = pd.read_excel(path, dtype=str, keep_default_na=False)
            else:
                frame = pd.read_csv(
                    path,
                    dtype=str,
                    keep_default_na=False,
                    encoding="utf-8-sig",
                    sep=_separator(path),
                )
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            if isinstance(exc, pd.errors.EmptyDataError):
                raise ValidationError(
                    f"{path}: the report is empty; write one with --report first"
                ) from None
            reason = " ".join(str(exc).split())
            raise ValidationError(
                f"{path}: cannot read this report ({reason}); save it as CSV UTF-8 (comma"
                " delimited) or as .xlsx"
            ) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"{where}: missing column(s) {', '.join(missing)}; a report needs at least "
            "original and kind (and document, start, end for rows from detection)"
        )
    for column in REPORT_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame.astype(object).where(frame.notna(), "")
    for column in _TEXT_COLUMNS:
        frame[column] = frame[column].map(_unsafe_cell)
    frame["line"] = range(first_line, first_line + len(frame))
    return frame


@dataclass(frozen=True, slots=True)
class Edit:
    """One replacement to make: ``[start, end)`` becomes ``replacement``."""

    start: int
    end: int
    kind: Kind
    original: str
    replacement: str
    source: Source
    identity: str = ""


def _int(value: Any, where: str, field: str) -> int | None:
    text = str(value).strip()
    if text in ("", "<NA>", "nan", "None"):
        return None
    try:
        return int(float(text))
    except ValueError:
        raise ValidationError(f"{where}: {field} {text!r} is not a whole number") from None


def _occurrences(text: str, original: str) -> list[tuple[int, int]]:
    words = [re.escape(w) for w in original.split()]
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def _check_replacement(replacement: str, where: str) -> None:
    """A replacement is a placeholder or a short description on one line, never a formula."""
    if "\n" in replacement or "\r" in replacement:
        raise ValidationError(
            f"{where}: the replacement runs over more than one line; give a placeholder or a"
            " short description on one line"
        )
    if len(replacement) > MAX_REPLACEMENT:
        raise ValidationError(
            f"{where}: the replacement is {len(replacement):,} characters long; keep it under"
            f" {MAX_REPLACEMENT} (a placeholder or a short description)"
        )
    if replacement.startswith(("=", "+", "@")):
        raise ValidationError(
            f"{where}: the replacement {replacement[:40]!r} starts like a spreadsheet formula;"
            " give a placeholder such as [Person 3] or a short description"
        )


def resolve(
    report: pd.DataFrame,
    texts: Mapping[str, str],
    book: Pseudonyms,
    *,
    done: Iterable[str] = (),
) -> dict[str, list[Edit]]:
    """Check every row against the documents' text and work out the edits per document.

    Rows with ``start`` and ``end`` must still read ``original`` there; rows without them
    replace every whole-word occurrence. Overlaps are settled as in detection (longest
    first). Raises ``ValidationError`` naming the line of the first bad row; for a row of a
    document in ``done`` (already de-identified) the message says the report was most
    likely applied already.
    """
    if report.empty:
        raise ValidationError(
            "the report has no rows: write one with realist deid PROJECT --report FILE"
        )
    found: dict[str, list[Detection]] = {name: [] for name in texts}
    done_names = set(done)
    custom: dict[tuple[str, int, int], str] = {}
    for row in report.to_dict("records"):
        where = f"report line {row.get('line', '?')}"
        original = str(row["original"])
        if not original.strip():
            raise ValidationError(f"{where}: 'original' is empty; give the words to replace")
        try:
            kind = Kind.parse(str(row["kind"]))
        except ValueError as exc:
            raise ValidationError(f"{where}: {exc}") from None
        name = str(row.get("document", "")).strip()
        if name and name not in texts:
            raise ValidationError(
                f"{where}: document {name!r} is not in the project (or not in this run); "
                "check its name with `realist info`"
            )
        start = _int(row.get("start", ""), where, "start")
        end = _int(row.get("end", ""), where, "end")
        source_text = str(row.get("source", "")).strip()
        source = (
            Source(source_text) if source_text in Source._value2member_map_ else Source.REVIEWER
        )
        identity = str(row.get("identity", "")).strip()
        replacement = str(row.get("replacement", "")).strip()
        _check_replacement(replacement, where)
        targets: list[tuple[str, int, int]] = []
        if start is not None and end is not None and name:
            text = texts[name]
            if not (0 <= start < end <= len(text)) or text[start:end] != original:
                if name in done_names:
                    raise ValidationError(
                        f"{where}: document {name!r} was already de-identified and no longer"
                        f" reads {original!r} at {start}-{end}: this report was most likely"
                        " applied already, so there is nothing to apply; for more changes,"
                        f" write a new report (realist deid PROJECT {name} --report FILE)"
                    )
                raise ValidationError(
                    f"{where}: document {name!r} does not read {original!r} at {start}-{end}; "
                    "the document changed since the report was written, or the row was "
                    "edited: clear start and end to replace every occurrence, or write a "
                    "new report"
                )
            targets.append((name, start, end))
        else:
            source = Source.REVIEWER
            for doc_name in [name] if name else list(texts):
                targets.extend((doc_name, s, e) for s, e in _occurrences(texts[doc_name], original))
            is_label = source_text == SPEAKER_SOURCE
            if not targets and not is_label and not (name and name in done_names):
                raise ValidationError(
                    f"{where}: {original!r} is not in "
                    f"{'document ' + repr(name) if name else 'any document of this run'}"
                    " as a whole word; check its spelling (and capitals) or delete the row"
                )
        for doc_name, s, e in targets:
            words = texts[doc_name][s:e]
            found[doc_name].append(Detection(s, e, kind, source, words, identity))
            if replacement and not is_placeholder(replacement):
                custom[(doc_name, s, e)] = replacement
    edits: dict[str, list[Edit]] = {}
    for name, detections in found.items():
        edits[name] = [
            Edit(
                d.start,
                d.end,
                d.kind,
                d.text,
                custom.get((name, d.start, d.end)) or book.placeholder(d.kind, d.text, d.identity),
                d.source,
                d.identity,
            )
            for d in merge(detections)
        ]
    return edits


def speaker_rows(
    report: pd.DataFrame, names: Sequence[str], book: Pseudonyms
) -> dict[str, dict[str, str]]:
    """The report's speaker-label rows (``source`` ``speaker``): per document, each label
    and what replaces it (a row without a document counts for every document named)."""
    found: dict[str, dict[str, str]] = {name: {} for name in names}
    for row in report.to_dict("records"):
        if str(row.get("source", "")).strip() != SPEAKER_SOURCE:
            continue
        label = str(row["original"]).strip()
        if not label:
            continue
        try:
            kind = Kind.parse(str(row["kind"]))
        except ValueError as exc:
            raise ValidationError(f"report line {row.get('line', '?')}: {exc}") from None
        replacement = str(row.get("replacement", "")).strip()
        if not replacement or is_placeholder(replacement):
            replacement = book.placeholder(kind, label, str(row.get("identity", "")).strip())
        name = str(row.get("document", "")).strip()
        for doc_name in [name] if name else names:
            if doc_name in found:
                found[doc_name][label] = replacement
    return found


def replacement_of(label: str, identity: str, edits: Iterable[Edit]) -> str | None:
    """What replaced ``label`` among ``edits``: the edits that read the label (compared by
    :func:`label_key`), those of the label's own identity first, then the most frequent
    replacement, then the earliest; ``None`` when no edit reads it.

    >>> e = [Edit(0, 6, Kind.PERSON, "Sharon", "[Person 5]", Source.NER),
    ...      Edit(9, 15, Kind.PERSON, "SHARON", "[Person 1]", Source.ROSTER, "participant:Sharon|")]
    >>> replacement_of("Sharon", "participant:Sharon|", e), replacement_of("Mick", "", e)
    ('[Person 1]', None)
    """
    key = label_key(label)
    if not key:
        return None
    candidates = [e for e in edits if label_key(e.original) == key]
    if not candidates:
        return None
    counts = Counter(e.replacement for e in candidates)
    preferred = [e for e in candidates if identity and e.identity == identity] or candidates
    return max(preferred, key=lambda e: (counts[e.replacement], -e.start)).replacement


def label_replacements(
    edits: Mapping[str, Sequence[Edit]],
    labels: Mapping[str, Sequence[SpeakerLabel]],
    rows: Mapping[str, Mapping[str, str]],
) -> dict[str, dict[str, str]]:
    """Per document, each speaker label whose words were replaced there and what replaced
    them. Where the text shows the label, the edits there decide (see
    :func:`replacement_of`); a label only on the turns takes any edit of that document
    that reads it, else the report's speaker-label rows (``rows``, from
    :func:`speaker_rows`). Labels the reviewer kept are left out.

    >>> e = {"fg1": [Edit(0, 6, Kind.PERSON, "Sharon", "[Person 1]", Source.ROSTER),
    ...              Edit(20, 24, Kind.PERSON, "Mick", "[Person 2]", Source.ROSTER)]}
    >>> labels = {"fg1": [SpeakerLabel("Sharon", "", 2, ((0, 6),)),
    ...                   SpeakerLabel("Mick", "", 1, ((40, 44),)), SpeakerLabel("P2", "", 1)],
    ...           "fg2": [SpeakerLabel("Jane Smith", "", 3)]}
    >>> label_replacements(e, labels, {"fg2": {"jane  smith": "[Person 3]"}})
    {'fg1': {'Sharon': '[Person 1]'}, 'fg2': {'Jane Smith': '[Person 3]'}}
    """
    result: dict[str, dict[str, str]] = {}
    for name, doc_labels in labels.items():
        listed = {label_key(k): v for k, v in rows.get(name, {}).items()}
        doc_edits = edits.get(name, ())
        chosen: dict[str, str] = {}
        for speaker in doc_labels:
            if speaker.positions:
                shown = [
                    e
                    for e in doc_edits
                    if any(e.start < end and start < e.end for start, end in speaker.positions)
                ]
                found = replacement_of(speaker.label, speaker.identity, shown)
            else:
                found = replacement_of(speaker.label, speaker.identity, doc_edits)
                if found is None:
                    found = listed.get(label_key(speaker.label))
            if found is not None and found != speaker.label:
                chosen[speaker.label] = found
        if chosen:
            result[name] = chosen
    return result


def scrub(text: str, pairs: Iterable[tuple[str, str]]) -> str:
    """``text`` with every whole-word occurrence of each original (any case, any spacing)
    replaced by its replacement, longest originals first.

    >>> scrub("line 3: 'Sharon' looks like a label", [("sharon", "[Person 1]")])
    "line 3: '[Person 1]' looks like a label"
    """
    ordered = sorted({o: r for o, r in pairs if o.strip()}.items(), key=lambda p: -len(p[0]))
    for original, replacement in ordered:
        words = [re.escape(w) for w in original.split()]
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
        text = pattern.sub(lambda _, r=replacement: r, text)  # type: ignore[misc]
    return text


def _shift(position: int, edits: Sequence[Edit], *, is_end: bool) -> int:
    """Where ``position`` lands after ``edits`` (sorted, non-overlapping). A position
    strictly inside a replaced span moves to that replacement's start (or end, for an end)."""
    delta = 0
    for e in edits:
        if position <= e.start:
            break
        if position < e.end:
            return e.start + delta + (len(e.replacement) if is_end else 0)
        delta += len(e.replacement) - (e.end - e.start)
    return position + delta


def remap_spans(
    spans: Sequence[tuple[int, int, int]], edits: Sequence[Edit]
) -> list[tuple[int, int, int]]:
    """``(id, start, end)`` spans moved through the edits, exactly: text before, between
    and after replacements keeps its words; a boundary inside a replaced name moves to the
    edge of its placeholder, so a coding of the name now covers the placeholder.

    >>> e = Edit(start=4, end=16, kind=Kind.PERSON, original="Sharon Tully",
    ...          replacement="[Person 1]", source=Source.NER)
    >>> remap_spans([(1, 0, 30), (2, 4, 16), (3, 20, 25)], [e])
    [(1, 0, 28), (2, 4, 14), (3, 18, 23)]
    """
    ordered = sorted(edits, key=lambda e: e.start)
    return [
        (i, _shift(start, ordered, is_end=False), _shift(end, ordered, is_end=True))
        for i, start, end in spans
    ]


def rewrite(text: str, turns: Sequence[Any], edits: Sequence[Edit]) -> tuple[str, list[TurnDraft]]:
    """The new text and the turns remapped through the edits (turns need ``speaker``,
    ``start``, ``end`` and ``timestamp``)."""
    ordered = sorted(edits, key=lambda e: e.start)
    pieces = []
    cursor = 0
    for e in ordered:
        pieces.append(text[cursor : e.start])
        pieces.append(e.replacement)
        cursor = e.end
    pieces.append(text[cursor:])
    new_text = "".join(pieces)
    new_turns = []
    for t in turns:
        start = _shift(t.start, ordered, is_end=False)
        end = _shift(t.end, ordered, is_end=True)
        if end > start:
            new_turns.append(TurnDraft(t.speaker, start, end, getattr(t, "timestamp", None)))
    return new_text, new_turns
