"""What WebVTT and SubRip have in common: timed cues grouped into speaker turns.

Teams and Zoom cut speech into cues of a few seconds. Consecutive cues of one speaker
become one turn, written as a paragraph ``Speaker: words``; the turn's timestamp is the
start of its first cue. A cue without a speaker continues the turn before it.

Examples
--------
>>> cues = [Cue(1.0, "Jane", "Hello"), Cue(2.0, None, "there."), Cue(4.0, "Tom", "Hi.")]
>>> b = DraftBuilder("x", source_format="vtt")
>>> write_cues(b, cues)
>>> draft = b.finish()
>>> draft.text
'Jane: Hello there.\\nTom: Hi.\\n'
>>> [(t.speaker, t.timestamp) for t in draft.turns]
[('Jane', 1.0), ('Tom', 4.0)]
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from realist.ingest.draft import DraftBuilder
from realist.ingest.speakers import LABEL_LINE, tidy_label

__all__ = ["Cue", "split_speaker", "strip_tags", "write_cues"]

_TAG = re.compile(r"<[^>]{0,200}>")


@dataclass(frozen=True, slots=True)
class Cue:
    """One timed piece of speech."""

    start: float | None
    speaker: str | None
    text: str


def strip_tags(payload: str) -> str:
    """Drop markup (``<i>``, ``<c.yellow>``, ``<00:00:01.000>``, ``<font>``) and decode
    character references.

    >>> strip_tags("<i>so</i> &amp; <c.loud>then</c>")
    'so & then'
    """
    return html.unescape(_TAG.sub("", payload))


def split_speaker(text: str) -> tuple[str | None, str]:
    """Take a typed ``Name:`` label off the front of a cue's words (Zoom writes these).

    >>> split_speaker("Jane Smith: I agree")
    ('Jane Smith', 'I agree')
    >>> split_speaker("no label here")
    (None, 'no label here')
    """
    match = LABEL_LINE.match(text)
    if not match:
        return None, text
    speaker = tidy_label(match.group("speaker"))
    if not speaker or speaker.casefold() in ("note", "notes"):
        return None, text
    return speaker, text[match.end() :].strip()


def write_cues(builder: DraftBuilder, cues: Iterable[Cue]) -> None:
    """Group ``cues`` into turns and append them to ``builder`` with structural marks."""
    current: str | None = None
    started = False
    for cue in cues:
        words = " ".join(cue.text.split())
        if not words:
            continue
        speaker = cue.speaker or current
        if started and speaker is not None and speaker == current:
            builder.append(" " + words)
            continue
        if started:
            builder.append("\n")
        started = True
        current = speaker
        label_start = builder.position
        if speaker:
            builder.append(f"{speaker}: ")
            builder.mark(speaker, label_start, builder.position, cue.start)
        builder.append(words)
    if started:
        builder.append("\n")
