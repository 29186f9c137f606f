"""Project methods for ingest: read transcripts with :mod:`realist.ingest` and store them.

Each file is its own transaction: its document, turns, speakers and Word-comment codings
go in together or not at all. A file already in the project (same SHA-256) is reported and
skipped; a file that cannot be read is reported with its reason and the rest still import.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from realist.errors import ImportFailed, RealistError
from realist.ingest.registry import ReadOptions, read_file, supported_suffixes
from realist.ingest.result import ImportResult, ImportStatus
from realist.ingest.roster import read_roster
from realist.ingest.speakers import compile_speaker_pattern
from realist.model import CodeKind, Document, DocumentDraft, Participant, Role, TurnDraft
from realist.project.core import CoreMixin
from realist.store import documents as document_store
from realist.store import tx

__all__ = ["IngestMixin"]

REFI_SUFFIXES = (".qdpx", ".qdc")
PathLike = str | os.PathLike[str]


class _AlreadyStored(Exception):
    """Raised inside the import transaction (rolling it back) when the file is there already."""

    def __init__(self, document: Document) -> None:
        super().__init__(document.name)
        self.document = document


class IngestMixin(CoreMixin):
    """Ingest methods of :class:`realist.Project`."""

    def import_roster(self, path: PathLike, *, group: str = "") -> list[Participant]:
        """Create or update participants from a roster CSV or Excel sheet.

        Columns ``label`` (required), ``pseudonym``, ``role``, ``site``, ``group``; any
        other column becomes an attribute. ``group`` fills rows without one.

        Examples
        --------
        >>> import realist, tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> p = realist.init_project(folder / "s.realist", owner="ana")
        >>> _ = (folder / "r.csv").write_text("label,role,site\\nP1,practitioner,regional\\n")
        >>> [(x.label, x.role, x.site) for x in p.import_roster(folder / "r.csv", group="FG1")]
        [('P1', 'practitioner', 'regional')]
        """
        return self.upsert_participants(read_roster(path, group=group))

    def import_file(
        self,
        path: PathLike,
        *,
        group: str = "",
        attrs: Mapping[str, Any] | None = None,
        roster: PathLike | None = None,
        speaker_pattern: str | re.Pattern[str] | None = None,
        max_mb: float | None = None,
    ) -> ImportResult:
        """Import one transcript (or a REFI-QDA ``.qdpx``/``.qdc``); see :meth:`import_files`.

        Examples
        --------
        >>> import realist, tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> p = realist.init_project(folder / "s.realist", owner="ana")
        >>> _ = (folder / "fg1.txt").write_text("Facilitator: Welcome.\\nP1: Thanks.\\n")
        >>> result = p.import_file(folder / "fg1.txt", group="FG1")
        >>> result.status.value, result.turns, result.speakers
        ('imported', 2, ('Facilitator', 'P1'))
        >>> p.import_file(folder / "fg1.txt").status.value
        'duplicate'
        """
        return self.import_files(
            [path],
            roster=roster,
            group=group,
            attrs=attrs,
            speaker_pattern=speaker_pattern,
            max_mb=max_mb,
        )[0]

    def import_files(
        self,
        paths: Iterable[PathLike],
        *,
        roster: PathLike | None = None,
        group: str = "",
        attrs: Mapping[str, Any] | None = None,
        progress: Callable[[ImportResult], None] | None = None,
        speaker_pattern: str | re.Pattern[str] | None = None,
        max_mb: float | None = None,
    ) -> list[ImportResult]:
        """Import transcript files, each in its own transaction.

        Parameters
        ----------
        paths
            ``.docx``, ``.txt``, ``.md``, ``.vtt``, ``.srt`` files (others are recognised
            by content), or REFI-QDA ``.qdpx``/``.qdc`` files. A folder stands for the
            files in it with those suffixes, in name order.
        roster
            A roster CSV imported first; its labels always count as speakers.
        group
            The participants' group (e.g. the focus group); stored on the document too.
        attrs
            Document attributes (``{"site": "regional"}``); ``site`` also fills the
            site of the document's speakers who have none.
        progress
            Called with each file's result as soon as it is known.
        speaker_pattern
            A regular expression with ``(?P<speaker>...)`` that replaces the built-in
            speaker patterns.
        max_mb
            The size limit per file, in megabytes.

        Returns
        -------
        list of ImportResult
            One per path, in order: imported, duplicate (skipped) or failed (with reason).
        """
        self._require_writer()
        pattern = compile_speaker_pattern(speaker_pattern) if speaker_pattern else None
        known: tuple[str, ...] = ()
        roster_groups: tuple[str, ...] = ()
        if roster is not None:
            people = self.import_roster(roster, group=group)
            known = tuple(p.label for p in people)
            roster_groups = tuple(dict.fromkeys(p.group for p in people if p.group))
        options = ReadOptions(speaker_pattern=pattern, known_speakers=known, max_mb=max_mb)
        results: list[ImportResult] = []
        for path in _expand(paths):
            result = self._import_one(path, options, group, dict(attrs or {}), known, roster_groups)
            results.append(result)
            if progress is not None:
                progress(result)
        return results

    # ----- one file -------------------------------------------------------------------
    def _import_one(
        self,
        path: Path,
        options: ReadOptions,
        group: str,
        attrs: dict[str, Any],
        known: Sequence[str],
        roster_groups: Sequence[str] = (),
    ) -> ImportResult:
        shown = str(path)
        if path.suffix.lower() in REFI_SUFFIXES:
            return self._import_refi_file(path)
        try:
            draft = read_file(path, options)
        except ImportFailed as exc:
            return ImportResult(shown, ImportStatus.FAILED, reason=exc.reason)
        except RealistError as exc:
            return ImportResult(shown, ImportStatus.FAILED, reason=_reason(exc))
        existing = self.find_document_by_sha256(draft.sha256)
        if existing is not None:
            return ImportResult(shown, ImportStatus.DUPLICATE, document=existing)
        draft = _with_roster_spelling(draft, known)
        if not group and roster_groups:
            group, note = _group_from_name(draft.name, roster_groups)
            draft = replace(draft, warnings=(*draft.warnings, note))
        draft = replace(draft, metadata={**draft.metadata, **attrs})
        try:
            return self._store_draft(shown, draft, group, attrs)
        except _AlreadyStored as exc:
            return ImportResult(shown, ImportStatus.DUPLICATE, document=exc.document)
        except RealistError as exc:
            return ImportResult(shown, ImportStatus.FAILED, reason=_reason(exc))

    def _store_draft(
        self, shown: str, draft: DocumentDraft, group: str, attrs: Mapping[str, Any]
    ) -> ImportResult:
        warnings = list(draft.warnings)
        with self._write("document.import", "document") as w:
            # checked again under the write lock: two people importing the same file at once
            # store it once
            stored = document_store.find_by_sha256(w.conn, draft.sha256)
            if stored is not None:
                raise _AlreadyStored(stored)
            draft = replace(draft, name=_free_name(w, draft.name))
            if not group:
                draft = _warn_shared_generic_labels(w, draft)
                warnings = list(draft.warnings)
            if draft.warnings:
                draft = replace(
                    draft, metadata={**draft.metadata, "import_warnings": list(draft.warnings[:50])}
                )
            doc = self._add_document_in(w, draft, group=group)
            speakers = tuple(dict.fromkeys(t.speaker for t in draft.turns if t.speaker))
            if attrs.get("site"):
                _fill_site(w, speakers, group, str(attrs["site"]))
            rows = self._coding_rows(w, doc.id, draft, warnings)
            count = self._add_codings_in(w, rows) if rows else 0
            w.detail.update(source=draft.source_name, sha256=draft.sha256, codings=count)
            codes_created = tuple(w.detail.get("codes_created", ()))
            coders_created = tuple(w.detail.get("coders_created", ()))
        return ImportResult(
            shown,
            ImportStatus.IMPORTED,
            document=doc,
            turns=len(draft.turns),
            speakers=speakers,
            codings=count,
            codes_created=codes_created,
            coders_created=coders_created,
            warnings=tuple(warnings),
        )

    def _coding_rows(
        self, w: tx.Writer, doc_id: int, draft: DocumentDraft, warnings: list[str]
    ) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        manager = self._is_manager()
        reassigned: set[str] = set()
        for coding in draft.codings:
            code = self._ensure_code_in(w, coding.code, CodeKind.THEME)
            coder_id = w.coder_id
            author = (coding.coder or "").strip()
            if author and self._coder is not None and author != self._coder.name:
                if manager:
                    coder_id = self._ensure_coder_in(w, author, Role.CODER).id
                else:
                    reassigned.add(author)
            rows.append(
                {
                    "document_id": doc_id,
                    "start": coding.start,
                    "end": coding.end,
                    "code_id": code.id,
                    "coder_id": coder_id,
                    "memo": coding.memo,
                }
            )
        if reassigned:
            warnings.append(
                f"comments by {', '.join(sorted(reassigned))} were stored as your codings:"
                " only an owner or lead can import codings for other coders"
            )
        return rows

    def _import_refi_file(self, path: Path) -> ImportResult:
        method = getattr(self, "import_refi", None)
        if method is None:
            return ImportResult(
                str(path),
                ImportStatus.FAILED,
                reason="REFI-QDA import is not available in this version of realist",
            )
        try:
            report = method(path)
        except RealistError as exc:
            return ImportResult(str(path), ImportStatus.FAILED, reason=_reason(exc))
        counts = report.counts() if hasattr(report, "counts") else {}
        return ImportResult(
            str(path),
            ImportStatus.IMPORTED,
            turns=0,
            codings=int(counts.get("codings", 0)),
            warnings=tuple(getattr(report, "warnings", ()) or ()),
        )


def _expand(paths: Iterable[PathLike]) -> list[Path]:
    """Paths in order, with each folder replaced by its importable files."""
    suffixes = {*supported_suffixes(), *REFI_SUFFIXES}
    expanded: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            expanded.extend(
                sorted(
                    (p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes),
                    key=lambda p: p.name.casefold(),
                )
            )
        else:
            expanded.append(path)
    return expanded


def _group_from_name(name: str, groups: Sequence[str]) -> tuple[str, str]:
    """The one roster group named in a document's name (``fg1-regional`` -> ``1``)."""
    tokens = set(_tokens(name))
    matches = [g for g in groups if _tokens(g) and set(_tokens(g)) <= tokens]
    if len(matches) == 1:
        return matches[0], (
            f"group {matches[0]!r} taken from the file name to match the roster;"
            " give --group to choose another"
        )
    return "", (
        "no --group given and the file name names no single roster group: its speakers"
        " are not linked to roster rows (import it again with --group)"
    )


