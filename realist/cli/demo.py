"""`realist demo`: build the worked demo study to explore the app, notebooks and commands."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from realist.cli.common import console, friendly


@friendly
def demo(
    path: Annotated[
        Path,
        typer.Argument(
            help="Where to write the demo project (a new .realist file)", metavar="PATH"
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists")] = False,
) -> None:
    """Build the demo study: six fictional focus groups, coded, configured and synthesised."""
    import realist
    from realist.demo import PASSWORD, build_demo

    began = time.perf_counter()
    built = build_demo(path, force=force)
    project = realist.open_project(built)
    try:
        info = project.info()
    finally:
        project.close()
    counts = ", ".join(
        f"{info[key]} {key.replace('_', '-')}"
        for key in ("documents", "participants", "codings", "cmocs", "demi_regularities")
    )
    console.print(
        f"Built {built} in {time.perf_counter() - began:.1f} s: {counts}.", soft_wrap=True
    )
    console.print(
        f"Coders pat (owner), lee (lead), ana and ben (coders), viv (viewer); "
        f"password [bold]{PASSWORD}[/].",
        soft_wrap=True,
    )
    console.print(
        f"Try: realist info {built}   |   realist table {built} --out table.docx", soft_wrap=True
    )


def register(app: typer.Typer) -> None:
    """Add ``realist demo`` to the `realist` command."""
    app.command()(demo)
