"""Codings: one coder's application of one code to one span. Insert and (soft) delete only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from realist.model import Coding
from realist.store import schema as s

COLUMNS = (
    s.codings.c.id,
    s.codings.c.document_id,
    s.codings.c.code_id,
    s.codings.c.coder_id,
    s.codings.c.start,
    s.codings.c.end,
    s.codings.c.memo,
    s.codings.c.created_at,
    s.codings.c.guid,
)


def insert_codings(conn: Connection, rows: Sequence[dict[str, Any]], at: datetime) -> list[int]:
    """Insert many codings in one statement batch; returns their ids in order."""
    if not rows:
        return []
    payload = [
        {
            "document_id": r["document_id"],
            "code_id": r["code_id"],
            "coder_id": r["coder_id"],
            "start": r["start"],
            "end": r["end"],
            "memo": r.get("memo"),
            "guid": r.get("guid") or str(uuid.uuid4()),
            "created_at": r.get("created_at") or at,
        }
        for r in rows
    ]
    if len(payload) == 1:
        return [
            int(
                conn.execute(
                    insert(s.codings).values(payload[0]).returning(s.codings.c.id)
                ).scalar_one()
            )
        ]
    result = conn.execute(
        insert(s.codings).returning(s.codings.c.id, sort_by_parameter_order=True), payload
    )
    return [int(i) for i in result.scalars()]


def get_coding(conn: Connection, coding_id: int, *, include_deleted: bool = False) -> Coding | None:
    query = select(*COLUMNS).where(s.codings.c.id == coding_id)
    if not include_deleted:
        query = query.where(s.codings.c.deleted_at.is_(None))
    row = conn.execute(query).first()
    return None if row is None else Coding(*row)


def is_deleted(conn: Connection, coding_id: int) -> bool | None:
    row = conn.execute(select(s.codings.c.deleted_at).where(s.codings.c.id == coding_id)).first()
    return None if row is None else row.deleted_at is not None


def list_codings(
    conn: Connection,
    *,
    document_id: int | None = None,
    coder_ids: Sequence[int] | None = None,
    code_ids: Sequence[int] | None = None,
) -> list[Coding]:
    query = select(*COLUMNS).where(s.codings.c.deleted_at.is_(None))
    if document_id is not None:
        query = query.where(s.codings.c.document_id == document_id)
    if coder_ids is not None:
        query = query.where(s.codings.c.coder_id.in_(list(coder_ids)))
    if code_ids is not None:
        query = query.where(s.codings.c.code_id.in_(list(code_ids)))
    query = query.order_by(s.codings.c.document_id, s.codings.c.start, s.codings.c.id)
    return [Coding(*row) for row in conn.execute(query)]


def set_deleted(conn: Connection, coding_id: int, at: datetime | None, by: int | None) -> bool:
    """Soft-delete (``at`` set) or restore (``at`` None); False when nothing changed."""
    condition = (
        s.codings.c.deleted_at.is_(None) if at is not None else s.codings.c.deleted_at.is_not(None)
    )
    result = conn.execute(
        update(s.codings)
        .where(s.codings.c.id == coding_id, condition)
        .values(deleted_at=at, deleted_by=by)
    )
    return result.rowcount == 1


def set_memo(conn: Connection, coding_id: int, memo: str | None) -> None:
    conn.execute(update(s.codings).where(s.codings.c.id == coding_id).values(memo=memo))
