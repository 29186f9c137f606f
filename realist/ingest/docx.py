"""Word transcripts (``.docx``): paragraphs, bold speaker names, speaker tables, comments.

The container is opened by :class:`~realist.ingest.zipsafe.SafeZip` (size, ratio and name
checks; no DTDs) and the XML parsed with entity resolution, DTD loading and network access
off. The body is walked in document order, so the text, the speaker labels and the Word
comment ranges all come from one pass and stay aligned.

Speakers are found three ways: a bold run opening a paragraph (``**Jane Smith** Yes...``
or a bold name alone on its line); a table whose rows are speaker | words (with time
columns in any place, see :func:`_layout`); and typed labels (``P3:``) like any text.

Word's own structure then keeps some lines out of the talk (see :func:`_settle`):

* a heading (paragraph style *Heading N*, *Title*, *Subtitle*) is never part of a turn and
  never starts one: a turn running into a heading ends before it;
* Teams' ``Jane Smith   started transcription`` / ``stopped transcription`` lines are
  treated the same way, so the last turn does not end with them;
* list paragraphs (a *List ...* style, Word numbering or a typed bullet) and rows of
  tables that are not speaker tables, when they come before the first turn of talk, are
  read as a participant list (``P1: Team leader, 6 years``, ``Kylie Morgan | Parent``),
  not as turns; they stay in the text and a warning says so.

Examples
--------
>>> import io, docx as python_docx
>>> d = python_docx.Document()
>>> p = d.add_paragraph(); p.add_run("Facilitator").bold = True; _ = p.add_run(" Welcome.")
>>> _ = d.add_paragraph("P1: Thanks.")
>>> _ = d.add_heading("Part 2", level=2)
>>> buf = io.BytesIO(); d.save(buf)
>>> draft = READER.read(buf.getvalue(), "fg.docx", ReadOptions())
>>> [(t.speaker, draft.text[t.start:t.end]) for t in draft.turns]
[('Facilitator', 'Welcome.'), ('P1', 'Thanks.')]
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from realist.errors import ImportFailed
from realist.hostile import hardened_xml_parser
from realist.ingest.docx_comments import FALLBACK_CODE, WordComment, parse_comments
from realist.ingest.draft import DraftBuilder, RawComment
from realist.ingest.normalise import normalise_with_map
from realist.ingest.registry import ReadOptions, document_name, sha256_of
from realist.ingest.speakers import NOT_SPEAKERS, TIMESTAMP, parse_label, parse_timestamp
from realist.ingest.zipsafe import SafeZip
from realist.model import DocumentDraft, TurnDraft

__all__ = ["READER", "DocxReader"]

_NS = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
}
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_UNPACK_FACTOR = 4
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
#: Teams writes these lines around the talk in its Word transcripts.
_TRANSCRIPTION_LINE = re.compile(
    r"^[ \t]*\S[^\n]{0,80}?[ \t]+(?:started|stopped) transcription\.?[ \t]*$", re.IGNORECASE
)
#: A table cell that holds only a time: ``00:00:05``, ``0:05``, ``[00:00:05]``,
#: ``00:00:05.35``, a frame timecode ``00:00:05:12`` or a range ``00:00:05 - 00:00:09``.
_CELL_TIME = re.compile(
    rf"""[\[(]?[ \t]*(?P<time>{TIMESTAMP})(?::\d{{2}})?[ \t]*[\])]?
    (?:[ \t]*(?:-->|[-–—]|to)[ \t]*[\[(]?[ \t]*{TIMESTAMP}(?::\d{{2}})?[ \t]*[\])]?)?""",
    re.VERBOSE,
)
_BULLETS = ("•", "·", "▪", "◦", "‣", "○", "■", "□", "➢", "►", "✓")
_MAX_WARNINGS = 10
_ENDS = (".", "?", "!", "…")


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    ns, _, local = tag[1:].partition("}")
    return local if ns in _NS else ""


def _parse(zf: SafeZip, member: str) -> etree._Element:
    try:
        root = etree.fromstring(zf.read(member), hardened_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(
            zf.name, f"is damaged: {member} is not well-formed XML ({exc})"
        ) from None
    if getattr(root.getroottree().docinfo, "doctype", ""):
        raise ImportFailed(zf.name, f"declares a DTD in {member}: refused")
    return root


def _relationships(zf: SafeZip, part: str) -> dict[str, str]:
    """Relationship type suffix -> target part name, for ``part``."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if not zf.has(rels):
        return {}
    found: dict[str, str] = {}
    for rel in _parse(zf, rels).iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.setdefault(kind, posixpath.normpath(path))
    return found


