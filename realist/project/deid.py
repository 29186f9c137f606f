"""Project methods for de-identification: see :mod:`realist.deid` for the work itself."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from realist.deid.detector import Detector
from realist.deid.gazetteer import default_gazetteer, entries_from_setting, read_gazetteer_file
from realist.deid.keyfile import LabelChange, write_key
from realist.deid.kinds import Kind
from realist.deid.patterns import DEFAULT_PATTERNS, compile_user_patterns
from realist.deid.pseudonyms import Pseudonyms, is_placeholder, new_secret
from realist.deid.report import (
    Edit,
    SpeakerLabel,
    label_key,
    label_positions,
    label_replacements,
    read_report,
    remap_spans,
    replacement_of,
    report_frame,
    resolve,
    rewrite,
    scrub,
    speaker_rows,
)
from realist.deid.roster import Roster, is_name
from realist.errors import ValidationError
from realist.model import Document, Participant, Role, Turn, TurnDraft
from realist.project.base import register_setting
from realist.project.core import CoreMixin
from realist.store import deid as deid_store
from realist.store import documents as document_store
from realist.store import meta

SECRET_SETTING = "deid_secret"
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
DEID_SETTINGS: dict[str, Any] = {
    "deid_gazetteer": [],
    "deid_patterns": {},
    "deid_mask_statewide": False,
}
register_setting("deid_gazetteer", [], entries_from_setting)
register_setting("deid_patterns", {}, compile_user_patterns)
register_setting("deid_mask_statewide", False)
register_setting(SECRET_SETTING, None, hidden=True)


@dataclass(frozen=True)
class DeidSummary:
    """What applying a report did (counts only: no original words)."""

    documents: tuple[str, ...]
    replacements: int
    new_placeholders: int
    by_kind: dict[str, int] = field(default_factory=dict)
    key_file: Path | None = None
    #: speaker labels renamed (one per document and label, plus participants who speak
    #: in no document but whose label was replaced in the text)
    speakers_renamed: int = 0
    #: participants folded into another one that already had their new label
    participants_merged: int = 0
    #: where replaced words still stand, not rewritten (``{"memos": 2}``): rows per place
    remaining: dict[str, int] = field(default_factory=dict)


class DeidMixin(CoreMixin):
    """De-identification methods of :class:`realist.Project`."""

    def set_deid_setting(self, key: str, value: Any) -> None:
        """Change a de-identification setting (owners and leads): ``deid_gazetteer`` (a list
        of ``"kind: name"``), ``deid_patterns`` (``{kind: [regex, ...]}``) or
        ``deid_mask_statewide`` (also replace statewide services)."""
        if key not in DEID_SETTINGS:
            raise ValidationError(
                f"unknown de-identification setting {key!r}: use one of {', '.join(DEID_SETTINGS)}"
            )
        try:
            if key == "deid_gazetteer":
                entries_from_setting(value)
            elif key == "deid_patterns":
                compile_user_patterns(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        with self._write("setting.set", "settings", role=Role.LEAD) as w:
            meta.set_setting(w.conn, key, value)
            w.detail.update(key=key)

    def deid_detector(
        self,
        *,
        roster: str | Path | pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
        gazetteers: Sequence[str | Path] = (),
        use_model: bool = True,
        n_process: int = 1,
    ) -> Detector:
        """The detector this project's settings describe: its ``ner_model``, its
        participants (plus an outside ``roster`` file or rows, which never enter the
        project), the shipped gazetteers plus ``deid_gazetteer`` and ``gazetteers`` files,
        and the default plus ``deid_patterns`` patterns."""
        with self._read() as conn:
            settings = self._settings_in(conn)
            participants = document_store.list_participants(conn)
        statewide = bool(settings.get("deid_mask_statewide", False))
        gazetteer = default_gazetteer(statewide=statewide)
        try:
            gazetteer.add(entries_from_setting(settings.get("deid_gazetteer")))
            for path in gazetteers:
                gazetteer.add(read_gazetteer_file(path))
            patterns = DEFAULT_PATTERNS + compile_user_patterns(settings.get("deid_patterns"))
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        people = _project_roster(participants)
        for record in _roster_records(roster):
            people.add_participant(record)
        return Detector(
            roster=people,
            gazetteer=gazetteer,
            ner_model=settings.get("ner_model") if use_model else None,
            patterns=patterns,
            mask_statewide=statewide,
            n_process=n_process,
        )

    def deid_report(
        self,
        documents: Sequence[int | str | Document] | None = None,
        *,
        roster: str | Path | pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
        gazetteers: Sequence[str | Path] = (),
        use_model: bool = True,
        n_process: int = 1,
        path: str | Path | None = None,
        detector: Detector | None = None,
    ) -> pd.DataFrame:
        """Every proposed replacement in ``documents`` (default: all not yet de-identified),
        one row each, with context; written to ``path`` as CSV when given.

        A speaker label that reads like a name (not ``P3`` or ``Facilitator``, not a
        placeholder, not its participant's pseudonym) and that no detection reads in its
        document gets a row of its own: ``source`` ``speaker``, no ``start`` or ``end``.

        ``df.attrs["notices"]`` holds messages for the user (no model installed, documents
        already de-identified whose speaker labels still read like names, ...).

        Examples
        --------
        >>> import realist, tempfile, os
        >>> from realist.model import DocumentDraft
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> _ = p.add_document(DocumentDraft("fg1", "Ring Mallee Family Care on 03 5021 1234.", "x"))
        >>> p.deid_report(use_model=False)[["kind", "original", "replacement"]].values.tolist()
        [['agency', 'Mallee Family Care', '[Agency 1]'], ['phone', '03 5021 1234', '[Phone 1]']]
        """
        det = detector or self.deid_detector(
            roster=roster, gazetteers=gazetteers, use_model=use_model, n_process=n_process
        )
        with self._read() as conn:
            people = {p.id: p for p in document_store.list_participants(conn)}
            labelled: list[str] = []
            if documents is None:
                docs = []
                for d in document_store.list_documents(conn):
                    if not d.deidentified:
                        docs.append(d)
                    elif _named_speakers(document_store.list_turns(conn, d.id), people):
                        labelled.append(d.name)
            else:
                docs = [self._document_in(conn, ref) for ref in documents]
            secret = self._settings_in(conn).get(SECRET_SETTING) or new_secret()
            known = deid_store.load_pseudonyms(conn)
            turns = [document_store.list_turns(conn, d.id) for d in docs]
        book = Pseudonyms(secret, {**_aliases(secret, people.values()), **known})
        found = det.detect_many([d.text for d in docs])
        speakers = [_named_speakers(t, people, d.text) for d, t in zip(docs, turns, strict=True)]
        frame = report_frame([(d.name, d.text) for d in docs], found, book, speakers)
        frame.attrs["notices"] = list(det.notices)
        if labelled:
            frame.attrs["notices"].append(
                f"{len(labelled)} document(s) already de-identified still have speaker labels "
                f"that read like names ({', '.join(labelled[:5])}"
                f"{', ...' if len(labelled) > 5 else ''}): name them to report on their labels"
            )
        if path is not None:
            frame.to_csv(path, index=False, encoding="utf-8-sig")
        return frame

    def deid_apply(
        self, report: str | Path | pd.DataFrame, *, key_out: str | Path | None = None
    ) -> DeidSummary:
        """Apply a reviewed report in one transaction: rewrite each document's text,
        remap its turns, rename the speaker labels that were replaced, remember new
        placeholders (as keyed hashes only).

        Speaker labels follow the text. A label whose words were replaced in a document
        (``Sharon:`` became ``[Person 1]:``), or that has a row of its own in the report
        (``source`` ``speaker``: a label kept only on the turns), is renamed on that
        document's turns, and its participant with it:

        - the new label is what replaced the words (the placeholder, or the reviewer's own
          words), except that a participant with a pseudonym from the roster takes the
          pseudonym when the replacement is a placeholder and the pseudonym is safe: not a
          placeholder, not their old label, not the label or pseudonym of another
          participant, and not one of the words this report replaces. The placeholder is
          then kept in the participant attribute ``placeholder``;
        - a participant who still speaks in a document the report leaves alone keeps the
          old label there, and the renamed turns go to a participant of their own (the
          old label is still in that document's text anyway);
        - a participant speaking in no document whose label was replaced in the text is
          renamed too;
        - when another participant of the same group already has the new label (the same
          person imported again after an earlier de-identification), the two are merged:
          turns move to the existing one, which keeps its attributes and gains the ones
          it lacked, and the duplicate is removed.

        Codings and CMOC evidence already in a document (say, from Word comments) move
        with their words: a span that covered a name now covers its placeholder. Import
        warnings kept with a document are scrubbed the same way. Other free text (memos,
        CMOC statements, document names, the event log, ...) is never rewritten: the
        summary's ``remaining`` counts where replaced words still stand. The
        re-identification key (original -> placeholder, and old -> new speaker label) is
        written only to ``key_out``, a new file outside the project. Nothing is stored,
        and no key written, unless all of it succeeds.
        """
        rows = read_report(report)
        key_path = Path(key_out) if key_out is not None else None
        if key_path is not None and key_path.exists():
            raise ValidationError(
                f"{key_path} already exists: give a new file for the key (it is never overwritten)"
            )
        written = False
        try:
            with self._write("document.deidentify", "document", role=Role.LEAD) as w:
                named = {str(n).strip() for n in rows["document"] if str(n).strip()}
                every = any(not str(n).strip() for n in rows["document"])
                docs = {
                    d.name: d
                    for d in document_store.list_documents(w.conn)
                    if every or d.name in named
                }
                missing = sorted(named - set(docs))
                if missing:
                    raise ValidationError(
                        f"the report names documents not in this project: {', '.join(missing)}"
                    )
                settings = self._settings_in(w.conn)
                secret = settings.get(SECRET_SETTING)
                if not secret:
                    secret = new_secret()
                    meta.set_setting(w.conn, SECRET_SETTING, secret)
                people = {p.id: p for p in document_store.list_participants(w.conn)}
                known = deid_store.load_pseudonyms(w.conn)
                book = Pseudonyms(secret, {**_aliases(secret, people.values()), **known})
                edits = resolve(rows, {name: d.text for name, d in docs.items()}, book)
                turns = {name: document_store.list_turns(w.conn, d.id) for name, d in docs.items()}
                renamed = label_replacements(
                    edits,
                    {
                        name: _speaker_labels(t, people, docs[name].text)
                        for name, t in turns.items()
                    },
                    speaker_rows(rows, list(docs), book),
                )
                touched = [name for name, e in edits.items() if e or name in renamed]
                plan = _SpeakerPlan(
                    people,
                    {name: turns[name] for name in touched},
                    renamed,
                    [e for name in touched for e in edits[name]],
                    document_store.participant_turn_counts(w.conn),
                )
                plan.prepare(w.conn)
                by_kind: Counter[str] = Counter()
                remapped: Counter[str] = Counter()
                for name in touched:
                    doc = docs[name]
                    text, new_turns = rewrite(doc.text, turns[name], edits[name])
                    relabelled, owners = plan.relabel(name, turns[name], new_turns)
                    document_store.replace_text(w.conn, doc.id, text)
                    document_store.delete_turns(w.conn, doc.id)
                    document_store.insert_turns(w.conn, doc.id, relabelled, owners)
                    for table, spans in document_store.annotation_spans(w.conn, doc.id).items():
                        moved = remap_spans(spans, edits[name])
                        document_store.move_spans(w.conn, table, moved)
                        remapped[table] += len(moved)
                    _scrub_metadata(w.conn, doc, edits[name], plan.changes_in(name))
                    by_kind.update(e.kind.value for e in edits[name])
                merged = plan.finish(w.conn)
                fresh = [(kind.value, digest, text) for digest, (kind, text) in book.new.items()]
                added = deid_store.insert_pseudonyms(w.conn, fresh)
                total = sum(by_kind.values())
                originals = [e.original for name in touched for e in edits[name]]
                remaining = _remaining(w.conn, originals + [c.original for c in plan.changes])
                w.detail.update(
                    documents=len(touched),
                    replacements=total,
                    by_kind=dict(by_kind),
                    remapped_codings=remapped["codings"],
                    remapped_evidence=remapped["cmoc_evidence"],
                    speakers_renamed=len(plan.changes),
                    participants_merged=merged,
                    remaining=remaining,
                )
                if key_path is not None:
                    write_key(key_path, {n: edits[n] for n in touched}, plan.changes)
                    written = True
        except BaseException:
            if written and key_path is not None:
                key_path.unlink(missing_ok=True)
            raise
        return DeidSummary(
            tuple(touched),
            total,
            added,
            dict(by_kind),
            key_path,
            speakers_renamed=len(plan.changes),
            participants_merged=merged,
            remaining=remaining,
        )


def _identity(participant: Participant) -> str:
    """The roster identity of a participant (as :class:`~realist.deid.roster.Roster` makes it)."""
    return f"participant:{participant.label}|{participant.group or ''}"


def _project_roster(participants: Iterable[Participant]) -> Roster:
    """The project's participants as a roster, leaving out placeholders: a participant
    renamed to ``[Person 1]`` is not a name to look for."""
    people = Roster()
    for participant in participants:
        for form, identity in Roster.from_records([participant]).names.items():
            if not is_placeholder(form):
                people.add_name(form, identity)
    return people


def _aliases(secret: str | bytes, participants: Iterable[Participant]) -> dict[str, str]:
    """Keyed hashes that make a renamed participant's other names (nicknames, ...) take the
    placeholder the participant already stands for: its identity is now its new label."""
    book = Pseudonyms(secret)
    aliases: dict[str, str] = {}
    for p in participants:
        placeholder = p.label if is_placeholder(p.label) else ""
        placeholder = placeholder or str((p.attributes or {}).get(PLACEHOLDER_ATTRIBUTE) or "")
        if is_placeholder(placeholder):
            aliases[book.digest_for(Kind.PERSON, p.label, _identity(p))] = placeholder.strip()
    return aliases


def _speaker_labels(
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


def _named_speakers(
    turns: Sequence[Turn], people: Mapping[int, Participant], text: str = ""
) -> list[SpeakerLabel]:
    """The speaker labels of a document that need a look (see :func:`_worth_reviewing`)."""
    labels = _speaker_labels(turns, people, text)
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


class _SpeakerPlan:
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


def _scrub_metadata(
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


def _remaining(conn: Any, originals: Iterable[str]) -> dict[str, int]:
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


def _roster_records(
    roster: str | Path | pd.DataFrame | Iterable[Mapping[str, Any]] | None,
) -> list[Mapping[str, Any]]:
    if roster is None:
        return []
    if isinstance(roster, (str, Path)):
        try:
            frame = pd.read_csv(roster, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise ValidationError(f"{roster}: cannot read this roster ({exc})") from None
        roster = frame
    if isinstance(roster, pd.DataFrame):
        frame = roster.copy()
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        if "label" not in frame.columns:
            raise ValidationError("a roster needs a 'label' column (plus name, nicknames, ...)")
        return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]
    return list(roster)
