"""WebVTT captions (``.vtt``) as Teams and Zoom export them.

Teams names the speaker in a voice tag (``<v Jane Smith>words</v>``); Zoom types
``Jane Smith: words`` (other speaker layouts: see :mod:`realist.ingest.cues`). A cue whose
timing line is broken keeps its words without a timestamp and the draft says which line;
a mistyped ``WEBVTT`` header is left out of the text with a warning; a file whose last cue
is plainly cut off is read with a warning; a file with no cue at all is refused.

Examples
--------
>>> data = b"WEBVTT\\n\\n00:00:01.000 --> 00:00:03.000\\n<v Jane Smith>Hello all.</v>\\n"
>>> draft = READER.read(data, "teams.vtt", ReadOptions())
>>> draft.text, draft.turns[0].speaker, draft.turns[0].timestamp
('Jane Smith: Hello all.\\n', 'Jane Smith', 1.0)
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from realist.errors import ImportFailed
from realist.ingest.cues import Cue, cue_parts, ends_sentence, strip_tags, write_cues
from realist.ingest.draft import DraftBuilder
from realist.ingest.encoding import decode_text
from realist.ingest.normalise import normalise
from realist.ingest.registry import ReadOptions, document_name, sha256_of
from realist.ingest.speakers import compile_speaker_pattern, parse_timestamp, tidy_label
from realist.model import DocumentDraft

__all__ = ["READER", "VttReader", "parse_cues"]

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*(?P<end>{_TIME})(?:\s+.*)?$")
_TIMING_SHAPE = re.compile(r"^[\s\d:.,>-]*\d:\d[\s\d:.,>-]*$")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?(?:\s+(?P<name>[^>]*))?>", re.IGNORECASE)


def parse_cues(
    text: str, name: str, *, subrip: bool = False, pattern: re.Pattern[str] | None = None
) -> tuple[list[Cue], list[str]]:
    """Cues and warnings from the text of a WebVTT (or, with ``subrip``, SRT) file.

    ``pattern`` is a user's speaker pattern, tried on each cue's words first (see
    :func:`~realist.ingest.cues.cue_parts`).
    """
    blocks = _blocks(text)
    cues: list[Cue] = []
    warnings: list[str] = []
    for index, (line_no, block) in enumerate(blocks):
        head = block[0].strip()
        if not subrip and (
            head.startswith("WEBVTT") or head.split(" ")[0] in ("NOTE", "STYLE", "REGION")
        ):
            continue
        arrow = _timing_index(block)
        if arrow is None:
            if len(block) == 1 and head.isdigit() and (subrip or index == len(blocks) - 1):
                continue
            if not subrip and index == 0 and _damaged_header(head):
                continue
            warnings.append(
                f"line {line_no}: a block without a timing line; its words"
                " were kept without a timestamp"
            )
            payload = block[1:] if subrip and head.isdigit() else block
            cues.extend(_cue(None, payload, pattern))
            continue
        timing = TIMING.match(block[arrow])
        start = parse_timestamp(timing.group("start")) if timing else None
        if timing is None:
            warnings.append(
                f"line {line_no + arrow}: cue timing {block[arrow].strip()[:60]!r} is not valid;"
                " its words were kept without a timestamp"
            )
        cues.extend(_cue(start, block[arrow + 1 :], pattern))
    if not cues:
        kind = "SubRip (.srt)" if subrip else "WebVTT (.vtt)"
        raise ImportFailed(name, f"has no captions: is it really a {kind} file?")
    if blocks:
        warnings.extend(_cut_short(text, *blocks[-1]))
    return cues, warnings


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """The blank-line separated blocks of ``text``, each with its first line's number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first_line = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                first_line = number
            current.append(line)
        elif current:
            blocks.append((first_line, current))
            current = []
    if current:
        blocks.append((first_line, current))
    return blocks


def _timing_index(block: list[str]) -> int | None:
    """Which line of a block is its timing line (even a broken one), if any."""
    return next(
        (
            i
            for i, line in enumerate(block)
            if "-->" in line or (len(line) < 80 and _TIMING_SHAPE.match(line))
        ),
        None,
    )


def _damaged_header(line: str) -> bool:
    """Whether a first line is a mistyped or damaged ``WEBVTT`` header.

    >>> [_damaged_header(x) for x in ("WEBVT", "WEBVTT FILE", "ï»¿WEBVTT", "Dana: Hello.")]
    [True, True, True, False]
    """
    first = line.split(maxsplit=1)[0].upper() if line.split() else ""
    return difflib.SequenceMatcher(None, first, "WEBVTT").ratio() >= 0.7


def _cut_short(text: str, line_no: int, block: list[str]) -> list[str]:
    """A warning when the file's last cue is plainly cut off: a cue number or timing line
    with no words after it, a timing line broken off, or words stopping mid-sentence
    with no line break at the end of the file.

    >>> _cut_short("1\\n0:01 --> 0:0", 1, ["1", "0:01 --> 0:0"])
    ["line 2: the file ends in the middle of a cue ('0:01 --> 0:0'): it may have been cut short; check it is complete"]
    >>> _cut_short("1\\n0:01 --> 0:02\\nP1: Bye.", 1, ["1", "0:01 --> 0:02", "P1: Bye."])
    []
    """
    arrow = _timing_index(block)
    last = block[-1].strip()
    ending = repr(last if len(last) <= 40 else "..." + last[-40:])
    if arrow is None and len(block) == 1 and last.isdigit():
        problem = f"with cue number {last} and nothing after it"
    elif arrow is not None and TIMING.match(block[arrow]) is None and arrow == len(block) - 1:
        problem = f"in the middle of a cue ({ending})"
    elif arrow == len(block) - 1:
        problem = "with a cue's timing line and no words after it"
    elif not text.endswith("\n") and not ends_sentence(last):
        problem = f"mid-sentence ({ending}) with no line break after it"
    else:
        return []
    line = line_no + len(block) - 1
    return [
        f"line {line}: the file ends {problem}: it may have been cut short; check it is complete"
    ]


def _cue(start: float | None, payload: list[str], pattern: re.Pattern[str] | None) -> list[Cue]:
    """One cue per voice in the payload (a cue may hold several ``<v>`` spans); without
    voices, one per speaker its words name or mark (see :func:`cue_parts`)."""
    raw = "\n".join(payload)
    voices = list(_VOICE.finditer(raw))
    if not voices:
        return cue_parts(start, strip_tags(raw), pattern)
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
        head = text.lstrip().split("\n", 1)[0].strip()
        if not head.startswith("WEBVTT"):
            builder.warn(_header_warning(head))
        pattern = options.speaker_pattern
        cues, cue_warnings = parse_cues(
            text, name, pattern=compile_speaker_pattern(pattern) if pattern else None
        )
        for warning in cue_warnings:
            builder.warn(warning)
        write_cues(builder, cues)
        builder.metadata["cues"] = len(cues)
        return builder.finish(pattern, options.known_speakers)


def _header_warning(head: str) -> str:
    """What to say about a file whose first line is not ``WEBVTT``.

    >>> _header_warning("WEBVT")
    "starts with 'WEBVT', not WEBVTT: read as captions anyway, leaving that line out"
    """
    if _damaged_header(head):
        return (
            f"starts with {head[:30]!r}, not WEBVTT: read as captions anyway, leaving that line out"
        )
    return "does not start with WEBVTT; read as captions anyway"


READER = VttReader()
