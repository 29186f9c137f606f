"""Project methods for de-identification: see :mod:`realist.deid` for the work itself."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from realist.deid.detector import Detector
from realist.deid.gazetteer import default_gazetteer, entries_from_setting, read_gazetteer_file
from realist.deid.keyfile import write_key
from realist.deid.patterns import DEFAULT_PATTERNS, compile_user_patterns
from realist.deid.pseudonyms import Pseudonyms, new_secret
from realist.deid.report import (
    label_replacements,
    read_report,
    remap_spans,
    report_frame,
    resolve,
    rewrite,
    speaker_rows,
    write_report,
)
from realist.errors import ValidationError
from realist.model import Document, Role
from realist.project.base import register_setting
from realist.project.core import CoreMixin
from realist.project.speakers import (
    SpeakerPlan,
    aliases,
    named_speakers,
    project_roster,
    remaining_words,
    scrub_metadata,
    speaker_labels,
)
from realist.store import deid as deid_store
from realist.store import documents as document_store
from realist.store import meta

SECRET_SETTING = "deid_secret"
DEID_SETTINGS: dict[str, Any] = {
    "deid_gazetteer": [],
    "deid_patterns": {},
    "deid_mask_statewide": False,
}
register_setting("deid_gazetteer", [], entries_from_setting, sensitive=True)
register_setting("deid_patterns", {}, compile_user_patterns, sensitive=True)
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
        people = project_roster(participants)
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
                    elif named_speakers(document_store.list_turns(conn, d.id), people):
                        labelled.append(d.name)
            else:
                docs = [self._document_in(conn, ref) for ref in documents]
            secret = self._settings_in(conn).get(SECRET_SETTING) or new_secret()
            known = deid_store.load_pseudonyms(conn)
            turns = [document_store.list_turns(conn, d.id) for d in docs]
        book = Pseudonyms(secret, {**aliases(secret, people.values()), **known})
        found = det.detect_many([d.text for d in docs])
        speakers = [named_speakers(t, people, d.text) for d, t in zip(docs, turns, strict=True)]
        frame = report_frame([(d.name, d.text) for d in docs], found, book, speakers)
        frame.attrs["notices"] = list(det.notices)
        if labelled:
            frame.attrs["notices"].append(
                f"{len(labelled)} document(s) already de-identified still have speaker labels "
                f"that read like names ({', '.join(labelled[:5])}"
                f"{', ...' if len(labelled) > 5 else ''}): name them to report on their labels"
            )
        if path is not None:
            write_report(frame, path)
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
                book = Pseudonyms(secret, {**aliases(secret, people.values()), **known})
                edits = resolve(
                    rows,
                    {name: d.text for name, d in docs.items()},
                    book,
                    done={name for name, d in docs.items() if d.deidentified},
                )
                turns = {name: document_store.list_turns(w.conn, d.id) for name, d in docs.items()}
                renamed = label_replacements(
                    edits,
                    {name: speaker_labels(t, people, docs[name].text) for name, t in turns.items()},
                    speaker_rows(rows, list(docs), book),
                )
                touched = [name for name, e in edits.items() if e or name in renamed]
                plan = SpeakerPlan(
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
                    scrub_metadata(w.conn, doc, edits[name], plan.changes_in(name))
                    by_kind.update(e.kind.value for e in edits[name])
                merged = plan.finish(w.conn)
                fresh = [(kind.value, digest, text) for digest, (kind, text) in book.new.items()]
                added = deid_store.insert_pseudonyms(w.conn, fresh)
                total = sum(by_kind.values())
                originals = [e.original for name in touched for e in edits[name]]
                remaining = remaining_words(w.conn, originals + [c.original for c in plan.changes])
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
