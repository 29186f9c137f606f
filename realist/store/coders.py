"""Coders and their password hashes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, insert, select, update

from realist.model import Coder, Role
from realist.store import schema as s
from realist.store.tx import now


def _coder(row: Any) -> Coder:
    return Coder(
        id=row.id,
        name=row.name,
        role=Role(row.role),
        has_password=row.password_hash is not None,
        active=row.active,
        guid=row.guid,
        created_at=row.created_at,
    )


def insert_coder(
    conn: Connection, name: str, role: Role, password_hash: str | None, guid: str | None = None
) -> Coder:
    coder_id = conn.execute(
        insert(s.coders)
        .values(
            name=name,
            role=role.value,
            password_hash=password_hash,
            active=True,
            guid=guid or str(uuid.uuid4()),
            created_at=now(),
        )
        .returning(s.coders.c.id)
    ).scalar_one()
    found = get_coder(conn, coder_id)
    assert found is not None
    return found


def get_coder(conn: Connection, ref: int | str) -> Coder | None:
    column = s.coders.c.id if isinstance(ref, int) else s.coders.c.name
    row = conn.execute(select(s.coders).where(column == ref)).first()
    return None if row is None else _coder(row)


def list_coders(conn: Connection) -> list[Coder]:
    return [_coder(r) for r in conn.execute(select(s.coders).order_by(s.coders.c.id))]


def password_hash(conn: Connection, name: str) -> str | None:
    return conn.execute(
        select(s.coders.c.password_hash).where(s.coders.c.name == name)
    ).scalar_one_or_none()


def update_coder(conn: Connection, coder_id: int, **values: Any) -> None:
    conn.execute(update(s.coders).where(s.coders.c.id == coder_id).values(**values))
