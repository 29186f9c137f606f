"""Speaker tables in Word transcripts: which column holds the time, the speaker and the
words, and whether the first row holds column titles.

Transcription services and colleagues lay tables out as speaker | words, time | speaker |
words, or with the columns in another order, with or without a header row whose wording
varies (``Speaker | Text``, ``Participant | Response``, ``Timecode | Speaker | Dialogue``).

Examples
--------
>>> rows = [["Who", "What was said"], ["Facilitator", "Welcome, everyone."],
...         ["P1", "Thanks for having us."], ["Facilitator", "Let's start."]]
>>> layout(rows, [False] * 4)
Layout(width=2, speaker=0, times=(), header=0, note=None)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from realist.ingest.speakers import NOT_SPEAKERS, TIMESTAMP, parse_label, parse_timestamp

__all__ = ["SENTENCE_ENDS", "Layout", "cell_time", "layout", "table_label"]

SENTENCE_ENDS = (".", "?", "!", "…")
#: Words that make up the column titles of transcript tables (``Speaker``, ``Timecode``,
#: ``What was said``, ``Participant | Response``); every title cell has at least one.
_HEADER_WORDS = frozenset(
    ["speaker", "speakers", "name", "names", "who", "participant", "participants", "person",
     "people", "voice", "role", "id", "time", "times", "timestamp", "timestamps", "timecode",
     "timecodes", "tc", "code", "clock", "start", "begin", "end", "stamp", "hh", "mm", "ss",
     "text", "texts", "transcript", "transcription", "transcribed", "speech", "spoken",
     "utterance", "utterances", "content", "contents", "dialogue", "dialog", "words", "word",
     "comment", "comments", "remark", "remarks", "response", "responses", "answer", "answers",
     "reply", "replies", "quote", "quotes", "verbatim", "statement", "statements",
     "contribution", "contributions", "what", "said", "says", "line", "lines", "caption",
     "captions", "message", "discussion", "conversation"]
)  # fmt: skip
#: A table cell that holds only a time: ``00:00:05``, ``0:05``, ``[00:00:05]``,
#: ``00:00:05.35``, a frame timecode ``00:00:05:12`` or a range ``00:00:05 - 00:00:09``.
_CELL_TIME = re.compile(
    rf"""[\[(]?[ \t]*(?P<time>{TIMESTAMP})(?::\d{{2}})?[ \t]*[\])]?
    (?:[ \t]*(?:-->|[-–—]|to)[ \t]*[\[(]?[ \t]*{TIMESTAMP}(?::\d{{2}})?[ \t]*[\])]?)?""",
    re.VERBOSE,
)


def cell_time(cell: str) -> float | None:
    """Seconds, when a table cell holds only a time (or a time range: its start).

    >>> [cell_time(c) for c in ("00:00:05", "[00:01:05]", "0:05", "00:00:05.35", "Time")]
    [5.0, 65.0, 5.0, 5.35, None]
    >>> cell_time("00:00:05:12"), cell_time("00:00:05 - 00:00:09")
    (5.0, 5.0)
    """
    match = _CELL_TIME.fullmatch(cell.strip())
    return parse_timestamp(match.group("time")) if match else None


def table_label(cell: str) -> tuple[str, float | None] | None:
    if cell_time(cell) is not None:
        return None
    parsed = parse_label(cell)
    if parsed is None or parsed[0].casefold() in NOT_SPEAKERS:
        return None
    return parsed


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a speaker table keeps things: ``width`` cells a row, the ``speaker`` column,
    the time columns (the first gives each turn its time), the header row's index (or
    ``None``) and a warning when the header was a guess."""

    width: int
    speaker: int
    times: tuple[int, ...]
    header: int | None
    note: str | None = None


def layout(rows: list[list[str]], styled: Sequence[bool]) -> Layout | None:
    """How a table is laid out when it is a transcript, else ``None``.

    The columns are read from the rows of the common width after the first: a *time*
    column holds only times (``00:00:05``, ``[0:05]``; empty cells allowed); the *speaker*
    column holds labels (an empty cell continues the previous speaker) and the other
    columns hold longer words that do not read as labels themselves. The columns may come
    in any order. Then the first row is a header or not (:func:`_header`).

    >>> rows = [["Timecode", "Speaker", "Dialogue"], ["00:00:05", "Facilitator", "Hi all."],
    ...         ["00:00:09", "P1", "Hello there."]]
    >>> layout(rows, [False] * 3)
    Layout(width=3, speaker=1, times=(0,), header=0, note=None)
    """
    width = _common_width(rows)
    if width is None:
        return None
    shaped = [i for i, row in enumerate(rows) if len(row) == width]
    first, body = shaped[0], [rows[i] for i in shaped[1:]]
    columns = _columns(body, width) if body else None
    if columns is None:
        return None
    speaker, times = columns
    body_styled = sum(1 for i in shaped[1:] if styled[i])
    header, note = _header(
        rows[first], body, speaker, times, styled[first] and body_styled * 2 < len(body)
    )
    return Layout(width, speaker, times, first if header else None, note)


