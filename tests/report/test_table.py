"""The demi-regularity table: DataFrame, quotes and every export format opened and checked."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pandas as pd
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from typer.testing import CliRunner

import realist
from realist.cli import app
from realist.errors import ValidationError
from realist.report import COLUMNS, ICAMO_COLUMNS, export_table, tex_escape

Study = tuple[realist.Project, dict[str, Any]]


def test_table_columns_levels_and_evidence(study: Study) -> None:
    p, _ = study
    table = p.demi_regularity_table()
    assert list(table.columns) == COLUMNS
    assert table["Level"].tolist() == ["Family", "Organisation"]
    assert table["Demi-regularity"].tolist() == [
        "Trusting relationship",
        "Caseload to work intensively",
    ]
    assert table.loc[0, "Evidence (documents, participants)"] == "2 focus groups, 3 participants"
    assert table.loc[1, "Evidence (documents, participants)"].endswith("(candidate)")
    icamo = p.demi_regularity_table(icamo=True)
    assert list(icamo.columns) == ICAMO_COLUMNS
    assert icamo.loc[0, "Intervention"] == "Intensive family support"
    assert icamo.loc[0, "Actor"] == "Family practitioner"


def test_quotes_are_attributed_and_trace_back_to_the_transcripts(study: Study) -> None:
    p, _ = study
    quotes = p.demi_regularity_table().loc[0, "Illustrative quotes"].splitlines()
    assert len(quotes) == 2
    # one quote per focus group, mechanism responses first
    assert quotes[0] == "“the mum started to trust her” (Practitioner, regional, group 1)"
    assert quotes[1] == "“the dad came to trust us” (Team leader, metropolitan, group 2)"
    texts = " ".join(d.text for d in p.documents())
    for line in quotes:
        assert line.split("”")[0].lstrip("“") in texts
    one = p.demi_regularity_table(quotes=1).loc[0, "Illustrative quotes"]
    assert one.count("\n") == 0


def test_docx_is_landscape_with_repeated_header_level_rows_and_italic_quotes(
    study: Study, tmp_path: Path
) -> None:
    p, _ = study
    path = p.export_table(tmp_path / "table.docx")
    document = docx.Document(str(path))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert document.paragraphs[0].text.startswith("Table 1. Demi-regularities")
    table = document.tables[0]
    header = table.rows[0]
    assert header._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == COLUMNS[1:]
    # the level row spans the table and is shaded
    level_row = table.rows[1]._tr
    cell = level_row.findall(qn("w:tc"))
    assert len(cell) == 1
    assert cell[0].find(qn("w:tcPr")).find(qn("w:gridSpan")).get(qn("w:val")) == "7"
    assert cell[0].find(qn("w:tcPr")).find(qn("w:shd")) is not None
    assert table.rows[1].cells[0].text == "Family"
    body = table.rows[2].cells
    assert body[0].text == "Trusting relationship"
    quote_runs = [r for par in body[-1].paragraphs for r in par.runs]
    assert quote_runs[0].italic and quote_runs[0].text.startswith("“the mum")
    assert not quote_runs[1].italic and "Practitioner, regional, group 1" in quote_runs[1].text
    assert [r.cells[0].text for r in table.rows].count("Organisation") == 1
    assert "candidate" in document.paragraphs[-1].text


def test_xlsx_csv_markdown_and_latex(study: Study, tmp_path: Path) -> None:
    p, _ = study
    frame = p.demi_regularity_table()
    book = openpyxl.load_workbook(p.export_table(tmp_path / "t.xlsx"))
    sheet = book["Demi-regularities"]
    assert [c.value for c in sheet[1]] == COLUMNS
    assert sheet["B2"].value == "Trusting relationship"
    assert sheet["H2"].font.italic and sheet.freeze_panes == "A2"

    with p.export_table(tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == COLUMNS and rows[1][7] == frame.loc[0, "Illustrative quotes"]
    assert pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig").shape == (2, 8)

    md = p.export_table(tmp_path / "t.md").read_text(encoding="utf-8")
    assert md.startswith("**Table 1. ")
    assert "| **Family** |" in md and "*“the mum started to trust her”* (Practitioner" in md

    tex = p.export_table(tmp_path / "t.tex", caption="Demi-regularities & evidence").read_text()
    for rule in (r"\toprule", r"\midrule", r"\bottomrule", r"\endhead"):
        assert rule in tex
    assert r"\caption{Demi-regularities \& evidence}" in tex
    assert r"\multicolumn{7}{l}{\textbf{Family}}" in tex
    assert r"\textit{``the mum started to trust her''}" in tex


def test_latex_escaping_and_unknown_formats(tmp_path: Path) -> None:
    assert tex_escape(r"100% of #1 & $x_2$ {a} ~ ^ \ ") == (
        r"100\% of \#1 \& \$x\_2\$ \{a\} \textasciitilde{} \textasciicircum{} \textbackslash{} "
    )
    frame = pd.DataFrame({"Level": ["System"], "Demi-regularity": ["Navigator"]})
    with pytest.raises(ValidationError, match="use one of csv, docx, md, tex, xlsx"):
        export_table(frame, tmp_path / "t.pdf")
    assert not list(tmp_path.iterdir())
    written = export_table(frame, tmp_path / "table.txt", "markdown")
    assert written.read_text().count("| **System** |") == 1


def test_control_characters_from_transcripts_do_not_break_word_or_excel(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "Level": ["Family"],
            "Demi-regularity": ["Vertical\x0btab"],
            "Illustrative quotes": ["“We\x0bfelt heard.” (Practitioner)"],
        }
    )
    document = docx.Document(str(export_table(frame, tmp_path / "t.docx")))
    assert document.tables[0].rows[2].cells[0].text == "Verticaltab"
    sheet = openpyxl.load_workbook(export_table(frame, tmp_path / "t.xlsx")).active
    assert sheet["B2"].value == "Verticaltab"


def test_cli_table_in_every_format(study: Study, tmp_path: Path) -> None:
    p, _ = study
    runner = CliRunner()
    for fmt in ("docx", "xlsx", "csv", "md", "tex"):
        out = tmp_path / f"table.{fmt}"
        result = runner.invoke(app, ["table", p.url, "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    out = tmp_path / "icamo.csv"
    result = runner.invoke(app, ["table", p.url, "--format", "csv", "--out", str(out), "--icamo"])
    assert result.exit_code == 0
    assert pd.read_csv(out, encoding="utf-8-sig").columns.tolist() == ICAMO_COLUMNS
    result = runner.invoke(app, ["table", p.url, "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 1 and "use one of" in result.output
