"""Write a demi-regularity table to a file: each format registered once, found by name.

Formats: ``docx`` (Word, publication-ready: see :mod:`realist.report.word`, which registers
itself when :mod:`realist.report` is imported), ``xlsx``,
``csv``, ``md`` (Markdown) and ``tex`` (LaTeX with booktabs). Word, Markdown and LaTeX print
the levels as group rows; CSV and Excel keep a Level column so the table can be filtered.

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> frame = pd.DataFrame({"Level": ["Family"], "Demi-regularity": ["Trust & safety"],
...                       "Illustrative quotes": ["“We felt heard.” (Practitioner)"]})
>>> path = export_table(frame, pathlib.Path(tempfile.mkdtemp()) / "table.tex")
>>> text = path.read_text()
>>> "\\\\toprule" in text and "Trust \\\\& safety" in text
True
>>> sorted(TABLE_FORMATS)
['csv', 'docx', 'md', 'tex', 'xlsx']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from realist.errors import ValidationError
from realist.report.table import LEVEL, QUOTES, split_quote

#: The caption every format starts from; ``{n}`` is the table number.
DEFAULT_CAPTION = (
    "Demi-regularities by socio-ecological level, with their evidence and illustrative quotes"
)

Writer = Callable[[pd.DataFrame, Path, str], None]


@dataclass(frozen=True)
class TableFormat:
    """A registered table format: its name, file suffix and writer."""

    name: str
    suffix: str
    description: str
    write: Writer


TABLE_FORMATS: dict[str, TableFormat] = {}


def table_format(name: str, suffix: str, description: str) -> Callable[[Writer], Writer]:
    """Register ``writer(frame, path, caption)`` as the table format ``name``."""

    def register(writer: Writer) -> Writer:
        TABLE_FORMATS[name] = TableFormat(name, suffix, description, writer)
        return writer

    return register


def caption_text(caption: str | None = None, number: int = 1) -> str:
    """``"Table 1. <caption>"`` (the caption ends without a full stop of its own).

    >>> caption_text("Demi-regularities.", 2)
    'Table 2. Demi-regularities'
    """
    body = (caption or DEFAULT_CAPTION).strip().rstrip(".")
    return f"Table {number}. {body}"


def format_for(path: Path, format: str | None) -> TableFormat:
    """The format named ``format``, or the one whose suffix ``path`` has."""
    if format:
        name = format.lower().lstrip(".")
        aliases = {"markdown": "md", "latex": "tex", "word": "docx", "excel": "xlsx"}
        name = aliases.get(name, name)
        if name in TABLE_FORMATS:
            return TABLE_FORMATS[name]
    else:
        for fmt in TABLE_FORMATS.values():
            if path.suffix.lower() == fmt.suffix:
                return fmt
    known = ", ".join(sorted(TABLE_FORMATS))
    raise ValidationError(
        f"cannot tell which table format to write for {path} (format={format!r}): use one of {known}"
    )


def export_table(
    frame: pd.DataFrame,
    path: str | Path,
    format: str | None = None,
    *,
    caption: str | None = None,
    number: int = 1,
) -> Path:
    """Write ``frame`` (from ``demi_regularity_table``) to ``path``; returns the path.

    ``format`` defaults to the file suffix. The file is written whole or not at all: a
    failure leaves no half-written file behind.
    """
    target = Path(path)
    fmt = format_for(target, format)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        fmt.write(frame, partial, caption_text(caption, number))
        partial.replace(target)
    finally:
        if partial.exists():
            partial.unlink()
    return target


def level_groups(frame: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """``(level, rows without the Level column)`` in table order (one group if no Level)."""
    if LEVEL not in frame.columns:
        yield "", frame
        return
    body = frame.drop(columns=[LEVEL])
    levels = frame[LEVEL].tolist()
    start = 0
    for i in range(1, len(levels) + 1):
        if i == len(levels) or levels[i] != levels[start]:
            yield str(levels[start]), body.iloc[start:i]
            start = i


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def cell_text(value: object) -> str:
    """A cell as text: missing values empty, control characters that XML-based formats
    (Word, Excel) cannot hold removed.

    >>> cell_text("line\x0bbreak"), cell_text(None)
    ('linebreak', '')
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return _NOT_XML.sub("", str(value))


# ----- CSV ----------------------------------------------------------------------------
@table_format("csv", ".csv", "comma-separated values, UTF-8 with a byte-order mark for Excel")
def _write_csv(frame: pd.DataFrame, path: Path, caption: str) -> None:
    frame.to_csv(path, index=False, encoding="utf-8-sig")


# ----- Markdown -----------------------------------------------------------------------
def _md(value: object) -> str:
    text = cell_text(value).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(text.splitlines())


