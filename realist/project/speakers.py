"""Speaker labels through de-identification: which participants a reviewed report renames,
merges or leaves, and where replaced words may still stand. Used by
:meth:`realist.Project.deid_apply` (:mod:`realist.project.deid`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from realist.deid.keyfile import LabelChange
from realist.deid.kinds import Kind
from realist.deid.pseudonyms import Pseudonyms, is_placeholder
from realist.deid.report import (
    Edit,
    SpeakerLabel,
    label_key,
    label_positions,
    replacement_of,
    scrub,
)
from realist.deid.roster import Roster, is_name
from realist.errors import ValidationError
from realist.model import Document, Participant, Turn, TurnDraft
from realist.store import deid as deid_store
from realist.store import documents as document_store

#: The participant attribute that keeps the placeholder standing for a participant whose
#: label became their pseudonym, so a later transcript of theirs joins the same participant.
PLACEHOLDER_ATTRIBUTE = "placeholder"
#: Where words replaced in the transcripts may still stand: ``table.column`` -> what to call it.
UNREWRITTEN_PLACES = {
    "documents.name": "document names",
    "documents.source_name": "document source file names",
    "documents.metadata": "document attributes",
    "participants.pseudonym": "participant pseudonyms",
    "participants.attributes": "participant attributes",
    "memos.title": "memo titles",
    "memos.text": "memos",
    "codings.memo": "coding memos",
    "cmocs.label": "CMOC labels",
    "cmocs.statement": "CMOC statements",
    "cmoc_evidence.note": "CMOC evidence notes",
    "demi_regularities.label": "demi-regularity labels",
    "demi_regularities.statement": "demi-regularity statements",
    "demi_regularities.context": "demi-regularity fields",
    "demi_regularities.mechanism_resource": "demi-regularity fields",
    "demi_regularities.mechanism_response": "demi-regularity fields",
    "demi_regularities.outcome": "demi-regularity fields",
    "demi_regularities.intervention": "demi-regularity fields",
    "demi_regularities.actor": "demi-regularity fields",
    "codes.name": "code names",
    "codes.description": "code definitions",
    "codes.inclusion": "code definitions",
    "codes.exclusion": "code definitions",
    "codes.example": "code definitions",
    "settings.value": "project settings",
    "events.detail": "the event log",
}


def _identity(participant: Participant) -> str:
    """The roster identity of a participant (as :class:`~realist.deid.roster.Roster` makes it)."""
    return f"participant:{participant.label}|{participant.group or ''}"


def project_roster(participants: Iterable[Participant]) -> Roster:
    """The project's participants as a roster, leaving out placeholders: a participant
    renamed to ``[Person 1]`` is not a name to look for."""
    people = Roster()
    for participant in participants:
        for form, identity in Roster.from_records([participant]).names.items():
            if not is_placeholder(form):
                people.add_name(form, identity)
    return people


def aliases(secret: str | bytes, participants: Iterable[Participant]) -> dict[str, str]:
    """Keyed hashes that make a renamed participant's other names (nicknames, ...) take the
    placeholder the participant already stands for: its identity is now its new label."""
    book = Pseudonyms(secret)
    known: dict[str, str] = {}
    for p in participants:
        placeholder = p.label if is_placeholder(p.label) else ""
        placeholder = placeholder or str((p.attributes or {}).get(PLACEHOLDER_ATTRIBUTE) or "")
        if is_placeholder(placeholder):
            known[book.digest_for(Kind.PERSON, p.label, _identity(p))] = placeholder.strip()
    return known


def speaker_labels(
    turns: Sequence[Turn], people: Mapping[int, Participant], text: str = ""
) -> list[SpeakerLabel]:
    """Each speaker label of a document's turns, with its participant's identity and
    where ``text`` shows it."""
    counts: Counter[str] = Counter(t.speaker for t in turns if t.speaker)
    owners: dict[str, int | None] = {}
    for t in turns:
        if t.speaker and owners.get(t.speaker) is None:
            owners[t.speaker] = t.participant_id
    shown = label_positions(text, turns) if text else {}
    labels = []
    for label, count in counts.items():
        owner = owners.get(label)
        participant = people.get(owner) if owner is not None else None
        identity = _identity(participant) if participant else f"participant:{label}|"
        labels.append(SpeakerLabel(label, identity, count, tuple(shown.get(label, ()))))
    return labels


def named_speakers(
    turns: Sequence[Turn], people: Mapping[int, Participant], text: str = ""
) -> list[SpeakerLabel]:
    """The speaker labels of a document that need a look (see :func:`_worth_reviewing`)."""
    labels = speaker_labels(turns, people, text)
    return [x for x in labels if _worth_reviewing(x.label, turns, people)]


def _worth_reviewing(label: str, turns: Sequence[Turn], people: Mapping[int, Participant]) -> bool:
    """Whether a speaker label needs a look: it reads like a name, is not a placeholder,
    and is not its participant's pseudonym (already chosen to be shown)."""
    if not is_name(label) or is_placeholder(label):
        return False
    owner = next((t.participant_id for t in turns if t.speaker == label and t.participant_id), None)
    participant = people.get(owner) if owner is not None else None
    return not (participant and label_key(participant.pseudonym or "") == label_key(label))


