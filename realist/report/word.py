"""The demi-regularity table as a Word document a journal can take as it is.

A landscape page; the caption above ("Table 1. ..."); horizontal rules only (top, below the
header, bottom); a header row repeated on every page (``w:tblHeader``); each level opens with
a shaded row spanning the table; quotes in italics with the attribution upright; a note
below saying how evidence was counted.

The table is written as one WordprocessingML fragment and added to the document in one go,
which keeps a 200-row table well under a second (python-docx's cell-by-cell API takes
several seconds for the same table: see ``bench/synthesis``).

Examples
--------
>>> import pandas as pd, tempfile, pathlib, docx
>>> frame = pd.DataFrame({"Level": ["Family"], "Demi-regularity": ["Trust"],
...                       "Illustrative quotes": ["“We felt heard.” (Practitioner)"]})
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.docx"
>>> write_docx(frame, path, "Table 1. Demi-regularities")
>>> document = docx.Document(str(path))
>>> document.paragraphs[0].text
'Table 1. Demi-regularities'
>>> [c.text for c in document.tables[0].rows[1].cells][:1]
['Family']
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pandas as pd
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

from realist.report.export import cell_text, level_groups, table_format
from realist.report.table import EVIDENCE, LABEL, QUOTES, split_quote

_PAGE_WIDTH_TWIPS = int(Cm(29.7 - 2 * 2.0).twips)
_WEIGHTS = {LABEL: 1.6, EVIDENCE: 1.3, QUOTES: 3.4}
_BODY_SIZE = 18  # half-points: 9 pt
_SHADE = "E7E6E6"
_RULE = '<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'

NOTE = (
    "Note. Evidence counts the focus groups (documents) and participants whose talk the "
    "member CMOCs cite; a demi-regularity found in fewer than {n} focus groups is marked "
    "candidate. Quotes are attributed by role, site and group."
)


def _run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    props = "<w:b/>" * bold + "<w:i/>" * italic + f'<w:sz w:val="{_BODY_SIZE}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _paragraph(runs: str, *, keep_next: bool = False) -> str:
    keep = "<w:keepNext/>" if keep_next else ""
    return f'<w:p><w:pPr>{keep}<w:spacing w:before="0" w:after="40"/></w:pPr>{runs}</w:p>'


def _cell(width: int, content: str, props: str = "") -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{props}</w:tcPr>{content}</w:tc>'


def _cell_content(column: str, value: object) -> str:
    lines = cell_text(value).splitlines() or [""]
    if column == QUOTES:
        paragraphs = []
        for line in lines:
            quote, who = split_quote(line)
            runs = _run(f"“{quote}”", italic=True) + (_run(f" ({who})") if who else "")
            paragraphs.append(_paragraph(runs))
        return "".join(paragraphs)
    return "".join(_paragraph(_run(line)) for line in lines)


def table_xml(frame: pd.DataFrame) -> str:
    """The ``w:tbl`` element of the table (level rows, repeated header), as XML text."""
    columns = [c for c in frame.columns if c != "Level"]
    weights = [_WEIGHTS.get(c, 1.5) for c in columns]
    widths = [int(_PAGE_WIDTH_TWIPS * w / sum(weights)) for w in weights]
    rule = _RULE.format
    borders = (
        "<w:tblBorders>"
        + rule(side="top", size=12)
        + rule(side="bottom", size=12)
        + "</w:tblBorders>"
    )
    parts = [
        f"<w:tbl {nsdecls('w')}>",
        f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{borders}'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>',
        "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>",
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
    ]
    header_border = "<w:tcBorders>" + rule(side="bottom", size=6) + "</w:tcBorders>"
    for column, width in zip(columns, widths, strict=True):
        parts.append(_cell(width, _paragraph(_run(cell_text(column), bold=True)), header_border))
    parts.append("</w:tr>")
    span = sum(widths)
    for level, rows in level_groups(frame):
        if level:
            props = (
                f'<w:gridSpan w:val="{len(columns)}"/>'
                f'<w:shd w:val="clear" w:color="auto" w:fill="{_SHADE}"/>'
            )
            level_cell = _cell(
                span, _paragraph(_run(cell_text(level), bold=True), keep_next=True), props
            )
            parts.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{level_cell}</w:tr>")
        for values in rows[columns].itertuples(index=False):
            parts.append("<w:tr>")
            for column, width, value in zip(columns, widths, values, strict=True):
                parts.append(_cell(width, _cell_content(column, value)))
            parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


@table_format("docx", ".docx", "Word: landscape, repeated header, level rows, italic quotes")
def write_docx(frame: pd.DataFrame, path: Path, caption: str) -> None:
    """Write the table to a new Word document at ``path`` (see the module notes)."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    styles = {s.name for s in document.styles}
    heading = document.add_paragraph(style="Caption" if "Caption" in styles else None)
    number, _, title = caption.partition(". ")
    heading.add_run(f"{number}." if title else caption).bold = True
    if title:
        heading.add_run(f" {title}")
    heading.paragraph_format.keep_with_next = True
    body = document.element.body
    table = parse_xml(table_xml(frame))
    heading._p.addnext(table)
    minimum = frame.attrs.get("min_documents", 2)
    note = document.add_paragraph()
    note.add_run("Note.").italic = True
    note.add_run(NOTE.format(n=minimum).removeprefix("Note."))
    for run in note.runs:
        run.font.size = Pt(9)
    # python-docx appends after the table already: keep sectPr last, as Word expects.
    body.append(body.find(docx.oxml.ns.qn("w:sectPr")))
    document.save(str(path))
