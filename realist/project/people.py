"""Coders (with hashed passwords and roles), their remembered sign-ins, and the participants
who speak in the transcripts."""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
import time
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
from realist.project.base import ProjectBase, register_setting
from realist.store import coders as coder_store
from realist.store import documents as document_store
from realist.store import meta, tx

_hasher = PasswordHasher()

#: The key that signs session tokens: made on the first sign-in, never shown or exported.
SESSION_SECRET = "session_secret"
register_setting(SESSION_SECRET, None, hidden=True)
#: How many times each coder has signed out everywhere (``{"<coder id>": n}``): a token
#: and an app session carry the number they began with and end when it moves on.
SESSION_EPOCHS = "session_epochs"
register_setting(SESSION_EPOCHS, None, hidden=True)

_TOKEN_VERSION = "v1"
#: version . coder id . issued . expires (epoch seconds) . fingerprint . signature
_TOKEN = re.compile(
    re.escape(_TOKEN_VERSION)
    + r"\.([0-9]{1,12})\.([0-9]{1,12})\.([0-9]{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})"
)


def _mac(secret: str, purpose: str, *parts: str) -> str:
    """HMAC-SHA256 of ``parts`` under ``secret``, kept apart per ``purpose``, as base64url."""
    message = "\x00".join((purpose, *parts)).encode("utf-8")
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _fingerprint(secret: str, coder: Coder, password_hash: str, epoch: int = 0) -> str:
    """What a token remembers of the account: it stops matching when the password hash, the
    active flag or the role changes, or the coder signs out everywhere (the hash itself
    never leaves the database)."""
    active = "active" if coder.active else "inactive"
    parts: tuple[str, ...] = (str(coder.id), password_hash, active, coder.role.value)
    if epoch:
        parts = (*parts, f"epoch {epoch}")
    return _mac(secret, "fingerprint", *parts)[:22]


