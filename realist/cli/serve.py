"""`realist app`: open a project in the browser."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

import realist
from realist.errors import RealistError

APP_SCRIPT_NAME = "app.py"


def data_dir() -> Path:
    """Where realist keeps per-user files such as the demo project.

    >>> data_dir().name
    'realist'
    """
    if sys.platform == "win32":
        root = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Application Support"
    else:
        root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return root / "realist"


def demo_project(path: Path | None = None, *, rebuild: bool = False) -> Path:
    """Build the demo project once (``realist.demo.build_demo``) and return its path."""
    target = path or data_dir() / "demo.realist"
    if target.exists() and not rebuild:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    try:
        from realist.demo import build_demo
    except ImportError:
        from realist.ui.sample import build_sample

        build_sample(target).close()
    else:
        result = build_demo(target)
        closer = getattr(result, "close", None)
        if callable(closer):
            closer()
    return target


def app_script() -> Path:
    """The Streamlit script: the checkout's ``app.py``, else the copy inside the package."""
    checkout = Path(realist.__file__).resolve().parents[1] / APP_SCRIPT_NAME
    if checkout.is_file():
        return checkout
    return Path(__file__).resolve().parents[1] / "ui" / "app_script.py"


def open_when_ready(url: str, *, timeout: float = 60.0) -> None:
    """Open ``url`` in the user's browser once the app answers its health check.

    Streamlit is always started headless: that is what stops it asking for an email
    address on its very first run (a prompt that would hold the app until someone pressed
    Enter). The browser tab is opened from here instead, when the server is up.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    webbrowser.open(url)
                    return
        except OSError:
            time.sleep(0.3)


def _open_browser_later(url: str) -> None:
    """Watch for the server in the background, then open the browser (see
    :func:`open_when_ready`); this process itself goes on to become the server."""
    if os.name == "posix":
        if os.fork() == 0:
            try:
                open_when_ready(url)
            finally:
                os._exit(0)
        return
    import threading

    threading.Thread(target=open_when_ready, args=(url,), daemon=True).start()


def streamlit_command(script: Path, port: int, *, address: str | None, headless: bool) -> list[str]:
    """The ``streamlit run`` command line, with every outside call switched off."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.headless",
        "true" if headless else "false",
        "--browser.gatherUsageStats",
        "false",
        "--browser.serverAddress",
        address if address and address not in ("0.0.0.0", "::") else "localhost",
        "--server.maxUploadSize",
        "200",
    ]
    if address:
        command += ["--server.address", address]
    return command


def register(app: typer.Typer) -> None:
    """Add ``realist app`` to the `realist` command."""

    @app.command("app")
    def app_command(
        project: Annotated[str | None, typer.Argument(help="Project file or database URL.")] = None,
        demo: Annotated[
            bool, typer.Option("--demo", help="Open the demo project (built on first use).")
        ] = False,
        port: Annotated[int, typer.Option("--port", help="Port to serve on.")] = 8501,
        team: Annotated[bool, typer.Option("--team", help="Team mode: everyone signs in.")] = False,
        address: Annotated[
            str | None,
            typer.Option("--address", help="Address to listen on (0.0.0.0 for a team server)."),
        ] = None,
        coder: Annotated[
            str | None,
            typer.Option("--coder", help="Who a local session acts as (default: the owner)."),
        ] = None,
        browser: Annotated[
            bool, typer.Option("--browser/--no-browser", help="Open a browser tab.")
        ] = True,
    ) -> None:
        """Open PROJECT (a .realist file or a postgresql:// URL) in the browser app."""
        if demo and project:
            raise typer.BadParameter("give either PROJECT or --demo, not both")
        if not demo and not project:
            raise typer.BadParameter(
                "give a PROJECT (file or database URL), or --demo to try the demo"
            )
        try:
            target = str(demo_project()) if demo else project
            assert target is not None
            if "://" not in target:
                # The server runs from the app's own folder: a relative path must not move.
                target = str(Path(target).expanduser().resolve())
            realist.open_project(target).close()
        except RealistError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(1) from None
        env = dict(os.environ, REALIST_PROJECT=target)
        env["REALIST_TEAM_MODE"] = "1" if team else env.get("REALIST_TEAM_MODE", "")
        if coder:
            env["REALIST_CODER"] = coder
        script = app_script()
        command = streamlit_command(script, port, address=address, headless=True)
        host = address if address and address not in ("0.0.0.0", "::") else "localhost"
        url = f"http://{host}:{port}"
        typer.echo(f"realist: serving {target} on {url} (Ctrl+C stops)")
        if browser:
            _open_browser_later(url)
        if os.name == "posix":
            # Become the server, so stopping this process stops the app.
            os.chdir(script.parent)
            os.execve(sys.executable, command, env)
        try:
            code = subprocess.call(command, env=env, cwd=script.parent)
        except KeyboardInterrupt:
            code = 0
        raise typer.Exit(code)