@dataclass
class _Styles:
    bold: set[str] = field(default_factory=set)
    headings: set[str] = field(default_factory=set)
    lists: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, root: etree._Element | None) -> _Styles:
        styles = cls()
        if root is None:
            return styles
        based: dict[str, str] = {}
        own_bold: dict[str, bool] = {}
        for style in root:
            if _local(style.tag) != "style":
                continue
            sid = _attr(style, _STYLE_ID_KEYS) or ""
            styles.ids.add(sid)
            for child in style:
                name = _local(child.tag)
                if name == "basedOn":
                    based[sid] = _val(child) or ""
                elif name == "rPr":
                    b = next((c for c in child if _local(c.tag) == "b"), None)
                    if b is not None:
                        own_bold[sid] = _on(b)
                elif name == "name":
                    label = (_val(child) or "").casefold()
                    if label.startswith(("heading", "title", "subtitle")):
                        styles.headings.add(sid)
                    elif label.startswith("list"):
                        styles.lists.add(sid)
        for sid in set(based) | set(own_bold):
            seen: set[str] = set()
            current: str | None = sid
            while current and current not in seen:
                seen.add(current)
                if current in own_bold:
                    if own_bold[current]:
                        styles.bold.add(sid)
                    break
                current = based.get(current)
        return styles

    def paragraph(self, sid: str) -> _ParaStyle:
        """What a paragraph style says: bold, a heading, a list. A style the file does not
        define is judged by its id (``Heading2``, ``ListBullet``)."""
        folded = sid.casefold() if sid not in self.ids else ""
        return _ParaStyle(
            sid in self.bold,
            sid in self.headings or folded.startswith(("heading", "title", "subtitle")),
            sid in self.lists or folded.startswith("list"),
        )


class _ParaStyle(NamedTuple):
    bold: bool = False
    heading: bool = False
    listed: bool = False


_VAL_KEYS = tuple(f"{{{ns}}}val" for ns in sorted(_NS))
_ID_KEYS = tuple(f"{{{ns}}}id" for ns in sorted(_NS))
_STYLE_ID_KEYS = tuple(f"{{{ns}}}styleId" for ns in sorted(_NS))
_FILL_KEYS = tuple(f"{{{ns}}}fill" for ns in sorted(_NS))