@table_format("md", ".md", "Markdown (pipe table) with level rows")
def _write_markdown(frame: pd.DataFrame, path: Path, caption: str) -> None:
    columns = [c for c in frame.columns if c != LEVEL]
    lines = [f"**{caption}**", "", "| " + " | ".join(map(_md, columns)) + " |"]
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    for level, rows in level_groups(frame):
        if level:
            lines.append(f"| **{_md(level)}** |" + " |" * (len(columns) - 1))
        for values in rows[columns].itertuples(index=False):
            cells = []
            for column, value in zip(columns, values, strict=True):
                if column == QUOTES:
                    parts = [split_quote(line) for line in cell_text(value).splitlines()]
                    cells.append(
                        "<br>".join(
                            f"*“{_md(q)}”*" + (f" ({_md(a)})" if a else "") for q, a in parts
                        )
                    )
                else:
                    cells.append(_md(value))
            lines.append("| " + " | ".join(cells) + " |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ----- LaTeX --------------------------------------------------------------------------
_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def tex_escape(text: str) -> str:
    """Escape LaTeX's special characters.

    >>> tex_escape("50% of C&M_1")
    '50\\\\% of C\\\\&M\\\\_1'
    """
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in text)


def _tex_cell(column: str, value: object) -> str:
    lines = cell_text(value).splitlines()
    if column == QUOTES:
        parts = [split_quote(line) for line in lines]
        return r" \newline ".join(
            rf"\textit{{``{tex_escape(q)}''}}" + (f" ({tex_escape(a)})" if a else "")
            for q, a in parts
        )
    return r" \newline ".join(tex_escape(line) for line in lines)


_TEX_WIDTHS = {
    "Demi-regularity": 2.0,
    "Illustrative quotes": 4.0,
    "Evidence (documents, participants)": 1.6,
}


@table_format("tex", ".tex", "LaTeX longtable with booktabs rules (landscape)")
def _write_latex(frame: pd.DataFrame, path: Path, caption: str) -> None:
    columns = [c for c in frame.columns if c != LEVEL]
    weights = [_TEX_WIDTHS.get(c, 2.2) for c in columns]
    total = sum(weights) or 1.0
    spec = "".join(
        rf">{{\raggedright\arraybackslash}}p{{{0.97 * w / total:.3f}\linewidth}}" for w in weights
    )
    header = " & ".join(rf"\textbf{{{tex_escape(c)}}}" for c in columns) + r" \\"
    body_caption = tex_escape(caption.split(". ", 1)[1] if ". " in caption else caption)
    out = [
        "% Needs \\usepackage{booktabs, longtable, array, pdflscape} in the preamble.",
        r"\begin{landscape}",
        r"\footnotesize",
        rf"\begin{{longtable}}{{{spec}}}",
        rf"\caption{{{body_caption}}}\label{{tab:demi-regularities}} \\",
        r"\toprule",
        header,
        r"\midrule",
        r"\endfirsthead",
        r"\toprule",
        header,
        r"\midrule",
        r"\endhead",
        r"\bottomrule",
        r"\endlastfoot",
    ]
    first = True
    for level, rows in level_groups(frame):
        if level:
            if not first:
                out.append(r"\addlinespace")
            out.append(rf"\multicolumn{{{len(columns)}}}{{l}}{{\textbf{{{tex_escape(level)}}}}} \\")
            out.append(r"\midrule")
        first = False
        for values in rows[columns].itertuples(index=False):
            cells = [_tex_cell(c, v) for c, v in zip(columns, values, strict=True)]
            out.append(" & ".join(cells) + r" \\")
    out += [r"\end{longtable}", r"\end{landscape}", ""]
    path.write_text("\n".join(out), encoding="utf-8")


# ----- Excel --------------------------------------------------------------------------
@table_format("xlsx", ".xlsx", "Excel workbook: one row per demi-regularity, filterable")
def _write_xlsx(frame: pd.DataFrame, path: Path, caption: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Demi-regularities"
    book.properties.title = caption
    sheet.append([str(c) for c in frame.columns])
    for values in frame.itertuples(index=False):
        sheet.append([cell_text(v) for v in values])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="D9D9D9")
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = wrap
    quote_column = list(frame.columns).index(QUOTES) + 1 if QUOTES in frame.columns else None
    italic = Font(italic=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
            if cell.column == quote_column:
                cell.font = italic
    for i, column in enumerate(frame.columns, start=1):
        width = {LEVEL: 14, QUOTES: 60}.get(str(column), 30)
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


__all__ = [
    "DEFAULT_CAPTION",
    "TABLE_FORMATS",
    "TableFormat",
    "caption_text",
    "export_table",
    "level_groups",
    "table_format",
    "tex_escape",
]
