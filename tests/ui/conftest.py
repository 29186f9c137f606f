"""AppTest fixtures: the app script run headless against a small project on disk."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from realist.ui.sample import build_sample

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The sample project, served by the app (REALIST_PROJECT points at it)."""
    path = tmp_path / "sample.realist"
    project = build_sample(path)
    monkeypatch.setenv("REALIST_PROJECT", str(path))
    monkeypatch.delenv("REALIST_TEAM_MODE", raising=False)
    monkeypatch.delenv("REALIST_CODER", raising=False)
    yield project
    project.close()


@pytest.fixture
def open_page(sample: Any) -> Callable[..., AppTest]:
    """Run the app and switch to one page: ``open_page("code")``."""

    def _open(page: str | None = None, **state: Any) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, value in state.items():
            at.session_state[key] = value
        at.run()
        assert not at.exception, at.exception
        if page:
            at.switch_page(f"realist/ui/pages/{page}.py")
            at.run()
            assert not at.exception, [e.value for e in at.exception]
        return at

    return _open


def texts(at: AppTest) -> str:
    """Everything the page says, as one string, for `in` checks."""
    parts: list[str] = []
    for kind in (
        "title",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
    ):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)
