"""The README's first lines are the two commands a new user runs, and CI runs the second."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    lines = (ROOT / "README.md").read_text().splitlines()
    start = lines.index("```bash") + 1
    return lines[start : start + 2]


def test_readme_starts_with_the_two_commands() -> None:
    first, second = _commands()
    assert first == "pip install -e '.[app]' && realist app --demo"
    assert second == "pip install -e '.[test]' && pytest"
    assert (ROOT / "README.md").read_text().splitlines()[:3] == ["# realist", "", "```bash"]


def test_ci_runs_the_readme_test_command_exactly() -> None:
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert _commands()[1] in ci