def _attr(element: etree._Element, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = element.get(key)
        if value is not None:
            return str(value)
    return None


def _val(element: etree._Element) -> str | None:
    return _attr(element, _VAL_KEYS)


def _on(element: etree._Element) -> bool:
    return (_val(element) or "true").lower() not in ("0", "false", "off", "none")


@dataclass
class _Marker:
    start: int | None = None
    end: int | None = None
    ref: int | None = None
    para: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class _Span:
    """A paragraph's range (raw offsets while walking, normalised after) and what it is."""

    start: int
    end: int
    what: str
    kind: str = "list item"


class _Walker:
    """One pass over the body, appending raw text and noting labels and comment ranges.

    It also notes the paragraphs that must stay out of turns (``fences``: headings and
    Teams transcription lines) and list paragraphs (``lists``), for :func:`_settle`.
    """

    def __init__(self, builder: DraftBuilder, styles: _Styles) -> None:
        self.b = builder
        self.styles = styles
        self.comments: dict[str, _Marker] = {}
        self.runs: list[tuple[str, bool]] = []
        self.raw: list[str] = []
        self.fences: list[_Span] = []
        self.lists: list[_Span] = []

    def append(self, text: str) -> None:
        """Add raw text to the draft, keeping a copy to map offsets later."""
        self.b.append(text)
        self.raw.append(text)

    # -- blocks ------------------------------------------------------------------
    def blocks(self, parent: etree._Element) -> None:
        for child in parent:
            name = _local(child.tag)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name in ("sdt", "sdtContent", "customXml", "ins", "moveTo"):
                self.blocks(child)
            elif name in ("commentRangeStart", "commentRangeEnd"):
                self.marker(child, name)

    def paragraph(self, p: etree._Element, *, labels: bool = True) -> None:
        start = self.b.position
        self.runs = []
        style = self._paragraph_style(p)
        self.inline(p, style.bold)
        pieces = self.runs
        text = "".join(t for t, _ in pieces)
        if labels and not style.heading:
            self._bold_label(start, pieces, text)
        self.append(text)
        end = self.b.position
        self._note_layout(start, end, text, style)
        for marker in self.comments.values():
            if marker.ref is not None and marker.para is None:
                marker.para = (start, end)
        self.append("\n")

    def _note_layout(self, start: int, end: int, text: str, style: _ParaStyle) -> None:
        shown = " ".join(text.split())
        if not shown:
            return
        if style.heading:
            self.fences.append(_Span(start, end, f"the heading {_clip(shown)!r}"))
        elif _TRANSCRIPTION_LINE.match(text):
            self.fences.append(_Span(start, end, f"the line {_clip(shown)!r}"))
        elif style.listed or shown.startswith(tuple(b + " " for b in _BULLETS)):
            self.lists.append(_Span(start, end, shown))

    def _paragraph_style(self, p: etree._Element) -> _ParaStyle:
        for child in p:
            if _local(child.tag) == "pPr":
                sid = ""
                numbered = False
                for prop in child:
                    if _local(prop.tag) == "pStyle":
                        sid = _val(prop) or ""
                    elif _local(prop.tag) == "numPr":
                        numbered = True
                style = self.styles.paragraph(sid)
                return style._replace(listed=style.listed or numbered)
        return _ParaStyle()

    def _bold_label(self, start: int, pieces: list[tuple[str, bool]], text: str) -> None:
        lead = 0
        while lead < len(text) and text[lead].isspace():
            lead += 1
        bold_len = 0
        pos = 0
        for piece, bold in pieces:
            if pos + len(piece) <= lead:
                pos += len(piece)
                continue
            if not bold and piece[max(0, lead - pos) :].strip():
                break
            pos += len(piece)
            bold_len = pos
        if bold_len <= lead:
            return
        label_text = text[lead:bold_len]
        parsed = parse_label(label_text)
        if parsed is None:
            return
        speaker, stamp = parsed
        rest = text[bold_len:]
        if not rest.strip() and len(text.strip()) != len(label_text.strip()):
            return
        after = bold_len
        while after < len(text) and text[after] in " \t:":
            after += 1
        alone = not rest.strip()
        strong = not alone or stamp is not None or label_text.rstrip().endswith(":")
        self.b.mark(speaker, start + lead, start + after, stamp, strong=strong)

    def inline(self, parent: etree._Element, bold: bool) -> None:
        for child in parent:
            name = _local(child.tag)
            if name == "r":
                self.run(child, bold)
            elif name in (
                "hyperlink",
                "ins",
                "moveTo",
                "smartTag",
                "customXml",
                "fldSimple",
                "sdt",
                "sdtContent",
                "dir",
                "bdo",
            ):
                self.inline(child, bold)
            elif name in ("commentRangeStart", "commentRangeEnd"):
                self.marker(child, name)
            elif child.tag == f"{{{_MC}}}AlternateContent":
                choice = next(iter(child), None)
                if choice is not None:
                    self.inline(choice, bold)

    def run(self, r: etree._Element, bold: bool) -> None:
        parts: list[str] = []
        for child in r:
            name = _local(child.tag)
            if name == "t":
                parts.append(child.text or "")
            elif name == "rPr":
                bold = self._run_bold(child, bold)
            elif name == "tab":
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "commentReference":
                self._flush(parts, bold)
                parts = []
                marker = self.comments.setdefault(_id(child), _Marker())
                marker.ref = self.b.position + sum(len(t) for t, _ in self.runs)
        self._flush(parts, bold)

    def _flush(self, parts: list[str], bold: bool) -> None:
        if parts:
            self.runs.append(("".join(parts), bold))

    def _run_bold(self, rpr: etree._Element, bold: bool) -> bool:
        for prop in rpr:
            name = _local(prop.tag)
            if name == "rStyle" and (_val(prop) or "") in self.styles.bold:
                bold = True
            elif name == "b":
                return _on(prop)
        return bold

    def marker(self, element: etree._Element, name: str) -> None:
        position = self.b.position + sum(len(t) for t, _ in self.runs)
        marker = self.comments.setdefault(_id(element), _Marker())
        if name == "commentRangeStart":
            marker.start = position
        else:
            marker.end = position

    # -- tables ------------------------------------------------------------------
    def table(self, tbl: etree._Element) -> None:
        trs = list(_children(tbl, "tr"))
        rows = [list(_children(tr, "tc")) for tr in trs]
        texts = [[_cell_text(c) for c in row] for row in rows]
        layout = _layout(
            texts, [self._styled_row(tr, row) for tr, row in zip(trs, rows, strict=True)]
        )
        if layout is None:
            for row, cells in zip(rows, texts, strict=True):
                start = self.b.position
                self._plain_row(row)
                shown = " | ".join(cell for cell in cells if cell)
                if shown:
                    self.lists.append(_Span(start, self.b.position - 1, shown, "table row"))
            return
        if layout.note:
            self.b.warn(layout.note)
        previous: str | None = None
        for index, (row, cells) in enumerate(zip(rows, texts, strict=True)):
            if index == layout.header:
                continue
            if len(row) != layout.width:
                self._plain_row(row)
                continue
            previous = self._speaker_row(row, cells, layout, previous)

    def _speaker_row(
        self, row: list[etree._Element], cells: list[str], layout: _Layout, previous: str | None
    ) -> str | None:
        """Write one row of a speaker table; returns the speaker whose words it holds.

        A row with an empty speaker cell continues the previous speaker's turn (a new turn
        of theirs when the row has its own time); a speaker cell that is no label (``(all
        laugh)``) leaves the row as plain text.
        """
        stamp = _cell_time(cells[layout.times[0]]) if layout.times else None
        name = cells[layout.speaker]
        parsed = _table_label(name) if name else None
        if name and parsed is None:
            self._plain_row(row)
            return previous
        start = self.b.position
        if parsed is not None:
            previous = parsed[0]
            self.append(f"{previous}: ")
            self.b.mark(previous, start, self.b.position, parsed[1] if stamp is None else stamp)
        elif stamp is not None and previous is not None:
            self.b.mark(previous, start, start, stamp)
        skip = {layout.speaker, *layout.times}
        first = True
        for index, cell in enumerate(row):
            if index in skip or not cells[index]:
                continue
            if not first:
                self.append(" ")
            first = False
            self._cell(cell, separator=" ")
        self.append("\n")
        return previous

    def _plain_row(self, row: list[etree._Element]) -> None:
        for index, cell in enumerate(row):
            if index:
                self.append("\t")
            self._cell(cell, separator=" ")
        self.append("\n")

    def _cell(self, cell: etree._Element, separator: str) -> None:
        first = True
        for child in cell.iter():
            name = _local(child.tag)
            if name == "p":
                if not first:
                    self.append(separator)
                first = False
                self.runs = []
                self.inline(child, False)
                self.append("".join(t for t, _ in self.runs).replace("\n", " "))
            elif name in ("commentRangeStart", "commentRangeEnd") and child.getparent() is cell:
                self.marker(child, name)

    def _styled_row(self, tr: etree._Element, cells: list[etree._Element]) -> bool:
        """True when Word repeats the row as a header, or every filled cell is bold or
        shaded."""
        for props in _children(tr, "trPr"):
            if any(_local(p.tag) == "tblHeader" and _on(p) for p in props):
                return True
        filled = [c for c in cells if _cell_text(c)]
        return bool(filled) and all(self._emphasised(c) for c in filled)

    def _emphasised(self, cell: etree._Element) -> bool:
        for props in _children(cell, "tcPr"):
            for shading in props:
                fill = (_attr(shading, _FILL_KEYS) or "").casefold()
                if _local(shading.tag) == "shd" and fill not in ("", "auto", "ffffff"):
                    return True
        seen = False
        for p in cell.iter():
            if _local(p.tag) != "p":
                continue
            para_bold = self._paragraph_style(p).bold
            for r in p.iter():
                if _local(r.tag) != "r":
                    continue
                if not "".join(t.text or "" for t in r if _local(t.tag) == "t").strip():
                    continue
                rpr = next((c for c in r if _local(c.tag) == "rPr"), None)
                if not (self._run_bold(rpr, para_bold) if rpr is not None else para_bold):
                    return False
                seen = True
        return seen


def _id(element: etree._Element) -> str:
    return _attr(element, _ID_KEYS) or ""


def _children(parent: etree._Element, name: str) -> Iterator[etree._Element]:
    """The ``name`` children of ``parent``, looking through content controls and custom XML
    (a nested table's rows and cells are not the outer table's)."""
    for child in parent:
        local = _local(child.tag)
        if local == name:
            yield child
        elif local in ("sdt", "sdtContent", "customXml"):
            yield from _children(child, name)


def _cell_text(cell: etree._Element) -> str:
    paragraphs = (p for p in cell.iter() if _local(p.tag) == "p")
    text = " ".join(
        "".join(t.text or "" for t in p.iter() if _local(t.tag) == "t") for p in paragraphs
    )
    return " ".join(text.split())


def _cell_time(cell: str) -> float | None:
    """Seconds, when a table cell holds only a time (or a time range: its start).

    >>> [_cell_time(c) for c in ("00:00:05", "[00:01:05]", "0:05", "00:00:05.35", "Time")]
    [5.0, 65.0, 5.0, 5.35, None]
    >>> _cell_time("00:00:05:12"), _cell_time("00:00:05 - 00:00:09")
    (5.0, 5.0)
    """
    match = _CELL_TIME.fullmatch(cell.strip())
    return parse_timestamp(match.group("time")) if match else None


def _table_label(cell: str) -> tuple[str, float | None] | None:
    if _cell_time(cell) is not None:
        return None
    parsed = parse_label(cell)
    if parsed is None or parsed[0].casefold() in NOT_SPEAKERS:
        return None
    return parsed


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where a speaker table keeps things: ``width`` cells a row, the ``speaker`` column,
    the time columns (the first gives each turn its time), the header row's index (or
    ``None``) and a warning when the header was a guess."""

    width: int
    speaker: int
    times: tuple[int, ...]
    header: int | None
    note: str | None = None


def _layout(rows: list[list[str]], styled: Sequence[bool]) -> _Layout | None:
    """How a table is laid out when it is a transcript, else ``None``.

    The columns are read from the rows of the common width after the first: a *time*
    column holds only times (``00:00:05``, ``[0:05]``; empty cells allowed); the *speaker*
    column holds labels (an empty cell continues the previous speaker) and the other
    columns hold longer words that do not read as labels themselves. The columns may come
    in any order. Then the first row is a header or not (:func:`_header`).

    >>> rows = [["Timecode", "Speaker", "Dialogue"], ["00:00:05", "Facilitator", "Hi all."],
    ...         ["00:00:09", "P1", "Hello there."]]
    >>> _layout(rows, [False] * 3)
    _Layout(width=3, speaker=1, times=(0,), header=0, note=None)
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
    return _Layout(width, speaker, times, first if header else None, note)


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
        if sum(1 for cell in filled if _table_label(cell) is not None) < 0.8 * len(filled):
            continue
        spoken = [max((row[i] for i in words), key=len) for row in body]
        longer = sum(1 for row, said in zip(body, spoken, strict=True) if len(said) > len(row[col]))
        named = sum(1 for said in spoken if _table_label(said) and not said.endswith(_ENDS))
        if longer >= 0.5 * len(body) and named * 2 < len(body):
            found.append((sum(len(cell) for cell in filled) / len(filled), col))
    return (min(found)[1], times) if found else None