@dataclass
class _Target:
    """The participant renamed turns go to: ``id`` is None for turns that had none."""

    id: int | None
    label: str
    create_from: Participant | None = None
    rename: bool = False
    placeholder: str = ""


class SpeakerPlan:
    """Which participant each renamed speaker label goes to, worked out before any write:
    renamed in place, a new participant for a label still used elsewhere, or an existing
    participant that already has the new label (then the old one is merged into it)."""

    def __init__(
        self,
        people: Mapping[int, Participant],
        turns: Mapping[str, Sequence[Turn]],
        renamed: Mapping[str, Mapping[str, str]],
        edits: Sequence[Edit],
        totals: Mapping[int, int],
    ) -> None:
        self.people = people
        self.renamed = renamed
        self.totals = totals
        self.changes: list[LabelChange] = []
        self._targets: dict[tuple[int | None, str], _Target] = {}
        moved: Counter[tuple[int | None, str]] = Counter()
        per_document: Counter[tuple[str, str, int | None, str]] = Counter()
        for name, doc_turns in turns.items():
            labels = renamed.get(name, {})
            for t in doc_turns:
                if t.speaker in labels:
                    moved[(t.participant_id, labels[t.speaker])] += 1
                    per_document[(name, t.speaker, t.participant_id, labels[t.speaker])] += 1
        unheard = []
        for p in people.values():
            if totals.get(p.id, 0) == 0:
                found = replacement_of(p.label, _identity(p), edits)
                if found is not None and found != p.label:
                    moved[(p.id, found)] += 0
                    unheard.append((p, found))
        self._moved = moved
        leaving: Counter[int] = Counter()
        for (pid, _), count in moved.items():
            if pid is not None:
                leaving[pid] += count
        self._emptied = {pid for pid in leaving if totals.get(pid, 0) == leaving[pid]}
        self._emptied |= {p.id for p, _ in unheard}
        replaced = {label_key(e.original) for e in edits}
        replaced |= {label_key(label) for labels in renamed.values() for label in labels}
        self._replaced = {k for k in replaced if k}
        self._renamed_in_place: set[int] = set()
        self._plan()
        for (name, label, pid, replacement), count in per_document.items():
            target = self._targets[(pid, replacement)]
            self.changes.append(LabelChange(name, label, target.label, count))
        for p, replacement in unheard:
            self.changes.append(
                LabelChange("", p.label, self._targets[(p.id, replacement)].label, 0)
            )

    def _new_label(self, p: Participant, replacement: str) -> str:
        """The participant's pseudonym when it is safe to show, else the replacement."""
        pseudonym = " ".join((p.pseudonym or "").split())
        if not pseudonym or not is_placeholder(replacement) or is_placeholder(pseudonym):
            return replacement
        key = label_key(pseudonym)
        others = {
            label_key(text)
            for other in self.people.values()
            if other.id != p.id
            for text in (other.label, other.pseudonym or "")
        }
        padded = f" {key} "
        if not key or key == label_key(p.label) or key in others:
            return replacement
        if any(f" {word} " in padded for word in self._replaced):
            return replacement
        return pseudonym

    def _plan(self) -> None:
        assigned: dict[tuple[str, str], _Target] = {}
        renamed_in_place = self._renamed_in_place
        leaving = {pid for pid, _ in self._moved if pid is not None}
        for pid, replacement in sorted(self._moved, key=lambda k: (k[0] is None, k[0] or 0, k[1])):
            if pid is None:
                self._targets[(pid, replacement)] = _Target(None, replacement)
                continue
            p = self.people[pid]
            label = self._new_label(p, replacement)
            group = p.group or ""
            target = assigned.get((label, group))
            if target is None:
                existing = self._existing(p, label, replacement)
                if existing is not None:
                    if existing.id in leaving:
                        raise ValidationError(
                            f"the report renames speaker {p.label!r} to {label!r}, the label of "
                            f"another speaker it also renames: give {p.label!r} a replacement "
                            "of its own, or keep one of them (delete its rows)"
                        )
                    target = _Target(existing.id, existing.label)
                elif pid in self._emptied and pid not in renamed_in_place:
                    target = _Target(pid, label, rename=True, placeholder=replacement)
                    renamed_in_place.add(pid)
                else:
                    target = _Target(None, label, create_from=p, placeholder=replacement)
                assigned[(label, group)] = target
            self._targets[(pid, replacement)] = target

    def _existing(self, p: Participant, label: str, replacement: str) -> Participant | None:
        """Another participant of the same group with this label (or standing for this
        placeholder under their pseudonym)."""
        group = p.group or ""
        same_group = [
            o
            for o in self.people.values()
            if o.id != p.id and o.id not in self._renamed_in_place and (o.group or "") == group
        ]
        for other in same_group:
            if other.label == label:
                return other
        for other in same_group:
            if (other.attributes or {}).get(PLACEHOLDER_ATTRIBUTE) == replacement:
                return other
        return None

    def prepare(self, conn: Any) -> None:
        """Rename participants in place and create the new ones (before turns move)."""
        for target in {id(t): t for t in self._targets.values()}.values():
            extra = (
                {PLACEHOLDER_ATTRIBUTE: target.placeholder}
                if target.placeholder and target.placeholder != target.label
                else {}
            )
            if target.rename and target.id is not None:
                p = self.people[target.id]
                document_store.rename_participant(
                    conn, target.id, target.label, {**(p.attributes or {}), **extra}
                )
            elif target.create_from is not None:
                p = target.create_from
                row = {
                    **(p.attributes or {}),
                    **extra,
                    "label": target.label,
                    "group": p.group or "",
                    "pseudonym": p.pseudonym or "",
                    "role": p.role or "",
                    "site": p.site or "",
                }
                target.id = document_store.upsert_participant(conn, row).id

    def relabel(
        self, name: str, old: Sequence[Turn], new: Sequence[TurnDraft]
    ) -> tuple[list[TurnDraft], dict[str, int]]:
        """A document's remapped turns with their new speaker labels, and the participant
        of each label (``old`` and ``new`` as :func:`~realist.deid.report.rewrite` gives
        them: the same turns in the same order, less any that vanished)."""
        labels = self.renamed.get(name, {})
        owner_of = {t.speaker: t.participant_id for t in old if t.participant_id}
        owners: dict[str, int] = {}
        out: list[TurnDraft] = []
        for turn in new:
            speaker = turn.speaker
            pid = owner_of.get(speaker)
            if speaker in labels:
                target = self._targets[(pid, labels[speaker])]
                speaker, pid = target.label, target.id
            if pid is not None:
                owners[speaker] = pid
            out.append(TurnDraft(speaker, turn.start, turn.end, turn.timestamp))
        return out, owners

    def changes_in(self, name: str) -> list[LabelChange]:
        return [c for c in self.changes if c.document == name]

    def finish(self, conn: Any) -> int:
        """Merge every participant left without turns into where its turns went; returns
        how many were merged."""
        merged = 0
        done: set[int] = set()
        for (pid, _), target in self._targets.items():
            if pid is None or pid in done or pid in self._renamed_in_place:
                continue
            if pid not in self._emptied or target.id is None or target.id == pid:
                continue
            document_store.merge_participant(conn, pid, target.id)
            done.add(pid)
            merged += 1
        return merged


def scrub_metadata(
    conn: Any, doc: Document, edits: Sequence[Edit], changes: Sequence[LabelChange]
) -> None:
    """Replace the words this report replaced in the document's stored import warnings."""
    warnings = doc.metadata.get("import_warnings")
    if not isinstance(warnings, list) or not warnings:
        return
    pairs = [(e.original, e.replacement) for e in edits] + [(c.original, c.label) for c in changes]
    cleaned = [scrub(w, pairs) if isinstance(w, str) else w for w in warnings]
    if cleaned != warnings:
        document_store.set_metadata(conn, doc.id, {**doc.metadata, "import_warnings": cleaned})


def remaining_words(conn: Any, originals: Iterable[str]) -> dict[str, int]:
    """Where the replaced words still stand in text this apply does not rewrite."""
    words = sorted({" ".join(o.split()) for o in originals if o.strip()}, key=len, reverse=True)
    if not words:
        return {}
    body = "|".join(r"\s+".join(re.escape(w) for w in word.split()) for word in words)
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    found: Counter[str] = Counter()
    for place, count in deid_store.count_rows_matching(conn, pattern).items():
        found[UNREWRITTEN_PLACES.get(place, place)] += count
    return dict(found)
