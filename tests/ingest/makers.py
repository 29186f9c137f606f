"""Build real transcript files for the tests (python-docx writes the Word files)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx


def bold_docx(path: Path, turns: Sequence[tuple[str, str]], *, colon: bool = False) -> Path:
    """Speaker names in bold at the start of each paragraph, as transcription services do."""
    document = docx.Document()
    document.add_heading("Focus group 2: Ballarat", level=1)
    for speaker, words in turns:
        paragraph = document.add_paragraph()
        paragraph.add_run(speaker + (":" if colon else "")).bold = True
        paragraph.add_run("\t" + words)
    document.save(path)
    return path


def table_docx(path: Path, rows: Sequence[tuple[str, ...]], header: tuple[str, ...] | None) -> Path:
    """A speaker | words table (optionally with a time column)."""
    document = docx.Document()
    document.add_paragraph("Transcript produced by a transcription service.")
    width = len(rows[0])
    table = document.add_table(rows=0, cols=width)
    for row in ([header] if header else []) + list(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.save(path)
    return path


def commented_docx(path: Path) -> Path:
    """Two turns with Word comments naming codes, by two authors."""
    document = docx.Document()
    p1 = document.add_paragraph("Facilitator: What helped the family engage?")
    _ = p1
    p2 = document.add_paragraph()
    p2.add_run("P3: ")
    first = p2.add_run("She rang back every week, ")
    second = p2.add_run("and that built trust.")
    p2.add_run(" Then things moved.")
    document.add_comment([first, second], text="Engagement; Trust", author="Mia", initials="M")
    p3 = document.add_paragraph()
    p3.add_run("P4: ")
    run = p3.add_run("The caseload was too high to work intensively.")
    document.add_comment(run, text="Caseload\nToo many families per worker.", author="Ben")
    document.save(path)
    return path


def styled_table_docx(
    path: Path,
    rows: Sequence[tuple[str, ...]],
    header: tuple[str, ...],
    *,
    bold: bool = False,
    repeat: bool = False,
) -> Path:
    """A speaker table whose header row is bold and/or marked to repeat on each page."""
    from docx.oxml import OxmlElement

    document = docx.Document()
    table = document.add_table(rows=0, cols=len(header))
    for index, row in enumerate([header, *rows]):
        added = table.add_row()
        for cell, value in zip(added.cells, row, strict=True):
            cell.paragraphs[0].add_run(value).bold = bold and index == 0
        if repeat and index == 0:
            added._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    document.save(path)
    return path


def roster_then_talk_docx(
    path: Path,
    roster: Sequence[str],
    turns: Sequence[tuple[str, str]],
    *,
    list_style: str = "List Bullet",
) -> Path:
    """A title, details, a bulleted participant list, a 'Transcript' heading, typed talk."""
    document = docx.Document()
    document.add_heading("Focus Group 3 — Team leaders", level=1)
    document.add_paragraph("Date: 12 March 2024")
    document.add_paragraph("Participants:")
    for line in roster:
        document.add_paragraph(line, style=list_style)
    document.add_heading("Transcript", level=2)
    for speaker, words in turns:
        document.add_paragraph(f"{speaker}: {words}")
    document.save(path)
    return path


def teams_docx(
    path: Path, turns: Sequence[tuple[str, str, str]], *, after: Sequence[str] = ()
) -> Path:
    """A Teams Word transcript: 'Name   0:03' over the words, transcription lines around."""
    document = docx.Document()
    document.add_paragraph("FG1 Practitioners-20240304_100212-Meeting Recording")
    document.add_paragraph("March 4, 2024, 11:02PM")
    document.add_paragraph("Dana Whitfield   started transcription")
    for speaker, clock, words in turns:
        document.add_paragraph(f"{speaker}   {clock}")
        document.add_paragraph(words)
    document.add_paragraph("Dana Whitfield   stopped transcription")
    for line in after:
        document.add_paragraph(line)
    document.save(path)
    return path
