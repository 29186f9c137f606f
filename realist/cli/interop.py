"""`realist export`: the project as REFI-QDA for NVivo, ATLAS.ti, MAXQDA and QualCoder.

(``realist import PROJECT FILE.qdpx|FILE.qdc`` reads them back: see ``Project.import_refi``.)
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from realist.cli.common import CODER_HELP, PROJECT_HELP, console, fail, friendly, open_for_cli


class ExportFormat(StrEnum):
    """What ``realist export`` writes."""

    qdpx = "qdpx"
    qdc = "qdc"


@friendly
def export(
    project: Annotated[str, typer.Argument(help=PROJECT_HELP, metavar="PROJECT")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (.qdpx or .qdc)")],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="qdpx: whole project; qdc: codebook only "
                     "(default: from the --out suffix)"),
    ] = None,
    coder: Annotated[str | None, typer.Option("--coder", help=CODER_HELP)] = None,
) -> None:  # fmt: skip
    """Write the project as a REFI-QDA project (.qdpx) or codebook (.qdc)."""
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".")
        if suffix not in ("qdpx", "qdc"):
            raise fail(f"{out}: say --format qdpx or --format qdc (or name the file .qdpx/.qdc)")
        fmt = ExportFormat(suffix)
    p = open_for_cli(project, coder)
    try:
        if fmt is ExportFormat.qdpx:
            written = p.export_qdpx(out)
            info = p.info()
            console.print(
                f"wrote {written}: {info['documents']} documents, {info['codes']} codes, "
                f"{info['codings']} codings, {info['cmocs']} CMOCs, "
                f"{info['demi_regularities']} demi-regularities"
            )
        else:
            written = p.export_qdc(out)
            console.print(f"wrote {written}: {len(p.codes())} codes")
    finally:
        p.close()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `realist` command."""
    app.command("export")(export)