def _is_time_column(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return len(filled) * 2 >= len(cells) and all(_cell_time(c) is not None for c in filled)


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
        parsed[0].casefold() for row in body if (parsed := _table_label(row[speaker])) is not None
    )
    own = _table_label(cells[speaker])
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
        and not cell.endswith((*_ENDS, ";", ","))
        and _cell_time(cell) is None
    )


def _titled(cell: str) -> bool:
    return any(word in _HEADER_WORDS for word in re.findall(r"[^\W\d_]+", cell.casefold()))


# -- turns and Word's structure ------------------------------------------------------
def _settle(
    draft: DocumentDraft, raw: str, fences: list[_Span], lists: list[_Span]
) -> DocumentDraft:
    """Keep headings, Teams transcription lines and a participant list out of the turns.

    The turns come from the text (typed labels) and from marks the walker made, so Word's
    structure is applied afterwards, in normalised offsets:

    1. List paragraphs and rows of tables that are not speaker tables, before the first
       turn of talk (``P1: Team leader``, ``Kylie Morgan | Parent``): the turns that start
       in them are dropped (their text stays) and one warning names the first. Only a
       list that reads like a roll call is dropped: each of its labels once, and fewer of
       its items than turns after it; a transcript typed as a bulleted list keeps all its
       turns.
    2. A turn that starts in a heading (``Heading 2`` reading ``P1: Intro``) is dropped.
    3. A turn that runs into a heading or a transcription line ends before it; words after
       it with no label of their own belong to no turn, and a warning says where.
    """
    if not draft.turns or not (fences or lists):
        return draft
    _, offsets = normalise_with_map(raw)

    def moved(spans: list[_Span]) -> list[_Span]:
        return [
            replace(
                s, start=offsets.to_normalised(s.start), end=offsets.to_normalised(s.end, end=True)
            )
            for s in spans
        ]

    turns, warnings = _drop_list_preamble(draft.text, draft.turns, moved(lists))
    turns, more = _fence_off(draft.text, turns, moved(fences))
    if turns == draft.turns:
        return draft
    return replace(draft, turns=turns, warnings=(*draft.warnings, *warnings, *more))


