"""`realist` commands for agreement: agreement, disagreements, consensus."""

from __future__ import annotations

import math
import sys
from typing import Annotated, Any

import pandas as pd
import typer
from rich.table import Table

from realist.cli.common import CODER_HELP, PROJECT_HELP, console, friendly, open_for_cli

ProjectArg = Annotated[str, typer.Argument(help=PROJECT_HELP, metavar="PROJECT")]
CoderOpt = Annotated[str | None, typer.Option("--coder", help=CODER_HELP)]
CodersOpt = Annotated[
    str, typer.Option("--coders", help="The coders to compare, by name, comma-separated: ann,ben")
]
DocumentsOpt = Annotated[
    str | None,
    typer.Option("--documents", help="Only these documents (names or ids, comma-separated)"),
]
CodesOpt = Annotated[
    str | None,
    typer.Option("--codes", help="Only these codes (keys, names or ids, comma-separated)"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON records instead of a table")]

consensus_app = typer.Typer(
    help="Settle disagreements as the 'consensus' coder (owners and leads).", no_args_is_help=True
)


def _split(value: str | None) -> list[str | int] | None:
    if value is None:
        return None
    items: list[str | int] = []
    for part in value.split(","):
        part = part.strip()
        if part:
            items.append(int(part) if part.isdigit() else part)
    return items


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:.3f}"
    return str(value)


HEADERS = {
    "binary_u_alpha": "|u-alpha",
    "u_alpha": "u-alpha",
    "cu_alpha": "cu-alpha",
    "coded_characters": "chars",
    "percent_agreement": "agree",
    "cohen_kappa": "kappa",
    "fleiss_kappa": "Fleiss k",
    "gwet_ac1": "AC1",
    "krippendorff_alpha": "alpha",
    "coded_turns": "coded",
    "applied_by": "applied by",
    "not_applied_by": "not by",
    "document": "doc",
    "mean_code_alpha": "mean code |u",
    "coded_by": "coded by",
}


def _print(frame: pd.DataFrame, title: str, as_json: bool, *, wrap: tuple[str, ...] = ()) -> None:
    if as_json:
        sys.stdout.write(frame.to_json(orient="records", indent=2, force_ascii=False) + "\n")
        return
    notes: list[str] = []
    if "reason" in frame.columns:  # reasons go under the table, where they have room
        first = frame.columns[0]
        notes = [f"{label}: {why}" for label, why in zip(frame[first], frame["reason"], strict=True)
                 if isinstance(why, str) and why]  # fmt: skip
        frame = frame.drop(columns=["reason"])
    cells = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    table = Table(title=title)
    for i, column in enumerate(frame.columns):
        header = HEADERS.get(str(column), str(column))
        if column in wrap:
            table.add_column(header, overflow="fold", ratio=1, min_width=12)
        else:
            width = max([len(header), *(len(row[i]) for row in cells)])
            table.add_column(header, no_wrap=True, min_width=min(width, 40))
    for row in cells:
        table.add_row(*row)
    console.print(table)
    for note in notes:
        console.print(f"[dim]— {note}[/]", highlight=False)


@friendly
def agreement(
    project: ProjectArg,
    coders: CodersOpt,
    documents: DocumentsOpt = None,
    codes: CodesOpt = None,
    unit: Annotated[
        str, typer.Option(help="character: unitized alphas over coded text; turn: kappa over turns")
    ] = "character",
    pairs: Annotated[
        bool, typer.Option("--pairs", help="One row per pair of coders instead of per code")
    ] = False,
    by_document: Annotated[
        bool, typer.Option("--by-document", help="One row per document instead of per code")
    ] = False,
    as_json: JsonOpt = False,
    coder: CoderOpt = None,
) -> None:
    """How far coders agree, per code and over all codes (or per pair, or per document)."""
    p = open_for_cli(project, coder)
    if pairs:
        table = p.agreement_pairs(_split(coders), _split(documents), _split(codes))
        title = "Unitized alpha (Krippendorff et al. 2016) per pair of coders"
        _print(table, title, as_json)
        return
    if by_document:
        table = p.agreement_by_document(_split(coders), _split(documents), _split(codes))
        title = "Unitized alpha (Krippendorff et al. 2016) per document, all codes"
        _print(table, title, as_json)
        return
    frame = p.agreement(_split(coders), _split(documents), _split(codes), unit=unit)  # type: ignore[arg-type]
    frame = frame.drop(columns=["code_id", "name"])
    if unit == "character":
        title = "Unitized alpha (Krippendorff et al. 2016) between " + ", ".join(
            frame.attrs["coders"]
        )
    else:
        title = "Agreement over speaker turns between " + ", ".join(frame.attrs["coders"])
    _print(frame, title, as_json, wrap=("coded_by",))


@friendly
def disagreements(
    project: ProjectArg,
    coders: CodersOpt,
    documents: DocumentsOpt = None,
    codes: CodesOpt = None,
    include_resolved: Annotated[
        bool, typer.Option("--all", help="Include disagreements already settled")
    ] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many (largest first)")] = 50,
    as_json: JsonOpt = False,
    coder: CoderOpt = None,
) -> None:
    """Where coders differ, largest first: settle each with `realist consensus`."""
    p = open_for_cli(project, coder)
    frame = p.disagreements(
        _split(coders), _split(documents), _split(codes), include_resolved=include_resolved
    )
    shown = frame.head(limit)
    if not as_json:
        shown = shown.assign(text=[t if len(t) <= 120 else t[:117] + "..." for t in shown["text"]])
        shown = shown.drop(columns=["start", "end"])  # the key carries them
        if not include_resolved:
            shown = shown.drop(columns=["decision", "decided_by"])
    title = f"{len(frame)} disagreement(s) between {', '.join(frame.attrs['coders'])}"
    _print(shown, title, as_json, wrap=("text",))


@consensus_app.command("seed")
@friendly
def consensus_seed(
    project: ProjectArg,
    coders: CodersOpt,
    documents: DocumentsOpt = None,
    codes: CodesOpt = None,
    coder: CoderOpt = None,
) -> None:
    """Copy what the coders all agree on to the consensus coder."""
    p = open_for_cli(project, coder)
    count = p.seed_consensus(_split(coders), _split(documents), _split(codes))
    console.print(f"consensus: {count} agreed coding(s) added; originals unchanged")


def _settle(project: str, coder: str | None, key: str, decision: str, **extra: Any) -> None:
    p = open_for_cli(project, coder)
    made = p.resolve_disagreement(key, decision, **extra)  # type: ignore[arg-type]
    if made is None:
        console.print(f"{key}: rejected (stays uncoded in the consensus)")
    else:
        console.print(
            f"{key}: {decision}ed as consensus coding {made.id} [{made.start}, {made.end})"
        )


KeyArg = Annotated[
    str, typer.Argument(help="The key of a disagreement (see `realist disagreements`)")
]
NoteOpt = Annotated[str | None, typer.Option(help="Why: kept as the coding's memo and in the log")]


@consensus_app.command("accept")
@friendly
def consensus_accept(
    project: ProjectArg, key: KeyArg, note: NoteOpt = None, coder: CoderOpt = None
) -> None:
    """Code the disputed stretch with its code, as consensus."""
    _settle(project, coder, key, "accept", note=note)


@consensus_app.command("reject")
@friendly
def consensus_reject(
    project: ProjectArg, key: KeyArg, note: NoteOpt = None, coder: CoderOpt = None
) -> None:
    """Leave the disputed stretch uncoded in the consensus (the decision is logged)."""
    _settle(project, coder, key, "reject", note=note)


@consensus_app.command("edit")
@friendly
def consensus_edit(
    project: ProjectArg,
    key: KeyArg,
    start: Annotated[int, typer.Argument(help="New start offset (code points)")],
    end: Annotated[int, typer.Argument(help="New end offset (exclusive)")],
    note: NoteOpt = None,
    coder: CoderOpt = None,
) -> None:
    """Code [START, END) with the disputed code instead, as consensus."""
    _settle(project, coder, key, "edit", start=start, end=end, note=note)


@consensus_app.command("list")
@friendly
def consensus_list(project: ProjectArg, as_json: JsonOpt = False, coder: CoderOpt = None) -> None:
    """Every consensus decision so far: who decided what, when."""
    p = open_for_cli(project, coder)
    frame = p.consensus_decisions()
    frame["decided_at"] = [str(t)[:16] for t in frame["decided_at"]]
    if not as_json:
        frame = frame.drop(columns=["document_id", "start", "end"])  # the key carries them
    _print(frame, f"{len(frame)} consensus decision(s)", as_json, wrap=("note",))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `realist` command."""
    app.command()(agreement)
    app.command()(disagreements)
    app.add_typer(consensus_app, name="consensus")