def _epoch(epochs: object, coder_id: int) -> int:
    if not isinstance(epochs, dict):
        return 0
    value = epochs.get(str(coder_id), 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


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

    # ----- remembered sign-in ---------------------------------------------------------
    def session_token(self, coder: Coder | int | str, minutes: float = 60) -> str:
        """A signed token that signs ``coder`` in again for the next ``minutes``.

        The app hands it to the browser after a successful sign-in, so a reload or a new tab
        stays signed in; :meth:`coder_for_token` checks it. The token holds the coder's id,
        when it was issued and when it expires, and a fingerprint of the account, all signed
        with HMAC-SHA256 under a secret kept in the project (made on first use, in its own
        transaction). Nothing about the token is stored, and any app process serving the
        same project accepts it. A new password, deactivation or a changed role makes every
        earlier token worthless.

        Issue a token only to someone who has just proved who they are (a password, or a
        valid token): like :meth:`with_coder`, this trusts whoever holds the project.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "s.realist")
        >>> p = realist.init_project(path, owner="ana", password="a long passphrase")
        >>> token = p.session_token("ana", minutes=60)
        >>> p.coder_for_token(token).name
        'ana'
        >>> realist.open_project(path).coder_for_token(token).name  # another process, too
        'ana'
        >>> p.add_coder("ben", "coder").has_password  # no password: cannot sign in
        False
        >>> p.session_token("ben")
        Traceback (most recent call last):
        ...
        realist.errors.PermissionDenied: ben cannot sign in (no password, or the account is not active), so gets no session token [R002]
        """
        if isinstance(minutes, bool) or not isinstance(minutes, int | float):
            raise ValidationError(f"minutes must be a number, not {minutes!r}")
        if not math.isfinite(minutes) or minutes <= 0:
            raise ValidationError(f"a session token must last a positive time, not {minutes!r}")
        with self._read() as conn:
            found = self._coder_in(conn, coder)
            hashed = coder_store.password_hash(conn, found.name)
            secret = meta.get_setting(conn, SESSION_SECRET)
            epoch = _epoch(meta.get_setting(conn, SESSION_EPOCHS), found.id)
        if hashed is None or not found.active:
            raise PermissionDenied(
                f"{found.name} cannot sign in (no password, or the account is not active), "
                "so gets no session token"
            )
        if not secret:
            secret = self._make_session_secret(found)
        issued = int(time.time())
        expires = issued + max(1, math.ceil(minutes * 60))
        body = (
            f"{_TOKEN_VERSION}.{found.id}.{issued}.{expires}."
            f"{_fingerprint(str(secret), found, hashed, epoch)}"
        )
        return f"{body}.{_mac(str(secret), 'session', body)}"

    def coder_for_token(self, token: str | None, *, now: float | None = None) -> Coder | None:
        """The coder a :meth:`session_token` signs in, as the project knows them now; None
        when the token is missing, malformed, altered, expired, from another project, or
        its account has since changed password, role or been deactivated.

        ``now`` (seconds since the epoch) is for tests; it defaults to the clock.

        Examples
        --------
        >>> import realist, tempfile, os, time
        >>> p = realist.init_project(
        ...     os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana", password="a long passphrase"
        ... )
        >>> token = p.session_token("ana", minutes=30)
        >>> p.coder_for_token(token).role.value
        'owner'
        >>> p.coder_for_token(token, now=time.time() + 31 * 60) is None  # expired
        True
        >>> p.coder_for_token(token.replace(".1.", ".2.", 1)) is None  # altered
        True
        >>> p.set_password("ana", "another passphrase")
        >>> p.coder_for_token(token) is None  # the password changed since
        True
        >>> p.coder_for_token("not a token") is None
        True
        """
        if not isinstance(token, str) or len(token) > 200:
            return None
        match = _TOKEN.fullmatch(token)
        if match is None:
            return None
        coder_id, _issued, expires = (int(match.group(i)) for i in (1, 2, 3))
        fingerprint, signature = match.group(4), match.group(5)
        with self._read() as conn:
            secret = meta.get_setting(conn, SESSION_SECRET)
            coder = coder_store.get_coder(conn, coder_id)
            hashed = coder_store.password_hash(conn, coder.name) if coder is not None else None
            epoch = _epoch(meta.get_setting(conn, SESSION_EPOCHS), coder_id)
        if not secret:
            return None
        body = token.rsplit(".", 1)[0]
        if not hmac.compare_digest(signature, _mac(str(secret), "session", body)):
            return None
        if expires <= (time.time() if now is None else now):
            return None
        if coder is None or hashed is None or not coder.active:
            return None
        if not hmac.compare_digest(fingerprint, _fingerprint(str(secret), coder, hashed, epoch)):
            return None
        return coder

    def session_epoch(self, coder: str | int | Coder) -> int:
        """How many times ``coder`` has signed out everywhere (see :meth:`end_sessions`): an
        app session keeps the number it began with and ends when it changes.

        >>> import realist, tempfile, os
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> p.session_epoch("ana")
        0
        """
        with self._read() as conn:
            found = self._coder_in(conn, coder)
            return _epoch(meta.get_setting(conn, SESSION_EPOCHS), found.id)

    def end_sessions(self, coder: str | int | Coder | None = None) -> int:
        """Sign ``coder`` (default: the acting coder) out everywhere: every session token
        issued so far stops working, and app sessions of that coder in other tabs and
        browsers sign out when they next notice (within the revision poll). A coder may end
        their own sessions; ending someone else's takes a lead or the owner. Returns the
        coder's new session number.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "s.realist")
        >>> p = realist.init_project(path, owner="ana", password="a long passphrase")
        >>> token = p.session_token("ana", minutes=60)
        >>> p.end_sessions()
        1
        >>> p.coder_for_token(token) is None
        True
        >>> p.coder_for_token(p.session_token("ana")).name  # a new sign-in works
        'ana'
        """
        acting = self._coder
        if coder is None:
            if acting is None:
                raise PermissionDenied(
                    "nobody to sign out: open the project as a coder, or name the coder"
                )
            coder = acting.id
        with self._read() as conn:
            found = self._coder_in(conn, coder)
        if acting is None or (acting.id != found.id and not acting.role.can_manage):
            raise PermissionDenied(f"only {found.name} or a lead can end {found.name}'s sessions")
        with tx.write(
            self._engine,
            coder_id=acting.id,
            coder_name=acting.name,
            action="session.end",
            entity="coder",
            entity_id=found.id,
        ) as w:
            epochs = meta.get_setting(w.conn, SESSION_EPOCHS)
            epochs = dict(epochs) if isinstance(epochs, dict) else {}
            epoch = _epoch(epochs, found.id) + 1
            epochs[str(found.id)] = epoch
            meta.set_setting(w.conn, SESSION_EPOCHS, epochs)
            w.detail.update(coder=found.name)
        return epoch

    def _make_session_secret(self, coder: Coder) -> str:
        """Create the token secret, once per project, in a transaction of its own.

        Whoever signs in first triggers it, a viewer too, so it skips the role check of
        ``_write``; the event names that coder. Two processes racing queue on the project
        row, and the later one keeps the secret the first one stored.
        """
        with tx.write(
            self._engine,
            coder_id=coder.id,
            coder_name=coder.name,
            action="session.setup",
            entity="settings",
        ) as w:
            secret = meta.get_setting(w.conn, SESSION_SECRET)
            if not secret:
                secret = secrets.token_urlsafe(32)
                meta.set_setting(w.conn, SESSION_SECRET, secret)
            w.detail.update(key=SESSION_SECRET)
        return str(secret)

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
