"""Coding frames and codes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update

from realist.model import Code, CodeKind, CodingFrame, Level
from realist.store import schema as s
from realist.store.tx import now


def _code(row: Any) -> Code:
    return Code(
        id=row.id,
        key=row.key,
        name=row.name,
        kind=CodeKind(row.kind),
        level=Level(row.level) if row.level else None,
        parent_id=row.parent_id,
        frame_id=row.frame_id,
        colour=row.colour,
        description=row.description,
        inclusion=row.inclusion,
        exclusion=row.exclusion,
        example=row.example,
        sort_order=row.sort_order,
        version=row.version,
        guid=row.guid,
    )


def _frame(row: Any) -> CodingFrame:
    return CodingFrame(
        id=row.id,
        key=row.key,
        name=row.name,
        version=row.version,
        description=row.description,
        source=row.source,
    )


def upsert_frame(
    conn: Connection, key: str, name: str, description: str, source: str
) -> CodingFrame:
    existing = conn.execute(select(s.frames).where(s.frames.c.key == key)).first()
    if existing is None:
        conn.execute(
            insert(s.frames).values(
                key=key, name=name, description=description, source=source, loaded_at=now()
            )
        )
    else:
        conn.execute(
            update(s.frames)
            .where(s.frames.c.id == existing.id)
            .values(
                name=name,
                description=description,
                source=source,
                version=s.frames.c.version + 1,
                loaded_at=now(),
            )
        )
    return _frame(conn.execute(select(s.frames).where(s.frames.c.key == key)).one())


def get_frame(conn: Connection, ref: int | str) -> CodingFrame | None:
    column = s.frames.c.id if isinstance(ref, int) else s.frames.c.key
    row = conn.execute(select(s.frames).where(column == ref)).first()
    return None if row is None else _frame(row)


def list_frames(conn: Connection) -> list[CodingFrame]:
    return [_frame(r) for r in conn.execute(select(s.frames).order_by(s.frames.c.id))]


def insert_code(conn: Connection, values: dict[str, Any]) -> Code:
    values = {**values}
    values.setdefault("guid", str(uuid.uuid4()))
    code_id = conn.execute(insert(s.codes).values(**values).returning(s.codes.c.id)).scalar_one()
    found = get_code(conn, code_id)
    assert found is not None
    return found


def get_code(conn: Connection, ref: int | str, *, include_deleted: bool = False) -> Code | None:
    """A code by id, or by key, or else by name (case-insensitive)."""
    base = select(s.codes)
    if not include_deleted:
        base = base.where(s.codes.c.deleted_at.is_(None))
    if isinstance(ref, int):
        row = conn.execute(base.where(s.codes.c.id == ref)).first()
    else:
        row = conn.execute(base.where(s.codes.c.key == ref)).first()
        if row is None:
            rows = conn.execute(
                base.where(or_(s.codes.c.name == ref, s.codes.c.name.ilike(ref)))
            ).all()
            row = rows[0] if len(rows) == 1 else None
    return None if row is None else _code(row)


def list_codes(conn: Connection, *, include_deleted: bool = False) -> list[Code]:
    query = select(s.codes).order_by(s.codes.c.sort_order, s.codes.c.id)
    if not include_deleted:
        query = query.where(s.codes.c.deleted_at.is_(None))
    return [_code(r) for r in conn.execute(query)]


def update_code(conn: Connection, code_id: int, version: int, values: dict[str, Any]) -> bool:
    """Apply ``values`` if the code is still at ``version``; False when it moved on."""
    result = conn.execute(
        update(s.codes)
        .where(s.codes.c.id == code_id, s.codes.c.version == version)
        .values(version=s.codes.c.version + 1, **values)
    )
    return result.rowcount == 1
