"""Decide what a read REFI-QDA file becomes in a project, before anything is written.

The plan is pure data keyed by GUID; ``Project.import_refi`` carries it out in one
transaction. Files written by realist carry ``realist-data:`` notes (see
:mod:`realist.interop.export`) and come back exactly; files from other programs map by
the standard: users to coders, codes to theme codes (hierarchy, colour, description kept),
sources to documents, selections to codings per coder, notes to memos on what they are
attached to, cases to participants.

Examples
--------
>>> from realist.interop.refi import RefiCode, RefiProject
>>> plan = make_plan(RefiProject(name="x", codes=[RefiCode(
...     "d7aa29da-519b-4946-9b90-253b6db8fd0a", "Peer support")]))
>>> [(c.key, c.name, c.kind) for c in plan.codes]
[('peer-support', 'Peer support', 'theme')]
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from realist.errors import RealistError
from realist.ingest.speakers import build_turns, find_marks
from realist.interop.export import DATA_MARKER, PARTICIPANT_FIELDS, decode_data
from realist.interop.refi import RefiProject, RefiSelection, RefiSource
from realist.model import DocumentDraft, EvidenceRole, MemoTarget, TurnDraft

__all__ = ["ImportPlan", "ImportReport", "make_plan"]


@dataclass(slots=True)
class PlannedCode:
    guid: str
    key: str
    name: str
    kind: str = "theme"
    level: str | None = None
    parent_guid: str | None = None
    colour: str | None = None
    description: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    sort_order: int = 0
    frame: str | None = None


@dataclass(slots=True)
class PlannedDocument:
    guid: str
    draft: DocumentDraft
    deidentified: bool = False


@dataclass(slots=True)
class PlannedCoding:
    guid: str
    document_guid: str
    code_guid: str
    coder: str | None
    start: int
    end: int
    memo: str | None = None


@dataclass(slots=True)
class PlannedMemo:
    target: MemoTarget
    target_guid: str | None
    coder: str | None
    title: str
    text: str
    guid: str = ""


@dataclass(slots=True)
class PlannedEvidence:
    document_guid: str
    start: int
    end: int
    role: EvidenceRole
    coding_guid: str | None = None
    note: str = ""


@dataclass(slots=True)
class PlannedCMOC:
    guid: str
    label: str
    statement: str
    level: str | None
    status: str
    theory_code_guid: str | None
    coder: str | None
    evidence: list[PlannedEvidence]


@dataclass(slots=True)
class PlannedDR:
    guid: str
    label: str
    fields: dict[str, str]
    level: str | None
    status: str
    coder: str | None
    cmoc_guids: list[str]


@dataclass(slots=True)
class ImportPlan:
    """What an import will create, in dependency order, with the reader's warnings."""

    origin: str = ""
    kind: str = "project"
    coders: list[tuple[str, str]] = field(default_factory=list)
    frames: list[dict[str, Any]] = field(default_factory=list)
    codes: list[PlannedCode] = field(default_factory=list)
    participants: list[dict[str, Any]] = field(default_factory=list)
    documents: list[PlannedDocument] = field(default_factory=list)
    codings: list[PlannedCoding] = field(default_factory=list)
    memos: list[PlannedMemo] = field(default_factory=list)
    cmocs: list[PlannedCMOC] = field(default_factory=list)
    demi_regularities: list[PlannedDR] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """A code key from a name: lower case ASCII words joined by ``-``.

    >>> slug("Training & Professional Development")
    'training-professional-development'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "code"


class _Planner:
    def __init__(self, refi: RefiProject) -> None:
        self.refi = refi
        self.plan = ImportPlan(
            origin=refi.origin, kind=refi.kind, warnings=list(refi.warnings), info=list(refi.info)
        )
        self.data: dict[str, Any] = {}
        self.special_notes: set[str] = set()
        self.special_sets: set[str] = set()
        for note in refi.notes:
            payload = decode_data(note.text) if DATA_MARKER.strip() in note.text else None
            if payload and payload.get("format") == "realist-refi":
                self.data = payload
                self.special_notes.add(note.guid)
        self.special_sets = set(self.data.get("sets", []))
        self.users = {u.guid: (u.name or f"user {u.id or u.guid[:8]}") for u in refi.users}
        self.selections: dict[str, tuple[RefiSource, RefiSelection]] = {
            sel.guid: (src, sel) for src, sel in refi.selections()
        }
        self.codings_by_guid: set[str] = set()
        self.attached_to_codings: set[str] = set()

    def coder(self, *guids: str | None) -> str | None:
        for guid in guids:
            if guid and guid in self.users:
                return self.users[guid]
        return None

    def run(self) -> ImportPlan:
        plan = self.plan
        seen: set[str] = set()
        for name in self.users.values():
            if name not in seen:
                seen.add(name)
                plan.coders.append((name, "coder"))
        plan.frames = list(self.data.get("frames", []))
        self.codes()
        if self.refi.kind == "project":
            self.participants()
            self.documents()
            self.codings()
            self.cmocs()
            self.memos()
            foreign_sets = [s.name for s in self.refi.sets if s.guid not in self.special_sets]
            if foreign_sets:
                plan.warnings.append(
                    f"{len(foreign_sets)} set(s) not imported (realist keeps no sets): "
                    + ", ".join(repr(n) for n in foreign_sets[:10])
                )
        elif self.refi.sets:
            plan.warnings.append(
                f"{len(self.refi.sets)} code set(s) not imported (realist keeps no sets)"
            )
        return plan

    # codes -----------------------------------------------------------------------
    def codes(self) -> None:
        details = self.data.get("codes", {})
        keys: set[str] = set()
        paths: dict[str, str] = {}
        for code in self.refi.codes:
            known = details.get(code.guid)
            parent_path = paths.get(code.parent_guid or "", "")
            path = f"{parent_path}/{slug(code.name)}" if parent_path else slug(code.name)
            path = path[-180:].lstrip("/-") or "code"
            paths[code.guid] = path
            if known:
                key = str(known["key"])
                planned = PlannedCode(
                    guid=code.guid,
                    key=key,
                    name=code.name,
                    kind=str(known.get("kind") or "theme"),
                    level=known.get("level"),
                    parent_guid=code.parent_guid,
                    colour=str(known.get("colour") or code.colour or "") or None,
                    description=str(known.get("description") or ""),
                    inclusion=str(known.get("inclusion") or ""),
                    exclusion=str(known.get("exclusion") or ""),
                    example=str(known.get("example") or ""),
                    sort_order=int(known.get("sort_order") or 0),
                    frame=known.get("frame"),
                )
            else:
                key = path
                number = 2
                while key in keys:
                    key = f"{path}-{number}"
                    number += 1
                planned = PlannedCode(
                    guid=code.guid,
                    key=key,
                    name=code.name,
                    parent_guid=code.parent_guid,
                    colour=code.colour,
                    description=code.description,
                    sort_order=len(self.plan.codes),
                )
            keys.add(planned.key)
            self.plan.codes.append(planned)

    # participants and documents ----------------------------------------------------
    def participants(self) -> None:
        details = self.data.get("participants", {})
        for case in self.refi.cases:
            known = details.get(case.guid)
            if known:
                row = {k: known.get(k, "") for k in ("label", *PARTICIPANT_FIELDS)}
                row.update(known.get("attributes") or {})
            else:
                row = {"label": case.name or f"case {case.guid[:8]}"}
                for key, value in case.values.items():
                    name = key.strip().lower() if key.strip().lower() in PARTICIPANT_FIELDS else key
                    row[name] = value
                if case.description:
                    row.setdefault("description", case.description)
            row["guid"] = case.guid
            self.plan.participants.append(row)

    def documents(self) -> None:
        details = self.data.get("documents", {})
        for source in self.refi.sources:
            known = details.get(source.guid) or {}
            turns: list[TurnDraft] = []
            for item in known.get("turns", []):
                speaker, start, end, stamp = (list(item) + [None] * 4)[:4]
                if (
                    isinstance(start, int)
                    and isinstance(end, int)
                    and 0 <= start < end <= len(source.text)
                ):
                    turns.append(TurnDraft(str(speaker), start, end, stamp))
            if not known and source.text:
                turns = self.speaker_turns(source)
            sha = known.get("sha256") or hashlib.sha256(source.text.encode("utf-8")).hexdigest()
            draft = DocumentDraft(
                name=str(known.get("name") or source.name),
                text=source.text,
                sha256=str(sha),
                source_name=str(known.get("source_name") or source.path or source.name),
                source_format=str(known.get("source_format") or "refi-qda"),
                metadata=dict(known.get("metadata") or self.foreign_metadata(source)),
                turns=tuple(turns),
            )
            self.plan.documents.append(
                PlannedDocument(source.guid, draft, bool(known.get("deidentified", False)))
            )

    def speaker_turns(self, source: RefiSource) -> list[TurnDraft]:
        """Turns found from speaker labels (``P3:``), as for a transcript read from a file."""
        try:
            turns, _ = build_turns(source.text, find_marks(source.text))
        except RealistError as exc:
            self.plan.info.append(f"source {source.name!r}: no speaker turns ({exc})")
            return []
        return list(turns)

    def foreign_metadata(self, source: RefiSource) -> dict[str, Any]:
        metadata: dict[str, Any] = {"refi_origin": self.refi.origin}
        if source.description:
            metadata["description"] = source.description
        for key, value in source.variables.items():
            metadata.setdefault(key, value)
        return metadata

    # codings ---------------------------------------------------------------------
    def codings(self) -> None:
        code_guids = {c.guid for c in self.refi.codes}
        memo_notes = set(self.data.get("coding_memo_notes", []))
        seen: set[tuple[str, str, str | None, int, int]] = set()
        missing_code = 0
        duplicates = 0
        whole = 0
        for source in self.refi.sources:
            spans = [(sel, sel.codings) for sel in source.selections]
            if source.codings:
                whole += len(source.codings)
                spans.append((RefiSelection(source.guid, 0, len(source.text)), source.codings))
            for sel, codings in spans:
                if not source.text or sel.end <= sel.start:
                    continue
                for coding in codings:
                    if coding.code_guid not in code_guids:
                        missing_code += 1
                        continue
                    coder = self.coder(coding.user_guid, sel.user_guid, source.user_guid,
                                       self.refi.creating_user_guid)  # fmt: skip
                    key = (source.guid, coding.code_guid, coder, sel.start, sel.end)
                    if key in seen:
                        duplicates += 1
                        continue
                    seen.add(key)
                    memo_texts = [self.note_text(g) for g in coding.note_guids if g in memo_notes]
                    if not self.data:
                        memo_texts = [self.note_text(g) for g in coding.note_guids]
                        memo_texts += [sel.description] if sel.description else []
                        memo_texts += [
                            self.note_text(g) for g in sel.note_guids if g not in self.special_notes
                        ]
                    memo = "\n\n".join(t for t in memo_texts if t) or None
                    self.codings_by_guid.add(coding.guid)
                    self.plan.codings.append(
                        PlannedCoding(coding.guid, source.guid, coding.code_guid, coder,
                                      sel.start, sel.end, memo)
                    )  # fmt: skip
        if missing_code:
            self.plan.warnings.append(
                f"{missing_code} coding(s) name a code that is not in the codebook; skipped"
            )
        if duplicates:
            self.plan.info.append(
                f"{duplicates} repeated coding(s) of the same words by the same coder merged"
            )
        if whole:
            self.plan.warnings.append(
                f"{whole} coding(s) of whole sources were imported as codings of the whole text"
            )

    def note_text(self, guid: str) -> str:
        if not hasattr(self, "_notes"):
            self._notes = {n.guid: n for n in self.refi.notes}
        note = self._notes.get(guid)
        if note is None:
            return ""
        return note.text or note.description

    # CMOCs and demi-regularities -------------------------------------------------------
    def cmocs(self) -> None:
        doc_guids = {d.guid for d in self.plan.documents}
        lengths = {s.guid: len(s.text) for s in self.refi.sources}
        for note in self.refi.notes:
            payload = decode_data(note.text) if DATA_MARKER.strip() in note.text else None
            if not payload:
                continue
            if payload.get("kind") == "cmoc":
                self.special_notes.add(note.guid)
                evidence: list[PlannedEvidence] = []
                lost = 0
                for item in payload.get("evidence", []):
                    found = self.selections.get(str(item.get("selection")))
                    if found is not None:
                        doc, start, end = found[0].guid, found[1].start, found[1].end
                    else:
                        doc, start, end = item.get("document"), item.get("start"), item.get("end")
                    if (
                        doc not in doc_guids
                        or not isinstance(start, int)
                        or not isinstance(end, int)
                        or not 0 <= start < end <= lengths.get(doc, 0)
                    ):
                        lost += 1
                        continue
                    try:
                        role = EvidenceRole.parse(str(item.get("role")))
                    except ValueError:
                        lost += 1
                        continue
                    coding = item.get("coding")
                    evidence.append(
                        PlannedEvidence(doc, start, end, role,
                                        coding if coding in self.codings_by_guid else None,
                                        str(item.get("note") or ""))
                    )  # fmt: skip
                label = str(payload.get("label") or note.name)
                if lost:
                    self.plan.warnings.append(
                        f"CMOC {label!r}: {lost} evidence span(s) point at text that was not imported"
                    )
                roles = {e.role for e in evidence}
                if EvidenceRole.OUTCOME not in roles or not roles & {
                    EvidenceRole.CONTEXT, EvidenceRole.MECHANISM_RESOURCE,
                    EvidenceRole.MECHANISM_RESPONSE,
                }:  # fmt: skip
                    self.plan.warnings.append(
                        f"CMOC {label!r} lacks outcome or context/mechanism evidence after import; "
                        "kept as a project memo instead"
                    )
                    self.special_notes.discard(note.guid)
                    continue
                self.plan.cmocs.append(
                    PlannedCMOC(
                        guid=str(payload.get("guid") or note.guid),
                        label=label,
                        statement=str(payload.get("statement") or ""),
                        level=payload.get("level"),
                        status=str(payload.get("status") or "new"),
                        theory_code_guid=payload.get("theory_code"),
                        coder=self.coder(payload.get("coder"), note.user_guid),
                        evidence=evidence,
                    )
                )
        cmoc_guids = {c.guid for c in self.plan.cmocs}
        for note in self.refi.notes:
            payload = decode_data(note.text) if DATA_MARKER.strip() in note.text else None
            if not payload or payload.get("kind") != "demi_regularity":
                continue
            self.special_notes.add(note.guid)
            fields = {
                k: str(payload.get(k) or "")
                for k in ("context", "mechanism_resource", "mechanism_response", "outcome",
                          "intervention", "actor", "statement")
            }  # fmt: skip
            self.plan.demi_regularities.append(
                PlannedDR(
                    guid=str(payload.get("guid") or note.guid),
                    label=str(payload.get("label") or note.name),
                    fields=fields,
                    level=payload.get("level"),
                    status=str(payload.get("status") or "new"),
                    coder=self.coder(payload.get("coder"), note.user_guid),
                    cmoc_guids=[g for g in payload.get("cmocs", []) if g in cmoc_guids],
                )
            )

    # memos -----------------------------------------------------------------------
    def memos(self) -> None:
        targets: dict[str, tuple[MemoTarget, str | None]] = {}
        known = self.data.get("memos", {})
        memo_notes = set(self.data.get("coding_memo_notes", []))
        for guid, item in known.items():
            try:
                targets[guid] = (MemoTarget(item.get("target")), item.get("target_guid"))
            except ValueError:
                continue
        if not self.data:
            self.foreign_targets(targets)
        handled = self.special_notes | memo_notes
        doc_guids = {d.guid for d in self.plan.documents}
        for note in self.refi.notes:
            if note.guid in handled:
                continue
            if not self.data and note.guid in self.attached_to_codings:
                continue
            target, target_guid = targets.get(note.guid, (MemoTarget.PROJECT, None))
            if target is MemoTarget.DOCUMENT and target_guid not in doc_guids:
                target, target_guid = MemoTarget.PROJECT, None
            title = (known.get(note.guid) or {}).get("title", note.name)
            text = note.text
            if note.description and not self.data:
                text = f"{note.description}\n\n{text}".strip()
            if not text.strip():
                continue
            self.plan.memos.append(
                PlannedMemo(target, target_guid, self.coder(note.user_guid), str(title), text,
                            note.guid)
            )  # fmt: skip

    def foreign_targets(self, targets: dict[str, tuple[MemoTarget, str | None]]) -> None:
        """Where notes hang in files from other programs."""
        attached: set[str] = set()
        for guid in self.refi.note_guids:
            targets.setdefault(guid, (MemoTarget.PROJECT, None))
        for source in self.refi.sources:
            for guid in source.note_guids:
                targets.setdefault(guid, (MemoTarget.DOCUMENT, source.guid))
            for sel in source.selections:
                if sel.codings:
                    attached.update(sel.note_guids)
                    for coding in sel.codings:
                        attached.update(coding.note_guids)
                else:
                    for guid in sel.note_guids:
                        targets.setdefault(guid, (MemoTarget.DOCUMENT, source.guid))
        for code in self.refi.codes:
            for guid in code.note_guids:
                targets.setdefault(guid, (MemoTarget.CODE, code.guid))
        for link in self.refi.links:
            if link.origin_guid and link.target_guid:
                found = self.selections.get(link.target_guid)
                if found is not None:
                    targets.setdefault(link.origin_guid, (MemoTarget.DOCUMENT, found[0].guid))
        self.attached_to_codings = attached - set(targets)
        uncoded = [
            (src, sel) for src, sel in self.refi.selections() if not sel.codings and sel.description
        ]
        for src, sel in uncoded:
            self.plan.memos.append(
                PlannedMemo(MemoTarget.DOCUMENT, src.guid, self.coder(sel.user_guid),
                            f"On \u201c{' '.join(src.text[sel.start:sel.end].split())[:60]}\u201d",
                            sel.description)
            )  # fmt: skip


def make_plan(refi: RefiProject) -> ImportPlan:
    """What importing ``refi`` will create (nothing is written)."""
    return _Planner(refi).run()


@dataclass(slots=True)
class ImportReport:
    """What an import created, and every warning on the way."""

    path: str
    origin: str = ""
    kind: str = "project"
    coders: int = 0
    codes: int = 0
    documents: int = 0
    participants: int = 0
    codings: int = 0
    memos: int = 0
    cmocs: int = 0
    demi_regularities: int = 0
    warnings: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The numbers of things created, by kind."""
        names = ("coders", "codes", "documents", "participants", "codings", "memos", "cmocs",
                 "demi_regularities")  # fmt: skip
        return {name: int(getattr(self, name)) for name in names}

    def summary(self) -> str:
        """One line per count, then the notes and warnings."""
        made = ", ".join(f"{v} {k.replace('_', '-')}" for k, v in self.counts().items() if v)
        lines = [f"{self.path} ({self.origin or 'unknown program'}): {made or 'nothing'}"]
        lines += [f"  note: {line}" for line in self.info]
        lines += [f"  warning: {line}" for line in self.warnings]
        return "\n".join(lines)
