"""The core of :class:`realist.Project`: coders, settings, documents, participants, codes,
codings, memos, CMOCs, demi-regularities and the log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from realist.errors import NotFound, PermissionDenied, ValidationError
from realist.model import (
    CMOC,
    Code,
    CodeKind,
    Coder,
    Coding,
    CodingFrame,
    DemiRegularity,
    Document,
    DocumentDraft,
    Event,
    EvidenceRole,
    EvidenceSpan,
    Level,
    Memo,
    MemoTarget,
    Participant,
    Role,
    TheoryStatus,
    Turn,
    TurnDraft,
)
from realist.project.base import DEFAULT_SETTINGS, ProjectBase
from realist.store import cmocs as cmoc_store
from realist.store import coders as coder_store
from realist.store import codes as code_store
from realist.store import codings as coding_store
from realist.store import documents as document_store
from realist.store import events as event_store
from realist.store import memos as memo_store
from realist.store import meta, tx

_hasher = PasswordHasher()

CODE_FIELDS = (
    "key", "name", "kind", "level", "parent", "frame", "colour", "description",
    "inclusion", "exclusion", "example", "sort_order",
)  # fmt: skip
DR_FIELDS = (
    "label", "context", "mechanism_resource", "mechanism_response", "outcome",
    "intervention", "actor", "statement", "level", "status", "cmoc_ids",
)  # fmt: skip
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip


def _level(value: Level | str | None) -> str | None:
    if value in (None, "", "none"):
        return None
    try:
        return Level(value).value
    except ValueError:
        raise ValidationError(
            f"unknown level {value!r}: use family, organisation, system or none"
        ) from None


def _status(value: TheoryStatus | str) -> str:
    try:
        return TheoryStatus(value).value
    except ValueError:
        raise ValidationError(
            f"unknown status {value!r}: use supports, refines, refutes or new"
        ) from None


class CoreMixin(ProjectBase):
    """Reads and writes every part of a project through one transaction each."""

    # ----- project ---------------------------------------------------------------------
    @property
    def name(self) -> str:
        with self._read() as conn:
            info = meta.project_info(conn)
        assert info is not None
        return info.name

    @property
    def revision(self) -> int:
        """The project revision: bumped by every write. Cheap to poll."""
        with self._read() as conn:
            return tx.revision(conn)

    @property
    def coder(self) -> Coder | None:
        """The coder this Project acts as (None: read-only)."""
        return self._coder

    def info(self) -> dict[str, Any]:
        """Name, revision and counts of everything in the project.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), name="Pilot", owner="ana")
        >>> p.info()["documents"], p.info()["coders"]
        (0, 1)
        """
        with self._read() as conn:
            info = meta.project_info(conn)
            assert info is not None
            return {"name": info.name, "revision": info.revision, **meta.counts(conn)}

    def settings(self) -> dict[str, Any]:
        """Project settings, with defaults filled in."""
        with self._read() as conn:
            return self._settings_in(conn)

    def set_setting(self, key: str, value: Any) -> None:
        """Change a setting (owners and leads)."""
        if key not in DEFAULT_SETTINGS:
            raise ValidationError(
                f"unknown setting {key!r}: known settings are {', '.join(DEFAULT_SETTINGS)}"
            )
        with self._write("setting.set", "settings", role=Role.LEAD) as w:
            meta.set_setting(w.conn, key, value)
            w.detail.update(key=key, value=value)

    # ----- coders ----------------------------------------------------------------------
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

    # ----- participants ----------------------------------------------------------------
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

    # ----- documents -------------------------------------------------------------------
    def add_document(self, draft: DocumentDraft, *, group: str = "") -> Document:
        """Store a document with its turns; speakers become participants of ``group``."""
        with self._write("document.add", "document") as w:
            return self._add_document_in(w, draft, group=group)

    def _add_document_in(self, w: tx.Writer, draft: DocumentDraft, *, group: str = "") -> Document:
        name = draft.name.strip()
        if not name:
            raise ValidationError("a document needs a name")
        if document_store.get_document(w.conn, name) is not None:
            raise ValidationError(
                f"there is already a document called {name!r}: rename the file or remove the old one"
            )
        for turn in draft.turns:
            self._check_span(0, len(draft.text), turn.start, turn.end)
        metadata = dict(draft.metadata)
        if group:
            metadata.setdefault("group", group)
        group = str(metadata.get("group", group) or "")
        doc_id = document_store.insert_document(
            w.conn,
            name=name,
            text=draft.text,
            sha256=draft.sha256,
            source_name=draft.source_name,
            source_format=draft.source_format,
            metadata=metadata,
            created_by=w.coder_id,
        )
        self._store_turns_in(w, doc_id, draft.turns, group)
        w.entity_id = doc_id
        w.detail.update(name=name, turns=len(draft.turns), characters=len(draft.text))
        return self._document_in(w.conn, doc_id)

    def _store_turns_in(
        self, w: tx.Writer, doc_id: int, turns: Sequence[TurnDraft], group: str
    ) -> None:
        speakers = list(dict.fromkeys(t.speaker for t in turns if t.speaker))
        ids = {
            sp: document_store.upsert_participant(w.conn, {"label": sp, "group": group}).id
            for sp in speakers
        }
        document_store.insert_turns(w.conn, doc_id, turns, ids)

    def documents(self) -> list[Document]:
        with self._read() as conn:
            return document_store.list_documents(conn)

    def document(self, ref: int | str) -> Document:
        """A document by id or name."""
        with self._read() as conn:
            return self._document_in(conn, ref)

    def find_document_by_sha256(self, sha256: str) -> Document | None:
        with self._read() as conn:
            return document_store.find_by_sha256(conn, sha256)

    def turns(self, document: int | str | Document | None = None) -> list[Turn]:
        with self._read() as conn:
            doc_id = None if document is None else self._document_in(conn, document).id
            return document_store.list_turns(conn, doc_id)

    def replace_document_text(
        self, document: int | str | Document, text: str, turns: Sequence[TurnDraft]
    ) -> Document:
        """Rewrite a document's text (de-identification only; owners and leads).

        Refused once any coding or CMOC evidence points into the document, because their
        offsets would no longer hold.
        """
        with self._write("document.replace_text", "document", role=Role.LEAD) as w:
            doc = self._document_in(w.conn, document)
            if document_store.has_annotations(w.conn, doc.id):
                raise ValidationError(
                    f"document {doc.name!r} already has codings or CMOC evidence: "
                    "de-identify before coding (or re-import the file into a new document)"
                )
            for turn in turns:
                self._check_span(doc.id, len(text), turn.start, turn.end)
            old_turns = document_store.list_turns(w.conn, doc.id)
            group = str(doc.metadata.get("group", ""))
            document_store.replace_text(w.conn, doc.id, text)
            document_store.delete_turns(w.conn, doc.id)
            self._store_turns_in(w, doc.id, turns, group)
            w.entity_id = doc.id
            w.detail.update(
                name=doc.name, old_length=len(doc.text), new_length=len(text), turns=len(old_turns)
            )
            return self._document_in(w.conn, doc.id)

    # ----- frames and codes ------------------------------------------------------------
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
                values["level"] = _level(value)
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

    # ----- codings ---------------------------------------------------------------------
    def add_coding(
        self, document: int | str | Document, start: int, end: int, code: int | str | Code,
        *, memo: str | None = None,
    ) -> Coding:  # fmt: skip
        """Apply ``code`` to ``[start, end)`` of ``document`` as the current coder."""
        with self._write("coding.add", "coding") as w:
            doc = self._document_in(w.conn, document)
            found = self._code_in(w.conn, code)
            self._check_span(doc.id, len(doc.text), start, end)
            ids = coding_store.insert_codings(
                w.conn,
                [{"document_id": doc.id, "code_id": found.id, "coder_id": w.coder_id,
                  "start": start, "end": end, "memo": memo}],
                w.at,
            )  # fmt: skip
            w.entity_id = ids[0]
            w.detail.update(document=doc.id, code=found.key, start=start, end=end)
            coding = coding_store.get_coding(w.conn, ids[0])
            assert coding is not None
            return coding

    def add_codings(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Add many codings in one transaction and one event; returns how many.

        Each row has ``document_id``, ``start``, ``end``, ``code_id`` and optionally
        ``memo`` and ``coder_id`` (another coder's id: owners and leads only).
        """
        with self._write("coding.bulk_add", "coding") as w:
            count = self._add_codings_in(w, rows)
            w.detail.update(count=count)
            return count

    def _add_codings_in(self, w: tx.Writer, rows: Iterable[Mapping[str, Any]]) -> int:
        checked: list[Mapping[str, Any]] = []
        lengths = document_store.document_lengths(w.conn)
        code_ids = {c.id for c in code_store.list_codes(w.conn)}
        manager = self._is_manager()
        me = w.coder_id
        for row in rows:
            coder_id = row.get("coder_id", me)
            if coder_id != me and not manager:
                raise PermissionDenied("only an owner or lead can add codings for another coder")
            doc_id, start, end = row["document_id"], row["start"], row["end"]
            length = lengths.get(doc_id)
            if length is None:
                raise NotFound(f"no document {doc_id!r} in this project")
            if row["code_id"] not in code_ids:
                raise NotFound(f"no code {row['code_id']!r} in this project")
            if not (type(start) is int and type(end) is int and 0 <= start < end <= length):
                self._check_span(doc_id, length, start, end)
            checked.append(
                row if coder_id == row.get("coder_id") else {**row, "coder_id": coder_id}
            )
        return coding_store.bulk_insert_codings(w.conn, checked, w.at)

    def _own_coding_in(
        self, w: tx.Writer, coding_id: int, *, include_deleted: bool = False
    ) -> Coding:
        coding = coding_store.get_coding(w.conn, coding_id, include_deleted=include_deleted)
        if coding is None:
            raise NotFound(f"no coding {coding_id} (it may have been removed already)")
        if coding.coder_id != w.coder_id and not self._is_manager():
            raise PermissionDenied("a coder can change only their own codings")
        return coding

    def delete_coding(self, coding_id: int) -> None:
        """Remove a coding (soft: ``restore_coding`` brings it back)."""
        with self._write("coding.delete", "coding", coding_id) as w:
            coding = self._own_coding_in(w, coding_id)
            if not coding_store.set_deleted(w.conn, coding_id, w.at, w.coder_id):
                raise NotFound(f"coding {coding_id} was removed already")
            w.detail.update(document=coding.document_id, code_id=coding.code_id,
                            start=coding.start, end=coding.end)  # fmt: skip

    def restore_coding(self, coding_id: int) -> Coding:
        with self._write("coding.restore", "coding", coding_id) as w:
            self._own_coding_in(w, coding_id, include_deleted=True)
            if not coding_store.set_deleted(w.conn, coding_id, None, None):
                raise ValidationError(f"coding {coding_id} is not removed")
            restored = coding_store.get_coding(w.conn, coding_id)
            assert restored is not None
            return restored

    def update_coding_memo(self, coding_id: int, memo: str | None) -> Coding:
        with self._write("coding.memo", "coding", coding_id) as w:
            self._own_coding_in(w, coding_id)
            coding_store.set_memo(w.conn, coding_id, memo or None)
            updated = coding_store.get_coding(w.conn, coding_id)
            assert updated is not None
            return updated

    def codings(
        self,
        document: int | str | Document | None = None,
        *,
        coder: int | str | Sequence[int | str] | None = None,
        code: int | str | Sequence[int | str] | None = None,
    ) -> list[Coding]:
        """Live codings, filtered; under blind coding a coder sees only their own."""
        with self._read() as conn:
            doc_id = None if document is None else self._document_id_in(conn, document)
            coder_ids = None
            if coder is not None:
                refs = [coder] if isinstance(coder, int | str) else list(coder)
                coder_ids = [self._coder_in(conn, r).id for r in refs]
            visible = self._visible_coder_ids(conn)
            if visible is not None:
                coder_ids = [c for c in (coder_ids or visible) if c in visible]
            code_ids = None
            if code is not None:
                refs = [code] if isinstance(code, int | str) else list(code)
                code_ids = [self._code_in(conn, r).id for r in refs]
            return coding_store.list_codings(
                conn, document_id=doc_id, coder_ids=coder_ids, code_ids=code_ids
            )

    # ----- memos -----------------------------------------------------------------------
    def add_memo(
        self, target: MemoTarget | str, target_id: int | None, text: str, title: str = ""
    ) -> Memo:
        """Attach a memo to the project, a document, code, coding, CMOC or demi-regularity."""
        target = MemoTarget(target)
        with self._write("memo.add", "memo") as w:
            memo = memo_store.insert_memo(w.conn, target, target_id, w.coder_id or 0, text, title)
            w.entity_id = memo.id
            w.detail.update(target=target.value, target_id=target_id)
            return memo

    def update_memo(
        self, memo_id: int, text: str, *, version: int, title: str | None = None
    ) -> Memo:
        """Edit a memo based on ``version``; StaleVersionError if someone saved in between."""
        values: dict[str, Any] = {"text": text}
        if title is not None:
            values["title"] = title
        with self._write("memo.update", "memo", memo_id) as w:
            if not memo_store.update_memo(w.conn, memo_id, version, values):
                current = memo_store.get_memo(w.conn, memo_id)
                raise self._stale(
                    "memo", memo_id, version, current.version if current else None, current
                )
            w.detail.update(version=version + 1)
            updated = memo_store.get_memo(w.conn, memo_id)
            assert updated is not None
            return updated

    def delete_memo(self, memo_id: int) -> None:
        with self._write("memo.delete", "memo", memo_id) as w:
            if not cmoc_store.soft_delete(w.conn, "memos", memo_id):
                raise NotFound(f"no memo {memo_id}")

    def memos(
        self, target: MemoTarget | str | None = None, target_id: int | None = None
    ) -> list[Memo]:
        with self._read() as conn:
            return memo_store.list_memos(
                conn, None if target is None else MemoTarget(target), target_id
            )

    def memo(self, memo_id: int) -> Memo:
        with self._read() as conn:
            found = memo_store.get_memo(conn, memo_id)
        if found is None:
            raise NotFound(f"no memo {memo_id}")
        return found

    # ----- CMOCs -----------------------------------------------------------------------
    def add_cmoc(
        self,
        label: str,
        statement: str = "",
        evidence: Sequence[EvidenceSpan] = (),
        *,
        level: Level | str | None = None,
        status: TheoryStatus | str = TheoryStatus.NEW,
        theory_code: int | str | None = None,
    ) -> CMOC:
        """Assemble a CMOC from evidence spans (from any turns and documents of the study).

        It needs an outcome and at least one context or mechanism, every span inside its
        document. ``statement`` defaults to the template "If [C], then [O], because [M]".
        """
        with self._write("cmoc.add", "cmoc") as w:
            values = self._cmoc_values(w, label=label, statement=statement, level=level,
                                       status=status, theory_code=theory_code)  # fmt: skip
            spans = self._checked_evidence(w, evidence)
            if not values["statement"]:
                values["statement"] = "If [C], then [O], because [M]"
            cmoc_id = cmoc_store.insert_cmoc(w.conn, {**values, "coder_id": w.coder_id}, spans)
            w.entity_id = cmoc_id
            w.detail.update(label=label, evidence=len(spans))
            return cmoc_store.list_cmocs(w.conn, ids=[cmoc_id])[0]

    def _cmoc_values(self, w: tx.Writer, **fields: Any) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field, value in fields.items():
            if field == "label":
                if not str(value).strip():
                    raise ValidationError("a CMOC needs a label")
                values["label"] = str(value).strip()
            elif field == "level":
                values["level"] = _level(value)
            elif field == "status":
                values["status"] = _status(value)
            elif field == "theory_code":
                values["theory_code_id"] = (
                    None if value is None else self._code_in(w.conn, value).id
                )
            else:
                values[field] = value
        return values

    def _checked_evidence(
        self, w: tx.Writer, evidence: Sequence[EvidenceSpan]
    ) -> list[EvidenceSpan]:
        spans = [e if isinstance(e, EvidenceSpan) else EvidenceSpan(**dict(e)) for e in evidence]
        spans = [EvidenceSpan(e.document_id, e.start, e.end, EvidenceRole.parse(e.role),
                              e.coding_id, e.note) for e in spans]  # fmt: skip
        roles = {e.role for e in spans}
        if EvidenceRole.OUTCOME not in roles:
            raise ValidationError(
                "a CMOC needs evidence for its outcome (role O): add the span where the outcome is told"
            )
        if not roles & {
            EvidenceRole.CONTEXT,
            EvidenceRole.MECHANISM_RESOURCE,
            EvidenceRole.MECHANISM_RESPONSE,
        }:
            raise ValidationError(
                "a CMOC needs at least one context (C) or mechanism (M-resource / M-response) span"
            )
        lengths = document_store.document_lengths(w.conn, (e.document_id for e in spans))
        for e in spans:
            if e.document_id not in lengths:
                raise NotFound(f"evidence points at document {e.document_id}, which does not exist")
            self._check_span(e.document_id, lengths[e.document_id], e.start, e.end)
        return spans

    def _editable_cmoc_in(self, w: tx.Writer, cmoc_id: int) -> CMOC:
        found = cmoc_store.list_cmocs(w.conn, ids=[cmoc_id])
        if not found:
            raise NotFound(f"no CMOC {cmoc_id}")
        if found[0].coder_id not in (None, w.coder_id) and not self._is_manager():
            raise PermissionDenied("a coder can change only their own CMOCs: ask a lead")
        return found[0]

    def update_cmoc(self, cmoc_id: int, *, version: int, **changes: Any) -> CMOC:
        """Change a CMOC's label, statement, evidence, level, status or theory_code."""
        allowed = ("label", "statement", "evidence", "level", "status", "theory_code")
        self._pick(changes, allowed)
        with self._write("cmoc.update", "cmoc", cmoc_id) as w:
            current = self._editable_cmoc_in(w, cmoc_id)
            evidence = changes.pop("evidence", None)
            values = self._cmoc_values(w, **changes)
            if not cmoc_store.update_cmoc(w.conn, cmoc_id, version, values):
                raise self._stale("cmoc", cmoc_id, version, current.version, current)
            if evidence is not None:
                cmoc_store.replace_evidence(w.conn, cmoc_id, self._checked_evidence(w, evidence))
            w.detail.update(
                fields=sorted([*changes, *(["evidence"] if evidence is not None else [])])
            )
            return cmoc_store.list_cmocs(w.conn, ids=[cmoc_id])[0]

    def delete_cmoc(self, cmoc_id: int) -> None:
        with self._write("cmoc.delete", "cmoc", cmoc_id) as w:
            self._editable_cmoc_in(w, cmoc_id)
            cmoc_store.soft_delete(w.conn, "cmocs", cmoc_id)

    def cmocs(self) -> list[CMOC]:
        """Live CMOCs with their evidence (under blind coding, a coder's own only)."""
        with self._read() as conn:
            return cmoc_store.list_cmocs(conn, coder_ids=self._visible_coder_ids(conn))

    def cmoc(self, cmoc_id: int) -> CMOC:
        with self._read() as conn:
            found = cmoc_store.list_cmocs(
                conn, ids=[cmoc_id], coder_ids=self._visible_coder_ids(conn)
            )
        if not found:
            raise NotFound(f"no CMOC {cmoc_id}")
        return found[0]

    # ----- demi-regularities -----------------------------------------------------------
    def add_demi_regularity(
        self, label: str, cmoc_ids: Sequence[int] = (), **fields: Any
    ) -> DemiRegularity:
        """Group CMOCs into a demi-regularity with a consolidated C / M / O statement."""
        with self._write("demi_regularity.add", "demi_regularity") as w:
            values = self._dr_values(w, {"label": label, **fields})
            dr_id = cmoc_store.insert_demi_regularity(
                w.conn, {**values, "coder_id": w.coder_id}, cmoc_ids
            )
            w.entity_id = dr_id
            w.detail.update(label=label, cmocs=list(cmoc_ids))
            return cmoc_store.list_demi_regularities(w.conn, [dr_id])[0]

    def _dr_values(self, w: tx.Writer, fields: Mapping[str, Any]) -> dict[str, Any]:
        self._pick(fields, DR_FIELDS)
        values: dict[str, Any] = {}
        for field, value in fields.items():
            if field == "label" and not str(value).strip():
                raise ValidationError("a demi-regularity needs a label")
            if field == "level":
                values["level"] = _level(value)
            elif field == "status":
                values["status"] = _status(value)
            elif field != "cmoc_ids":
                values[field] = "" if value is None else str(value)
        if "cmoc_ids" in fields:
            ids = list(fields["cmoc_ids"])
            live = {c.id for c in cmoc_store.list_cmocs(w.conn, ids=ids)}
            missing = sorted(set(ids) - live)
            if missing:
                raise NotFound(f"no CMOC(s) {missing}: they do not exist or were deleted")
        return values

    def update_demi_regularity(self, dr_id: int, *, version: int, **changes: Any) -> DemiRegularity:
        with self._write("demi_regularity.update", "demi_regularity", dr_id) as w:
            values = self._dr_values(w, changes)
            current = cmoc_store.list_demi_regularities(w.conn, [dr_id])
            if not cmoc_store.update_demi_regularity(w.conn, dr_id, version, values):
                raise self._stale("demi_regularity", dr_id, version,
                                  current[0].version if current else None, current[0] if current else None)  # fmt: skip
            if "cmoc_ids" in changes:
                cmoc_store.replace_members(w.conn, dr_id, list(changes["cmoc_ids"]))
            w.detail.update(fields=sorted(changes))
            return cmoc_store.list_demi_regularities(w.conn, [dr_id])[0]

    def delete_demi_regularity(self, dr_id: int) -> None:
        with self._write("demi_regularity.delete", "demi_regularity", dr_id) as w:
            if not cmoc_store.soft_delete(w.conn, "demi_regularities", dr_id):
                raise NotFound(f"no demi-regularity {dr_id}")

    def demi_regularities(self) -> list[DemiRegularity]:
        with self._read() as conn:
            return cmoc_store.list_demi_regularities(conn)

    def demi_regularity(self, dr_id: int) -> DemiRegularity:
        with self._read() as conn:
            found = cmoc_store.list_demi_regularities(conn, [dr_id])
        if not found:
            raise NotFound(f"no demi-regularity {dr_id}")
        return found[0]

    # ----- undo ------------------------------------------------------------------------
    RESTORABLE: ClassVar[dict[str, str]] = {
        "code": "codes",
        "memo": "memos",
        "cmoc": "cmocs",
        "demi_regularity": "demi_regularities",
    }

    def restore(self, entity: str, record_id: int) -> None:
        """Bring back a deleted code, memo, CMOC or demi-regularity (codings:
        :meth:`restore_coding`). The log shows what was deleted, and by whom.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> memo = p.add_memo("project", None, "first idea")
        >>> p.delete_memo(memo.id)
        >>> p.restore("memo", memo.id)
        >>> p.memo(memo.id).text
        'first idea'
        """
        if entity == "coding":
            self.restore_coding(record_id)
            return
        table = self.RESTORABLE.get(entity)
        if table is None:
            raise ValidationError(
                f"cannot restore {entity!r}: use one of coding, {', '.join(self.RESTORABLE)}"
            )
        role = Role.LEAD if entity == "code" else None
        with self._write(f"{entity}.restore", entity, record_id, role=role) as w:
            if not cmoc_store.restore(w.conn, table, record_id):
                raise NotFound(f"{entity} {record_id} is not deleted (or never existed)")

    # ----- log -------------------------------------------------------------------------
    def log(self, limit: int | None = 50, *, since_revision: int = 0) -> list[Event]:
        """The newest events first: who did what, when."""
        with self._read() as conn:
            return event_store.list_events(conn, limit, since_revision)
