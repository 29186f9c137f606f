"""Participant rosters: a CSV (or Excel sheet) of who spoke, with their attributes.

Columns ``label`` (required; also accepted: speaker, participant, id, code, name),
``pseudonym``, ``role``, ``site`` and ``group``; any other column becomes an attribute.
Column names are matched without regard to case or spaces.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "roster.csv"
>>> _ = path.write_text("Label,Role,Site,Years\\nP1,practitioner,regional,4\\n", encoding="utf-8")
>>> read_roster(path)
[{'label': 'P1', 'role': 'practitioner', 'site': 'regional', 'Years': '4'}]
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path
from typing import Any

from realist.errors import ImportFailed
from realist.ingest.encoding import decode_text

__all__ = ["read_roster"]

_ALIASES = {
    "label": "label",
    "speaker": "label",
    "participant": "label",
    "participantid": "label",
    "id": "label",
    "code": "label",
    "name": "label",
    "pseudonym": "pseudonym",
    "role": "role",
    "site": "site",
    "group": "group",
    "focusgroup": "group",
}
_MAX_BYTES = 20 * 1024 * 1024


def read_roster(path: str | os.PathLike[str], *, group: str = "") -> list[dict[str, Any]]:
    """Rows of the roster at ``path``, ready for ``Project.upsert_participants``.

    ``group`` fills the group of rows that have none. Raises
    :class:`~realist.errors.ImportFailed` naming the line and column at fault.
    """
    path = Path(path)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise ImportFailed(path, "is too large for a roster (over 20 MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(path, "does not exist: check the roster path") from None
    if not data.strip():
        raise ImportFailed(path, "is empty: a roster needs a header row with a label column")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows = _xlsx_rows(data, path)
    else:
        text, _ = decode_text(data, str(path))
        header, rows = _csv_rows(text)
    return _records(path, header, rows, group)


def _csv_rows(text: str) -> tuple[list[str], list[list[str]]]:
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    table = list(csv.reader(io.StringIO(text), dialect))
    return (table[0] if table else []), table[1:]


def _xlsx_rows(data: bytes, path: Path) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ImportFailed(path, f"is not a readable Excel workbook ({exc})") from None
    sheet = book.worksheets[0]
    table = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    book.close()
    return (table[0] if table else []), table[1:]


def _records(
    path: Path, header: list[str], rows: list[list[str]], group: str
) -> list[dict[str, Any]]:
    keys = []
    for column in header:
        folded = "".join(column.split()).replace("_", "").casefold()
        keys.append(_ALIASES.get(folded, column.strip()))
    if "label" not in keys:
        raise ImportFailed(
            path,
            f"has no label column (found: {', '.join(h for h in header if h) or 'nothing'}):"
            " name the column of speaker labels 'label'",
        )
    records: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        record: dict[str, Any] = {}
        for key, cell in zip(keys, row, strict=False):
            if key and key not in record:
                record[key] = cell.strip()
        label = record.get("label", "")
        if not label:
            raise ImportFailed(path, f"line {line}: the label is empty: give every row a label")
        if group and not record.get("group"):
            record["group"] = group
        identity = (label.casefold(), str(record.get("group", "")))
        if identity in seen:
            raise ImportFailed(
                path, f"line {line}: {label!r} is listed twice (first on line {seen[identity]})"
            )
        seen[identity] = line
        records.append({k: v for k, v in record.items() if k in _ALIASES.values() or v != ""})
    return records
