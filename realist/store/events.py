"""The append-only event log."""

from __future__ import annotations

from sqlalchemy import Connection, select

from realist.model import Event
from realist.store import schema as s


def list_events(conn: Connection, limit: int | None = 50, since_revision: int = 0) -> list[Event]:
    """Newest first."""
    query = (
        select(s.events)
        .where(s.events.c.revision > since_revision)
        .order_by(s.events.c.revision.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        Event(
            id=r.id,
            revision=r.revision,
            at=r.at,
            coder_id=r.coder_id,
            coder_name=r.coder_name,
            action=r.action,
            entity=r.entity,
            entity_id=r.entity_id,
            detail=dict(r.detail or {}),
        )
        for r in conn.execute(query)
    ]
