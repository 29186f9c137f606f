"""The command-line reference page (docs/cli.md), written from the commands themselves so
it cannot drift from them: ``python -m realist.cli.reference > docs/cli.md``."""

from __future__ import annotations

from typing import Any

import typer.main

from realist.cli import app

# Typer ships its own copy of click, so commands are told apart by what they have.


def _rows(command: Any) -> list[str]:
    rows = []
    for param in command.params:
        kind = param.param_type_name
        if kind == "argument":
            name = f"`{(param.metavar or param.name).upper()}`"
        elif kind == "option":
            if getattr(param, "hidden", False) or "--help" in param.opts:
                continue
            name = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
        else:
            continue
        help_text = " ".join((getattr(param, "help", None) or "").split())
        default = param.default
        if kind == "option" and not param.is_flag and default not in (None, False, (), []):
            help_text += f" (default: {getattr(default, 'value', default)})"
        rows.append(f"| {name} | {kind} | {help_text.replace('|', '/')} |")
    return rows


def _section(path: str, command: Any) -> list[str]:
    lines = [f"## `{path}`", ""]
    help_text = (command.help or "").strip()
    if help_text:
        lines += [" ".join(part.split()) for part in help_text.split("\n\n")]
        lines.append("")
    rows = _rows(command)
    if rows:
        lines += ["| name | kind | meaning |", "|---|---|---|", *rows, ""]
    return lines


def reference_markdown() -> str:
    """The whole reference, one section per command, in the order ``realist --help`` shows.

    >>> "## `realist init`" in reference_markdown()
    True
    """
    root: Any = typer.main.get_command(app)
    lines = [
        "# Command line",
        "",
        "Every command that takes `PROJECT` accepts a SQLite file path or a database URL "
        "(`postgresql://user@host/db`). Commands that write act as `--coder NAME` (default: "
        "`$REALIST_CODER`, else your login name); in team mode the password comes from "
        "`$REALIST_PASSWORD`. Errors print one line and exit with status 1.",
        "",
        "This page is generated from the commands (`python -m realist.cli.reference`).",
        "",
    ]
    ctx = root.context_class(root)
    for name in root.list_commands(ctx):
        command = root.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        if hasattr(command, "list_commands"):
            sub_ctx = command.context_class(command)
            for sub in command.list_commands(sub_ctx):
                child = command.get_command(sub_ctx, sub)
                if child is not None and not child.hidden:
                    lines += _section(f"realist {name} {sub}", child)
        else:
            lines += _section(f"realist {name}", command)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(reference_markdown(), end="")
