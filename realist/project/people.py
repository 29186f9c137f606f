"""Coders (with hashed passwords and roles) and the participants who speak in the transcripts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from realist.errors import PermissionDenied, ValidationError
from realist.model import (
    Coder,
    Participant,
    Role,
)
from realist.project.base import ProjectBase
from realist.store import coders as coder_store
from realist.store import documents as document_store

_hasher = PasswordHasher()


class PeopleMixin(ProjectBase):
    """Coders and participants."""

    def add_coder(
        self, name: str, role: Role | str = Role.CODER, password: str | None = None
    ) -> Coder:
        """Add a coder (owners and leads; only an owner adds owners)."""
        role = Role(role)
        name = name.strip()
        if not name:
            raise ValidationError("a coder needs a name")
        with self._write("coder.add", "coder", role=Role.LEAD) as w:
            if (
                role is Role.OWNER
                and self._coder is not None
                and self._coder.role is not Role.OWNER
            ):
                raise PermissionDenied("only an owner can add another owner")
            if coder_store.get_coder(w.conn, name) is not None:
                raise ValidationError(f"there is already a coder called {name!r}")
            hashed = _hasher.hash(password) if password else None
            coder = coder_store.insert_coder(w.conn, name, role, hashed)
            w.entity_id = coder.id
            w.detail.update(name=name, role=role.value)
        return coder

    def coders(self) -> list[Coder]:
        with self._read() as conn:
            return coder_store.list_coders(conn)

    def get_coder(self, ref: int | str) -> Coder:
        with self._read() as conn:
            return self._coder_in(conn, ref)

    def set_role(self, name: str, role: Role | str) -> Coder:
        role = Role(role)
        with self._write("coder.role", "coder", role=Role.LEAD) as w:
            coder = self._coder_in(w.conn, name)
            if (
                Role.OWNER in (role, coder.role)
                and self._coder
                and self._coder.role is not Role.OWNER
            ):
                raise PermissionDenied("only an owner can make or unmake owners")
            coder_store.update_coder(w.conn, coder.id, role=role.value)
            w.entity_id = coder.id
            w.detail.update(name=name, role=role.value)
        return self.get_coder(name)

    def set_password(self, name: str, password: str) -> None:
        """Set a coder's password (their own, or anyone's for owners and leads)."""
        if not password:
            raise ValidationError("the password is empty")
        me = self._require_writer()
        if me.name != name and not me.role.can_manage:
            raise PermissionDenied("you can set only your own password: ask an owner or lead")
        with self._write(
            "coder.password", "coder", role=None if me.name == name else Role.LEAD
        ) as w:
            coder = self._coder_in(w.conn, name)
            coder_store.update_coder(w.conn, coder.id, password_hash=_hasher.hash(password))
            w.entity_id = coder.id
            w.detail.update(name=name)

    def authenticate(self, name: str, password: str) -> Coder:
        """The coder if the password matches, else PermissionDenied (same message either way)."""
        with self._read() as conn:
            hashed = coder_store.password_hash(conn, name)
            coder = coder_store.get_coder(conn, name)
        failure = PermissionDenied("unknown coder or wrong password")
        if coder is None or hashed is None or not coder.active:
            _hasher.hash("timing")  # answer as slowly for unknown names
            raise failure
        try:
            _hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            raise failure from None
        return coder

    def upsert_participants(self, rows: Iterable[Mapping[str, Any]]) -> list[Participant]:
        """Create or update participants by (label, group); unknown keys become attributes."""
        rows = list(rows)
        for number, row in enumerate(rows, 1):
            if not str(row.get("label") or "").strip():
                raise ValidationError(f"participant row {number} has no label")
        with self._write("participant.upsert", "participant") as w:
            result = [document_store.upsert_participant(w.conn, row) for row in rows]
            w.detail.update(count=len(result))
        return result

    def participants(self) -> list[Participant]:
        with self._read() as conn:
            return document_store.list_participants(conn)
