"""`realist` commands for synthesis and reporting: suggest, evidence, table, network, methods."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from realist.cli.common import CODER_HELP, PROJECT_HELP, console, friendly, open_for_cli
from realist.report.export import TABLE_FORMATS
from realist.synthesis.network import NETWORK_FORMATS

ProjectArg = Annotated[str, typer.Argument(help=PROJECT_HELP, metavar="PROJECT")]
CoderOpt = Annotated[str | None, typer.Option("--coder", help=CODER_HELP)]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="File to write")]
LevelOpt = Annotated[
    str | None, typer.Option("--level", help="Only this level: family, organisation or system")
]


@friendly
def table(
    project: ProjectArg,
    out: OutOpt,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"One of {', '.join(sorted(TABLE_FORMATS))} (default: from the --out suffix)",
        ),
    ] = None,
    icamo: Annotated[
        bool, typer.Option("--icamo", help="Add Intervention and Actor columns")
    ] = False,
    caption: Annotated[str | None, typer.Option(help="Caption after 'Table N.'")] = None,
    number: Annotated[int, typer.Option(help="Table number in the caption")] = 1,
    coder: CoderOpt = None,
) -> None:
    """Export the demi-regularity table (Word, Excel, CSV, Markdown or LaTeX)."""
    p = open_for_cli(project, coder)
    written = p.export_table(out, format, icamo=icamo, caption=caption, number=number)
    rows = len(p.demi_regularities())
    console.print(f"wrote {rows} demi-regularities to {written}")
    if rows == 0:
        console.print(
            "the table is empty: group CMOCs into demi-regularities first "
            "(realist suggest PROJECT proposes groups; accept them in the app or with "
            "Project.accept_suggestion)"
        )


@friendly
def network(
    project: ProjectArg,
    out: OutOpt,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"One of {', '.join(sorted(NETWORK_FORMATS))} (default: from the --out suffix)",
        ),
    ] = None,
    level: LevelOpt = None,
    source: Annotated[
        str, typer.Option(help="Nodes from 'codes', 'demi_regularities' or 'auto'")
    ] = "auto",
    coder: CoderOpt = None,
) -> None:
    """Write the CMO network (GraphML, GEXF, PNG or SVG) and print its most central nodes."""
    p = open_for_cli(project, coder)
    graph = p.cmo_network(level, source)  # type: ignore[arg-type]
    from realist.synthesis.network import centrality_summary, write_network

    written = write_network(graph, out, format)
    console.print(
        f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges to {written}"
    )
    top = centrality_summary(graph).head(5)
    if not top.empty:
        view = Table("part", "node", "CMOCs", "betweenness", title="Most central")
        for row in top.itertuples(index=False):
            view.add_row(str(row.part), str(row.label), str(row.weight), f"{row.betweenness:.3f}")
        console.print(view)


@friendly
def methods(
    project: ProjectArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON")] = False,
    coder: CoderOpt = None,
) -> None:
    """Counts and a draft methods paragraph (RAMESES II items 13-15)."""
    p = open_for_cli(project, coder)
    summary = p.methods_summary()
    if as_json:
        sys.stdout.write(json.dumps(summary.to_dict(), indent=2, default=str) + "\n")
        return
    for item, text in summary.items.items():
        console.print(f"[bold]{item}[/]")
        console.print(text, highlight=False)
        console.print()
    if not summary.participants.empty:
        view = Table("role", *map(str, summary.participants.columns), title="Participants")
        for role, values in summary.participants.iterrows():
            view.add_row(str(role), *(str(v) for v in values))
        console.print(view)


@friendly
def suggest(
    project: ProjectArg,
    threshold: Annotated[
        float, typer.Option(help="Cosine distance for joining groups: lower, tighter groups")
    ] = 0.75,
    include_assigned: Annotated[
        bool, typer.Option(help="Also group CMOCs already in a demi-regularity")
    ] = False,
    coder: CoderOpt = None,
) -> None:
    """Propose demi-regularities from similar CMOCs (nothing is stored)."""
    p = open_for_cli(project, coder)
    found = p.suggest_demi_regularities(threshold, include_assigned=include_assigned)
    if not found:
        console.print("no groups of two or more similar CMOCs: try a higher --threshold")
        return
    view = Table("#", "proposed label", "CMOCs", "top terms", "level")
    for s in found:
        view.add_row(
            str(s.number),
            s.proposed_label,
            ", ".join(map(str, s.cmoc_ids)),
            ", ".join(s.top_terms),
            s.level.value if s.level else "",
        )
    console.print(view)
    console.print("accept one in Python: project.accept_suggestion(suggestion, 'Label')")


@friendly
def evidence(project: ProjectArg, coder: CoderOpt = None) -> None:
    """Each demi-regularity's evidence: CMOCs, focus groups, participants, sites, status."""
    p = open_for_cli(project, coder)
    frame = p.demi_regularity_evidence()
    view = Table("id", "demi-regularity", "level", "CMOCs", "groups", "people", "status")
    for row in frame.itertuples(index=False):
        cells = (row.id, row.label, row.level, row.cmocs, row.documents, row.participants)
        view.add_row(*map(str, cells), str(row.evidence_status))
    view.columns[1].min_width = 16
    console.print(view)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `realist` command."""
    app.command()(table)
    app.command()(network)
    app.command()(methods)
    app.command()(suggest)
    app.command()(evidence)
