"""Engines for project databases: a SQLite file (WAL, foreign keys, busy timeout) or a
PostgreSQL database named by URL, brought to the current schema by Alembic on open."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from realist.errors import ProjectNotFound, SchemaError

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


def to_url(target: str | os.PathLike[str]) -> str:
    """Turn a file path or a database URL into a SQLAlchemy URL.

    >>> to_url("study.realist").startswith("sqlite:///")
    True
    >>> to_url("postgresql://postgres@127.0.0.1/test")
    'postgresql+psycopg://postgres@127.0.0.1/test'
    """
    text = os.fspath(target)
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    return text


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """Create an engine with the pragmas and pool settings realist relies on."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ProjectNotFound(
            f"{url!r} is neither a file path nor a database URL: give a path such as "
            "study.realist or a URL such as postgresql://user@host/dbname"
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            pool_size=8,
            max_overflow=8,
        )
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        return create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=8)
    raise ProjectNotFound(
        f"realist stores projects in SQLite files or PostgreSQL, not {backend}: "
        "give a file path or a postgresql:// URL"
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the driver so BEGIN IMMEDIATE is possible.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front: a deferred transaction that upgrades to a
        # writer fails at once under WAL when another writer committed in between.
        mode = "IMMEDIATE" if conn.get_execution_options().get("realist_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest schema revision this version of realist knows."""
    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None if it has none."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_empty(engine: Engine) -> bool:
    """True when the database has no tables at all (the first contact with a database:
    unreadable files and unreachable servers are reported here)."""
    try:
        with engine.connect() as conn:
            return not inspect(conn).get_table_names()
    except DatabaseError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ProjectNotFound(
            f"cannot read {engine.url.render_as_string(hide_password=True)}: {reason}. "
            "Is it a realist project file, and is the database server running?"
        ) from None


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(engine: Engine) -> None:
    """Apply every migration the database lacks. Refuses a database from a newer realist."""
    try:
        current = current_revision(engine)
    except OperationalError as exc:
        raise ProjectNotFound(f"cannot open the database: {exc.orig}") from exc
    script = ScriptDirectory(str(MIGRATIONS))
    if current is not None and not _known(script, current):
        raise SchemaError(
            f"this project was written by a newer realist (schema {current}): "
            "upgrade realist with pip install -U realist"
        )
    if current != head_revision():
        with _migration_lock(engine):
            command.upgrade(alembic_config(engine), "head")


MIGRATION_LOCK_KEY = 0x7265616C  # "real"


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise migrations when several app processes open one PostgreSQL project at once
    (SQLite needs nothing: its write lock does the same)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
            conn.commit()
