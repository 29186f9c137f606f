"""Pages generated from the code stay in step with it."""

from __future__ import annotations

from pathlib import Path

from realist.cli.reference import reference_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_command_line_reference_is_current() -> None:
    page = (ROOT / "docs" / "cli.md").read_text()
    assert page == reference_markdown(), "regenerate: python -m realist.cli.reference > docs/cli.md"
