"""Reads for inter-coder agreement: lean span, turn and document tables, and the consensus
decisions recorded in the event log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from realist.store import schema as s

CONSENSUS_ACTIONS = ("consensus.accept", "consensus.reject", "consensus.edit")


def document_table(
    conn: Connection, document_ids: Sequence[int] | None = None
) -> list[tuple[int, str, int]]:
    """``(id, name, length)`` of the documents, in id order, without their text."""
    d = s.documents.c
    query = select(d.id, d.name, d.length).order_by(d.id)
    if document_ids is not None:
        query = query.where(d.id.in_(list(document_ids)))
    return [(int(r.id), str(r.name), int(r.length)) for r in conn.execute(query)]


def span_table(
    conn: Connection,
    coder_ids: Sequence[int],
    document_ids: Sequence[int] | None = None,
    code_ids: Sequence[int] | None = None,
) -> list[tuple[int, int, int, int, int]]:
    """Live codings of ``coder_ids`` as ``(document_id, coder_id, start, end, code_id)``."""
    c = s.codings.c
    query = select(c.document_id, c.coder_id, c.start, c.end, c.code_id).where(
        c.deleted_at.is_(None), c.coder_id.in_(list(coder_ids))
    )
    if document_ids is not None:
        query = query.where(c.document_id.in_(list(document_ids)))
    if code_ids is not None:
        query = query.where(c.code_id.in_(list(code_ids)))
    return [tuple(int(v) for v in row) for row in conn.execute(query)]  # type: ignore[misc]


def turn_table(
    conn: Connection, document_ids: Sequence[int] | None = None
) -> list[tuple[int, int, int]]:
    """Speaker turns as ``(document_id, start, end)``."""
    t = s.turns.c
    query = select(t.document_id, t.start, t.end).order_by(t.document_id, t.seq)
    if document_ids is not None:
        query = query.where(t.document_id.in_(list(document_ids)))
    return [(int(r.document_id), int(r.start), int(r.end)) for r in conn.execute(query)]


def document_texts(conn: Connection, document_ids: Sequence[int]) -> dict[int, str]:
    """The text of each of ``document_ids``."""
    d = s.documents.c
    query = select(d.id, d.text).where(d.id.in_(list(document_ids)))
    return {int(r.id): str(r.text) for r in conn.execute(query)}


def consensus_decisions(conn: Connection) -> list[dict[str, Any]]:
    """Every recorded consensus decision, oldest first: the event detail plus who and when."""
    e = s.events.c
    query = (
        select(e.revision, e.at, e.coder_name, e.action, e.detail)
        .where(e.action.in_(CONSENSUS_ACTIONS))
        .order_by(e.revision)
    )
    return [
        {
            **dict(r.detail or {}),
            "decision": str(r.action).split(".", 1)[1],
            "decided_by": r.coder_name,
            "decided_at": r.at,
            "revision": r.revision,
        }
        for r in conn.execute(query)
    ]
