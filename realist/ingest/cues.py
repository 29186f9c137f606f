"""What WebVTT and SubRip have in common: timed cues grouped into speaker turns.

Teams and Zoom cut speech into cues of a few seconds. Consecutive cues of one speaker
become one turn, written as a paragraph ``Speaker: words``; the turn's timestamp is the
start of its first cue.

A cue names its speaker with a voice tag (read by :mod:`realist.ingest.vtt`), a typed
``Name:`` or a bracketed ``[NAME]`` (a sound such as ``[laughs]`` or ``[MUSIC]`` is not a
name). Captions also mark a new speaker without naming one: ``>>`` (live captioning,
CART) and a dash at the start of a line (``- No, she just turned up.``, as subtitles do
for two voices in one cue). Such a speaker starts a turn of its own with no speaker
(:data:`NO_SPEAKER`), and its words follow on their own line.

A cue that names no one usually carries on the turn before it: most ``.srt`` files name a
speaker only where the speaker changes. Zoom and Teams, though, name the speaker of every
cue they can; there (see :func:`names_every_cue`) an unnamed cue is someone they could not
name, such as a phone caller, and starts a turn with no speaker, unless it plainly carries
on the sentence before it.

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

A ``>>`` with no name is a new speaker nobody named:

>>> b = DraftBuilder("y", source_format="srt")
>>> write_cues(b, cue_parts(5.0, ">> TOM: Did she ring? >> No."))
>>> draft = b.finish()
>>> [(t.speaker, draft.text[t.start : t.end], t.timestamp) for t in draft.turns]
[('TOM', 'Did she ring?', 5.0), ('', 'No.', 5.0)]
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from realist.ingest.draft import DraftBuilder
from realist.ingest.speakers import (
    LABEL_LINE,
    NOT_FIRST_WORDS,
    NOT_SPEAKERS,
    parse_label,
    parse_timestamp,
    tidy_label,
)

__all__ = [
    "NO_SPEAKER",
    "Cue",
    "cue_parts",
    "ends_sentence",
    "names_every_cue",
    "split_speaker",
    "strip_tags",
    "write_cues",
]

#: The speaker of a turn whose speaker the captions do not name. Empty, as for any turn
#: without a speaker: it belongs to no participant.
NO_SPEAKER = ""

_TAG = re.compile(r"<[^>]{0,200}>")
#: ``[DANA]`` or ``[Dana Whitfield]:`` at the start of a cue's words.
_BRACKETED = re.compile(r"^[ \t]*\[(?P<label>[^\[\]\n:]{1,60})\][ \t]*:?[ \t]*")
#: ``>>`` (or ``>>>``, a new topic) where live captions mark a new speaker.
_CHEVRONS = re.compile(r"(?:^|(?<=\s))>>+[ \t]*")
#: A dash opening a line: subtitles' mark of a second voice in one cue (not ``--``, not
#: a minus sign before a number).
_DASH = re.compile(r"^[ \t]*(?:-(?!-)|[‐–—](?=[ \t]))[ \t]*(?=[^\s\d])")
#: Words that end a sentence (with any closing quote or bracket after them).
_SENTENCE_END = re.compile(r"[.!?…♪]['\"’”)\]]*$|[\])]$")

#: Words of bracketed sound descriptions: ``[laughs]``, ``[MUSIC]``, ``[Phone rings]``.
_SOUNDS = NOT_FIRST_WORDS | frozenset(
    ["laugh", "laughs", "laughing", "laughter", "chuckle", "chuckles", "chuckling", "giggles",
     "music", "musical", "singing", "sings", "song", "humming", "hums", "applause", "clapping",
     "claps", "cheering", "cheers", "crowd", "crosstalk", "cross-talk", "overtalk", "overlap",
     "overlapping", "talking", "inaudible", "unintelligible", "indistinct", "unclear", "mumbles",
     "mumbling", "murmurs", "murmuring", "whispers", "whispering", "silence", "silent", "pause",
     "pauses", "paused", "quiet", "noise", "noises", "sound", "sounds", "audio", "blank_audio",
     "speech", "static", "beep", "beeps", "beeping", "bleep", "ringing", "rings", "ring", "phone",
     "door", "knock", "knocks", "knocking", "cough", "coughs", "coughing", "sigh", "sighs",
     "sighing", "sniffs", "sneezes", "breath", "breathes", "breathing", "gasps", "groans",
     "yawns", "cries", "crying", "sobs", "sobbing", "throat", "clears", "background", "chatter",
     "speaking", "speaks", "foreign", "language", "video", "plays", "playing", "tape",
     "redacted", "sic", "interruption", "interrupts", "technical", "difficulties", "connection",
     "muted", "unmuted", "microphone", "mic", "feedback", "echo", "intro", "outro"]
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Cue:
    """One timed piece of speech.

    ``speaker`` is ``None`` when the cue names no one; ``change`` is true when the
    captions mark a new speaker here (``>>``, a dialogue dash), named or not.
    """

    start: float | None
    speaker: str | None
    text: str
    change: bool = False


def strip_tags(payload: str) -> str:
    """Drop markup (``<i>``, ``<c.yellow>``, ``<00:00:01.000>``, ``<font>``) and decode
    character references.

    >>> strip_tags("<i>so</i> &amp; <c.loud>then</c>")
    'so & then'
    """
    return html.unescape(_TAG.sub("", payload))


def split_speaker(text: str) -> tuple[str | None, str]:
    """Take a typed ``Name:`` (Zoom writes these) or bracketed ``[NAME]`` label off the
    front of a cue's words; bracketed sounds stay words.

    >>> split_speaker("Jane Smith: I agree")
    ('Jane Smith', 'I agree')
    >>> split_speaker("[DANA] Thanks for coming.")
    ('DANA', 'Thanks for coming.')
    >>> split_speaker("[MUSIC] Welcome back.")
    (None, '[MUSIC] Welcome back.')
    >>> split_speaker("no label here")
    (None, 'no label here')
    """
    match = LABEL_LINE.match(text)
    if match:
        speaker = tidy_label(match.group("speaker"))
        if speaker and speaker.casefold() not in ("note", "notes"):
            return speaker, text[match.end() :].strip()
        return None, text
    bracket = _BRACKETED.match(text)
    if bracket and _is_bracket_name(tidy_label(bracket.group("label"))):
        return tidy_label(bracket.group("label")), text[bracket.end() :].strip()
    return None, text


def _is_bracket_name(label: str) -> bool:
    """Whether a bracketed label names a speaker rather than a sound or a note.

    >>> [_is_bracket_name(x) for x in ("DANA", "Tom O'Brien", "P3", "laughs", "APPLAUSE")]
    [True, True, True, False, False]
    >>> [_is_bracket_name(x) for x in ("Phone Rings", "Dana laughs", "2", "Note")]
    [False, False, False, False]
    """
    parsed = parse_label(label)
    if parsed is None or parsed != (label, None) or not any(c.isalpha() for c in label):
        return False
    words = [w.strip(".,'’-").casefold() for w in label.split()]
    return label.casefold() not in NOT_SPEAKERS and not any(w in _SOUNDS for w in words)


def cue_parts(start: float | None, text: str, pattern: re.Pattern[str] | None = None) -> list[Cue]:
    """The speakers in one cue's words (markup already stripped, lines kept), each a
    :class:`Cue` with the cue's start.

    With ``pattern`` (a user's ``--speaker-pattern``) a cue that matches it is cut at each
    match; other cues are read as below.

    >>> [(c.speaker, c.text, c.change) for c in cue_parts(1.0, "- Hi.\\n- [TOM] Hello.")]
    [(None, 'Hi.', True), ('TOM', 'Hello.', True)]
    >>> pattern = re.compile(r"^(?P<speaker>[A-Z]+) >", re.MULTILINE)
    >>> cue_parts(2.0, "ANN > Yes.", pattern)
    [Cue(start=2.0, speaker='ANN', text='Yes.', change=True)]
    """
    if pattern is not None:
        found = _pattern_parts(start, text, pattern)
        if found:
            return found
    cues: list[Cue] = []
    for words, change in _segments(text):
        speaker, words = split_speaker(" ".join(words.split()))
        if words or speaker:
            cues.append(Cue(start, speaker, words, change))
    return cues


def _pattern_parts(start: float | None, text: str, pattern: re.Pattern[str]) -> list[Cue]:
    """Cut ``text`` at each match of a user's speaker pattern; ``[]`` when none matches."""
    matches = [m for m in pattern.finditer(text) if tidy_label(m.group("speaker") or "")]
    if not matches:
        return []
    ts_group = next((g for g in ("ts", "timestamp") if g in pattern.groupindex), None)
    cues: list[Cue] = []
    before = " ".join(text[: matches[0].start()].split())
    if before:
        cues.append(Cue(start, None, before))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        stamp = start
        if stamp is None and ts_group:
            stamp = parse_timestamp(match.group(ts_group))
        words = " ".join(text[match.end() : end].split())
        cues.append(Cue(stamp, tidy_label(match.group("speaker")), words, True))
    return cues


def _segments(text: str) -> list[tuple[str, bool]]:
    """A cue's words cut where a dialogue dash or ``>>`` marks a new speaker, as
    ``(words, marked)`` pairs; the first piece is unmarked unless the cue opens with one.

    >>> _segments("so that's it >> Yes.\\n- No.")
    [("so that's it", False), ('Yes.', True), ('No.', True)]
    """
    pieces: list[tuple[str, bool]] = [("", False)]
    for line in text.split("\n"):
        dash = _DASH.match(line)
        if dash:
            pieces.append((line[dash.end() :], True))
        else:
            words, marked = pieces[-1]
            pieces[-1] = (f"{words}\n{line}", marked)
    segments: list[tuple[str, bool]] = []
    for words, marked in pieces:
        first, *rest = _CHEVRONS.split(words)
        segments.append((first.strip(), marked))
        segments.extend((part.strip(), True) for part in rest)
    return [(words, marked) for words, marked in segments if words]


def names_every_cue(cues: Sequence[Cue]) -> bool:
    """Whether the captions name the speaker of every cue they can (Zoom, Teams) rather
    than only where the speaker changes (most ``.srt`` files).

    The sign is a cue naming the speaker the cue before it named already, which captions
    that name only changes never do: it must come at least half as often as runs of
    unnamed cues. Captions that mark changes with ``>>`` or dashes name only changes.

    >>> names_every_cue([Cue(1, "Ann", "Hi."), Cue(2, None, "Hello?"), Cue(3, "Ann", "Hi.")])
    True
    >>> names_every_cue([Cue(1, "ANN", "So we"), Cue(2, None, "went."), Cue(3, "BO", "Ok.")])
    False
    """
    repeats = runs = 0
    last: str | None = None
    unnamed = False
    for cue in cues:
        if cue.change:
            return False
        if not cue.text.strip():
            continue
        if cue.speaker is None:
            runs += not unnamed
            unnamed = True
            continue
        unnamed = False
        repeats += last is not None and cue.speaker.casefold() == last.casefold()
        last = cue.speaker
    return repeats > 0 and 2 * repeats >= runs


def write_cues(builder: DraftBuilder, cues: Iterable[Cue]) -> None:
    """Group ``cues`` into turns and append them to ``builder`` with structural marks;
    warn about turns whose speaker the captions do not name."""
    cues = [c for c in cues if c.text.strip()]
    every_cue = names_every_cue(cues)
    current: str | None = None  # the open turn's speaker; None before the first turn
    previous = ""
    started = False
    unnamed: list[Cue] = []
    unmarked: list[Cue] = []
    for cue in cues:
        words = " ".join(cue.text.split())
        speaker = _speaker_of(cue, current, previous, every_cue=every_cue)
        previous = words
        if speaker is not None and speaker == current and not (cue.change and not cue.speaker):
            builder.append(" " + words)
            continue
        if started:
            builder.append("\n")
        started = True
        current = speaker
        if speaker == NO_SPEAKER:
            (unmarked if cue.change else unnamed).append(cue)
        if speaker is not None:
            label_start = builder.position
            if speaker:
                builder.append(f"{speaker}: ")
            builder.mark(speaker, label_start, builder.position, cue.start)
        builder.append(words)
    if started:
        builder.append("\n")
    _warn_no_speaker(builder, unnamed, unmarked)


def _speaker_of(cue: Cue, current: str | None, previous: str, *, every_cue: bool) -> str | None:
    """The turn a cue belongs to: its own speaker, a new turn with no speaker, or the open
    turn (``current``; ``None`` before any turn).

    Words with no time of their own (from a damaged cue) stay with the open turn.
    """
    if cue.speaker is not None:
        return cue.speaker
    if cue.change:
        return NO_SPEAKER
    if not every_cue or cue.start is None:
        return current
    if current is not None and _carries_on(previous, cue.text):
        return current
    return NO_SPEAKER


def _carries_on(previous: str, words: str) -> bool:
    """Whether ``words`` plainly go on with the sentence ``previous`` left open.

    >>> _carries_on("We went to the", "shops after."), _carries_on("We went.", "then")
    (True, False)
    """
    return bool(previous) and not ends_sentence(previous) and words.lstrip()[:1].islower()


def ends_sentence(words: str) -> bool:
    """Whether ``words`` end a sentence (or a bracketed sound).

    >>> ends_sentence("Really?”"), ends_sentence("[laughs]"), ends_sentence("and the")
    (True, True, False)
    """
    return bool(_SENTENCE_END.search(words.rstrip()))


def _warn_no_speaker(
    builder: DraftBuilder, unnamed: Sequence[Cue], unmarked: Sequence[Cue]
) -> None:
    if unnamed:
        builder.warn(
            f"{len(unnamed)} cue(s) name no speaker although the other cues do (a phone"
            " caller, say): each became a turn with no speaker, at"
            f" {_times(unnamed)}; name the speaker in the file and import it again if you know"
            " who it was"
        )
    if unmarked:
        builder.warn(
            f"{len(unmarked)} turn(s) start where the captions mark a new speaker (>> or a"
            f" dash) without naming them: they have no speaker, at {_times(unmarked)}"
        )


def _times(cues: Sequence[Cue]) -> str:
    """The cues' start times, the first few.

    >>> _times([Cue(8.0, None, "a"), Cue(8.0, None, "b"), Cue(3725.5, None, "c")])
    '0:00:08, 1:02:05'
    """
    times = list(dict.fromkeys(_clock(c.start) for c in cues))
    more = f" and {len(times) - 5} more" if len(times) > 5 else ""
    return ", ".join(times[:5]) + more


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "(no time)"
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
