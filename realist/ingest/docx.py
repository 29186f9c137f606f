"""Word transcripts (``.docx``): paragraphs, bold speaker names, speaker tables, comments.

The container is opened by :class:`~realist.ingest.zipsafe.SafeZip` (size, ratio and name
checks; no DTDs) and the XML parsed with entity resolution, DTD loading and network access
off. The body is walked in document order, so the text, the speaker labels and the Word
comment ranges all come from one pass and stay aligned.

Speakers are found three ways: a bold run opening a paragraph (``**Jane Smith** Yes...``
or a bold name alone on its line); a table whose rows are speaker | words (with time
columns in any place, see :func:`~realist.ingest.docx_tables.layout`); and typed labels (``P3:``) like any text.

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
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from realist.errors import ImportFailed
from realist.hostile import hardened_xml_parser
from realist.ingest.docx_comments import FALLBACK_CODE, WordComment, parse_comments
from realist.ingest.docx_tables import Layout, cell_time, table_label
from realist.ingest.docx_tables import layout as table_layout
from realist.ingest.draft import DraftBuilder, RawComment
from realist.ingest.normalise import normalise_with_map
from realist.ingest.registry import ReadOptions, document_name, sha256_of
from realist.ingest.speakers import parse_label
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
#: Teams writes these lines around the talk in its Word transcripts.
_TRANSCRIPTION_LINE = re.compile(
    r"^[ \t]*\S[^\n]{0,80}?[ \t]+(?:started|stopped) transcription\.?[ \t]*$", re.IGNORECASE
)
_BULLETS = ("•", "·", "▪", "◦", "‣", "○", "■", "□", "➢", "►", "✓")
_MAX_WARNINGS = 10


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
        layout = table_layout(
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
        self, row: list[etree._Element], cells: list[str], layout: Layout, previous: str | None
    ) -> str | None:
        """Write one row of a speaker table; returns the speaker whose words it holds.

        A row with an empty speaker cell continues the previous speaker's turn (a new turn
        of theirs when the row has its own time); a speaker cell that is no label (``(all
        laugh)``) leaves the row as plain text.
        """
        stamp = cell_time(cells[layout.times[0]]) if layout.times else None
        name = cells[layout.speaker]
        parsed = table_label(name) if name else None
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