def _tokens(text: str) -> list[str]:
    return [
        t.lstrip("0") or "0" if t.isdigit() else t
        for t in re.findall(r"[^\W\d_]+|\d+", text.casefold())
    ]


def _reason(exc: RealistError) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason) if reason else str(exc)


def _free_name(w: tx.Writer, name: str) -> str:
    """``name``, or ``name (2)``, ``name (3)``... when a document already has it."""
    candidate = name
    number = 1
    while document_store.document_id(w.conn, candidate) is not None:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


#: Labels tools give speakers they cannot name (Otter, Word, Teams, Zoom): a different
#: person in every file.
_GENERIC_LABEL = re.compile(r"(?i)(?:unknown\s+)?speaker(?:\s*\d+)?|guest(?:\s*\d+)?|unknown")


def _warn_shared_generic_labels(w: tx.Writer, draft: DocumentDraft) -> DocumentDraft:
    """Without a group, ``Speaker 1`` of this file and ``Speaker 1`` of an earlier one are
    one participant: say so, since tools number speakers afresh in every file."""
    existing = {p.label for p in document_store.list_participants(w.conn) if not p.group}
    shared = [
        speaker
        for speaker in dict.fromkeys(t.speaker for t in draft.turns)
        if _GENERIC_LABEL.fullmatch(speaker) and speaker in existing
    ]
    if not shared:
        return draft
    names = ", ".join(repr(s) for s in shared[:5])
    note = (
        f"{names} also spoke in an earlier file and became the same participant: tools number"
        " speakers afresh in every file, so import each file with its own --group to keep"
        " them apart"
    )
    return replace(draft, warnings=(*draft.warnings, note))


def _fill_site(w: tx.Writer, speakers: Sequence[str], group: str, site: str) -> None:
    wanted = set(speakers)
    for participant in document_store.list_participants(w.conn):
        if participant.label in wanted and participant.group == group and not participant.site:
            document_store.upsert_participant(
                w.conn, {"label": participant.label, "group": group, "site": site}
            )


def _with_roster_spelling(draft: DocumentDraft, known: Sequence[str]) -> DocumentDraft:
    """Speakers that match a roster label apart from case take the roster's spelling."""
    if not known:
        return draft
    spelling = {label.casefold(): label for label in known}
    turns = tuple(
        TurnDraft(spelling.get(t.speaker.casefold(), t.speaker), t.start, t.end, t.timestamp)
        for t in draft.turns
    )
    return replace(draft, turns=turns)
