"""Documents and their speaker turns."""

from __future__ import annotations

from collections.abc import Sequence

from realist.errors import ValidationError
from realist.model import (
    Document,
    DocumentDraft,
    Role,
    Turn,
    TurnDraft,
)
from realist.project.base import ProjectBase
from realist.store import documents as document_store
from realist.store import tx


class DocumentsMixin(ProjectBase):
    """Documents: stored once, text immutable, turns and speakers attached."""

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
