"""Speaker turns: find who speaks where in a transcript's text.

A *mark* is where a speaker label sits (``label_start``) and where that speaker's words
begin (``text_start``). Readers supply marks they know from the file's structure (a WebVTT
voice tag, a bold run in Word, a speaker column); the text itself is searched for the
labels transcribers type (``P3:``, ``Facilitator:``, ``[00:01:23] Jane:``,
``Jane Smith (00:01:23):``, ``Jane: [00:01:23]``, ``Speaker 1  0:03`` or
``[00:01:23] - Jane`` on a line of its own). A turn runs from the speaker's first word to
the last word before the next accepted label, less any lines at its end that only hold a
timestamp (the next turn's, when it has none of its own) or a transcription tool's note
(``Transcribed by https://otter.ai``, ``Jane Smith stopped transcription``).

Examples
--------
>>> text = "Facilitator: Welcome.\\nP3: Thanks.\\nP3: More."
>>> turns, warnings = build_turns(text, find_marks(text))
>>> [(t.speaker, text[t.start:t.end]) for t in turns]
[('Facilitator', 'Welcome.'), ('P3', 'Thanks.'), ('P3', 'More.')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from realist.errors import ValidationError
from realist.model import TurnDraft

__all__ = [
    "SpeakerMark",
    "build_turns",
    "compile_speaker_pattern",
    "find_marks",
    "parse_label",
    "parse_timestamp",
]

TIMESTAMP = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_WORD = r"(?:[^\W\d_][\w'’.\-]*|\d{1,3})"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}"
_EMPH = r"(?:\*\*|__)?"

#: ``Name: words`` with optional timestamps before (``[00:01:23] Name:``) or after
#: (``Name (00:01:23):``) the name, and Markdown bold around it.
LABEL_LINE = re.compile(
    rf"""^[ \t]*
    (?:[\[(]?(?P<ts_before>{TIMESTAMP})[\])]?[ \t]+(?:[-–—][ \t]+)?)?
    {_EMPH}(?P<speaker>{_NAME}){_EMPH}
    (?:[ \t]*[\[(](?P<ts_after>{TIMESTAMP})[\])])?
    (?:[ \t]*\((?!\d)[^()\n:]{{1,40}}\))?
    [ \t]*{_EMPH}:{_EMPH}
    (?:[ \t]*[\[(](?P<ts_inline>{TIMESTAMP})[\])])?(?=[ \t]|$)""",
    re.MULTILINE | re.VERBOSE,
)

#: ``Speaker 1  0:03`` alone on a line, words on the next (Otter, Teams .docx, Rev).
HEADER_LINE = re.compile(
    rf"""^[ \t]*{_EMPH}\[?(?P<speaker>{_NAME})\]?{_EMPH}[ \t]+
    [\[(]?(?P<ts_after>{TIMESTAMP})[\])]?[ \t]*:?[ \t]*$""",
    re.MULTILINE | re.VERBOSE,
)

#: ``[00:00:05.35] - Jane`` or ``00:00:03 Speaker 1`` alone on a line, words on the next
#: (Happy Scribe, Word's Transcribe).
TIMESTAMP_THEN_NAME = re.compile(
    rf"""^[ \t]*[\[(]?(?P<ts_before>{TIMESTAMP})[\])]?[ \t]+(?:[-–—][ \t]+)?
    {_EMPH}(?P<speaker>{_NAME}){_EMPH}[ \t]*:?[ \t]*$""",
    re.MULTILINE | re.VERBOSE,
)

#: ``KYLIE MORGAN`` alone on a line in capitals, words on the next (a script layout).
CAPITALS_LINE = re.compile(
    r"^[ \t]*(?P<speaker>[A-Z][A-Z'’.\-]*(?:[ \t]+[A-Z][A-Z'’.\-]*){0,3})[ \t]*:?[ \t]*\n(?=[ \t]*\S)",
    re.MULTILINE,
)

#: A line that only holds a timestamp (``00:01:15``, ``[00:01:15]``).
_STAMP_ONLY = re.compile(rf"[\[(]?(?P<ts>{TIMESTAMP})[\])]?")
#: Lines transcription tools add that are nobody's words.
_TOOL_NOTE = re.compile(
    r"(?:transcribed by https?://(?:www\.)?otter\.ai\S*"
    r"|meeting ended after\b.*"
    r"|.{1,80}\b(?:started|stopped) transcription"
    r"|(?:this )?transcript(?:ion)? (?:was )?(?:ended|stopped)\b.*)",
    re.IGNORECASE,
)

#: ``Name<TAB>words``, as text saved from a speaker | words table.
TAB_LINE = re.compile(
    rf"""^(?:[\[(]?(?P<ts_before>{TIMESTAMP})[\])]?[ \t]+)?
    (?P<speaker>{_NAME})(?:[ ]*[\[(](?P<ts_after>{TIMESTAMP})[\])])?[ ]*\t+(?=\S)""",
    re.MULTILINE | re.VERBOSE,
)

#: A caption timing line, then the speaker's name alone (older Teams Word transcripts).
TIMING_THEN_NAME = re.compile(
    rf"""^[ \t]*(?P<ts_before>\d{{1,2}}:\d{{1,2}}:\d{{1,2}}(?:[.,]\d+)?)[ \t]*-->[ \t]*\S+[ \t]*\n
    [ \t]*(?P<speaker>{_NAME})[ \t]*$""",
    re.MULTILINE | re.VERBOSE,
)

_LABEL_ONLY = re.compile(
    rf"""^[ \t]*(?:[\[(]?(?P<ts_before>{TIMESTAMP})[\])]?[ \t]+)?
    (?P<speaker>{_NAME})
    (?:[ \t]*[\[(]?(?P<ts_after>{TIMESTAMP})[\])]?)?[ \t]*:?[ \t]*$""",
    re.VERBOSE,
)

_LABEL_WITH_EMPHASIS = re.compile(r"\*\*|__")
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "binti",
        "al",
        "el",
        "ibn",
        "ter",
        "ten",
        "st",
    ]
)
_STRONG_SHAPE = re.compile(r"^(?:[A-Z]{1,3}\d{0,3}|\d{1,3}|[A-Z]{1,3}[ -]?\d{1,3})$")
_ROLE_WORDS = frozenset(
    [
        "facilitator",
        "co-facilitator",
        "cofacilitator",
        "interviewer",
        "interviewee",
        "moderator",
        "researcher",
        "respondent",
        "participant",
        "speaker",
        "unknown",
        "all",
        "group",
        "everyone",
        "several",
        "multiple",
        "voices",
        "notetaker",
        "note-taker",
        "chair",
        "host",
        "team",
        "practitioner",
        "manager",
        "worker",
        "caseworker",
        "coordinator",
        "supervisor",
        "parent",
        "carer",
        "client",
    ]
)
#: Words that begin lines like ``Date: 3 May`` in transcript headers and notes.
NOT_SPEAKERS = frozenset(
    [
        "note",
        "notes",
        "date",
        "time",
        "location",
        "venue",
        "place",
        "duration",
        "length",
        "transcript",
        "transcription",
        "title",
        "subject",
        "re",
        "attendees",
        "present",
        "participants",
        "recording",
        "audio",
        "file",
        "filename",
        "project",
        "site",
        "interview",
        "example",
        "e.g",
        "i.e",
        "question",
        "topic",
        "session",
        "agenda",
        "summary",
        "comment",
        "comments",
        "key",
        "legend",
        "source",
        "ps",
        "nb",
        "total",
        "page",
        "section",
        "part",
        "item",
        "action",
        "actions",
        "context",
        "contexts",
        "mechanism",
        "mechanisms",
        "outcome",
        "outcomes",
        "theme",
        "themes",
        "code",
        "codes",
        "program",
        "programme",
        "service",
        "agency",
        "organisation",
        "organization",
        "transcriber",
        "typist",
        "start",
        "end",
        "tags",
        "keywords",
        "warning",
        "caution",
        "important",
        "update",
        "address",
        "phone",
        "email",
        "tel",
        "mobile",
        "fax",
        "dear",
        "to",
        "from",
        "cc",
        "http",
        "https",
        "well",
        "so",
        "yes",
        "no",
        "yeah",
        "yep",
        "nope",
        "okay",
        "ok",
        "and",
        "but",
        "because",
        "also",
        "then",
        "now",
        "firstly",
        "secondly",
        "thirdly",
        "finally",
        "however",
        "therefore",
        "um",
        "uh",
        "oh",
        "ah",
        "right",
        "sure",
        "look",
        "like",
        "actually",
        "basically",
        "anyway",
        "honestly",
        "seriously",
        "frankly",
        "literally",
        "obviously",
        "apparently",
        "clearly",
        "plus",
        "again",
        "otherwise",
        "meaning",
        "quote",
        "translation",
        "reason",
        "result",
        "problem",
        "answer",
        "bottom line",
        "long story short",
        "and",
        "so",
    ]
) | frozenset(
    {"focus group", "start time", "end time", "date of interview", "interview date", "i mean"}
)


#: First words of lines that announce a part of the recording, not a speaker.
NOT_FIRST_WORDS = frozenset(
    ["end", "break", "pause", "recording", "transcript", "crosstalk", "inaudible", "laughter",
     "silence", "interview", "session", "part", "section", "question", "questions", "topic"]
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SpeakerMark:
    """A speaker label in a text: where it starts and where the words after it start.

    ``strong`` marks come from the file's structure or a user's pattern and are always
    believed; weak ones (found by the default patterns) must look like a speaker.
    """

    speaker: str
    label_start: int
    text_start: int
    timestamp: float | None = None
    strong: bool = False


def parse_timestamp(value: str | None) -> float | None:
    """Seconds from ``h:mm:ss(.fff)`` or ``m:ss``; ``None`` when absent or malformed.

    >>> parse_timestamp("00:01:23"), parse_timestamp("1:02:03,5"), parse_timestamp("0:07")
    (83.0, 3723.5, 7.0)
    """
    if not value:
        return None
    parts = value.replace(",", ".").split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return None
    if len(numbers) not in (2, 3) or any(n < 0 for n in numbers):
        return None
    seconds = 0.0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


def compile_speaker_pattern(pattern: str | re.Pattern[str]) -> re.Pattern[str]:
    """Compile a user's speaker pattern; it needs a ``(?P<speaker>...)`` group.

    An optional ``(?P<ts>...)`` group gives the turn's timestamp. The words start where
    the match ends. Lines are matched with ``re.MULTILINE``.

    >>> compile_speaker_pattern(r"^(?P<speaker>[A-Z]+) >").pattern
    '^(?P<speaker>[A-Z]+) >'
    """
    if isinstance(pattern, re.Pattern):
        compiled = pattern
    else:
        try:
            compiled = re.compile(pattern, re.MULTILINE)
        except re.error as exc:
            raise ValidationError(
                f"speaker pattern {pattern!r} is not a valid regular expression ({exc})"
            ) from None
    if "speaker" not in compiled.groupindex:
        raise ValidationError(
            f"speaker pattern {compiled.pattern!r} needs a named group (?P<speaker>...): "
            r"e.g. '^(?P<speaker>[A-Z][a-z]+):'"
        )
    return compiled


def tidy_label(label: str) -> str:
    """Collapse spaces and drop decoration around a speaker label.

    >>> tidy_label("  **Jane   Smith:** ")
    'Jane Smith'
    """
    label = label.strip().strip("*_").strip()
    label = label.rstrip(":").strip().strip("*_").strip()
    return " ".join(label.split())


def parse_label(text: str) -> tuple[str, float | None] | None:
    """Read a whole string (a bold run, a table cell) as a speaker label, or ``None``.

    >>> parse_label("Jane Smith (00:01:23):")
    ('Jane Smith', 83.0)
    >>> parse_label("This is a sentence, not a label.") is None
    True
    """
    match = _LABEL_ONLY.match(tidy_label(text) if "*" in text else text.strip())
    if not match:
        return None
    speaker = tidy_label(match.group("speaker"))
    if not speaker or not _looks_like_name(speaker):
        return None
    return speaker, parse_timestamp(match.group("ts_before") or match.group("ts_after"))


def find_marks(text: str, pattern: str | re.Pattern[str] | None = None) -> list[SpeakerMark]:
    """Find speaker labels at line starts in ``text``.

    With ``pattern`` (see :func:`compile_speaker_pattern`) only that pattern is used and
    its matches are believed; otherwise the built-in patterns find candidates that
    :func:`build_turns` still checks.

    >>> [m.speaker for m in find_marks("[00:00:05] Jane: hi\\nTom (00:00:09): yo\\nP3  0:12\\nok")]
    ['Jane', 'Tom', 'P3']
    """
    marks: list[SpeakerMark] = []
    if pattern is not None:
        compiled = compile_speaker_pattern(pattern)
        ts_group = next((g for g in ("ts", "timestamp") if g in compiled.groupindex), None)
        for match in compiled.finditer(text):
            speaker = tidy_label(match.group("speaker") or "")
            if speaker:
                stamp = parse_timestamp(match.group(ts_group)) if ts_group else None
                marks.append(SpeakerMark(speaker, match.start(), match.end(), stamp, True))
        return marks
    known_shape = _LABEL_WITH_EMPHASIS
    seen: set[int] = set()
    for regex in (TIMING_THEN_NAME, LABEL_LINE, HEADER_LINE, TIMESTAMP_THEN_NAME, TAB_LINE):
        for match in regex.finditer(text):
            if match.start() in seen or match.start("speaker") in seen:
                continue
            speaker = tidy_label(match.group("speaker"))
            if not _looks_like_name(speaker):
                continue
            groups = match.groupdict()
            stamp = parse_timestamp(
                groups.get("ts_before") or groups.get("ts_after") or groups.get("ts_inline")
            )
            seen.update((match.start(), match.start("speaker")))
            emphasised = bool(known_shape.search(match.group(0)))
            marks.append(SpeakerMark(speaker, match.start(), match.end(), stamp, emphasised))
    marks.extend(_capitals_marks(text, seen))
    marks.sort(key=lambda m: m.label_start)
    return marks


def _capitals_marks(text: str, seen: set[int]) -> list[SpeakerMark]:
    """Names in capitals alone on their lines, when the text is laid out that way: two
    such names or more, each on two lines or more (a heading in capitals is not a speaker).

    >>> text = "FACILITATOR\\nHow was it?\\n\\nKYLIE MORGAN\\nHard.\\n\\nFACILITATOR\\nWhy?\\n\\nKYLIE MORGAN\\nFear."
    >>> [m.speaker for m in _capitals_marks(text, set())]
    ['FACILITATOR', 'KYLIE MORGAN', 'FACILITATOR', 'KYLIE MORGAN']
    """
    found = [
        m
        for m in CAPITALS_LINE.finditer(text)
        if m.start() not in seen and m.group("speaker").casefold() not in NOT_SPEAKERS
    ]
    counts = Counter(tidy_label(m.group("speaker")) for m in found)
    repeated = {label for label, n in counts.items() if n >= 2}
    if len(repeated) < 2:
        return []
    return [
        SpeakerMark(label, m.start(), m.end(), None, False)
        for m in found
        if (label := tidy_label(m.group("speaker"))) in repeated
    ]


def build_turns(
    text: str,
    marks: Iterable[SpeakerMark],
    known_speakers: Iterable[str] = (),
) -> tuple[tuple[TurnDraft, ...], tuple[str, ...]]:
    """Accept the plausible marks and cut ``text`` into turns.

    A weak mark is accepted when its label has a speaker's shape (``P3``, ``F``, ``19``,
    an all-capitals name, a role such as Facilitator), carries a timestamp (or sits under
    a line holding only one), is a known
    speaker (a roster label), or appears at least twice; once two speakers are certain, a
    name-shaped label after the first turn is accepted too. Words that open header or
    note lines (``Date:``, ``Note:``, ``Well:``) never are. A rejected line stays part of
    the words around it and a warning says so. Labels that differ only in case become the
    most frequent spelling. Returns ``(turns, warnings)``.
    """
    ordered = [
        m if m.timestamp is not None else replace(m, timestamp=_stamp_before(text, m))
        for m in _one_per_line(text, marks)
    ]
    known = {tidy_label(k).casefold() for k in known_speakers}
    counts = Counter(m.speaker.casefold() for m in ordered)

    def believed(mark: SpeakerMark) -> bool:
        folded = mark.speaker.casefold()
        return (
            mark.strong
            or folded in known
            or (
                _may_speak(folded)
                and (
                    mark.timestamp is not None or counts[folded] >= 2 or _strong_shape(mark.speaker)
                )
            )
        )

    sure = [m for m in ordered if believed(m)]
    # In a text that is clearly a labelled transcript, a name heard once still speaks.
    labelled = len({m.speaker.casefold() for m in sure}) >= 2
    first = sure[0].label_start if sure else len(text)
    accepted: list[SpeakerMark] = []
    rejected: list[SpeakerMark] = []
    once: list[SpeakerMark] = []
    for mark in ordered:
        folded = mark.speaker.casefold()
        if believed(mark):
            accepted.append(mark)
        elif labelled and mark.label_start > first and _may_speak(folded):
            accepted.append(mark)
            if " " not in mark.speaker:
                once.append(mark)
        elif folded not in NOT_SPEAKERS and not any(w in NOT_SPEAKERS for w in folded.split()[:1]):
            rejected.append(mark)
    spelling = _preferred_spellings(m.speaker for m in accepted)
    turns: list[TurnDraft] = []
    for i, mark in enumerate(accepted):
        limit = accepted[i + 1].label_start if i + 1 < len(accepted) else len(text)
        start = mark.text_start
        while start < limit and text[start].isspace():
            start += 1
        end = _words_end(text, start, limit)
        if end > start:
            speaker = spelling[mark.speaker.casefold()]
            turns.append(TurnDraft(speaker, start, end, mark.timestamp))
    return tuple(turns), _rejection_warnings(text, rejected) + _once_warnings(text, once)


def _words_end(text: str, start: int, limit: int) -> int:
    """Where a turn's words end: before trailing space, lines that only hold a timestamp
    (the next turn's) and transcription tools' notes.

    >>> text = "Thanks all.\\n[00:00:21]\\n"
    >>> text[: _words_end(text, 0, len(text))]
    'Thanks all.'
    >>> text = "Bye now.\\n\\nTranscribed by https://otter.ai\\n"
    >>> text[: _words_end(text, 0, len(text))]
    'Bye now.'
    """
    end = limit
    while True:
        while end > start and text[end - 1].isspace():
            end -= 1
        line_start = max(text.rfind("\n", start, end) + 1, start)
        line = text[line_start:end].strip()
        if line_start == start or not (_STAMP_ONLY.fullmatch(line) or _TOOL_NOTE.fullmatch(line)):
            return end
        end = line_start


def _stamp_before(text: str, mark: SpeakerMark) -> float | None:
    """The timestamp on the line above a label (blank lines skipped), when that line holds
    nothing else.

    >>> text = "[00:00:21]\\n\\nMarcus: Yes."
    >>> _stamp_before(text, SpeakerMark("Marcus", 12, 20))
    21.0
    """
    end = text.rfind("\n", 0, mark.label_start) + 1
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return None
    match = _STAMP_ONLY.fullmatch(text[text.rfind("\n", 0, end) + 1 : end].strip())
    return parse_timestamp(match.group("ts")) if match else None


def _may_speak(folded: str) -> bool:
    """False for labels that open header, note or recording lines (and for no label)."""
    return (
        bool(folded.strip())
        and folded not in NOT_SPEAKERS
        and folded.split(maxsplit=1)[0] not in NOT_FIRST_WORDS
    )


def _one_per_line(text: str, marks: Iterable[SpeakerMark]) -> list[SpeakerMark]:
    """Sort marks; where two fall on one line, a strong one wins, else the first."""
    by_line: dict[int, SpeakerMark] = {}
    for mark in marks:
        line = text.rfind("\n", 0, mark.label_start) + 1
        current = by_line.get(line)
        if current is None or (mark.strong and not current.strong):
            by_line[line] = mark
    return sorted(by_line.values(), key=lambda m: m.label_start)


def _preferred_spellings(speakers: Iterable[str]) -> dict[str, str]:
    counts = Counter(speakers)
    best: dict[str, str] = {}
    for speaker, count in counts.most_common():
        best.setdefault(speaker.casefold(), speaker)
        _ = count
    return best


def _rejection_warnings(text: str, rejected: Sequence[SpeakerMark]) -> tuple[str, ...]:
    warnings = []
    for mark in rejected[:10]:
        line = text.count("\n", 0, mark.label_start) + 1
        warnings.append(
            f"line {line}: {mark.speaker!r} looks like a speaker label but appears only once;"
            " kept as text (give a --speaker-pattern or a roster to count it as a speaker)"
        )
    if len(rejected) > 10:
        warnings.append(f"... and {len(rejected) - 10} more lines like these kept as text")
    return tuple(warnings)


def _once_warnings(text: str, once: Sequence[SpeakerMark]) -> tuple[str, ...]:
    """One-word labels taken as speakers though heard only once: worth a look (``Mum:
    don't come`` inside someone's story reads like a label)."""
    warnings = []
    for mark in once[:10]:
        line = text.count("\n", 0, mark.label_start) + 1
        warnings.append(
            f"line {line}: {mark.speaker!r} starts a turn but speaks only once; if it is part"
            " of someone's words, import again with a roster or a --speaker-pattern"
        )
    if len(once) > 10:
        warnings.append(f"... and {len(once) - 10} more speakers heard only once")
    return tuple(warnings)


def _looks_like_name(label: str) -> bool:
    """Capitalised words, numbers or particles: ``Jane Smith``, ``Team Leader 2``, ``19``."""
    if not label or len(label) > 60:
        return False
    words = label.split()
    if not (words[0][0].isupper() or words[0].isdigit()):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.casefold() in _PARTICLES for w in words)


def _strong_shape(label: str) -> bool:
    if _STRONG_SHAPE.match(label):
        return True
    words = label.casefold().split()
    if words and words[0] in _ROLE_WORDS:
        return True
    letters = [c for c in label if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
