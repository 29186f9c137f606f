"""Memos: editable notes with optimistic versions."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, insert, select, update

from realist.model import Memo, MemoTarget
from realist.store import schema as s
from realist.store.tx import now


def _memo(row: Any) -> Memo:
    return Memo(
        id=row.id,
        target=MemoTarget(row.target),
        target_id=row.target_id,
        coder_id=row.coder_id,
        text=row.text,
        title=row.title,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def insert_memo(
    conn: Connection,
    target: MemoTarget,
    target_id: int | None,
    coder_id: int,
    text: str,
    title: str,
) -> Memo:
    at = now()
    memo_id = conn.execute(
        insert(s.memos)
        .values(
            target=target.value,
            target_id=target_id,
            coder_id=coder_id,
            title=title,
            text=text,
            guid=str(uuid.uuid4()),
            created_at=at,
            updated_at=at,
        )
        .returning(s.memos.c.id)
    ).scalar_one()
    found = get_memo(conn, memo_id)
    assert found is not None
    return found


def get_memo(conn: Connection, memo_id: int) -> Memo | None:
    row = conn.execute(
        select(s.memos).where(s.memos.c.id == memo_id, s.memos.c.deleted_at.is_(None))
    ).first()
    return None if row is None else _memo(row)


def list_memos(
    conn: Connection, target: MemoTarget | None = None, target_id: int | None = None
) -> list[Memo]:
    query = select(s.memos).where(s.memos.c.deleted_at.is_(None)).order_by(s.memos.c.id)
    if target is not None:
        query = query.where(s.memos.c.target == target.value)
    if target_id is not None:
        query = query.where(s.memos.c.target_id == target_id)
    return [_memo(r) for r in conn.execute(query)]


def update_memo(conn: Connection, memo_id: int, version: int, values: dict[str, Any]) -> bool:
    result = conn.execute(
        update(s.memos)
        .where(
            s.memos.c.id == memo_id,
            s.memos.c.version == version,
            s.memos.c.deleted_at.is_(None),
        )
        .values(version=s.memos.c.version + 1, updated_at=now(), **values)
    )
    return result.rowcount == 1
