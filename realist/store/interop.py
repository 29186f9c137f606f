"""Queries for REFI-QDA exchange that the core store does not need: memo GUIDs, restoring
a memo's GUID and author, a document's de-identified flag, and GUID lookups."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select, update

from realist.store import schema as s


def memo_guids(conn: Connection) -> dict[int, str]:
    """GUID of every live memo, by id."""
    query = select(s.memos.c.id, s.memos.c.guid).where(s.memos.c.deleted_at.is_(None))
    return {int(row.id): str(row.guid) for row in conn.execute(query)}


def set_memo_guid(conn: Connection, memo_id: int, guid: str) -> None:
    conn.execute(update(s.memos).where(s.memos.c.id == memo_id).values(guid=guid))


def set_deidentified(conn: Connection, document_id: int, flag: bool) -> None:
    conn.execute(
        update(s.documents).where(s.documents.c.id == document_id).values(deidentified=flag)
    )


def existing_guids(conn: Connection, table_name: str, guids: Iterable[str]) -> set[str]:
    """Which of ``guids`` already name a row of ``table_name`` (documents, codes, cmocs...)."""
    table = s.metadata.tables[table_name]
    wanted = list(set(guids))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        found.update(
            str(g)
            for g in conn.execute(select(table.c.guid).where(table.c.guid.in_(chunk))).scalars()
        )
    return found


def project_guid(conn: Connection) -> tuple[str, str]:
    """The project's ``(guid, name)``."""
    row = conn.execute(select(s.project.c.guid, s.project.c.name).where(s.project.c.id == 1)).one()
    return str(row.guid), str(row.name)


def participant_exists(conn: Connection, label: str, group: str) -> bool:
    query = select(s.participants.c.id).where(
        s.participants.c.label == label.strip(), s.participants.c.group_name == group.strip()
    )
    return conn.execute(query).first() is not None


def set_participant_guid(conn: Connection, label: str, group: str, guid: str) -> None:
    """Give a participant the GUID it had in the file (unless another one has it)."""
    if conn.execute(select(s.participants.c.id).where(s.participants.c.guid == guid)).first():
        return
    conn.execute(
        update(s.participants)
        .where(
            s.participants.c.label == label.strip(), s.participants.c.group_name == group.strip()
        )
        .values(guid=guid)
    )
