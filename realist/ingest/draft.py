"""Assemble a :class:`~realist.model.DocumentDraft` from a reader's raw pieces.

Readers append raw text as they walk a file and note, in raw offsets, where speaker
labels and commented ranges fall. :meth:`DraftBuilder.finish` normalises the text once,
moves every offset through the :class:`~realist.ingest.normalise.OffsetMap`, looks for
typed speaker labels and cuts the turns.

Examples
--------
>>> b = DraftBuilder("fg1", source_name="fg1.txt", source_format="txt", sha256="0" * 64)
>>> b.append("P1: Cafe\\u0301 talk\\r\\n")
>>> draft = b.finish()
>>> draft.text, [(t.speaker, draft.text[t.start:t.end]) for t in draft.turns]
('P1: Café talk\\n', [('P1', 'Café talk')])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from realist.errors import ImportFailed
from realist.ingest.normalise import normalise_with_map
from realist.ingest.speakers import SpeakerMark, build_turns, find_marks
from realist.model import CodingDraft, DocumentDraft

__all__ = ["DraftBuilder", "RawComment"]


@dataclass(slots=True)
class RawComment:
    """A commented range in raw offsets, with the codes its text names."""

    start: int
    end: int
    codes: tuple[str, ...]
    coder: str | None = None
    memo: str | None = None


@dataclass
class DraftBuilder:
    """Collects raw text, speaker marks and comments for one document."""

    name: str
    source_name: str = ""
    source_format: str = ""
    sha256: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    _pieces: list[str] = field(default_factory=list)
    _length: int = 0
    _marks: list[SpeakerMark] = field(default_factory=list)
    _comments: list[RawComment] = field(default_factory=list)
    _warnings: list[str] = field(default_factory=list)

    @property
    def position(self) -> int:
        """The raw offset where the next appended text will start."""
        return self._length

    def append(self, text: str) -> None:
        """Add raw text at the end."""
        if text:
            self._pieces.append(text)
            self._length += len(text)

    def mark(
        self,
        speaker: str,
        label_start: int,
        text_start: int,
        timestamp: float | None,
        *,
        strong: bool = True,
    ) -> None:
        """Note a speaker label found in the file's structure (raw offsets); ``strong=False``
        when it must still look like a speaker to count (a bold line on its own)."""
        self._marks.append(SpeakerMark(speaker, label_start, text_start, timestamp, strong))

    def comment(self, comment: RawComment) -> None:
        """Note a commented range (raw offsets)."""
        self._comments.append(comment)

    def warn(self, message: str) -> None:
        """Record something the user should know about this file."""
        self._warnings.append(message)

    def finish(
        self,
        speaker_pattern: str | re.Pattern[str] | None = None,
        known_speakers: Iterable[str] = (),
    ) -> DocumentDraft:
        """Normalise, map offsets, find turns and return the draft.

        Raises
        ------
        ImportFailed
            When the file holds no text at all.
        """
        raw = "".join(self._pieces)
        text, offsets = normalise_with_map(raw)
        if not text.strip():
            raise ImportFailed(self.source_name or self.name, "holds no text to import")
        marks = [
            SpeakerMark(
                m.speaker,
                offsets.to_normalised(m.label_start),
                offsets.to_normalised(m.text_start),
                m.timestamp,
                m.strong,
            )
            for m in self._marks
        ]
        marks.extend(find_marks(text, speaker_pattern))
        turns, turn_warnings = build_turns(text, marks, known_speakers)
        if not turns:
            turn_warnings += (
                "no speaker turns found, so the text came in as one block with no speakers:"
                " if speakers are labelled in a layout realist does not know, import it"
                " again with --speaker-pattern (a regular expression with a (?P<speaker>...)"
                " group, e.g. '^(?P<speaker>[A-Z][A-Z ]+) >')",
            )
        codings = self._codings(text, offsets)
        return DocumentDraft(
            name=self.name,
            text=text,
            sha256=self.sha256,
            source_name=self.source_name,
            source_format=self.source_format,
            metadata=dict(self.metadata),
            turns=turns,
            codings=codings,
            warnings=tuple(self._warnings) + turn_warnings,
        )

    def _codings(self, text: str, offsets: Any) -> tuple[CodingDraft, ...]:
        codings: list[CodingDraft] = []
        for comment in self._comments:
            start = offsets.to_normalised(comment.start)
            end = offsets.to_normalised(comment.end, end=True)
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end <= start:
                self._warnings.append(
                    f"a comment by {comment.coder or 'an unknown author'} covers no text;"
                    " it was not imported"
                )
                continue
            for code in comment.codes:
                codings.append(CodingDraft(start, end, code, comment.coder, comment.memo))
        return tuple(codings)
