"""Queries for de-identification: the remembered placeholders (``pseudonyms`` table)."""

from __future__ import annotations

from collections.abc import Iterable

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
