"""Transactions: every write is one transaction that bumps the project revision and appends
exactly one event. Reads run in their own short transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import DBAPIError

from realist.errors import StorageError
from realist.store.schema import events, project


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


@dataclass
class Writer:
    """The open write transaction: its connection, and the event it will append.

    Set ``entity_id`` and add to ``detail`` while working; the event is written on commit.
    """

    conn: Connection
    revision: int
    coder_id: int | None
    coder_name: str
    action: str
    entity: str
    entity_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    at: datetime = field(default_factory=now)


@contextmanager
def write(
    engine: Engine,
    *,
    coder_id: int | None,
    coder_name: str,
    action: str,
    entity: str,
    entity_id: int | None = None,
) -> Iterator[Writer]:
    """Open a write transaction. Commits with one event appended, or rolls back on error.

    The revision bump comes first so concurrent writers queue on the project row instead of
    deadlocking on whatever they touch next.
    """
    try:
        with _write_transaction(engine) as conn:
            revision = _bump(conn)
            writer = Writer(
                conn=conn,
                revision=revision,
                coder_id=coder_id,
                coder_name=coder_name,
                action=action,
                entity=entity,
                entity_id=entity_id,
            )
            yield writer
            _append_event(conn, writer)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StorageError(
            f"the database refused the change ({reason}); nothing of it was stored"
        ) from exc


@contextmanager
def _write_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect().execution_options(realist_write=True) as conn, conn.begin():
        yield conn


def _bump(conn: Connection) -> int:
    return int(
        conn.execute(
            update(project)
            .where(project.c.id == 1)
            .values(revision=project.c.revision + 1)
            .returning(project.c.revision)
        ).scalar_one()
    )


def _append_event(conn: Connection, writer: Writer) -> None:
    conn.execute(
        insert(events).values(
            revision=writer.revision,
            at=writer.at,
            coder_id=writer.coder_id,
            coder_name=writer.coder_name,
            action=writer.action,
            entity=writer.entity,
            entity_id=writer.entity_id,
            detail=writer.detail,
        )
    )


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (a consistent snapshot on both backends)."""
    with engine.connect() as conn, conn.begin():
        yield conn


def revision(conn: Connection) -> int:
    """The project's current revision."""
    return int(conn.execute(select(project.c.revision).where(project.c.id == 1)).scalar_one())


def create(engine: Engine, name: str, owner: str, password_hash: str | None) -> int:
    """Write the project row, its owner and the first event in one transaction.

    Returns the owner's coder id.
    """
    from realist.model import Role
    from realist.store import coders, meta

    with engine.connect().execution_options(realist_write=True) as conn, conn.begin():
        meta.create_project(conn, name)
        coder = coders.insert_coder(conn, owner, Role.OWNER, password_hash)
        revision = conn.execute(
            update(project).values(revision=1).returning(project.c.revision)
        ).scalar_one()
        conn.execute(
            insert(events).values(
                revision=revision,
                at=now(),
                coder_id=coder.id,
                coder_name=owner,
                action="project.create",
                entity="project",
                entity_id=1,
                detail={"name": name, "owner": owner},
            )
        )
        return coder.id
