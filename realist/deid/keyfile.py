"""The re-identification key: which placeholder stands for which original words.

It is written only when asked (``--key-out``), to a file of its own, never into the
project. Keep it apart from the de-identified data, encrypted or locked away.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from realist.deid.report import Edit

KEY_COLUMNS = ["placeholder", "kind", "original", "documents", "occurrences", "speaker_turns"]


@dataclass
class _KeyRow:
    placeholder: str
    kind: str
    original: str
    documents: list[str] = field(default_factory=list)
    occurrences: int = 0
    speaker_turns: int = 0


@dataclass(frozen=True, slots=True)
class LabelChange:
    """A speaker label (a participant's label) renamed by de-identification: in
    ``document`` (empty for a participant who speaks in none), on ``turns`` turns."""

    document: str
    original: str
    label: str
    turns: int


def write_key(
    path: Path, edits: Mapping[str, Sequence[Edit]], labels: Sequence[LabelChange] = ()
) -> None:
    """Write one row per (placeholder, original) with the documents it occurs in: how
    often in the text (``occurrences``) and on how many turns as the speaker label
    (``speaker_turns``). The file is created new (never overwritten) and readable by its
    owner only."""
    rows: dict[tuple[str, str], _KeyRow] = {}
    for document, doc_edits in edits.items():
        for e in doc_edits:
            row = rows.setdefault(
                (e.replacement, e.original), _KeyRow(e.replacement, e.kind.value, e.original)
            )
            if document not in row.documents:
                row.documents.append(document)
            row.occurrences += 1
    for change in labels:
        row = rows.setdefault(
            (change.label, change.original), _KeyRow(change.label, "person", change.original)
        )
        if change.document and change.document not in row.documents:
            row.documents.append(change.document)
        row.speaker_turns += change.turns
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(KEY_COLUMNS)
        for key in sorted(rows):
            r = rows[key]
            writer.writerow(
                [
                    r.placeholder,
                    r.kind,
                    r.original,
                    "; ".join(r.documents),
                    r.occurrences,
                    r.speaker_turns,
                ]
            )
