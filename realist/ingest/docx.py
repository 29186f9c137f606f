"""Word transcripts (``.docx``): paragraphs, bold speaker names, speaker tables, comments.

The container is opened by :class:`~realist.ingest.zipsafe.SafeZip` (size, ratio and name
checks; no DTDs) and the XML parsed with entity resolution, DTD loading and network access
off. The body is walked in document order, so the text, the speaker labels and the Word
comment ranges all come from one pass and stay aligned.

Speakers are found three ways: a bold run opening a paragraph (``**Jane Smith** Yes...``
or a bold name alone on its line); a table whose rows are speaker | words (optionally with
a time column); and typed labels (``P3:``) like any text.

Examples
--------
>>> import io, docx as python_docx
>>> d = python_docx.Document()
>>> p = d.add_paragraph(); p.add_run("Facilitator").bold = True; _ = p.add_run(" Welcome.")
>>> _ = d.add_paragraph("P1: Thanks.")
>>> buf = io.BytesIO(); d.save(buf)
>>> draft = READER.read(buf.getvalue(), "fg.docx", ReadOptions())
>>> [(t.speaker, draft.text[t.start:t.end]) for t in draft.turns]
[('Facilitator', 'Welcome.'), ('P1', 'Thanks.')]
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from realist.errors import ImportFailed
from realist.hostile import hardened_xml_parser
from realist.ingest.docx_comments import FALLBACK_CODE, WordComment, parse_comments
from realist.ingest.draft import DraftBuilder, RawComment
from realist.ingest.registry import ReadOptions, document_name, sha256_of
from realist.ingest.speakers import NOT_SPEAKERS, parse_label, parse_timestamp
from realist.ingest.zipsafe import SafeZip
from realist.model import DocumentDraft

__all__ = ["READER", "DocxReader"]

_NS = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
}
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_UNPACK_FACTOR = 4
_HEADER_WORDS = frozenset(
    [
        "speaker",
        "name",
        "who",
        "participant",
        "person",
        "time",
        "timestamp",
        "start",
        "text",
        "transcript",
        "speech",
        "utterance",
        "content",
        "dialogue",
        "words",
        "comment",
    ]
)


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


_VAL_KEYS = tuple(f"{{{ns}}}val" for ns in sorted(_NS))
_ID_KEYS = tuple(f"{{{ns}}}id" for ns in sorted(_NS))
_STYLE_ID_KEYS = tuple(f"{{{ns}}}styleId" for ns in sorted(_NS))


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


class _Walker:
    """One pass over the body, appending raw text and noting labels and comment ranges."""

    def __init__(self, builder: DraftBuilder, styles: _Styles) -> None:
        self.b = builder
        self.styles = styles
        self.comments: dict[str, _Marker] = {}
        self.runs: list[tuple[str, bool]] = []

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
        para_bold, heading = self._paragraph_style(p)
        self.inline(p, para_bold)
        pieces = self.runs
        text = "".join(t for t, _ in pieces)
        if labels and not heading:
            self._bold_label(start, pieces, text)
        self.b.append(text)
        end = self.b.position
        for marker in self.comments.values():
            if marker.ref is not None and marker.para is None:
                marker.para = (start, end)
        self.b.append("\n")

    def _paragraph_style(self, p: etree._Element) -> tuple[bool, bool]:
        for child in p:
            if _local(child.tag) == "pPr":
                for prop in child:
                    if _local(prop.tag) == "pStyle":
                        sid = _val(prop) or ""
                        return sid in self.styles.bold, sid in self.styles.headings
        return False, False

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
        rows = [
            [c for c in tr if _local(c.tag) == "tc"] for tr in tbl.iter() if _local(tr.tag) == "tr"
        ]
        texts = [[_cell_text(c) for c in row] for row in rows]
        layout = _speaker_layout(texts)
        for row, cells in zip(rows, texts, strict=True):
            if layout is None or len(row) < 2:
                self._plain_row(row)
                continue
            speaker_col, time_col, header = layout
            if header and row is rows[0]:
                continue
            parsed = _table_label(cells[speaker_col]) if speaker_col < len(cells) else None
            if parsed is None:
                self._plain_row(row)
                continue
            stamp = parse_timestamp(cells[time_col].strip()) if time_col is not None else None
            label_start = self.b.position
            self.b.append(f"{parsed[0]}: ")
            self.b.mark(
                parsed[0], label_start, self.b.position, stamp if stamp is not None else parsed[1]
            )
            for index, cell in enumerate(row):
                if index in (speaker_col, time_col):
                    continue
                self._cell(cell, separator=" ")
            self.b.append("\n")

    def _plain_row(self, row: list[etree._Element]) -> None:
        for index, cell in enumerate(row):
            if index:
                self.b.append("\t")
            self._cell(cell, separator=" ")
        self.b.append("\n")

    def _cell(self, cell: etree._Element, separator: str) -> None:
        first = True
        for child in cell.iter():
            name = _local(child.tag)
            if name == "p":
                if not first:
                    self.b.append(separator)
                first = False
                self.runs = []
                self.inline(child, False)
                self.b.append("".join(t for t, _ in self.runs).replace("\n", " "))
            elif name in ("commentRangeStart", "commentRangeEnd") and child.getparent() is cell:
                self.marker(child, name)


def _id(element: etree._Element) -> str:
    return _attr(element, _ID_KEYS) or ""


def _cell_text(cell: etree._Element) -> str:
    return "".join(t.text or "" for t in cell.iter() if _local(t.tag) == "t")


def _table_label(cell: str) -> tuple[str, float | None] | None:
    parsed = parse_label(cell)
    if parsed is None or parsed[0].casefold() in NOT_SPEAKERS:
        return None
    return parsed


def _speaker_layout(rows: list[list[str]]) -> tuple[int, int | None, bool] | None:
    """(speaker column, time column, has header row) when the table is a transcript."""
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    header = all(c.strip().casefold() in _HEADER_WORDS or not c.strip() for c in rows[0])
    body = rows[1:] if header else rows
    width = min(len(r) for r in body)
    if width < 2 or width > 4:
        return None
    time_col = next(
        (
            i
            for i in range(width - 1)
            if all(parse_timestamp(r[i].strip()) is not None for r in body)
        ),
        None,
    )
    for col in range(width - 1):
        if col == time_col:
            continue
        labelled = sum(1 for r in body if _table_label(r[col]) is not None)
        speech = sum(1 for r in body if len(r[-1]) > len(r[col]))
        if labelled >= 0.8 * len(body) and speech >= 0.5 * len(body):
            return col, time_col, header
    return None


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
        return builder.finish(options.speaker_pattern, options.known_speakers)

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
