"""The schema comes from migrations, and the migrations match the tables in code."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import realist
from realist.store import engine as engines
from realist.store.schema import metadata


def test_empty_database_to_head_without_drift(project_url: str) -> None:
    engine = engines.make_engine(engines.to_url(project_url))
    assert engines.is_empty(engine)
    engines.upgrade(engine)
    assert engines.current_revision(engine) == engines.head_revision()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
        assert set(sa.inspect(conn).get_table_names()) >= set(metadata.tables)
    engine.dispose()


def test_opening_applies_missing_migrations(project_url: str) -> None:
    realist.init_project(project_url, owner="ana").close()
    engine = engines.make_engine(engines.to_url(project_url))
    with engine.begin() as conn:
        conn.execute(sa.text("delete from alembic_version"))
        conn.execute(sa.text("insert into alembic_version values ('0001')"))
    engine.dispose()
    p = realist.open_project(project_url, coder="ana")
    assert engines.current_revision(p._engine) == engines.head_revision()


def test_project_from_a_newer_realist_is_refused(project_url: str) -> None:
    realist.init_project(project_url, owner="ana").close()
    engine = engines.make_engine(engines.to_url(project_url))
    with engine.begin() as conn:
        conn.execute(sa.text("update alembic_version set version_num = 'fffffffff'"))
    engine.dispose()
    try:
        realist.open_project(project_url, coder="ana")
    except realist.RealistError as exc:
        assert "newer realist" in str(exc)
    else:
        raise AssertionError("a newer schema was opened")