def _started_in(text: str, turn: TurnDraft, span: _Span) -> bool:
    """True when the label that started ``turn`` lies in ``span``: the turn's words start
    inside it or right after it."""
    return span.start <= turn.start and (
        turn.start < span.end or not text[span.end : turn.start].strip()
    )


def _drop_list_preamble(
    text: str, turns: tuple[TurnDraft, ...], lists: list[_Span]
) -> tuple[tuple[TurnDraft, ...], tuple[str, ...]]:
    listed = [any(_started_in(text, turn, span) for span in lists) for turn in turns]
    if not listed or not listed[0] or all(listed):
        return turns, ()
    talk = listed.index(False)
    names = [turn.speaker.casefold() for turn in turns[:talk]]
    if len(set(names)) < len(names) or talk > len(turns) - talk:
        return turns, ()  # speakers taking turns in a bulleted transcript, not a roll call
    first = next(span for span in lists if _started_in(text, turns[0], span))
    return turns[talk:], (
        f"line {_line(text, first.start)}: {talk} {first.kind}{'s' if talk > 1 else ''}"
        f" before the talk (the first: {_clip(first.what)!r}) read as a participant list, so"
        f" {'they were' if talk > 1 else 'it was'} kept as text but not as turns; if"
        f" {'they are' if talk > 1 else 'it is'} talk, make"
        f" {'them' if talk > 1 else 'it'} plain paragraphs in Word",
    )


