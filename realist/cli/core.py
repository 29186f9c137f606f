"""Project commands: init, info, coder, log, settings."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

import realist
from realist.cli.common import CODER_HELP, PROJECT_HELP, console, fail, friendly, open_for_cli
from realist.model import Role

ProjectArg = Annotated[str, typer.Argument(help=PROJECT_HELP, metavar="PROJECT")]
CoderOpt = Annotated[str | None, typer.Option("--coder", help=CODER_HELP)]

coder_app = typer.Typer(help="Manage the people who work on a project.", no_args_is_help=True)


@friendly
def init(
    project: ProjectArg,
    name: Annotated[str | None, typer.Option(help="Project name (default: the file name)")] = None,
    owner: Annotated[
        str | None, typer.Option(help="Owner's coder name (default: login name)")
    ] = None,
) -> None:
    """Create a project: a new SQLite file, or an empty database named by URL."""
    p = realist.init_project(project, name=name, owner=owner)
    console.print(
        f"created project [bold]{p.name}[/] at {project}; owner: {p.coder.name if p.coder else '?'}"
    )


@friendly
def info(
    project: ProjectArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Counts of documents, turns, participants, codes, codings, CMOCs, demi-regularities,
    coders and events."""
    p = open_for_cli(project)
    data = p.info()
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    table = Table(title=f"{data['name']} (revision {data['revision']})", show_header=False)
    for key, value in data.items():
        if key not in ("name", "revision"):
            table.add_row(key.replace("_", " "), str(value))
    console.print(table)


@friendly
def log(
    project: ProjectArg,
    limit: Annotated[int, typer.Option(help="How many events, newest first")] = 20,
) -> None:
    """The project's event log: who did what, when."""
    p = open_for_cli(project)
    table = Table("rev", "when (UTC)", "who", "action", "what")
    for e in p.log(limit):
        what = ", ".join(f"{k}={v}" for k, v in e.detail.items())
        table.add_row(str(e.revision), e.at.strftime("%Y-%m-%d %H:%M:%S"), e.coder_name, e.action,
                      what[:80])  # fmt: skip
    console.print(table)


@friendly
def setting(
    project: ProjectArg,
    key: Annotated[
        str,
        typer.Argument(
            help="blind_coding, comparison_open, evidence_min_documents, ner_model, team_mode"
        ),
    ],
    value: Annotated[
        str | None, typer.Argument(help='New value (JSON: true, 3, "text"); omit to show')
    ] = None,
    coder: CoderOpt = None,
) -> None:
    """Show or change a project setting."""
    p = open_for_cli(project, coder)
    if value is None:
        console.print(json.dumps(p.settings().get(key)))
        return
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = value
    p.set_setting(key, parsed)
    console.print(f"{key} = {json.dumps(parsed)}")


@friendly
def restore(
    project: ProjectArg,
    entity: Annotated[str, typer.Argument(help="coding, code, memo, cmoc or demi_regularity")],
    record_id: Annotated[int, typer.Argument(help="The id, as realist log shows it")],
    coder: CoderOpt = None,
) -> None:
    """Bring back something deleted (see realist log for what and its id)."""
    p = open_for_cli(project, coder)
    p.restore(entity, record_id)
    console.print(f"restored {entity} {record_id}")


@coder_app.command("add")
@friendly
def coder_add(
    project: ProjectArg,
    name: Annotated[str, typer.Argument(help="The new coder's name")],
    role: Annotated[Role, typer.Option(help="owner, lead, coder or viewer")] = Role.CODER,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="No password (single-user, local projects)")
    ] = False,
    coder: CoderOpt = None,
) -> None:
    """Add a coder. The password comes from a prompt, or from stdin with --password-stdin."""
    p = open_for_cli(project, coder)
    password: str | None
    if no_password:
        password = None
    elif password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise fail("no password on standard input (or use --no-password)")
    else:
        password = typer.prompt(f"password for {name}", hide_input=True, confirmation_prompt=True)
    added = p.add_coder(name, role, password)
    console.print(f"added {added.name} as {added.role.value}")


@coder_app.command("list")
@friendly
def coder_list(project: ProjectArg) -> None:
    """List the project's coders and roles."""
    p = open_for_cli(project)
    table = Table("id", "name", "role", "password")
    for c in p.coders():
        table.add_row(str(c.id), c.name, c.role.value, "yes" if c.has_password else "no")
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the project commands to the `realist` command."""
    app.command()(init)
    app.command()(info)
    app.command()(log)
    app.command()(setting)
    app.command()(restore)
    app.add_typer(coder_app, name="coder")
