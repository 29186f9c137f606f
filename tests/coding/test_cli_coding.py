"""The coding commands, run as a user would: frames, codings and quote import."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import realist
from realist.cli import app
from realist.coding.frames import load_frame, shipped_frame_path
from tests.coding.conftest import DATA, add_transcript

runner = CliRunner()


@pytest.fixture
def study_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = str(tmp_path / "study.realist")
    p = realist.init_project(path, name="CLI study", owner="ana")
    add_transcript(p, "fg1-regional", "FG1")
    add_transcript(p, "fg2-metro", "FG2")
    p.close()
    monkeypatch.setenv("REALIST_CODER", "ana")
    monkeypatch.chdir(tmp_path)
    return path


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_frame_list_load_export(study_file: str, tmp_path: Path) -> None:
    listing = run("frame", "list")
    for name in ("realist-generic", "safe-and-together", "intensive-family-services"):
        assert name in listing
    assert "60 added" in run("frame", "load", study_file, "family-preservation-reunification")
    assert "nothing changed" in run(
        "frame", "load", study_file, str(shipped_frame_path("family-preservation-reunification"))
    )
    out = tmp_path / "exported.yaml"
    run("frame", "export", study_file, "--out", str(out))
    exported = load_frame(out)
    assert (
        exported.codes == load_frame(shipped_frame_path("family-preservation-reunification")).codes
    )
    text = out.read_text(encoding="utf-8").replace(
        "'Family: readiness'", "'Family: readiness to change'"
    )
    out.write_text(text, encoding="utf-8")
    assert "1 changed" in run("frame", "load", study_file, str(out))


def test_bad_frame_file_is_one_clear_error(study_file: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("frame: x\nname: X\ncodes:\n  - id: a\n    name: A\n    kind: mechanism\n")
    result = runner.invoke(app, ["frame", "load", study_file, str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml, line 6" in result.output
    assert "Traceback" not in result.output


def test_code_apply_list_remove(study_file: str) -> None:
    run("frame", "load", study_file, "realist-generic")
    out = run("code", "apply", study_file, "fg1-regional", "4", "60", "cmo.context",
              "cmo.outcome", "--memo", "two at once")  # fmt: skip
    assert "2 code(s)" in out
    listing = run("code", "list", study_file)
    assert "cmo.context" in listing and "2 coding(s)" in listing
    coding_id = realist.open_project(study_file, coder="ana").codings()[0].id
    assert "removed" in run("code", "remove", study_file, str(coding_id))
    assert "1 coding(s)" in run("code", "list", study_file)
    result = runner.invoke(
        app, ["code", "apply", study_file, "fg1-regional", "4", "99999", "cmo.context"]
    )
    assert result.exit_code == 1 and "does not fit" in result.output


def test_import_codings_command(study_file: str, tmp_path: Path) -> None:
    run("frame", "load", study_file, "family-preservation-reunification")
    report = tmp_path / "report.csv"
    out = run("import-codings", study_file, str(DATA / "quotes.csv"), "--report", str(report))
    assert "8 rows, 5 placed" in out and "6 codings added" in out
    assert "ambiguous" in out and "missing" in out
    assert report.exists()
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(
        'Group file,Tag,Words\nfg2-metro,fpr.family.closure.o,"the kids stayed home, that\'s"\n',
        encoding="utf-8",
    )
    bad = runner.invoke(app, ["import-codings", study_file, str(renamed)])
    assert bad.exit_code == 1 and "--column" in bad.output
    out = run("import-codings", study_file, str(renamed), "--column", "transcript=Group file",
              "--column", "code=Tag", "--column", "excerpt=Words")  # fmt: skip
    assert "1 codings added" in out