def _fence_off(
    text: str, turns: tuple[TurnDraft, ...], fences: list[_Span]
) -> tuple[tuple[TurnDraft, ...], tuple[str, ...]]:
    kept: list[TurnDraft] = []
    warnings: list[str] = []
    for turn in turns:
        head = next((f for f in fences if _started_in(text, turn, f)), None)
        if head is not None:
            warnings.append(
                f"line {_line(text, head.start)}: {head.what} reads like a speaker label, but"
                " a heading never starts a turn; its words are kept as text in no turn"
            )
            continue
        cut = next((f for f in fences if turn.start < f.start < turn.end), None)
        if cut is None:
            kept.append(turn)
            continue
        end = cut.start
        while end > turn.start and text[end - 1].isspace():
            end -= 1
        if end > turn.start:
            kept.append(replace(turn, end=end))
        left = _unfenced(text, cut.start, turn.end, fences)
        if left:
            warnings.append(
                f"line {_line(text, cut.start)}: the words after {cut.what} ({_clip(left)!r})"
                " have no speaker label, so they are kept as text in no turn"
            )
    if len(warnings) > _MAX_WARNINGS:
        extra = len(warnings) - _MAX_WARNINGS
        warnings = [*warnings[:_MAX_WARNINGS], f"... and {extra} more like these"]
    return tuple(kept), tuple(warnings)


