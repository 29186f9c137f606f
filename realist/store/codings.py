"""Codings: one coder's application of one code to one span. Insert and (soft) delete only.

Bulk inserts and reads of codings are the hot paths (tens of thousands of rows), so they talk
to the driver directly (``executemany`` and plain tuples) rather than through SQLAlchemy's row
processing; everything else goes through SQLAlchemy Core.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, update

from realist.model import Coding
from realist.store import schema as s

_SELECT = (
    'SELECT id, document_id, code_id, coder_id, start, "end", memo, created_at, guid '
    "FROM codings WHERE "
)
_INSERT = (
    'INSERT INTO codings (document_id, code_id, coder_id, start, "end", memo, guid, created_at) '
    "VALUES ({0}, {0}, {0}, {0}, {0}, {0}, {0}, {0})"
)


def new_guids(n: int) -> list[str]:
    """``n`` random (version 4) UUIDs as strings, much faster than n calls of uuid4().

    >>> guid = new_guids(1)[0]
    >>> uuid.UUID(guid).version
    4
    """
    block = os.urandom(16 * n).hex()
    guids = []
    for i in range(0, 32 * n, 32):
        h = block[i : i + 32]
        variant = "89ab"[int(h[16], 16) & 3]
        guids.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}")
    return guids


def _mark(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _stored_timestamp(conn: Connection, at: datetime) -> Any:
    """``at`` as the driver stores it: SQLite gets SQLAlchemy's text form, in UTC."""
    if conn.dialect.name == "sqlite":
        return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return at


def bulk_insert_codings(conn: Connection, rows: Sequence[Mapping[str, Any]], at: datetime) -> int:
    """Insert many codings with one ``executemany``; returns how many (not their ids)."""
    if not rows:
        return 0
    stamp = _stored_timestamp(conn, at)
    guids = new_guids(len(rows))
    payload = [
        (
            r["document_id"],
            r["code_id"],
            r["coder_id"],
            r["start"],
            r["end"],
            r.get("memo"),
            r.get("guid") or guid,
            _stored_timestamp(conn, r["created_at"]) if r.get("created_at") else stamp,
        )
        for r, guid in zip(rows, guids, strict=True)
    ]
    conn.exec_driver_sql(_INSERT.format(_mark(conn)), payload)
    return len(payload)


def insert_codings(conn: Connection, rows: Sequence[dict[str, Any]], at: datetime) -> list[int]:
    """Insert codings one by one and return their ids in order (for a few rows; use
    :func:`bulk_insert_codings` for many)."""
    sql = _INSERT.format(_mark(conn)) + " RETURNING id"
    stamp = _stored_timestamp(conn, at)
    ids = []
    for r in rows:
        created = _stored_timestamp(conn, r["created_at"]) if r.get("created_at") else stamp
        params = (r["document_id"], r["code_id"], r["coder_id"], r["start"], r["end"],
                  r.get("memo"), r.get("guid") or str(uuid.uuid4()), created)  # fmt: skip
        ids.append(int(conn.exec_driver_sql(sql, params).scalar_one()))
    return ids


def _rows_to_codings(conn: Connection, rows: Sequence[Any]) -> list[Coding]:
    if conn.dialect.name == "sqlite":
        # stored as naive UTC text; appending the zone parses straight to an aware datetime
        parse = datetime.fromisoformat
        return [
            Coding(r[0], r[1], r[2], r[3], r[4], r[5], r[6], parse(r[7] + "+00:00"), r[8])
            for r in rows
        ]
    return [Coding(*r) for r in rows]


def get_coding(conn: Connection, coding_id: int, *, include_deleted: bool = False) -> Coding | None:
    mark = _mark(conn)
    sql = _SELECT + f"id = {mark}" + ("" if include_deleted else " AND deleted_at IS NULL")
    rows = conn.exec_driver_sql(sql, (coding_id,)).fetchall()
    found = _rows_to_codings(conn, rows)
    return found[0] if found else None


def list_codings(
    conn: Connection,
    *,
    document_id: int | None = None,
    coder_ids: Sequence[int] | None = None,
    code_ids: Sequence[int] | None = None,
) -> list[Coding]:
    """Live codings in document and start order."""
    mark = _mark(conn)
    where = ["deleted_at IS NULL"]
    params: list[Any] = []
    if document_id is not None:
        where.append(f"document_id = {mark}")
        params.append(document_id)
    for column, values in (("coder_id", coder_ids), ("code_id", code_ids)):
        if values is not None:
            if not values:
                return []
            where.append(f"{column} IN ({', '.join([mark] * len(values))})")
            params.extend(int(v) for v in values)
    sql = _SELECT + " AND ".join(where) + " ORDER BY document_id, start, id"
    return _rows_to_codings(conn, conn.exec_driver_sql(sql, tuple(params)).fetchall())


def is_deleted(conn: Connection, coding_id: int) -> bool | None:
    row = conn.execute(
        s.codings.select()
        .with_only_columns(s.codings.c.deleted_at)
        .where(s.codings.c.id == coding_id)
    ).first()
    return None if row is None else row.deleted_at is not None


def set_deleted(conn: Connection, coding_id: int, at: datetime | None, by: int | None) -> bool:
    """Soft-delete (``at`` set) or restore (``at`` None); False when nothing changed."""
    live = s.codings.c.deleted_at.is_(None)
    condition = live if at is not None else ~live
    result = conn.execute(
        update(s.codings)
        .where(s.codings.c.id == coding_id, condition)
        .values(deleted_at=at, deleted_by=by)
    )
    return result.rowcount == 1


def set_memo(conn: Connection, coding_id: int, memo: str | None) -> None:
    conn.execute(update(s.codings).where(s.codings.c.id == coding_id).values(memo=memo))
