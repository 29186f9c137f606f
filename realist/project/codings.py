"""Codings (one coder, one code, one span) and memos."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from realist.errors import NotFound, PermissionDenied, ValidationError
from realist.model import (
    Code,
    Coding,
    Document,
    Memo,
    MemoTarget,
)
from realist.project.base import ProjectBase
from realist.store import cmocs as cmoc_store
from realist.store import codes as code_store
from realist.store import codings as coding_store
from realist.store import documents as document_store
from realist.store import memos as memo_store
from realist.store import tx


class CodingsMixin(ProjectBase):
    """Codings and memos."""

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