def _unfenced(text: str, start: int, end: int, fences: list[_Span]) -> str:
    """The first words in ``[start, end)`` outside every fence ('' when there are none)."""
    pos = start
    for fence in fences:
        if fence.end <= pos or fence.start >= end:
            continue
        if text[pos : fence.start].strip():
            return " ".join(text[pos : fence.start].split())
        pos = max(pos, fence.end)
    return " ".join(text[pos:end].split())


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _clip(words: str, size: int = 60) -> str:
    """``words`` cut to ``size`` characters for a message.

    >>> _clip("a" * 70)[-4:]
    'aaa…'
    """
    return words if len(words) <= size else words[: size - 1] + "…"


class DocxReader:
    """Reads Word ``.docx`` files, including comments as codings."""

    name = "docx"
    suffixes = (".docx", ".docm")

    def sniff(self, head: bytes) -> bool:
        """A zip container (the parts are checked when read)."""
        return head.startswith(b"PK\x03\x04")

    def read(self, data: bytes, name: str, options: ReadOptions) -> DocumentDraft:
        """Walk the main document and its comments."""
        zf = SafeZip(data, name, max_bytes=options.max_bytes * _UNPACK_FACTOR)
        main = _relationships(zf, "").get("officeDocument", "word/document.xml")
        if not zf.has(main):
            raise ImportFailed(
                name,
                "is a zip file but not a Word document (no word/document.xml): save it as .docx",
            )
        rels = _relationships(zf, main)
        styles = _Styles.load(
            _parse(zf, rels["styles"]) if rels.get("styles") and zf.has(rels["styles"]) else None
        )
        root = _parse(zf, main)
        body = next((c for c in root if _local(c.tag) == "body"), None)
        if body is None:
            raise ImportFailed(name, f"is damaged: {main} has no body")
        builder = DraftBuilder(
            document_name(name),
            source_name=Path(name).name,
            source_format="docx",
            sha256=sha256_of(data),
        )
        walker = _Walker(builder, styles)
        walker.blocks(body)
        self._comments(zf, rels, walker, builder)
        draft = builder.finish(options.speaker_pattern, options.known_speakers)
        return _settle(draft, "".join(walker.raw), walker.fences, walker.lists)

    def _comments(
        self, zf: SafeZip, rels: dict[str, str], walker: _Walker, builder: DraftBuilder
    ) -> None:
        part = rels.get("comments")
        if not part or not zf.has(part):
            return
        extended_part = rels.get("commentsExtended")
        extended = _parse(zf, extended_part) if extended_part and zf.has(extended_part) else None
        comments = parse_comments(_parse(zf, part), extended)
        replies = 0
        for comment_id, marker in walker.comments.items():
            comment: WordComment | None = comments.get(comment_id)
            if comment is None or not comment.codes:
                continue
            if comment.reply:
                replies += 1
                continue
            start, end = marker.start, marker.end
            if start is None or end is None or end <= start:
                if marker.para is None:
                    continue
                start, end = marker.para
            builder.comment(
                RawComment(start, end, comment.codes, comment.author or None, comment.memo)
            )
            if comment.codes == (FALLBACK_CODE,):
                builder.warn(
                    f"a comment by {comment.author or 'an unknown author'} reads like a note,"
                    f" not code names: kept as a memo on the code {FALLBACK_CODE!r}"
                )
        if replies:
            builder.warn(f"{replies} replies in comment threads were not taken as codes")


READER = DocxReader()
