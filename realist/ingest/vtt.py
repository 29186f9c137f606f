"""WebVTT captions (``.vtt``) as Teams and Zoom export them.

Teams names the speaker in a voice tag (``<v Jane Smith>words</v>``); Zoom types
``Jane Smith: words``. A cue whose timing line is broken keeps its words without a
timestamp and the draft says which line; a file with no cue at all is refused.

Examples
--------
>>> data = b"WEBVTT\\n\\n00:00:01.000 --> 00:00:03.000\\n<v Jane Smith>Hello all.</v>\\n"
>>> draft = READER.read(data, "teams.vtt", ReadOptions())
>>> draft.text, draft.turns[0].speaker, draft.turns[0].timestamp
('Jane Smith: Hello all.\\n', 'Jane Smith', 1.0)
"""

from __future__ import annotations

import re
from pathlib import Path

from realist.errors import ImportFailed
from realist.ingest.cues import Cue, split_speaker, strip_tags, write_cues
from realist.ingest.draft import DraftBuilder
from realist.ingest.encoding import decode_text
from realist.ingest.normalise import normalise
from realist.ingest.registry import ReadOptions, document_name, sha256_of
from realist.ingest.speakers import parse_timestamp, tidy_label
from realist.model import DocumentDraft

__all__ = ["READER", "VttReader", "parse_cues"]

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*(?P<end>{_TIME})(?:\s+.*)?$")
_TIMING_SHAPE = re.compile(r"^[\s\d:.,>-]*\d:\d[\s\d:.,>-]*$")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?(?:\s+(?P<name>[^>]*))?>", re.IGNORECASE)


def parse_cues(text: str, name: str, *, subrip: bool = False) -> tuple[list[Cue], list[str]]:
    """Cues and warnings from the text of a WebVTT (or, with ``subrip``, SRT) file."""
    lines = text.split("\n")
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first_line = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                first_line = number
            current.append(line)
        elif current:
            blocks.append((first_line, current))
            current = []
    if current:
        blocks.append((first_line, current))

    cues: list[Cue] = []
    warnings: list[str] = []
    for line_no, block in blocks:
        head = block[0].strip()
        if not subrip and (
            head.startswith("WEBVTT") or head.split(" ")[0] in ("NOTE", "STYLE", "REGION")
        ):
            continue
        arrow = next(
            (
                i
                for i, line in enumerate(block)
                if "-->" in line or (len(line) < 80 and _TIMING_SHAPE.match(line))
            ),
            None,
        )
        if arrow is None:
            if subrip and len(block) == 1 and head.isdigit():
                continue
            warnings.append(
                f"line {line_no}: a block without a timing line; its words"
                " were kept without a timestamp"
            )
            payload = block[1:] if subrip and head.isdigit() else block
            cues.extend(_cue(None, payload))
            continue
        timing = TIMING.match(block[arrow])
        start = parse_timestamp(timing.group("start")) if timing else None
        if timing is None:
            warnings.append(
                f"line {line_no + arrow}: cue timing {block[arrow].strip()[:60]!r} is not valid;"
                " its words were kept without a timestamp"
            )
        cues.extend(_cue(start, block[arrow + 1 :]))
    if not cues:
        kind = "SubRip (.srt)" if subrip else "WebVTT (.vtt)"
        raise ImportFailed(name, f"has no captions: is it really a {kind} file?")
    return cues, warnings


def _cue(start: float | None, payload: list[str]) -> list[Cue]:
    """One cue per voice in the payload (a cue may hold several ``<v>`` spans)."""
    raw = "\n".join(payload)
    voices = list(_VOICE.finditer(raw))
    if not voices:
        words = strip_tags(raw)
        speaker, words = split_speaker(" ".join(words.split()))
        return [Cue(start, speaker, words)] if words or speaker else []
    cues: list[Cue] = []
    before = strip_tags(raw[: voices[0].start()]).strip()
    if before:
        cues.append(Cue(start, None, before))
    for i, voice in enumerate(voices):
        end = voices[i + 1].start() if i + 1 < len(voices) else len(raw)
        speaker = tidy_label(strip_tags(voice.group("name") or "")) or None
        words = " ".join(strip_tags(raw[voice.end() : end]).split())
        if words:
            cues.append(Cue(start, speaker, words))
    return cues


class VttReader:
    """Reads WebVTT files."""

    name = "vtt"
    suffixes = (".vtt",)

    def sniff(self, head: bytes) -> bool:
        """WebVTT files begin with ``WEBVTT``."""
        return head.lstrip(b"\xef\xbb\xbf").lstrip().startswith(b"WEBVTT")

    def read(self, data: bytes, name: str, options: ReadOptions) -> DocumentDraft:
        """Parse cues and group them into turns."""
        text, warnings = decode_text(data, name)
        text = normalise(text)
        builder = DraftBuilder(
            document_name(name),
            source_name=Path(name).name,
            source_format="vtt",
            sha256=sha256_of(data),
        )
        for warning in warnings:
            builder.warn(warning)
        if not text.lstrip().startswith("WEBVTT"):
            builder.warn(f"{Path(name).name}: does not start with WEBVTT; read as captions anyway")
        cues, cue_warnings = parse_cues(text, name)
        for warning in cue_warnings:
            builder.warn(warning)
        write_cues(builder, cues)
        builder.metadata["cues"] = len(cues)
        return builder.finish(options.speaker_pattern, options.known_speakers)


READER = VttReader()
