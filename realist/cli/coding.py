"""`realist` commands for coding: frames, codings and quote-sheet import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from realist.cli.common import CODER_HELP, PROJECT_HELP, console, fail, friendly, open_for_cli
from realist.coding.frames import dump_frame, load_frame, shipped_frame_path, shipped_frames

ProjectArg = Annotated[str, typer.Argument(help=PROJECT_HELP, metavar="PROJECT")]
CoderOpt = Annotated[str | None, typer.Option("--coder", help=CODER_HELP)]

frame_app = typer.Typer(help="Load, export and list coding frames.", no_args_is_help=True)
code_app = typer.Typer(help="Apply, list and remove codings.", no_args_is_help=True)


def _frame_file(frame: str) -> Path:
    """A frame file path, or the shipped frame of that name."""
    path = Path(frame)
    if path.is_file() or path.suffix in (".yaml", ".yml") or "/" in frame:
        return path
    return shipped_frame_path(frame)


@frame_app.command("load")
@friendly
def frame_load(
    project: ProjectArg,
    frame: Annotated[
        str, typer.Argument(help="A frame .yaml file, or the name of a shipped frame")
    ],
    coder: CoderOpt = None,
) -> None:
    """Load a coding frame into PROJECT (again after editing: codes update by id)."""
    p = open_for_cli(project, coder)
    before = p.revision
    loaded = p.load_frame(_frame_file(frame))
    if p.revision == before:
        console.print(f"frame {loaded.key} v{loaded.version} is already loaded; nothing changed")
        return
    detail = p.log(1)[0].detail
    parts = [
        f"{len(detail.get(name, []))} {name}"
        for name in ("added", "changed", "restored", "retired", "kept")
        if detail.get(name)
    ]
    console.print(
        f"loaded frame [bold]{loaded.key}[/] v{loaded.version}: {', '.join(parts) or 'no code changes'}"
    )
    if detail.get("kept"):
        console.print(
            "kept (still coded, so not retired): " + ", ".join(detail["kept"]), highlight=False
        )


@frame_app.command("export")
@friendly
def frame_export(
    project: ProjectArg,
    out: Annotated[Path, typer.Option("--out", help="Write the frame YAML here")],
    frame: Annotated[
        str | None, typer.Option("--frame", help="Key of one frame (default: every code)")
    ] = None,
) -> None:
    """Write PROJECT's codes as a frame file that `realist frame load` reads back."""
    p = open_for_cli(project)
    exported = p.export_frame(frame)
    out.write_text(dump_frame(exported), encoding="utf-8")
    console.print(f"wrote frame {exported.key} ({len(exported)} codes) to {out}")


@frame_app.command("list")
@friendly
def frame_list() -> None:
    """The coding frames shipped with realist (load one by name with `realist frame load`)."""
    table = Table("name", "codes", "title")
    for path in shipped_frames():
        spec = load_frame(path)
        table.add_row(path.stem, str(len(spec)), spec.name)
    console.print(table)


@code_app.command("apply")
@friendly
def code_apply(
    project: ProjectArg,
    document: Annotated[str, typer.Argument(help="Document name or id")],
    start: Annotated[int, typer.Argument(help="First character (0-based, code points)")],
    end: Annotated[int, typer.Argument(help="One past the last character")],
    codes: Annotated[list[str], typer.Argument(help="One or more code keys or names")],
    memo: Annotated[str | None, typer.Option("--memo", help="A memo on the codings")] = None,
    coder: CoderOpt = None,
) -> None:
    """Apply one or more codes to the span [START, END) of DOCUMENT."""
    p = open_for_cli(project, coder)
    ref: int | str = int(document) if document.isdigit() else document
    made = p.apply_codes(ref, start, end, codes, memo=memo)
    doc = p.document(ref)
    words = doc.text[start:end]
    shown = words if len(words) <= 70 else words[:67] + "..."
    ids = ", ".join(str(c.id) for c in made)
    console.print(f"coded {shown!r} with {len(made)} code(s) (coding ids {ids})", highlight=False)


@code_app.command("list")
@friendly
def code_list(
    project: ProjectArg,
    document: Annotated[
        str | None, typer.Option("--document", help="Only this document (name or id)")
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="Only this code (key or name)")] = None,
    coder: CoderOpt = None,
) -> None:
    """List codings (under blind coding, a coder sees only their own)."""
    p = open_for_cli(project, coder)
    doc_ref = None if document is None else int(document) if document.isdigit() else document
    frame = p.codings_df(doc_ref, code=code)
    table = Table("id", "document", "span", "code", "coder", "speaker", "excerpt")
    for row in frame.itertuples():
        words = str(row.excerpt).replace("\n", " ")
        table.add_row(
            str(row.id),
            str(row.document),
            f"{row.start}-{row.end}",
            str(row.code),
            str(row.coder),
            str(row.speaker or ""),
            words if len(words) <= 60 else words[:57] + "...",
        )
    console.print(table)
    console.print(f"{len(frame)} coding(s)")


@code_app.command("remove")
@friendly
def code_remove(
    project: ProjectArg,
    coding_id: Annotated[int, typer.Argument(help="The coding's id (see realist code list)")],
    coder: CoderOpt = None,
) -> None:
    """Remove a coding (it can be restored from the log)."""
    p = open_for_cli(project, coder)
    p.delete_coding(coding_id)
    console.print(f"removed coding {coding_id}")


@friendly
def import_codings(
    project: ProjectArg,
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx sheet of coded quotes")],
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the row-by-row report (CSV) here")
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            help="ROLE=HEADER, e.g. --column excerpt='Quote text'; roles: transcript, code,"
            " excerpt, coder, memo",
        ),
    ] = None,
    min_score: Annotated[
        float, typer.Option("--min-score", help="Least fuzzy score (0-100) to place a quote")
    ] = 90.0,
    coder: CoderOpt = None,
) -> None:
    """Import codings from a spreadsheet of quotes: each quote is found in its transcript;
    ambiguous and missing quotes are reported, never guessed."""
    columns: dict[str, str] = {}
    for item in column or []:
        role, sep, header = item.partition("=")
        if not sep or not role.strip() or not header.strip():
            raise fail(f"--column {item!r}: write ROLE=HEADER, e.g. --column excerpt='Quote text'")
        columns[role.strip()] = header.strip()
    p = open_for_cli(project, coder)
    outcome = p.import_codings(file, columns=columns or None, min_score=min_score, report=report)
    console.print(outcome.summary(), highlight=False)
    problems = outcome.problems
    if problems:
        table = Table("row", "status", "transcript", "reason")
        for r in problems[:20]:
            table.add_row(str(r.quote.row), r.status, r.quote.transcript, r.reason)
        console.print(table)
        if len(problems) > 20:
            console.print(f"... and {len(problems) - 20} more")
        if report is None:
            console.print("add --report FILE.csv to get every row with its reason")
    if report is not None:
        console.print(f"report: {report}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `realist` command."""
    app.add_typer(frame_app, name="frame")
    app.add_typer(code_app, name="code")
    app.command("import-codings")(import_codings)
