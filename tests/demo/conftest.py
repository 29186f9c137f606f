"""One demo project for the module's tests (building it takes a couple of seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

import realist
from realist.demo import build_demo


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.realist")


@pytest.fixture
def demo(demo_path: Path):
    project = realist.open_project(demo_path, coder="lee")
    yield project
    project.close()
