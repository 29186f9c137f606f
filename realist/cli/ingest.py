"""`realist import`: bring transcripts (and REFI-QDA projects) into a project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from realist.cli.common import CODER_HELP, PROJECT_HELP, console, fail, friendly, open_for_cli
from realist.ingest.result import ImportResult, ImportStatus

_MARKS = {ImportStatus.IMPORTED: "[green]✓[/]", ImportStatus.DUPLICATE: "[yellow]=[/]",
          ImportStatus.FAILED: "[red]✗[/]"}  # fmt: skip


def _attributes(pairs: list[str]) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise fail(f"--attr {pair!r}: write it as key=value, e.g. --attr site=regional")
        attrs[key.strip()] = value.strip()
    return attrs


def _line(result: ImportResult) -> str:
    text = result.summary().replace("[", "\\[")
    return f"{_MARKS[result.status]} {text}"


@friendly
def import_command(
    project: Annotated[str, typer.Argument(help=PROJECT_HELP)],
    files: Annotated[
        list[Path], typer.Argument(help="Transcripts: .docx .txt .md .vtt .srt (or .qdpx/.qdc)")
    ],
    roster: Annotated[
        Path | None, typer.Option(help="Roster CSV: label, pseudonym, role, site, group, ...")
    ] = None,
    group: Annotated[str, typer.Option(help="The participants' group, e.g. the focus group")] = "",
    attr: Annotated[
        list[str] | None, typer.Option(help="Document attribute key=value (repeatable)")
    ] = None,
    coder: Annotated[str | None, typer.Option(help=CODER_HELP)] = None,
    speaker_pattern: Annotated[
        str | None, typer.Option(help="Regex with (?P<speaker>...) for speaker labels")
    ] = None,
    max_mb: Annotated[
        float | None, typer.Option(help="Largest file accepted, in MB (default 50)")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show each file's warnings")
    ] = False,
) -> None:
    """Import transcript files; each file is its own transaction.

    A file that cannot be read is named with the reason and skipped; a file already in the
    project (same content) is reported, not duplicated. Exit code 1 if any file failed.
    """  # fmt: skip
    attrs = _attributes(attr or [])
    p = open_for_cli(project, coder)
    results: list[ImportResult] = []
    if len(files) > 1:
        columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("import", total=len(files))

            def advance(result: ImportResult) -> None:
                bar.console.print(_line(result), highlight=False, soft_wrap=True)
                bar.advance(task)

            results = p.import_files(files, roster=roster, group=group, attrs=attrs,
                                     progress=advance, speaker_pattern=speaker_pattern,
                                     max_mb=max_mb)  # fmt: skip
    else:
        results = p.import_files(files, roster=roster, group=group, attrs=attrs,
                                 speaker_pattern=speaker_pattern, max_mb=max_mb)  # fmt: skip
        for result in results:
            console.print(_line(result), highlight=False, soft_wrap=True)
    if verbose:
        for result in results:
            for warning in result.warnings:
                console.print(f"  {result.path}: {warning}", highlight=False, soft_wrap=True)
    failed = sum(1 for r in results if r.status is ImportStatus.FAILED)
    imported = sum(1 for r in results if r.status is ImportStatus.IMPORTED)
    duplicates = len(results) - failed - imported
    console.print(f"{imported} imported, {duplicates} already present, {failed} failed",
                  highlight=False)  # fmt: skip
    if failed:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `realist` command."""
    app.command("import")(import_command)
