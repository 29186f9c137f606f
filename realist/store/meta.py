"""The project row, settings and counts."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select

from realist.model import ProjectInfo
from realist.store import schema as s
from realist.store.tx import now


def create_project(conn: Connection, name: str) -> None:
    conn.execute(
        insert(s.project).values(
            id=1, name=name, guid=str(uuid.uuid4()), revision=0, created_at=now()
        )
    )


def project_info(conn: Connection) -> ProjectInfo | None:
    row = conn.execute(select(s.project).where(s.project.c.id == 1)).first()
    if row is None:
        return None
    return ProjectInfo(
        name=row.name, revision=row.revision, guid=row.guid, created_at=row.created_at
    )


def get_settings(conn: Connection) -> dict[str, Any]:
    return {row.key: row.value for row in conn.execute(select(s.settings))}


def get_setting(conn: Connection, key: str) -> Any:
    """One stored setting, or None when it was never set (defaults are the project's business)."""
    return conn.execute(
        select(s.settings.c.value).where(s.settings.c.key == key)
    ).scalar_one_or_none()


def set_setting(conn: Connection, key: str, value: Any) -> None:
    conn.execute(delete(s.settings).where(s.settings.c.key == key))
    conn.execute(insert(s.settings).values(key=key, value=value))


COUNTED: dict[str, tuple[Table, bool]] = {
    "documents": (s.documents, False),
    "turns": (s.turns, False),
    "participants": (s.participants, False),
    "codes": (s.codes, True),
    "codings": (s.codings, True),
    "cmocs": (s.cmocs, True),
    "demi_regularities": (s.demi_regularities, True),
    "coders": (s.coders, False),
    "events": (s.events, False),
}


def counts(conn: Connection) -> dict[str, int]:
    """Live rows per table (soft-deleted rows are not counted)."""
    result: dict[str, int] = {}
    for name, (table, soft) in COUNTED.items():
        query = select(func.count()).select_from(table)
        if soft:
            query = query.where(table.c.deleted_at.is_(None))
        result[name] = int(conn.execute(query).scalar_one())
    return result
