"""`Project`: the one facade the app, notebooks and the command line use for reads and writes.

Its methods come from small mixins, one per capability (core, tables, ingest, deid, coding,
agreement, synthesis, interop); each capability's logic lives in its own package.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from types import TracebackType

from realist.errors import PermissionDenied, ProjectNotFound, ValidationError
from realist.model import Coder
from realist.project.consensus import ConsensusMixin
from realist.project.deid import DeidMixin
from realist.project.frames import CodingMixin
from realist.project.ingest import IngestMixin
from realist.project.interop import InteropMixin
from realist.project.people import _hasher
from realist.project.quotes import QuoteImportMixin
from realist.project.synthesis import SynthesisMixin
from realist.project.tables import TablesMixin
from realist.store import Engine, meta, tx
from realist.store import coders as coder_store
from realist.store import engine as engines

ProjectTarget = str | os.PathLike[str]


class Project(
    IngestMixin,
    DeidMixin,
    CodingMixin,
    QuoteImportMixin,
    ConsensusMixin,
    SynthesisMixin,
    InteropMixin,
    TablesMixin,
):
    """An open realist project, acting as one coder (or read-only when ``coder`` is None).

    Create one with :func:`open_project` or :func:`init_project`. Every write is one
    transaction that appends one event to the log; reads return model objects, and the
    ``*_df`` methods return pandas DataFrames.

    Examples
    --------
    >>> import realist, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "pilot.realist")
    >>> p = realist.init_project(path, name="Pilot", owner="ana")
    >>> p.add_coder("ben", "coder").role.value
    'coder'
    >>> realist.open_project(path, coder="ben").coder.name
    'ben'
    """

    def __init__(self, engine: Engine, url: str, coder: Coder | None) -> None:
        self._engine = engine
        self.url = url
        self._coder = coder

    def with_coder(self, name: str) -> Project:
        """The same project acting as another coder (no password asked: for scripts)."""
        with self._read() as conn:
            return Project(self._engine, self.url, self._coder_in(conn, name))

    def close(self) -> None:
        """Release the database connections (the Project cannot be used afterwards)."""
        self._engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        who = self._coder.name if self._coder else "read-only"
        return f"<Project {engines.sqlite_path(self.url) or self.url} as {who}>"


def _default_coder_name() -> str:
    return os.environ.get("REALIST_CODER") or getpass.getuser()


def open_project(
    target: ProjectTarget,
    coder: str | None = None,
    *,
    password: str | None = None,
) -> Project:
    """Open an existing project: a SQLite file path or a database URL.

    ``coder`` names who is working; without it, the ``REALIST_CODER`` environment variable
    or the login name is used if that coder exists, else the project opens read-only. In
    team mode a coder with a password must give it.

    Examples
    --------
    >>> import realist, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "s.realist")
    >>> _ = realist.init_project(path, owner="ana")
    >>> realist.open_project(path, coder="ana").coder.role.value
    'owner'
    >>> realist.open_project(path, coder="nobody")
    Traceback (most recent call last):
    ...
    realist.errors.PermissionDenied: no coder called 'nobody' in this project: ask its owner or lead to add you (realist coder add) [R002]
    """
    url = engines.to_url(target)
    path = engines.sqlite_path(url)
    if path is not None and not path.exists():
        raise ProjectNotFound(
            f"no project at {path}: create one with realist init {path} (or init_project)"
        )
    engine = engines.make_engine(url)
    try:
        if engines.is_empty(engine):
            raise ProjectNotFound(f"{target} is an empty database: run realist init on it first")
        engines.upgrade(engine)
        with tx.read(engine) as conn:
            if meta.project_info(conn) is None:
                raise ProjectNotFound(
                    f"{target} has no project in it: run realist init on it first"
                )
            settings = meta.get_settings(conn)
            explicit = coder is not None
            name = coder if coder is not None else _default_coder_name()
            found = coder_store.get_coder(conn, name) if name else None
            hashed = coder_store.password_hash(conn, name) if found else None
    except Exception:
        engine.dispose()
        raise
    if found is None and explicit:
        engine.dispose()
        raise PermissionDenied(
            f"no coder called {coder!r} in this project: ask its owner or lead to add you "
            "(realist coder add)"
        )
    project = Project(engine, url, found)
    needs_password = hashed is not None and (
        bool(settings.get("team_mode")) or password is not None
    )
    if found is not None and needs_password:
        if password is None:
            engine.dispose()
            raise PermissionDenied(
                f"{found.name} must sign in in team mode: pass password=... "
                "(or set REALIST_PASSWORD for the command line)"
            )
        project.authenticate(found.name, password)
    return project


def init_project(
    target: ProjectTarget,
    name: str | None = None,
    *,
    owner: str | None = None,
    password: str | None = None,
) -> Project:
    """Create a project (a new SQLite file, or an empty database named by URL) and open it
    as its owner (default: the login name).

    Examples
    --------
    >>> import realist, tempfile, os
    >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), name="Pilot", owner="ana")
    >>> p.name, p.coder.name
    ('Pilot', 'ana')
    """
    url = engines.to_url(target)
    path = engines.sqlite_path(url)
    created_file = False
    if path is not None:
        if path.exists() and path.stat().st_size > 0:
            raise ValidationError(f"{path} already exists: open it, or choose a new file name")
        path.parent.mkdir(parents=True, exist_ok=True)
        created_file = not path.exists()
    engine = engines.make_engine(url)
    try:
        if not engines.is_empty(engine):
            raise ValidationError(
                f"{target} already holds tables: realist needs an empty database for a new project"
            )
        engines.upgrade(engine)
        owner_name = (owner or _default_coder_name()).strip()
        project_name = name or (path.stem if path is not None else "realist project")
        hashed = _hasher.hash(password) if password else None
        coder_id = tx.create(engine, project_name, owner_name, hashed)
        with tx.read(engine) as conn:
            coder = coder_store.get_coder(conn, coder_id)
    except Exception:
        engine.dispose()
        if created_file and path is not None:
            _remove_sqlite(path)
        raise
    return Project(engine, url, coder)


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(str(path) + suffix)
        if candidate.exists():
            candidate.unlink()


__all__ = ["Project", "ProjectTarget", "init_project", "open_project"]