def _common_width(rows: list[list[str]]) -> int | None:
    widths = Counter(len(row) for row in rows if len(row) >= 2)
    if not widths:
        return None
    width, count = widths.most_common(1)[0]
    return width if count >= 2 and width <= 4 else None


def _columns(body: list[list[str]], width: int) -> tuple[int, tuple[int, ...]] | None:
    """(speaker column, time columns) of a transcript table's body rows, or ``None``."""
    times = tuple(i for i in range(width) if _is_time_column([row[i] for row in body]))
    found: list[tuple[float, int]] = []
    for col in range(width):
        words = [i for i in range(width) if i != col and i not in times]
        if col in times or not words:
            continue
        filled = [row[col] for row in body if row[col]]
        if len(filled) * 2 < len(body):
            continue
        if sum(1 for cell in filled if table_label(cell) is not None) < 0.8 * len(filled):
            continue
        spoken = [max((row[i] for i in words), key=len) for row in body]
        longer = sum(1 for row, said in zip(body, spoken, strict=True) if len(said) > len(row[col]))
        named = sum(1 for said in spoken if table_label(said) and not said.endswith(SENTENCE_ENDS))
        if longer >= 0.5 * len(body) and named * 2 < len(body):
            found.append((sum(len(cell) for cell in filled) / len(filled), col))
    return (min(found)[1], times) if found else None


def _is_time_column(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return len(filled) * 2 >= len(cells) and all(cell_time(c) is not None for c in filled)


def _header(
    first: list[str], body: list[list[str]], speaker: int, times: tuple[int, ...], styled: bool
) -> tuple[bool, str | None]:
    """Whether a speaker table's first row holds column titles; a warning when it is a guess.

    The row must read like titles: every cell short (at most four words, 40 characters),
    with no sentence punctuation at its end and no time in it. Then any one of these
    makes it a header: Word repeats it as a header row or it alone is bold or shaded;
    every title has a column-title word (``Speaker``, ``Name``, ``Who``, ``Time``,
    ``Timecode``, ``Text``, ``Response``, ``Comments``, ``What was said``...); the time
    column's cell holds a word instead of a time. Failing those, a row whose "speaker"
    never speaks again in a table where others speak more than once is taken as a header
    too, with a warning, as its words are then left out of the text.

    >>> body = [["Facilitator", "Hello, everyone."], ["P1", "Hi."], ["Facilitator", "Good."]]
    >>> _header(["Participant", "Response"], body, 0, (), False)
    (True, None)
    >>> _header(["Facilitator", "Welcome everyone."], body, 0, (), False)
    (False, None)
    >>> _header(["Orateur", "Propos"], body, 0, (), False)[0]
    True
    """
    cells = [cell.strip() for cell in first]
    if not any(cells) or not all(_title_like(cell) for cell in cells):
        return False, None
    titled = all(_titled(cell) for cell in cells if cell)
    worded_time = any(re.search(r"[^\W\d_]", cells[i]) for i in times)
    if styled or titled or worded_time:
        return True, None
    said = Counter(
        parsed[0].casefold() for row in body if (parsed := table_label(row[speaker])) is not None
    )
    own = table_label(cells[speaker])
    label = (own[0] if own else cells[speaker]).casefold()
    if label and label not in said and max(said.values(), default=0) >= 2:
        shown = " | ".join(cell for cell in cells if cell)
        return True, (
            f"the first row of a speaker table ({shown!r}) was read as column titles and left"
            f" out, as {cells[speaker]!r} never speaks again; if it is a turn, add a header row"
            " such as 'Speaker | Text' in Word"
        )
    return False, None


def _title_like(cell: str) -> bool:
    """Short enough and plain enough to be a column title (an empty cell is too).

    >>> _title_like("What was said"), _title_like("Yes, I agree."), _title_like("00:00:05")
    (True, False, False)
    """
    return not cell or (
        len(cell) <= 40
        and len(cell.split()) <= 4
        and not cell.endswith((*SENTENCE_ENDS, ";", ","))
        and cell_time(cell) is None
    )


def _titled(cell: str) -> bool:
    return any(word in _HEADER_WORDS for word in re.findall(r"[^\W\d_]+", cell.casefold()))
