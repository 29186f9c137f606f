"""Queries for de-identification: the remembered placeholders (``pseudonyms`` table), and
where words replaced in the transcripts still stand elsewhere in the project."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, insert, select

from realist.store import schema as s
from realist.store.tx import now


def load_pseudonyms(conn: Connection) -> dict[str, str]:
    """Every remembered placeholder, by digest."""
    rows = conn.execute(select(s.pseudonyms.c.digest, s.pseudonyms.c.placeholder))
    return {row.digest: row.placeholder for row in rows}


def insert_pseudonyms(conn: Connection, rows: Iterable[tuple[str, str, str]]) -> int:
    """Remember ``(kind, digest, placeholder)`` rows not already known; returns how many."""
    known = set(load_pseudonyms(conn))
    fresh = [
        {"kind": kind, "digest": digest, "placeholder": placeholder, "created_at": now()}
        for kind, digest, placeholder in rows
        if digest not in known
    ]
    if fresh:
        conn.execute(insert(s.pseudonyms), fresh)
    return len(fresh)


#: Free-text columns that de-identification does not rewrite (people wrote them, or they
#: record what happened), searched for words it replaced: ``table.column``.
UNREWRITTEN_COLUMNS: tuple[str, ...] = (
    "documents.name",
    "documents.source_name",
    "documents.metadata",
    "participants.pseudonym",
    "participants.attributes",
    "memos.title",
    "memos.text",
    "codings.memo",
    "cmocs.label",
    "cmocs.statement",
    "cmoc_evidence.note",
    "demi_regularities.label",
    "demi_regularities.statement",
    "demi_regularities.context",
    "demi_regularities.mechanism_resource",
    "demi_regularities.mechanism_response",
    "demi_regularities.outcome",
    "demi_regularities.intervention",
    "demi_regularities.actor",
    "codes.name",
    "codes.description",
    "codes.inclusion",
    "codes.exclusion",
    "codes.example",
    "settings.value",
    "events.detail",
)

#: Settings never searched (the project's secret is not words from a transcript).
_SKIPPED_SETTINGS = ("deid_secret",)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def count_rows_matching(
    conn: Connection, pattern: re.Pattern[str], columns: Iterable[str] = UNREWRITTEN_COLUMNS
) -> dict[str, int]:
    """How many rows of each ``table.column`` (text, or JSON searched as its text) contain
    a match of ``pattern``; columns without a match are left out. Reads whole columns, so
    keep it for rare work such as applying a de-identification report."""
    found: dict[str, int] = {}
    for place in columns:
        table_name, column_name = place.split(".", 1)
        table = s.metadata.tables[table_name]
        query = select(table.c[column_name])
        if table is s.settings:
            query = query.where(s.settings.c.key.not_in(_SKIPPED_SETTINGS))
        count = sum(1 for (value,) in conn.execute(query) if pattern.search(_as_text(value)))
        if count:
            found[place] = count
    return found
