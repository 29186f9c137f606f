"""Real-browser fixtures: the app served by ``streamlit run`` and the system Chromium.

Chromium comes from the operating system (``apt-get install chromium``), launched by
path; without it the browser tests skip, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() == "true"
READY = "[data-testid=stApp][data-test-script-state=notRunning]"


def chromium_path() -> str | None:
    """The system Chromium (``REALIST_CHROMIUM`` overrides)."""
    for candidate in (
        os.environ.get("REALIST_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppServer:
    """One ``streamlit run app.py`` process serving one project."""

    def __init__(
        self, project: str, *, team: bool = False, log: Path, script: Path | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        env = dict(
            os.environ,
            REALIST_PROJECT=project,
            REALIST_POLL_SECONDS="1",
            REALIST_TEAM_MODE="1" if team else "",
        )
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script or ROOT / "app.py"),
                "--server.headless",
                "true",
                "--server.port",
                str(self.port),
                "--browser.gatherUsageStats",
                "false",
                "--browser.serverAddress",
                "localhost",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app stopped: see {log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the app did not start in 60 s: see {log}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """The system Chromium driven by Playwright (never a downloaded browser)."""
    path = chromium_path()
    if path is None:
        if IN_CI:
            pytest.fail("CI=true but no Chromium: apt-get install -y chromium")
        pytest.skip("no system Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., AppServer]]:
    """Start app servers for a project; all are stopped at teardown."""
    servers: list[AppServer] = []

    def _serve(project: str, *, team: bool = False) -> AppServer:
        server = AppServer(project, team=team, log=tmp_path / f"server-{len(servers)}.log")
        servers.append(server)
        return server

    yield _serve
    for server in servers:
        server.stop()


@pytest.fixture
def new_page(chromium: Any) -> Iterator[Callable[..., Any]]:
    """Pages in fresh browser contexts (separate cookies: separate people)."""
    contexts: list[Any] = []

    def _page(**options: Any) -> Any:
        context = chromium.new_context(
            viewport={"width": 1400, "height": 950}, accept_downloads=True, **options
        )
        context.set_default_timeout(20000)
        contexts.append(context)
        return context.new_page()

    yield _page
    for context in contexts:
        context.close()


def wait_ready(page: Any) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector(READY, timeout=30000)
    page.wait_for_timeout(300)
    page.wait_for_selector(READY, timeout=30000)


def screenshot(page: Any, name: str) -> None:
    """Save what the page looks like into the docs."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
