"""`realist suggest` and `realist evidence` read the project and write nothing."""

from __future__ import annotations

from typing import Any

from typer.testing import CliRunner

import realist
from realist.cli import app


def test_suggest_and_evidence_commands(
    sqlite_study: tuple[realist.Project, dict[str, Any]],
) -> None:
    p, _ = sqlite_study
    revision = p.revision
    runner = CliRunner()
    result = runner.invoke(app, ["suggest", p.url, "--include-assigned"])
    assert result.exit_code == 0, result.output
    assert "Trust in crisis" in result.output and "accept_suggestion" in result.output
    result = runner.invoke(app, ["suggest", p.url])
    assert result.exit_code == 0 and "no groups" in result.output
    result = runner.invoke(app, ["evidence", p.url])
    assert result.exit_code == 0
    assert "supported" in result.output and "candidate" in result.output
    assert p.revision == revision
