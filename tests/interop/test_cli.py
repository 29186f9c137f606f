"""`realist export` and `realist import` of REFI-QDA files from the command line."""

from __future__ import annotations

import zipfile
from pathlib import Path

from typer.testing import CliRunner

import realist
from realist.cli import app

from .conftest import fill


def test_export_and_import_from_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "a.realist"
    fill(realist.init_project(source, owner="ana"))
    runner = CliRunner()
    out = tmp_path / "a.qdpx"
    result = runner.invoke(app, ["export", str(source), "--format", "qdpx", "--out", str(out),
                                 "--coder", "ana"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 documents" in " ".join(result.output.split())
    assert "project.qde" in zipfile.ZipFile(out).namelist()
    result = runner.invoke(app, ["export", str(source), "--out", str(tmp_path / "f.qdc"),
                                 "--coder", "ana"])  # fmt: skip
    assert result.exit_code == 0 and "codes" in result.output
    target = tmp_path / "b.realist"
    realist.init_project(target, owner="ana").close()
    result = runner.invoke(app, ["import", str(target), str(out), "--coder", "ana"])
    assert result.exit_code == 0, result.output
    assert realist.open_project(target, "ana").info()["cmocs"] == 2


def test_export_without_a_format_says_what_to_do(tmp_path: Path) -> None:
    source = tmp_path / "a.realist"
    realist.init_project(source, owner="ana").close()
    result = CliRunner().invoke(
        app, ["export", str(source), "--out", str(tmp_path / "x.txt"), "--coder", "ana"]
    )
    assert result.exit_code == 1
    assert "--format qdpx" in " ".join(result.output.split())
    assert "Traceback" not in result.output
