"""The `realist` command: import, export and batch work on a project.

Each module registers its own commands; this one only assembles them.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="realist",
    help="Realist-evaluation qualitative analysis: transcripts to CMOCs and demi-regularities.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

COMMAND_MODULES = (
    "core",
    "ingest",
    "deid",
    "coding",
    "agreement",
    "synthesis",
    "interop",
    "demo",
    "serve",
)

for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"realist.cli.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"realist.cli.{_name}":
            raise
        continue
    _module.register(app)


def main() -> None:
    """Entry point of the `realist` console script."""
    app()
