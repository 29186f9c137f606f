"""The transcript as data for the highlighter: one payload per document.

Everything here is plain Python over :mod:`realist.model` objects, so the
shape the browser receives is tested without a browser. Offsets stay in code
points; the component converts them to the browser's UTF-16 units.

Examples
--------
>>> from realist.model import Code, Coding, Document, Turn
>>> doc = Document(id=1, name="FG1", text="Ann: hello there", sha256="x")
>>> turns = [Turn(id=1, document_id=1, seq=0, speaker="Ann", start=5, end=16)]
>>> codes = [Code(id=7, key="trust", name="Trust", colour="#aa0000")]
>>> codings = [Coding(id=3, document_id=1, code_id=7, coder_id=1, start=5, end=10)]
>>> data = transcript_payload(doc, turns, codings, codes, {1: "alice"}, search="there")
>>> data["turns"], data["spans"], data["matches"]
([[5, 16, 'Ann']], [[3, 5, 10, 7, 'alice']], [[11, 16]])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from realist.model import Code, Coding, Document, Turn

#: Colours for codes that have none of their own (colour-blind friendly, Okabe-Ito plus).
PALETTE = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#999933",
    "#882255",
    "#44AA99",
)


def code_colour(code: Code) -> str:
    """The code's own colour, or a stable palette colour when it has the default grey.

    >>> code_colour(Code(id=1, key="a", name="A", colour="#123456"))
    '#123456'
    >>> code_colour(Code(id=2, key="b", name="B"))
    '#009E73'
    """
    colour = (code.colour or "").strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", colour) and colour.lower() != "#999999":
        return colour
    return PALETTE[code.id % len(PALETTE)]


def blocks(document: Document, turns: Sequence[Turn]) -> list[list[Any]]:
    """Speaker turns as ``[start, end, speaker]``, with untagged text as blocks of its own.

    Text outside every turn (a heading, a paragraph without a speaker) is still shown,
    paragraph by paragraph, so nothing in the document is hidden from coders; the
    speaker label in front of a turn ("A:") is not repeated.

    >>> doc = Document(id=1, name="d", text="Intro\\n\\nA: hi", sha256="x")
    >>> blocks(doc, [Turn(id=1, document_id=1, seq=0, speaker="A", start=10, end=12)])
    [[0, 5, ''], [10, 12, 'A']]
    """
    text = document.text
    out: list[list[Any]] = []
    pos = 0
    for turn in sorted(turns, key=lambda t: (t.start, t.end)):
        if turn.start > pos:
            out.extend(_free_text(text, pos, turn.start, turn.speaker))
        start = max(turn.start, pos)
        if turn.end > start:
            out.append([start, turn.end, turn.speaker])
            pos = turn.end
    if pos < len(text):
        out.extend(_free_text(text, pos, len(text), None))
    return out


def _free_text(text: str, start: int, end: int, next_speaker: str | None) -> list[list[Any]]:
    found: list[list[Any]] = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        line = match.group().strip()
        if not line:
            continue
        if (
            next_speaker
            and next_speaker.lower() in line.lower()
            and len(line) <= len(next_speaker) + 30
        ):
            continue
        a = start + match.start() + (len(match.group()) - len(match.group().lstrip()))
        b = start + match.end() - (len(match.group()) - len(match.group().rstrip()))
        found.append([a, b, ""])
    return found


def search_matches(text: str, query: str, *, limit: int = 500) -> list[list[int]]:
    """Case-insensitive matches of ``query`` as ``[start, end]`` code-point pairs.

    >>> search_matches("Trust builds trust.", "trust")
    [[0, 5], [13, 18]]
    """
    query = query.strip()
    if not query:
        return []
    pattern = re.compile(re.escape(query), flags=re.IGNORECASE)
    return [
        [m.start(), m.end()] for _, m in zip(range(limit), pattern.finditer(text), strict=False)
    ]


def transcript_payload(
    document: Document,
    turns: Sequence[Turn],
    codings: Iterable[Coding],
    codes: Iterable[Code],
    coder_names: Mapping[int, str],
    *,
    search: str = "",
    can_code: bool = True,
    revision: int | None = None,
    scroll_to: int | None = None,
) -> dict[str, Any]:
    """Everything the highlighter needs to draw ``document``, as JSON-ready data."""
    code_list = list(codes)
    spans = [
        [c.id, c.start, c.end, c.code_id, coder_names.get(c.coder_id, "")]
        for c in sorted(codings, key=lambda c: (c.start, c.end, c.id))
    ]
    matches = search_matches(document.text, search)
    if scroll_to is None and matches:
        scroll_to = matches[0][0]
    return {
        "document_id": document.id,
        "sha256": document.sha256,
        "text": document.text,
        "turns": blocks(document, turns),
        "codes": [
            {"id": c.id, "key": c.key, "name": c.name, "colour": code_colour(c)} for c in code_list
        ],
        "spans": spans,
        "matches": matches,
        "can_code": can_code,
        "revision": revision,
        "scroll_to": scroll_to,
        "scroll_key": f"{search}:{scroll_to}",
    }
