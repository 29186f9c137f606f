"""`realist app`: the command line that starts the app."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import realist
from realist.cli import app as cli
from realist.cli.serve import app_script, demo_project, streamlit_command


def test_command_turns_off_every_outside_call(tmp_path):
    command = streamlit_command(Path("app.py"), 8765, address=None, headless=True)
    joined = " ".join(command)
    assert "--browser.gatherUsageStats false" in joined
    assert "--browser.serverAddress localhost" in joined
    assert "--server.port 8765" in joined and "--server.headless true" in joined
    team = streamlit_command(Path("app.py"), 8501, address="0.0.0.0", headless=True)
    assert team[-2:] == ["--server.address", "0.0.0.0"]


def test_the_app_script_is_found():
    script = app_script()
    assert script.is_file() and script.suffix == ".py"
    assert "shell.gate()" in script.read_text()


def test_demo_project_is_built_once_and_opens(tmp_path):
    path = demo_project(tmp_path / "demo.realist")
    project = realist.open_project(str(path))
    assert project.info()["documents"] >= 2
    stamp = path.stat().st_mtime_ns
    assert demo_project(path) == path and path.stat().st_mtime_ns == stamp


def test_a_missing_project_is_one_line_and_exit_1(tmp_path):
    result = CliRunner().invoke(cli, ["app", str(tmp_path / "nothing.realist"), "--no-browser"])
    assert result.exit_code == 1
    assert "error:" in result.output and "Traceback" not in result.output


def test_project_and_demo_together_are_refused(tmp_path):
    result = CliRunner().invoke(cli, ["app", "x.realist", "--demo"])
    assert result.exit_code != 0
