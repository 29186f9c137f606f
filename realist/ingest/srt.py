"""SubRip subtitles (``.srt``): numbered cues with ``00:00:01,000 --> ...`` timings.

Speakers come from ``Name:`` or ``[NAME]`` at the start of a cue, or after the ``>>`` or
the line-opening dash that marks a new speaker (a mark with no name starts a turn with no
speaker). A cue that names no one continues the speaker before it, as most ``.srt`` files
name a speaker only where the speaker changes (see :mod:`realist.ingest.cues`). A user's
``--speaker-pattern`` is tried on each cue's words first, so its turns keep their times.

Examples
--------
>>> data = b"1\\n00:00:01,000 --> 00:00:02,500\\nP1: We start.\\n\\n2\\n00:00:03,000 --> 00:00:04,000\\nThen go.\\n"
>>> draft = READER.read(data, "fg.srt", ReadOptions())
>>> draft.text, draft.turns[0].timestamp
('P1: We start. Then go.\\n', 1.0)
"""

from __future__ import annotations

import re
from pathlib import Path

from realist.ingest.cues import write_cues
from realist.ingest.draft import DraftBuilder
from realist.ingest.encoding import decode_text
from realist.ingest.normalise import normalise
from realist.ingest.registry import ReadOptions, document_name, sha256_of
from realist.ingest.speakers import compile_speaker_pattern
from realist.ingest.vtt import parse_cues
from realist.model import DocumentDraft

__all__ = ["READER", "SrtReader"]

_HEAD = re.compile(rb"^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")


class SrtReader:
    """Reads SubRip files."""

    name = "srt"
    suffixes = (".srt",)

    def sniff(self, head: bytes) -> bool:
        """A number on the first line and a timing line on the second."""
        return bool(_HEAD.match(head.lstrip(b"\xef\xbb\xbf")))

    def read(self, data: bytes, name: str, options: ReadOptions) -> DocumentDraft:
        """Parse cues and group them into turns."""
        text, warnings = decode_text(data, name)
        builder = DraftBuilder(
            document_name(name),
            source_name=Path(name).name,
            source_format="srt",
            sha256=sha256_of(data),
        )
        for warning in warnings:
            builder.warn(warning)
        pattern = options.speaker_pattern
        cues, cue_warnings = parse_cues(
            normalise(text),
            name,
            subrip=True,
            pattern=compile_speaker_pattern(pattern) if pattern else None,
        )
        for warning in cue_warnings:
            builder.warn(warning)
        write_cues(builder, cues)
        builder.metadata["cues"] = len(cues)
        return builder.finish(pattern, options.known_speakers)


READER = SrtReader()
