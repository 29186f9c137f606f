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

KEY_COLUMNS = ["placeholder", "kind", "original", "documents", "occurrences"]


@dataclass
class _KeyRow:
    placeholder: str
    kind: str
    original: str
    documents: list[str] = field(default_factory=list)
    occurrences: int = 0


def write_key(path: Path, edits: Mapping[str, Sequence[Edit]]) -> None:
    """Write one row per (placeholder, original) with the documents it occurs in; the
    file is created new (never overwritten) and readable by its owner only."""
    rows: dict[tuple[str, str], _KeyRow] = {}
    for document, doc_edits in edits.items():
        for e in doc_edits:
            row = rows.setdefault(
                (e.replacement, e.original), _KeyRow(e.replacement, e.kind.value, e.original)
            )
            if document not in row.documents:
                row.documents.append(document)
            row.occurrences += 1
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(KEY_COLUMNS)
        for key in sorted(rows):
            r = rows[key]
            writer.writerow(
                [r.placeholder, r.kind, r.original, "; ".join(r.documents), r.occurrences]
            )
