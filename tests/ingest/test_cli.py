"""`realist import` from the command line: one line per file, exit 1 on any failure."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import realist
from realist.cli import app
from tests.ingest.makers import bold_docx

runner = CliRunner()


def test_import_many_files_reports_each_and_fails_on_bad(tmp_path: Path) -> None:
    db = str(tmp_path / "s.realist")
    realist.init_project(db, owner="ana").close()
    good = bold_docx(tmp_path / "fg1.docx", [("Facilitator", "Hi."), ("P1", "Hello.")])
    (tmp_path / "bad.docx").write_bytes(b"garbage" * 50)
    (tmp_path / "roster.csv").write_text("label,role\nP1,practitioner\n")
    args = ["import", db, str(good), str(tmp_path / "bad.docx"), "--coder", "ana",
            "--group", "FG1", "--attr", "site=regional", "--roster", str(tmp_path / "roster.csv")]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "fg1.docx: imported as 'fg1' (2 turns; 2 speakers)" in result.output
    assert "bad.docx: failed: is not a Word document" in result.output
    assert "1 imported, 0 already present, 1 failed" in result.output

    again = runner.invoke(app, ["import", db, str(good), "--coder", "ana"])
    assert again.exit_code == 0
    assert "already in the project as 'fg1'" in again.output

    p = realist.open_project(db)
    assert {(x.label, x.role, x.site) for x in p.participants()} == {
        ("P1", "practitioner", "regional"),
        ("Facilitator", "", "regional"),
    }
    assert p.document("fg1").metadata["site"] == "regional"


def test_bad_options_are_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "s.realist")
    realist.init_project(db, owner="ana").close()
    (tmp_path / "a.txt").write_text("P1: a\nP2: b\n")
    result = runner.invoke(app, ["import", db, str(tmp_path / "a.txt"), "--coder", "ana",
                                 "--speaker-pattern", "(oops"])  # fmt: skip
    assert result.exit_code == 1 and "not a valid regular expression" in result.output
    result = runner.invoke(app, ["import", db, str(tmp_path / "a.txt"), "--attr", "nokey"])
    assert result.exit_code == 1 and "key=value" in result.output
    assert "Traceback" not in result.output
