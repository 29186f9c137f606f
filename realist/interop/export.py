"""Turn a project's records into a :class:`RefiProject` another QDA program can read.

What maps directly: coders become users, codes the codebook (hierarchy, colour,
description), documents text sources, codings selections with one ``<Coding>`` per coder,
memos notes (attached with ``<NoteRef>``), participants cases with variables.

What the standard has no element for is written twice, once for people and once for this
toolkit: every CMOC and demi-regularity becomes a note whose text reads as a sentence
("If ..., then ..., because ...", its evidence quoted) and ends with one ``realist-data:``
line of JSON, plus a set (the note, the documents and codes behind it) and links from the
note to each evidence selection named by its role. A project-level note carries the rest
(code kinds and levels, turns, participant details) so that importing the file back
restores the project exactly.

Examples
--------
>>> payload = {"kind": "cmoc", "label": "Trust"}
>>> decode_data(encode_data("If trust, then talk.", payload)) == payload
True
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from realist.interop.refi import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiLink,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiUser,
    RefiVariable,
    derived_guid,
)
from realist.model import (
    CMOC,
    Code,
    Coder,
    Coding,
    CodingFrame,
    DemiRegularity,
    Document,
    Memo,
    MemoTarget,
    Participant,
    Turn,
)

__all__ = ["DATA_MARKER", "Snapshot", "decode_data", "encode_data", "to_refi"]

DATA_MARKER = "realist-data: "
PROJECT_DATA_NAME = "realist project data (keep this note for re-import)"
KIND_SETS = {
    "context": "Context codes",
    "mechanism_resource": "Mechanism (resource) codes",
    "mechanism_response": "Mechanism (response) codes",
    "outcome": "Outcome codes",
    "intervention": "Intervention codes",
    "actor": "Actor codes",
}
PARTICIPANT_FIELDS = ("group", "pseudonym", "role", "site")


def encode_data(text: str, payload: dict[str, Any]) -> str:
    """``text`` followed by one machine-readable line holding ``payload``."""
    line = DATA_MARKER + json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return f"{text.rstrip()}\n\n{line}" if text.strip() else line


def decode_data(text: str) -> dict[str, Any] | None:
    """The payload of the last ``realist-data:`` line of ``text``, if it parses."""
    for line in reversed(text.splitlines()):
        stripped = line.strip()
        if stripped.startswith(DATA_MARKER.strip()):
            try:
                value = json.loads(stripped[len(DATA_MARKER.strip()) :].strip())
            except json.JSONDecodeError:
                return None
            return value if isinstance(value, dict) else None
    return None


@dataclass(slots=True)
class Snapshot:
    """Everything of a project that an export writes (read in one transaction)."""

    name: str
    guid: str
    created: datetime | None = None
    coders: list[Coder] = field(default_factory=list)
    frames: list[CodingFrame] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    codings: list[Coding] = field(default_factory=list)
    memos: list[Memo] = field(default_factory=list)
    memo_guids: dict[int, str] = field(default_factory=dict)
    cmocs: list[CMOC] = field(default_factory=list)
    demi_regularities: list[DemiRegularity] = field(default_factory=list)


def _quote(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class _Exporter:
    def __init__(self, snap: Snapshot, origin: str) -> None:
        self.snap = snap
        self.out = RefiProject(name=snap.name, origin=origin, created=snap.created)
        self.coder_guid = {c.id: c.guid for c in snap.coders}
        self.code_by_id = {c.id: c for c in snap.codes}
        self.doc_by_id = {d.id: d for d in snap.documents}
        self.source_by_doc: dict[int, RefiSource] = {}
        self.selection_at: dict[tuple[int, int, int], RefiSelection] = {}
        self.coding_by_id: dict[int, RefiCoding] = {}
        self.cmoc_note: dict[int, RefiNote] = {}
        self.dr_note: dict[int, RefiNote] = {}
        self.data: dict[str, Any] = {"format": "realist-refi", "version": 1}

    def run(self) -> RefiProject:
        snap, out = self.snap, self.out
        owners = [c for c in snap.coders if c.role.value == "owner"]
        out.creating_user_guid = owners[0].guid if owners else None
        out.users = [RefiUser(c.guid, c.name) for c in snap.coders]
        self.codes()
        self.sources()
        self.codings()
        self.cases()
        self.cmocs()
        self.demi_regularities()
        self.memos()
        self.kind_sets()
        data_note = RefiNote(
            guid=derived_guid("project-data", snap.guid),
            name=PROJECT_DATA_NAME,
            text=encode_data(
                "Exported by realist. This note lets realist restore code kinds and levels, "
                "speaker turns and participant details when the file is imported again.",
                self.data,
            ),
        )
        out.notes.append(data_note)
        out.note_guids.append(data_note.guid)
        return out

    # codebook --------------------------------------------------------------------
    def codes(self) -> None:
        frames = {f.id: f for f in self.snap.frames}
        self.data["frames"] = [
            {"key": f.key, "name": f.name, "version": f.version, "description": f.description,
             "source": f.source}
            for f in self.snap.frames
        ]  # fmt: skip
        details: dict[str, Any] = {}
        ordered = sorted(self.snap.codes, key=lambda c: (c.sort_order, c.id))
        for code in ordered:
            parent = self.code_by_id.get(code.parent_id) if code.parent_id else None
            description = code.description
            extras = [
                (label, value)
                for label, value in (
                    ("Include", code.inclusion),
                    ("Exclude", code.exclusion),
                    ("Example", code.example),
                )
                if value
            ]
            if extras:
                description = "\n".join(
                    [description, *(f"{label}: {value}" for label, value in extras)]
                ).strip()
            colour = code.colour if len(code.colour) == 7 else code.colour[:7]
            self.out.codes.append(
                RefiCode(
                    guid=code.guid,
                    name=code.name,
                    codable=True,
                    colour=colour if re.fullmatch(r"#[0-9A-Fa-f]{6}", colour) else None,
                    description=description,
                    parent_guid=parent.guid if parent else None,
                )
            )
            frame = frames.get(code.frame_id) if code.frame_id else None
            details[code.guid] = {
                "key": code.key,
                "kind": code.kind.value,
                "level": code.level.value if code.level else None,
                "description": code.description,
                "inclusion": code.inclusion,
                "exclusion": code.exclusion,
                "example": code.example,
                "sort_order": code.sort_order,
                "colour": code.colour,
                "frame": frame.key if frame else None,
            }
        self.data["codes"] = details

    # sources and selections ------------------------------------------------------
    def sources(self) -> None:
        turns: dict[int, list[Turn]] = defaultdict(list)
        for turn in self.snap.turns:
            turns[turn.document_id].append(turn)
        details: dict[str, Any] = {}
        for doc in self.snap.documents:
            source = RefiSource(
                guid=doc.guid,
                name=doc.name,
                text=doc.text,
                user_guid=None,
                created=doc.created_at,
                variables={
                    str(k): v
                    for k, v in doc.metadata.items()
                    if isinstance(v, str | int | float | bool) and v != ""
                },
            )
            self.source_by_doc[doc.id] = source
            self.out.sources.append(source)
            details[doc.guid] = {
                "name": doc.name,
                "sha256": doc.sha256,
                "source_name": doc.source_name,
                "source_format": doc.source_format,
                "metadata": doc.metadata,
                "deidentified": doc.deidentified,
                "turns": [
                    [t.speaker, t.start, t.end, t.timestamp]
                    for t in sorted(turns[doc.id], key=lambda t: t.seq)
                ],
            }
        self.data["documents"] = details

    def selection(self, document_id: int, start: int, end: int, user: str | None) -> RefiSelection:
        key = (document_id, start, end)
        found = self.selection_at.get(key)
        if found is None:
            source = self.source_by_doc[document_id]
            found = RefiSelection(
                guid=derived_guid("selection", source.guid, start, end),
                start=start,
                end=end,
                name=_quote(source.text[start:end], 60),
                user_guid=user,
            )
            self.selection_at[key] = found
            source.selections.append(found)
        return found

    def codings(self) -> None:
        memo_notes: list[str] = []
        for coding in sorted(
            self.snap.codings, key=lambda c: (c.document_id, c.start, c.end, c.id)
        ):
            if (
                coding.document_id not in self.source_by_doc
                or coding.code_id not in self.code_by_id
            ):
                continue
            user = self.coder_guid.get(coding.coder_id)
            selection = self.selection(coding.document_id, coding.start, coding.end, user)
            refi = RefiCoding(
                guid=coding.guid or derived_guid("coding", coding.id),
                code_guid=self.code_by_id[coding.code_id].guid,
                user_guid=user,
                created=coding.created_at,
            )
            if coding.memo:
                note = RefiNote(
                    guid=derived_guid("coding-memo", refi.guid),
                    name=f"Memo on {self.code_by_id[coding.code_id].name}",
                    text=coding.memo,
                    user_guid=user,
                    created=coding.created_at,
                )
                self.out.notes.append(note)
                refi.note_guids.append(note.guid)
                memo_notes.append(note.guid)
            selection.codings.append(refi)
            self.coding_by_id[coding.id] = refi
        self.data["coding_memo_notes"] = memo_notes
        for source in self.out.sources:
            source.selections.sort(key=lambda s: (s.start, s.end))

    # participants ----------------------------------------------------------------
    def cases(self) -> None:
        names: dict[str, str] = {}
        sources_of: dict[int, list[str]] = defaultdict(list)
        for turn in self.snap.turns:
            if turn.participant_id is not None and turn.document_id in self.source_by_doc:
                guid = self.source_by_doc[turn.document_id].guid
                if guid not in sources_of[turn.participant_id]:
                    sources_of[turn.participant_id].append(guid)
        details: dict[str, Any] = {}
        for person in self.snap.participants:
            values: dict[str, Any] = {
                "group": person.group,
                "pseudonym": person.pseudonym,
                "role": person.role,
                "site": person.site,
            }
            for key, value in person.attributes.items():
                if key not in values and isinstance(value, str | int | float | bool):
                    values[key] = value
            values = {k: v for k, v in values.items() if v not in (None, "")}
            for key, value in values.items():
                if key not in names:
                    names[key] = _variable_type(value)
            self.out.cases.append(
                RefiCase(
                    guid=person.guid,
                    name=person.label,
                    values=values,
                    source_guids=sources_of.get(person.id, []),
                )
            )
            details[person.guid] = {
                "label": person.label,
                "group": person.group,
                "pseudonym": person.pseudonym,
                "role": person.role,
                "site": person.site,
                "attributes": person.attributes,
            }
        for source in self.out.sources:
            for key, value in source.variables.items():
                names.setdefault(key, _variable_type(value))
        self.out.variables = [
            RefiVariable(derived_guid("variable", self.snap.guid, name), name, kind)
            for name, kind in names.items()
        ]
        self.data["participants"] = details

    # CMOCs and demi-regularities -------------------------------------------------
    def cmocs(self) -> None:
        for cmoc in self.snap.cmocs:
            user = self.coder_guid.get(cmoc.coder_id) if cmoc.coder_id else None
            evidence = []
            lines = [cmoc.statement or cmoc.label]
            meta = [
                f"Level: {cmoc.level.value}" if cmoc.level else "",
                f"Status: {cmoc.status.value}",
            ]
            lines.append(" · ".join(m for m in meta if m))
            note_guid = cmoc.guid
            sources: list[str] = []
            codes: list[str] = []
            links: list[RefiLink] = []
            for index, span in enumerate(cmoc.evidence):
                if span.document_id not in self.source_by_doc:
                    continue
                source = self.source_by_doc[span.document_id]
                selection = self.selection(span.document_id, span.start, span.end, user)
                if note_guid not in selection.note_guids:
                    selection.note_guids.append(note_guid)
                coding = self.coding_by_id.get(span.coding_id) if span.coding_id else None
                evidence.append(
                    {
                        "selection": selection.guid,
                        "document": source.guid,
                        "start": span.start,
                        "end": span.end,
                        "role": span.role.value,
                        "coding": coding.guid if coding else None,
                        "note": span.note,
                    }
                )
                lines.append(
                    f"{span.role.value}: \u201c{_quote(source.text[span.start : span.end])}\u201d ({source.name})"
                )
                if source.guid not in sources:
                    sources.append(source.guid)
                if coding and coding.code_guid not in codes:
                    codes.append(coding.code_guid)
                links.append(
                    RefiLink(
                        guid=derived_guid("evidence-link", cmoc.guid, index),
                        name=f"CMOC evidence: {span.role.value}",
                        origin_guid=note_guid,
                        target_guid=selection.guid,
                        direction="OneWay",
                    )
                )
            theory = self.code_by_id.get(cmoc.theory_code_id) if cmoc.theory_code_id else None
            if theory is not None:
                if theory.guid not in codes:
                    codes.append(theory.guid)
                links.append(
                    RefiLink(derived_guid("theory-link", cmoc.guid), "CMOC theory code",
                             note_guid, theory.guid, "OneWay")
                )  # fmt: skip
            payload = {
                "kind": "cmoc",
                "guid": cmoc.guid,
                "label": cmoc.label,
                "statement": cmoc.statement,
                "level": cmoc.level.value if cmoc.level else None,
                "status": cmoc.status.value,
                "theory_code": theory.guid if theory else None,
                "coder": user,
                "evidence": evidence,
            }
            note = RefiNote(
                guid=note_guid,
                name=f"CMOC: {cmoc.label}",
                text=encode_data("\n".join(lines), payload),
                user_guid=user,
                created=cmoc.created_at,
                modified=cmoc.updated_at,
            )
            self.cmoc_note[cmoc.id] = note
            self.out.notes.append(note)
            self.out.links.extend(links)
            self.out.sets.append(
                RefiSet(
                    guid=derived_guid("cmoc-set", cmoc.guid),
                    name=f"CMOC: {cmoc.label}",
                    description=cmoc.statement,
                    code_guids=codes,
                    source_guids=sources,
                    note_guids=[note_guid],
                )
            )

    def demi_regularities(self) -> None:
        cmoc_guid = {c.id: c.guid for c in self.snap.cmocs}
        for dr in self.snap.demi_regularities:
            user = self.coder_guid.get(dr.coder_id) if dr.coder_id else None
            members = [cmoc_guid[i] for i in dr.cmoc_ids if i in cmoc_guid]
            fields = {
                "context": dr.context,
                "mechanism_resource": dr.mechanism_resource,
                "mechanism_response": dr.mechanism_response,
                "outcome": dr.outcome,
                "intervention": dr.intervention,
                "actor": dr.actor,
                "statement": dr.statement,
            }
            lines = [dr.statement or dr.label]
            lines += [
                f"{k.replace('_', ' ').capitalize()}: {v}"
                for k, v in fields.items()
                if v and k != "statement"
            ]
            lines += [
                f"CMOC: {self.cmoc_note[i].name[6:]}" for i in dr.cmoc_ids if i in self.cmoc_note
            ]
            payload = {
                "kind": "demi_regularity",
                "guid": dr.guid,
                "label": dr.label,
                **fields,
                "level": dr.level.value if dr.level else None,
                "status": dr.status.value,
                "coder": user,
                "cmocs": members,
            }
            note = RefiNote(
                guid=dr.guid,
                name=f"Demi-regularity: {dr.label}",
                text=encode_data("\n".join(lines), payload),
                user_guid=user,
                created=dr.created_at,
                modified=dr.updated_at,
            )
            self.dr_note[dr.id] = note
            self.out.notes.append(note)
            for index, guid in enumerate(members):
                self.out.links.append(
                    RefiLink(derived_guid("dr-link", dr.guid, index), "groups CMOC", dr.guid,
                             guid, "OneWay")
                )  # fmt: skip
            self.out.sets.append(
                RefiSet(
                    guid=derived_guid("dr-set", dr.guid),
                    name=f"Demi-regularity: {dr.label}",
                    description=dr.statement,
                    note_guids=[dr.guid, *members],
                )
            )

    # memos and sets --------------------------------------------------------------
    def memos(self) -> None:
        targets: dict[str, Any] = {}
        codes = {c.id: c.guid for c in self.snap.codes}
        refi_codes = {c.guid: c for c in self.out.codes}
        for memo in self.snap.memos:
            guid = self.snap.memo_guids.get(memo.id) or derived_guid(
                "memo", self.snap.guid, memo.id
            )
            note = RefiNote(
                guid=guid,
                name=memo.title or "Memo",
                text=memo.text,
                user_guid=self.coder_guid.get(memo.coder_id),
                created=memo.created_at,
                modified=memo.updated_at,
            )
            holder: list[str] | None = None
            target_guid: str | None = None
            if memo.target is MemoTarget.PROJECT:
                holder = self.out.note_guids
            elif memo.target is MemoTarget.DOCUMENT and memo.target_id in self.source_by_doc:
                holder = self.source_by_doc[memo.target_id].note_guids
                target_guid = self.source_by_doc[memo.target_id].guid
            elif memo.target is MemoTarget.CODE and memo.target_id in codes:
                target_guid = codes[memo.target_id]
                holder = refi_codes[target_guid].note_guids
            elif memo.target is MemoTarget.CODING and memo.target_id in self.coding_by_id:
                holder = self.coding_by_id[memo.target_id].note_guids
                target_guid = self.coding_by_id[memo.target_id].guid
            elif memo.target is MemoTarget.CMOC and memo.target_id in self.cmoc_note:
                holder = self.cmoc_note[memo.target_id].note_guids
                target_guid = self.cmoc_note[memo.target_id].guid
            elif memo.target is MemoTarget.DEMI_REGULARITY and memo.target_id in self.dr_note:
                holder = self.dr_note[memo.target_id].note_guids
                target_guid = self.dr_note[memo.target_id].guid
            if holder is None:
                continue
            holder.append(guid)
            self.out.notes.append(note)
            targets[guid] = {"target": memo.target.value, "target_guid": target_guid,
                             "title": memo.title}  # fmt: skip
        self.data["memos"] = targets

    def kind_sets(self) -> None:
        by_kind: dict[str, list[str]] = defaultdict(list)
        for code in self.snap.codes:
            if code.kind.value in KIND_SETS:
                by_kind[code.kind.value].append(code.guid)
        sets = []
        for kind, name in KIND_SETS.items():
            if by_kind.get(kind):
                sets.append(
                    RefiSet(derived_guid("kind-set", self.snap.guid, kind), name,
                            f"Codes of kind {kind}", code_guids=by_kind[kind])
                )  # fmt: skip
        self.out.sets[:0] = sets
        self.data["sets"] = [s.guid for s in self.out.sets]


def _variable_type(value: Any) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    return "Text"


def to_refi(snapshot: Snapshot, *, origin: str = "realist") -> RefiProject:
    """The REFI-QDA form of ``snapshot`` (see the module text for what goes where)."""
    return _Exporter(snapshot, origin).run()
