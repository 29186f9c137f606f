"""The agreement, disagreements and consensus commands, on a SQLite project file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import realist
from realist.cli import app
from realist.model import DocumentDraft, TurnDraft

runner = CliRunner(env={"COLUMNS": "200"})
TEXT = "P1: They came every week and never gave up on us.\nP2: The caseload was far too high.\n"


def _project(tmp_path: Path) -> str:
    path = str(tmp_path / "study.realist")
    p = realist.init_project(path, name="CLI", owner="lee")
    first = TEXT.index("\n")
    p.add_document(
        DocumentDraft(
            "fg1",
            TEXT,
            "sha",
            turns=(TurnDraft("P1", 0, first), TurnDraft("P2", first + 1, len(TEXT) - 1)),
        )
    )
    p.add_code("persist", "Persistence")
    p.add_code("caseload", "Caseload")
    for name in ("ann", "ben"):
        p.add_coder(name, "coder")
    p.with_coder("ann").add_coding("fg1", 4, 49, "persist")
    p.with_coder("ben").add_coding("fg1", 4, 28, "persist")
    p.with_coder("ann").add_coding("fg1", 55, 67, "caseload")
    p.close()
    return path


def test_agreement_table_and_json(tmp_path: Path) -> None:
    path = _project(tmp_path)
    shown = runner.invoke(app, ["agreement", path, "--coders", "ann,ben"])
    assert shown.exit_code == 0, shown.output
    assert "persist" in shown.output and "(all codes)" in shown.output
    data = json.loads(
        runner.invoke(app, ["agreement", path, "--coders", "ann,ben", "--json"]).output
    )
    rows = {r["code"]: r for r in data}
    assert 0 < rows["persist"]["binary_u_alpha"] < 1
    assert rows["(all codes)"]["u_alpha"] is not None
    turns = json.loads(
        runner.invoke(
            app, ["agreement", path, "--coders", "ann,ben", "--unit", "turn", "--json"]
        ).output
    )
    assert {r["code"] for r in turns} == {"persist", "caseload", "(all codes)"}
    pairs = json.loads(
        runner.invoke(app, ["agreement", path, "--coders", "ann,ben", "--pairs", "--json"]).output
    )
    assert [(r["coder_a"], r["coder_b"]) for r in pairs] == [("ann", "ben")]
    docs = json.loads(
        runner.invoke(
            app, ["agreement", path, "--coders", "ann,ben", "--by-document", "--json"]
        ).output
    )
    assert [r["document"] for r in docs] == ["fg1"]


def test_disagreements_then_consensus(tmp_path: Path) -> None:
    path = _project(tmp_path)
    listed = json.loads(
        runner.invoke(app, ["disagreements", path, "--coders", "ann,ben", "--json"]).output
    )
    assert [r["text"] for r in listed] == [TEXT[28:49], TEXT[55:67]]
    assert [r["applied_by"] for r in listed] == ["ann", "ann"]
    seeded = runner.invoke(
        app, ["consensus", "seed", path, "--coders", "ann,ben", "--coder", "lee"]
    )
    assert seeded.exit_code == 0 and "1 agreed" in seeded.output
    key = listed[0]["key"]
    done = runner.invoke(
        app, ["consensus", "accept", path, key, "--note", "clause", "--coder", "lee"]
    )
    assert done.exit_code == 0, done.output
    again = runner.invoke(app, ["consensus", "reject", path, key, "--coder", "lee"])
    assert again.exit_code == 1 and "settled already" in again.output
    assert "Traceback" not in again.output
    denied = runner.invoke(app, ["consensus", "reject", path, listed[-1]["key"], "--coder", "ann"])
    assert denied.exit_code == 1 and "lead" in denied.output
    left = json.loads(
        runner.invoke(app, ["disagreements", path, "--coders", "ann,ben", "--json"]).output
    )
    assert len(left) == len(listed) - 1
    decisions = runner.invoke(app, ["consensus", "list", path])
    assert "accept" in decisions.output and "lee" in decisions.output


def test_unknown_coder_is_one_line(tmp_path: Path) -> None:
    path = _project(tmp_path)
    result = runner.invoke(app, ["agreement", path, "--coders", "ann,zed"])
    assert result.exit_code == 1
    assert "no coder 'zed'" in result.output and "Traceback" not in result.output
