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


def test_first_run_on_a_fresh_account_serves_without_asking_for_an_email(tmp_path):
    """The README's first command on a machine where Streamlit has never run: no
    ``~/.streamlit``, so Streamlit would ask for an email address and wait unless started
    headless; the app must answer, and the browser is opened once it does."""
    import os
    import shutil
    import socket
    import subprocess
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    opened = tmp_path / "opened.txt"
    opener = tmp_path / "browser.sh"
    opener.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    opener.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = dict(
        os.environ,
        HOME=str(home),
        XDG_DATA_HOME=str(tmp_path / "data"),
        BROWSER=str(opener),
    )
    realist_cli = shutil.which("realist") or "realist"
    process = subprocess.Popen(
        [realist_cli, "app", "--demo", "--port", str(port)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        healthy = False
        deadline = time.time() + 90
        while time.time() < deadline and not healthy:
            try:
                with urllib.request.urlopen(
                    f"http://localhost:{port}/_stcore/health", timeout=1
                ) as answer:
                    healthy = answer.status == 200
            except OSError:
                time.sleep(0.5)
        assert healthy, "the app did not answer within 90 s"
        deadline = time.time() + 20
        while time.time() < deadline and not opened.exists():
            time.sleep(0.2)
        assert opened.read_text().strip() == f"http://localhost:{port}"
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "Email" not in output
    assert not (home / ".streamlit" / "credentials.toml").exists()
