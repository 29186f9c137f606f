"""Project reads as pandas DataFrames, for notebooks and reports."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import asdict

import pandas as pd

from realist.model import Document, Participant, Turn
from realist.project.core import CoreMixin


def _speaker_at(turns: Sequence[Turn], starts: list[int], offset: int) -> Turn | None:
    """The turn containing ``offset`` (turns sorted by start)."""
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and turns[i].start <= offset < turns[i].end:
        return turns[i]
    return None


class TablesMixin(CoreMixin):
    """DataFrame views of the project."""

    def documents_df(self) -> pd.DataFrame:
        """One row per document: id, name, characters, words, turns, source, metadata."""
        docs = self.documents()
        turns = self.turns()
        per_doc = (
            pd.Series([t.document_id for t in turns]).value_counts()
            if turns
            else pd.Series(dtype=int)
        )
        rows = [
            {
                "id": d.id,
                "name": d.name,
                "characters": len(d.text),
                "words": len(d.text.split()),
                "turns": int(per_doc.get(d.id, 0)),
                "source_name": d.source_name,
                "source_format": d.source_format,
                "deidentified": d.deidentified,
                **{f"meta_{k}": v for k, v in d.metadata.items()},
            }
            for d in docs
        ]
        return pd.DataFrame(
            rows, columns=None if rows else ["id", "name", "characters", "words", "turns"]
        )

    def participants_df(self) -> pd.DataFrame:
        """One row per participant with attributes as columns."""
        rows = [self._participant_row(p) for p in self.participants()]
        return pd.DataFrame(
            rows, columns=None if rows else ["id", "label", "group", "role", "site"]
        )

    @staticmethod
    def _participant_row(p: Participant) -> dict[str, object]:
        return {"id": p.id, "label": p.label, "group": p.group, "pseudonym": p.pseudonym,
                "role": p.role, "site": p.site, **p.attributes}  # fmt: skip

    def codes_df(self) -> pd.DataFrame:
        rows = [
            {**asdict(c), "kind": c.kind.value, "level": c.level.value if c.level else None}
            for c in self.codes()
        ]
        return pd.DataFrame(rows, columns=None if rows else ["id", "key", "name", "kind", "level"])

    def codings_df(self, document: int | str | None = None, coder: int | str | None = None,
                   code: int | str | None = None) -> pd.DataFrame:  # fmt: skip
        """Codings with their excerpt, code, coder, speaker and the speaker's attributes."""
        codings = self.codings(document, coder=coder, code=code)
        columns = ["id", "document_id", "document", "start", "end", "excerpt", "code_id", "code",
                   "code_name", "kind", "level", "coder_id", "coder", "speaker", "participant_id",
                   "role", "site", "group", "memo", "created_at"]  # fmt: skip
        if not codings:
            return pd.DataFrame(columns=columns)
        docs: dict[int, Document] = {d.id: d for d in self.documents()}
        codes = {c.id: c for c in self.codes()}
        coders = {c.id: c.name for c in self.coders()}
        people = {p.id: p for p in self.participants()}
        turns_by_doc: dict[int, list[Turn]] = {}
        for t in self.turns():
            turns_by_doc.setdefault(t.document_id, []).append(t)
        starts = {d: [t.start for t in ts] for d, ts in turns_by_doc.items()}
        rows = []
        for c in codings:
            doc = docs[c.document_id]
            code_ = codes.get(c.code_id)
            turn = _speaker_at(
                turns_by_doc.get(c.document_id, []), starts.get(c.document_id, []), c.start
            )
            person = people.get(turn.participant_id) if turn and turn.participant_id else None
            rows.append({
                "id": c.id, "document_id": c.document_id, "document": doc.name,
                "start": c.start, "end": c.end, "excerpt": doc.text[c.start:c.end],
                "code_id": c.code_id, "code": code_.key if code_ else None,
                "code_name": code_.name if code_ else None,
                "kind": code_.kind.value if code_ else None,
                "level": code_.level.value if code_ and code_.level else None,
                "coder_id": c.coder_id, "coder": coders.get(c.coder_id),
                "speaker": turn.speaker if turn else None,
                "participant_id": person.id if person else None,
                "role": person.role if person else None, "site": person.site if person else None,
                "group": person.group if person else None, "memo": c.memo, "created_at": c.created_at,
            })  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def cmocs_df(self) -> pd.DataFrame:
        """One row per CMOC, with evidence counts per role."""
        rows = []
        coders = {c.id: c.name for c in self.coders()}
        for c in self.cmocs():
            roles = pd.Series([e.role.value for e in c.evidence]).value_counts()
            rows.append({
                "id": c.id, "label": c.label, "statement": c.statement,
                "level": c.level.value if c.level else None, "status": c.status.value,
                "theory_code_id": c.theory_code_id, "coder": coders.get(c.coder_id or -1),
                "documents": len({e.document_id for e in c.evidence}), "evidence": len(c.evidence),
                **{f"n_{r}": int(n) for r, n in roles.items()}, "version": c.version,
            })  # fmt: skip
        return pd.DataFrame(
            rows, columns=None if rows else ["id", "label", "statement", "level", "status"]
        )

    def evidence_df(self) -> pd.DataFrame:
        """One row per CMOC evidence span, with its words."""
        docs = {d.id: d for d in self.documents()}
        rows = [
            {"cmoc_id": c.id, "cmoc": c.label, "role": e.role.value, "document_id": e.document_id,
             "document": docs[e.document_id].name, "start": e.start, "end": e.end,
             "excerpt": docs[e.document_id].text[e.start:e.end], "coding_id": e.coding_id, "note": e.note}
            for c in self.cmocs() for e in c.evidence
        ]  # fmt: skip
        return pd.DataFrame(
            rows, columns=None if rows else ["cmoc_id", "cmoc", "role", "document", "excerpt"]
        )

    def log_df(self, limit: int | None = None) -> pd.DataFrame:
        rows = [{"revision": e.revision, "at": e.at, "coder": e.coder_name, "action": e.action,
                 "entity": e.entity, "entity_id": e.entity_id, "detail": e.detail}
                for e in self.log(limit)]  # fmt: skip
        return pd.DataFrame(
            rows, columns=["revision", "at", "coder", "action", "entity", "entity_id", "detail"]
        )
