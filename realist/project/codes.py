"""Coding frames and the codes in them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from realist.errors import NotFound, ValidationError
from realist.model import (
    Code,
    CodeKind,
    CodingFrame,
    Role,
)
from realist.project.base import ProjectBase, level_value
from realist.store import cmocs as cmoc_store
from realist.store import codes as code_store
from realist.store import tx

CODE_FIELDS = (
    "key", "name", "kind", "level", "parent", "frame", "colour", "description",
    "inclusion", "exclusion", "example", "sort_order",
)  # fmt: skip
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip


class CodesMixin(ProjectBase):
    """Coding frames and codes."""

    def add_frame(
        self, key: str, name: str, description: str = "", source: str = ""
    ) -> CodingFrame:
        """Register a coding frame (an existing key gets version + 1)."""
        with self._write("frame.add", "frame", role=Role.LEAD) as w:
            frame = code_store.upsert_frame(w.conn, key, name, description, source)
            w.entity_id = frame.id
            w.detail.update(key=key, version=frame.version)
        return frame

    def frames(self) -> list[CodingFrame]:
        with self._read() as conn:
            return code_store.list_frames(conn)

    def add_code(
        self,
        key: str,
        name: str | None = None,
        kind: CodeKind | str = CodeKind.THEME,
        **fields: Any,
    ) -> Code:
        """Add a code. ``parent`` and ``frame`` take an id or key.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> p.add_code("ctx.trust", "Trust in the worker", "context", level="family").level.value
        'family'
        """
        with self._write("code.add", "code") as w:
            code = self._add_code_in(w, key, name or key, kind, **fields)
            w.entity_id = code.id
            w.detail.update(key=code.key, name=code.name)
            return code

    def _add_code_in(
        self, w: tx.Writer, key: str, name: str, kind: CodeKind | str, **fields: Any
    ) -> Code:
        self._pick(fields, CODE_FIELDS)
        key = key.strip()
        if not key or not name.strip():
            raise ValidationError("a code needs a key and a name")
        if code_store.get_code(w.conn, key, include_deleted=True) is not None:
            raise ValidationError(f"there is already a code with key {key!r}")
        values = self._code_values(w, {"kind": kind, **fields})
        values.setdefault("colour", PALETTE[len(code_store.list_codes(w.conn)) % len(PALETTE)])
        return code_store.insert_code(w.conn, {"key": key, "name": name.strip(), **values})

    def _code_values(self, w: tx.Writer, fields: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field, value in fields.items():
            if field == "kind":
                try:
                    values["kind"] = CodeKind(value).value
                except ValueError:
                    kinds = ", ".join(k.value for k in CodeKind)
                    raise ValidationError(
                        f"unknown code kind {value!r}: use one of {kinds}"
                    ) from None
            elif field == "level":
                values["level"] = level_value(value)
            elif field == "parent":
                values["parent_id"] = None if value is None else self._code_in(w.conn, value).id
            elif field == "frame":
                frame = None if value is None else code_store.get_frame(w.conn, value)
                if value is not None and frame is None:
                    raise NotFound(f"no coding frame {value!r}")
                values["frame_id"] = None if frame is None else frame.id
            elif field == "colour":
                if value is not None:
                    values["colour"] = str(value)
            else:
                values[field] = "" if value is None and field != "sort_order" else value
        return values

    def update_code(self, code: int | str | Code, *, version: int, **changes: Any) -> Code:
        """Change a code's definition (owners and leads); codings keep pointing at it."""
        self._pick(changes, CODE_FIELDS)
        with self._write("code.update", "code", role=Role.LEAD) as w:
            current = self._code_in(w.conn, code)
            parent = changes.get("parent")
            if parent is not None and self._code_in(w.conn, parent).id == current.id:
                raise ValidationError("a code cannot be its own parent")
            values = self._code_values(w, changes)
            if not code_store.update_code(w.conn, current.id, version, values):
                raise self._stale("code", current.id, version, current.version, current)
            w.entity_id = current.id
            w.detail.update(key=current.key, changes={k: str(v) for k, v in changes.items()})
            return self._code_in(w.conn, current.id)

    def delete_code(self, code: int | str | Code) -> None:
        """Retire a code (soft: its codings stay, the log can restore it)."""
        with self._write("code.delete", "code", role=Role.LEAD) as w:
            current = self._code_in(w.conn, code)
            cmoc_store.soft_delete(w.conn, "codes", current.id)
            w.entity_id = current.id
            w.detail.update(key=current.key)

    def codes(self) -> list[Code]:
        with self._read() as conn:
            return code_store.list_codes(conn)

    def code(self, ref: int | str) -> Code:
        """A code by id, key or (unique) name."""
        with self._read() as conn:
            return self._code_in(conn, ref)
