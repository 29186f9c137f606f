"""`realist deid`: propose replacements for review, then apply the reviewed report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from realist.cli.common import (
    CODER_HELP,
    PROJECT_HELP,
    console,
    err_console,
    fail,
    friendly,
    open_for_cli,
)


@friendly
def deid(
    project: Annotated[str, typer.Argument(help=PROJECT_HELP, metavar="PROJECT")],
    documents: Annotated[
        list[str] | None,
        typer.Argument(
            help="Documents (names or ids); default: all not yet de-identified", metavar="[DOC]..."
        ),
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write every proposed replacement to this CSV")
    ] = None,
    apply: Annotated[
        Path | None, typer.Option("--apply", help="Apply this reviewed report CSV")
    ] = None,
    key_out: Annotated[
        Path | None,
        typer.Option(
            "--key-out", help="With --apply: write the re-identification key to this new file"
        ),
    ] = None,
    roster: Annotated[
        Path | None,
        typer.Option(
            "--roster",
            help="Extra roster CSV (label, name, nicknames, ...) kept outside the project",
        ),
    ] = None,
    gazetteer: Annotated[
        list[Path] | None,
        typer.Option(
            "--gazetteer",
            help="Extra place/agency names: CSV (text, kind) or text file; repeatable",
        ),
    ] = None,
    no_ner: Annotated[
        bool, typer.Option("--no-ner", help="Rules only: skip the spaCy model")
    ] = False,
    processes: Annotated[
        int, typer.Option("--processes", min=1, help="spaCy worker processes")
    ] = 1,
    coder: Annotated[str | None, typer.Option("--coder", help=CODER_HELP)] = None,
) -> None:
    """De-identify transcripts: --report FILE to review, then --apply FILE.

    Review the report in a spreadsheet: delete rows to keep those words, add rows (document,
    original, kind) for anything missed. Applying rewrites the documents once, before coding.
    """
    if (report is None) == (apply is None):
        raise fail("give exactly one of --report FILE (to review) or --apply FILE (to apply)")
    if key_out is not None and apply is None:
        raise fail("--key-out goes with --apply")
    p = open_for_cli(project, coder)
    if report is not None:
        frame = p.deid_report(
            documents or None,
            roster=roster,
            gazetteers=gazetteer or (),
            use_model=not no_ner,
            n_process=processes,
            path=report,
        )
        for notice in frame.attrs.get("notices", []):
            err_console.print(f"[yellow]notice:[/] {notice}", highlight=False, soft_wrap=True)
        counts = frame["kind"].value_counts().to_dict() if len(frame) else {}
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing found"
        docs = frame["document"].nunique() if len(frame) else 0
        console.print(
            f"wrote {len(frame)} proposed replacements in {docs} document(s) to {report} ({summary}). "
            "The report holds the original words: keep it as safe as the transcripts.",
            highlight=False,
        )
        return
    if documents:
        raise fail("with --apply, the documents come from the report: drop the DOC arguments")
    assert apply is not None
    done = p.deid_apply(apply, key_out=key_out)
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(done.by_kind.items())) or "none"
    console.print(
        f"de-identified {len(done.documents)} document(s): {done.replacements} replacements "
        f"({kinds}); {done.new_placeholders} new placeholders remembered.",
        highlight=False,
    )
    if done.speakers_renamed:
        merged = (
            f"; {done.participants_merged} participant(s) merged into one already called that"
            if done.participants_merged
            else ""
        )
        console.print(
            f"renamed {done.speakers_renamed} speaker label(s) to what replaced them{merged}.",
            highlight=False,
        )
    if done.remaining:
        places = ", ".join(f"{place} ({n})" for place, n in sorted(done.remaining.items()))
        err_console.print(
            f"[yellow]warning:[/] words this report replaced still stand in {places}. "
            "These are not rewritten: edit memos, statements and names by hand; "
            "the event log keeps its history.",
            highlight=False,
            soft_wrap=True,
        )
    if done.key_file is not None:
        console.print(
            f"re-identification key written to {done.key_file}: store it apart from the project."
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `realist` command."""
    app.command("deid")(deid)
