"""Shared fixtures: fresh projects on SQLite and on PostgreSQL.

PostgreSQL tests use ``REALIST_TEST_DATABASE_URL`` (default
``postgresql://postgres@127.0.0.1/test``); each test gets its own schema, dropped afterwards.
Without a server they are skipped, except under ``CI=true``, where that fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

import realist

PG_URL = os.environ.get("REALIST_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _pg_engine() -> sa.Engine:
    from realist.store.engine import to_url

    return sa.create_engine(to_url(PG_URL), isolation_level="AUTOCOMMIT")


_pg_state: dict[str, object] = {}


def pg_available() -> bool:
    """Whether the test PostgreSQL server answers (fails the run under CI=true if not)."""
    if "ok" not in _pg_state:
        try:
            with _pg_engine().connect() as conn:
                conn.execute(sa.text("select 1"))
            _pg_state["ok"] = True
        except sa.exc.OperationalError as exc:
            _pg_state["ok"] = False
            _pg_state["why"] = str(exc).splitlines()[0]
    if not _pg_state["ok"] and IN_CI:
        pytest.fail(f"CI=true but PostgreSQL at {PG_URL} does not answer: {_pg_state['why']}")
    return bool(_pg_state["ok"])


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL to an empty PostgreSQL schema of its own (dropped after the test)."""
    if not pg_available():
        pytest.skip(f"PostgreSQL at {PG_URL} does not answer")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = _pg_engine()
    with engine.connect() as conn:
        conn.execute(sa.text(f'create schema "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with engine.connect() as conn:
        conn.execute(sa.text(f'drop schema "{schema}" cascade'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def project_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty project location on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "study.realist")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def project(project_url: str) -> Iterator[realist.Project]:
    """A fresh project on each backend, open as its owner, 'owner'."""
    p = realist.init_project(project_url, name="Test study", owner="owner")
    yield p
    p.close()


@pytest.fixture
def sqlite_project(tmp_path: Path) -> Iterator[realist.Project]:
    """A fresh SQLite project, open as its owner, 'owner' (for slower integration tests)."""
    p = realist.init_project(tmp_path / "study.realist", name="Test study", owner="owner")
    yield p
    p.close()
