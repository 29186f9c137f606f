"""What every command shares: opening PROJECT (a path or a URL), printing errors in one line."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

import realist
from realist.errors import RealistError

console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

PROJECT_HELP = "Project: a SQLite file path, or a database URL such as postgresql://user@host/db"
CODER_HELP = "Act as this coder (default: $REALIST_CODER, else your login name)"


def open_for_cli(project: str, coder: str | None = None) -> realist.Project:
    """Open PROJECT for a command; the password, when team mode asks for one, comes from
    $REALIST_PASSWORD."""
    return realist.open_project(project, coder, password=os.environ.get("REALIST_PASSWORD") or None)


def fail(message: str) -> typer.Exit:
    """Print ``message`` as one error line and return the exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


def friendly(func: F) -> F:
    """Turn RealistError (and unreadable files) into one line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RealistError as exc:
            raise fail(str(exc)) from None
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            raise fail(f"{exc.filename}: {exc.strerror}") from None
        except KeyboardInterrupt:
            err_console.print("interrupted: nothing half written (each step is one transaction)")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]
