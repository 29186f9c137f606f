"""A project holding the worked example study (three focus groups, two coders)."""

from __future__ import annotations

from typing import Any

import pytest

import realist
from realist.synthesis.example import example_study


@pytest.fixture
def study(project: realist.Project) -> tuple[realist.Project, dict[str, Any]]:
    """The example study in a fresh project on each backend."""
    return project, example_study(project)


@pytest.fixture
def sqlite_study(sqlite_project: realist.Project) -> tuple[realist.Project, dict[str, Any]]:
    """The example study in a fresh SQLite project."""
    return sqlite_project, example_study(sqlite_project)
