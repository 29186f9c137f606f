"""What every part of :class:`realist.Project` stands on: the engine, the current coder,
transactions with their event, permission checks and lookups by id or name."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from realist.errors import (
    InvalidSpan,
    NotFound,
    PermissionDenied,
    StaleVersionError,
    ValidationError,
)
from realist.model import Code, CodeKind, Coder, Document, Level, Role, TheoryStatus
from realist.store import Connection, Engine, meta, tx
from realist.store import coders as coder_store
from realist.store import codes as code_store
from realist.store import documents as document_store

DEFAULT_SETTINGS: dict[str, Any] = {
    "blind_coding": False,
    "comparison_open": False,
    "evidence_min_documents": 2,
    "ner_model": "en_core_web_sm",
    "team_mode": False,
}
#: Checks a capability registers for its own settings: raise ValueError with what is wrong.
SETTING_CHECKS: dict[str, Callable[[Any], object]] = {}
#: Settings kept out of ``Project.settings()``, the app and every export.
HIDDEN_SETTINGS: set[str] = set()
#: Settings whose values may name people or places: the event log records that they
#: changed, never their values.
SENSITIVE_SETTINGS: set[str] = set()


def register_setting(
    key: str,
    default: Any,
    check: Callable[[Any], object] | None = None,
    *,
    hidden: bool = False,
    sensitive: bool = False,
) -> None:
    """Declare a project setting that a capability package owns."""
    if hidden:
        HIDDEN_SETTINGS.add(key)
    else:
        DEFAULT_SETTINGS[key] = default
    if sensitive:
        SENSITIVE_SETTINGS.add(key)
    if check is not None:
        SETTING_CHECKS[key] = check


class ProjectBase:
    """Shared state and plumbing of the Project facade (not used on its own)."""

    _engine: Engine
    _coder: Coder | None
    url: str

    # ----- transactions -------------------------------------------------------------
    @contextmanager
    def _write(
        self, action: str, entity: str, entity_id: int | None = None, *, role: Role | None = None
    ) -> Iterator[tx.Writer]:
        """One write transaction with one event. ``role``: the least role allowed."""
        coder = self._require_writer(role)
        with tx.write(
            self._engine,
            coder_id=coder.id,
            coder_name=coder.name,
            action=action,
            entity=entity,
            entity_id=entity_id,
        ) as writer:
            yield writer

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with tx.read(self._engine) as conn:
            yield conn

    # ----- permissions --------------------------------------------------------------
    def _require_writer(self, role: Role | None = None) -> Coder:
        coder = self._coder
        if coder is None:
            raise PermissionDenied(
                "this project is open read-only: open it with coder='your name' "
                "(realist.open_project(path, coder=...)) or --coder NAME on the command line"
            )
        if not coder.role.can_write:
            raise PermissionDenied(f"{coder.name} is a viewer and cannot change the project")
        if role is not None and _rank(coder.role) > _rank(role):
            raise PermissionDenied(
                f"{coder.name} is a {coder.role.value}; this needs a {role.value} or above: "
                "ask the project's owner or lead"
            )
        return coder

    def _is_manager(self) -> bool:
        return self._coder is not None and self._coder.role.can_manage

    def _settings_in(self, conn: Connection) -> dict[str, Any]:
        return {**DEFAULT_SETTINGS, **meta.get_settings(conn)}

    def _visible_coder_ids(self, conn: Connection) -> list[int] | None:
        """Under blind coding, a coder sees only their own work; None means everyone's."""
        settings = self._settings_in(conn)
        coder = self._coder
        if (
            settings["blind_coding"]
            and not settings["comparison_open"]
            and coder is not None
            and coder.role is Role.CODER
        ):
            return [coder.id]
        return None

    # ----- lookups ------------------------------------------------------------------
    def _document_in(self, conn: Connection, ref: int | str | Document) -> Document:
        if isinstance(ref, Document):
            ref = ref.id
        found = document_store.get_document(conn, ref)
        if found is None:
            raise NotFound(f"no document {ref!r} in this project: see realist info / documents()")
        return found

    def _document_id_in(self, conn: Connection, ref: int | str | Document) -> int:
        """Like _document_in, without loading the text."""
        if isinstance(ref, Document):
            ref = ref.id
        found = document_store.document_id(conn, ref)
        if found is None:
            raise NotFound(f"no document {ref!r} in this project: see realist info / documents()")
        return found

    def _code_in(self, conn: Connection, ref: int | str | Code) -> Code:
        if isinstance(ref, Code):
            ref = ref.id
        found = code_store.get_code(conn, ref)
        if found is None:
            raise NotFound(f"no code {ref!r} in this project: load a frame or add the code first")
        return found

    def _coder_in(self, conn: Connection, ref: int | str | Coder) -> Coder:
        if isinstance(ref, Coder):
            ref = ref.id
        found = coder_store.get_coder(conn, ref)
        if found is None:
            raise NotFound(f"no coder {ref!r} in this project: add them with realist coder add")
        return found

    @staticmethod
    def _check_span(document_id: int, length: int, start: int, end: int) -> None:
        if not (isinstance(start, int) and isinstance(end, int)):
            raise InvalidSpan(f"span offsets must be whole numbers, got {start!r}, {end!r}")
        if start < 0 or end > length or start >= end:
            raise InvalidSpan(
                f"span [{start}, {end}) does not fit document {document_id}, which has "
                f"{length} characters: offsets are code points, start < end <= {length}"
            )

    @staticmethod
    def _stale(
        entity: str, record_id: int, version: int, current: int | None, record: Any = None
    ) -> Exception:
        if current is None:
            return NotFound(f"{entity} {record_id} does not exist or was deleted")
        return StaleVersionError(
            entity, record_id, expected=version, current=current, record=record
        )

    @staticmethod
    def _pick(values: Mapping[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
        unknown = sorted(set(values) - set(allowed))
        if unknown:
            raise TypeError(
                f"unknown field(s) {', '.join(unknown)}: allowed are {', '.join(allowed)}"
            )
        return dict(values)

    # ----- shared write steps (use inside self._write) ------------------------------------
    def _ensure_coder_in(self, w: tx.Writer, name: str, role: Role = Role.CODER) -> Coder:
        """The coder called ``name``, created with ``role`` (and no password) if absent."""
        found = coder_store.get_coder(w.conn, name)
        if found is not None:
            return found
        if not self._is_manager() and role is not Role.CODER:
            raise PermissionDenied("only an owner or lead can add coders with that role")
        created = coder_store.insert_coder(w.conn, name, role, None)
        w.detail.setdefault("coders_created", []).append(name)
        return created

    def _ensure_code_in(
        self, w: tx.Writer, ref: str, kind: CodeKind = CodeKind.THEME, **values: Any
    ) -> Code:
        """The code with key or name ``ref``, created if absent (key = name)."""
        found = code_store.get_code(w.conn, ref)
        if found is not None:
            return found
        created = code_store.insert_code(
            w.conn, {"key": ref, "name": ref, "kind": kind.value, **values}
        )
        w.detail.setdefault("codes_created", []).append(ref)
        return created


def level_value(value: Level | str | None) -> str | None:
    """A level as stored (None for no level), or a ValidationError naming the choices."""
    if value in (None, "", "none"):
        return None
    try:
        return Level(value).value
    except ValueError:
        raise ValidationError(
            f"unknown level {value!r}: use family, organisation, system or none"
        ) from None


def status_value(value: TheoryStatus | str) -> str:
    """A status against the programme theory as stored, or a ValidationError."""
    try:
        return TheoryStatus(value).value
    except ValueError:
        raise ValidationError(
            f"unknown status {value!r}: use supports, refines, refutes or new"
        ) from None


_RANKS = {Role.OWNER: 0, Role.LEAD: 1, Role.CODER: 2, Role.VIEWER: 3}


def _rank(role: Role) -> int:
    return _RANKS[role]
