"""`realist deid` on a SQLite project file: report, review in a spreadsheet, apply."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

import realist
from realist.cli import app
from realist.model import DocumentDraft, TurnDraft

runner = CliRunner(env={"COLUMNS": "200"})
TEXT = "P1: Ask Shaz at Mallee Family Care in Mildura, 0412 345 678.\nP2: Or Wattleford.\n"


def _project(tmp_path: Path) -> str:
    path = str(tmp_path / "study.realist")
    p = realist.init_project(path, name="CLI", owner="lee")
    first = TEXT.index("\n")
    turns = (TurnDraft("P1", 0, first), TurnDraft("P2", first + 1, len(TEXT) - 1))
    p.add_document(DocumentDraft("fg1", TEXT, "sha", turns=turns))
    p.close()
    return path


def test_report_then_apply_with_an_added_row_and_a_key(tmp_path: Path) -> None:
    project = _project(tmp_path)
    roster = tmp_path / "roster.csv"
    roster.write_text("label,nicknames\nP2,Shaz\n")
    report = tmp_path / "report.csv"
    result = runner.invoke(
        app,
        [
            "deid",
            project,
            "--report",
            str(report),
            "--roster",
            str(roster),
            "--no-ner",
            "--coder",
            "lee",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "wrote 4 proposed replacements in 1 document(s)" in result.output
    assert "rules only" in result.output  # the notice, on stderr
    with open(report, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["original"] for r in rows] == [
        "Shaz",
        "Mallee Family Care",
        "Mildura",
        "0412 345 678",
    ]
    rows.append({"document": "fg1", "original": "Wattleford", "kind": "place"})
    with open(report, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    key = tmp_path / "key.csv"
    result = runner.invoke(
        app, ["deid", project, "--apply", str(report), "--key-out", str(key), "--coder", "lee"]
    )
    assert result.exit_code == 0, result.output
    assert "de-identified 1 document(s): 5 replacements" in result.output
    text = realist.open_project(project).document("fg1").text
    assert text == "P1: Ask [Person 1] at [Agency 1] in [Place 1], [Phone 1].\nP2: Or [Place 2].\n"
    assert "Wattleford" in key.read_text()


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    neither = runner.invoke(app, ["deid", project, "--coder", "lee"])
    assert neither.exit_code == 1
    assert "exactly one of --report FILE" in neither.output
    bad = tmp_path / "bad.csv"
    bad.write_text("document,start\nfg1,0\n")
    result = runner.invoke(app, ["deid", project, "--apply", str(bad), "--coder", "lee"])
    assert result.exit_code == 1
    assert "missing column(s) original, kind" in result.output
    assert "Traceback" not in result.output


def test_speaker_labels_are_renamed_and_leftovers_named(tmp_path: Path) -> None:
    project = str(tmp_path / "study.realist")
    p = realist.init_project(project, name="CLI", owner="lee")
    text = "Sharon: I work in Mildura.\nMick: Me too.\nSharon: Yes.\nMick: Right.\n"
    (tmp_path / "fg.txt").write_text(text)
    p.import_file(tmp_path / "fg.txt")
    p.add_memo("project", None, "Ask Mick about the roster.")
    p.close()
    report = tmp_path / "report.csv"
    args = ["deid", project, "--no-ner", "--coder", "lee"]
    assert runner.invoke(app, [*args, "--report", str(report)]).exit_code == 0
    result = runner.invoke(app, [*args, "--apply", str(report)])
    assert result.exit_code == 0, result.output
    assert "renamed 2 speaker label(s) to what replaced them." in result.output
    assert "words this report replaced still stand in memos (1)" in result.output
    assert "Mick" not in result.output and "Sharon" not in result.output
    again = realist.open_project(project)
    assert {x.label for x in again.participants()} == {"[Person 1]", "[Person 2]"}
