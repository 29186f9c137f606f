"""The CMO network: contexts, mechanisms and outcomes as nodes, configurations as edges.

Each configuration reads C -> M (resource) -> M (response) -> O. Every part it names
becomes a node and every step an edge, weighted by how many CMOCs make that step, so the
paths most of the study travels stand out.

Where the nodes come from (``source``):

``"codes"``
    One configuration per CMOC. Its nodes are the codes behind its evidence spans (an
    evidence span made from a coding names that coding's code). This is the default when
    any CMOC evidence comes from codings: codes are the study's shared vocabulary, so two
    CMOCs that used the same context code meet at the same node.
``"demi_regularities"``
    One configuration per demi-regularity. Its nodes are its consolidated context,
    mechanism and outcome statements; its edges weigh as many CMOCs as it groups. Used
    when no evidence comes from codings, or when asked for.

Intervention and actor (ICAMO) parts are left out of the network; they are in the table.

Examples
--------
>>> configs = [
...     Configuration("1", "Trust", "family", ("Consistent worker",), (), ("Feels safe",),
...                   ("Engages",)),
...     Configuration("2", "Trust 2", "family", ("Consistent worker",), (), ("Feels safe",),
...                   ("Stays",)),
... ]
>>> g = build_network(configs)
>>> g.number_of_nodes(), g.number_of_edges()
(4, 3)
>>> g.edges["C:Consistent worker", "M-response:Feels safe"]["weight"]
2
>>> centrality_summary(g).iloc[0]["label"]
'Feels safe'
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import networkx as nx
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from realist.errors import ValidationError
from realist.model import EvidenceRole, Level
from realist.synthesis.data import SynthesisData

Source = Literal["auto", "codes", "demi_regularities"]

#: The parts of a configuration in reading order, with their node-id prefix and colour.
PARTS: tuple[tuple[str, str, str], ...] = (
    ("context", "C", "#4C78A8"),
    ("mechanism_resource", "M-resource", "#F58518"),
    ("mechanism_response", "M-response", "#E45756"),
    ("outcome", "O", "#54A24B"),
)
_PART_ROLE = {
    "context": EvidenceRole.CONTEXT,
    "mechanism_resource": EvidenceRole.MECHANISM_RESOURCE,
    "mechanism_response": EvidenceRole.MECHANISM_RESPONSE,
    "outcome": EvidenceRole.OUTCOME,
}


@dataclass(frozen=True)
class Configuration:
    """One path through the network: the node labels of each part, and its weight."""

    key: str
    label: str
    level: str
    context: tuple[str, ...]
    mechanism_resource: tuple[str, ...]
    mechanism_response: tuple[str, ...]
    outcome: tuple[str, ...]
    weight: int = 1


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def configurations(data: SynthesisData, source: Source = "auto") -> list[Configuration]:
    """The configurations to draw, from CMOC evidence codes or demi-regularity statements.

    ``"auto"`` uses codes when any CMOC evidence span came from a coding, else
    demi-regularities (see the module notes).
    """
    if source not in ("auto", "codes", "demi_regularities"):
        raise ValidationError(
            f"unknown network source {source!r}: use 'codes', 'demi_regularities' or 'auto'"
        )
    if source == "auto":
        coded = any(
            data.evidence_code(e) is not None for c in data.cmocs.values() for e in c.evidence
        )
        source = "codes" if coded else "demi_regularities"
    if source == "codes":
        found = []
        for cmoc in sorted(data.cmocs.values(), key=lambda c: c.id):
            parts = {
                part: _unique(
                    code.name
                    for e in cmoc.evidence_for(role)
                    if (code := data.evidence_code(e)) is not None
                )
                for part, role in _PART_ROLE.items()
            }
            if sum(bool(v) for v in parts.values()) >= 2:
                level = cmoc.level.value if cmoc.level else ""
                found.append(
                    Configuration(
                        str(cmoc.id),
                        cmoc.label,
                        level,
                        parts["context"],
                        parts["mechanism_resource"],
                        parts["mechanism_response"],
                        parts["outcome"],
                    )
                )
        return found
    return [
        Configuration(
            key=f"DR{dr.id}",
            label=dr.label,
            level=dr.level.value if dr.level else "",
            context=_unique([dr.context]),
            mechanism_resource=_unique([dr.mechanism_resource]),
            mechanism_response=_unique([dr.mechanism_response]),
            outcome=_unique([dr.outcome]),
            weight=max(1, len(data.members(dr))),
        )
        for dr in sorted(data.demi_regularities, key=lambda d: d.id)
    ]


def build_network(configs: Sequence[Configuration], level: Level | str | None = None) -> nx.DiGraph:
    """A directed graph of the configurations (of one level, or all when ``level`` is None).

    Nodes carry ``label``, ``part`` (C, M-resource, M-response, O), ``kind``, ``weight``
    (CMOCs through the node), ``levels`` and ``keys``; edges carry ``weight`` (CMOCs making
    the step), ``configurations`` (how many configurations), ``levels`` and ``keys``.
    ``keys`` are the ``;``-separated configurations behind a node or edge (CMOC ids, or
    ``DR<id>`` for demi-regularities): :func:`excerpts_behind` follows them to the words.
    """
    wanted = _level(level)
    graph = nx.DiGraph(level=wanted or "all")
    for config in configs:
        if wanted and config.level != wanted:
            continue
        present = [
            (prefix, kind, getattr(config, kind))
            for kind, prefix, _ in PARTS
            if getattr(config, kind)
        ]
        for prefix, kind, labels in present:
            for label in labels:
                node = f"{prefix}:{label}"
                if node not in graph:
                    graph.add_node(
                        node, label=label, part=prefix, kind=kind, weight=0, levels="", keys=""
                    )
                attrs = graph.nodes[node]
                attrs["weight"] += config.weight
                attrs["levels"] = _add_level(attrs["levels"], config.level)
                attrs["keys"] = _add_level(attrs["keys"], config.key)
        for (p1, _, first), (p2, _, second) in pairwise(present):
            for a in first:
                for b in second:
                    u, v = f"{p1}:{a}", f"{p2}:{b}"
                    if not graph.has_edge(u, v):
                        graph.add_edge(u, v, weight=0, configurations=0, levels="", keys="")
                    edge = graph.edges[u, v]
                    edge["weight"] += config.weight
                    edge["configurations"] += 1
                    edge["levels"] = _add_level(edge["levels"], config.level)
                    edge["keys"] = _add_level(edge["keys"], config.key)
    return graph


def _level(level: Level | str | None) -> str | None:
    if not level:
        return None
    try:
        return Level(level).value
    except ValueError:
        raise ValidationError(
            f"unknown level {level!r}: use family, organisation or system (or none for all)"
        ) from None


def _add_level(levels: str, level: str) -> str:
    if not level:
        return levels
    known = [v for v in levels.split(";") if v]
    return levels if level in known else ";".join([*known, level])


def cmo_network(
    data: SynthesisData, level: Level | str | None = None, source: Source = "auto"
) -> nx.DiGraph:
    """The CMO network of a study: :func:`configurations` then :func:`build_network`."""
    return build_network(configurations(data, source), level)


EXCERPT_COLUMNS = ["cmoc_id", "cmoc", "role", "document", "start", "end", "excerpt"]


def excerpts_behind(
    graph: nx.DiGraph,
    data: SynthesisData,
    node: str | None = None,
    edge: tuple[str, str] | None = None,
) -> pd.DataFrame:
    """The evidence excerpts behind one node or one edge of the network.

    A node's excerpts are its own part's spans in each configuration through it (the
    context spans behind a context node); an edge's are the spans of both its ends.
    """
    if (node is None) == (edge is None):
        raise ValidationError("name either a node or an edge, e.g. node='C:Family in crisis'")
    if node is not None:
        if node not in graph:
            raise ValidationError(f"no node {node!r} in this network: see graph.nodes")
        attrs = graph.nodes[node]
        ends = [(attrs["part"], attrs["label"])]
    else:
        assert edge is not None
        if not graph.has_edge(*edge):
            raise ValidationError(f"no edge {edge!r} in this network: see graph.edges")
        attrs = graph.edges[edge]
        ends = [(graph.nodes[n]["part"], graph.nodes[n]["label"]) for n in edge]
    by_prefix = {prefix: kind for kind, prefix, _ in PARTS}
    rows = []
    for key in (k for k in attrs["keys"].split(";") if k):
        if key.startswith("DR"):
            found = [d for d in data.demi_regularities if d.id == int(key[2:])]
            cmocs = list(data.members(found[0])) if found else []
        else:
            cmocs = [data.cmocs[int(key)]] if int(key) in data.cmocs else []
        for cmoc in cmocs:
            for prefix, label in ends:
                role = _PART_ROLE[by_prefix[prefix]]
                for ev in cmoc.evidence_for(role):
                    code = data.evidence_code(ev)
                    from_codes = not key.startswith("DR")
                    if from_codes and (code is None or code.name != label):
                        continue
                    document = data.documents.get(ev.document_id)
                    rows.append(
                        {
                            "cmoc_id": cmoc.id,
                            "cmoc": cmoc.label,
                            "role": role.value,
                            "document": document.name if document else ev.document_id,
                            "start": ev.start,
                            "end": ev.end,
                            "excerpt": data.excerpt(ev),
                        }
                    )
    frame = pd.DataFrame(rows, columns=EXCERPT_COLUMNS)
    return frame.drop_duplicates().reset_index(drop=True)


CENTRALITY_COLUMNS = [
    "node",
    "label",
    "part",
    "weight",
    "in_strength",
    "out_strength",
    "degree",
    "betweenness",
    "pagerank",
]


def centrality_summary(graph: nx.DiGraph) -> pd.DataFrame:
    """One row per node, most central first.

    ``weight`` is CMOCs through the node; ``in_strength``/``out_strength`` sum the weights of
    incoming/outgoing steps; ``betweenness`` treats heavier steps as shorter (distance =
    1 / weight) and is normalised; ``pagerank`` follows steps in proportion to weight.
    """
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=CENTRALITY_COLUMNS)
    distance = {(u, v): 1.0 / max(d["weight"], 1) for u, v, d in graph.edges(data=True)}
    nx.set_edge_attributes(graph, distance, "_distance")
    betweenness = nx.betweenness_centrality(graph, weight="_distance", normalized=True)
    for _, _, d in graph.edges(data=True):
        d.pop("_distance", None)
    rank = nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {}
    rows = [
        {
            "node": node,
            "label": attrs["label"],
            "part": attrs["part"],
            "weight": attrs["weight"],
            "in_strength": int(graph.in_degree(node, weight="weight")),
            "out_strength": int(graph.out_degree(node, weight="weight")),
            "degree": int(graph.degree(node)),
            "betweenness": round(betweenness.get(node, 0.0), 4),
            "pagerank": round(rank.get(node, 1.0 / graph.number_of_nodes()), 4),
        }
        for node, attrs in graph.nodes(data=True)
    ]
    frame = pd.DataFrame(rows, columns=CENTRALITY_COLUMNS)
    return frame.sort_values(
        ["weight", "betweenness", "node"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def _layered_positions(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Columns C | M-resource | M-response | O; within a column, nodes follow the mean
    height of their predecessors so that few edges cross."""
    columns = [p for _, p, _ in PARTS if any(d["part"] == p for _, d in graph.nodes(data=True))]
    height = max(
        (sum(1 for _, d in graph.nodes(data=True) if d["part"] == p) for p in columns), default=1
    )
    pos: dict[str, tuple[float, float]] = {}
    for x, part in enumerate(columns):
        nodes = sorted(n for n, d in graph.nodes(data=True) if d["part"] == part)

        def order(node: str) -> tuple[float, int, str]:
            above = [pos[p][1] for p in graph.predecessors(node) if p in pos]
            mean = sum(above) / len(above) if above else 0.0
            return (-mean, -graph.nodes[node]["weight"], node)

        nodes.sort(key=order)
        step = height / (len(nodes) + 1)
        for i, node in enumerate(nodes):
            pos[node] = (float(x), height - step * (i + 1))
    return pos


def network_figure(graph: nx.DiGraph, *, title: str | None = None, wrap: int = 26) -> Figure:
    """A report figure of the network: one column per part, line width by weight.

    Drawn on a matplotlib :class:`~matplotlib.figure.Figure` without pyplot, so it never
    opens a window; save it with ``fig.savefig(path)`` or :func:`write_network`.
    """
    pos = _layered_positions(graph)
    columns = sorted({x for x, _ in pos.values()})
    rows = max((sum(1 for x, _ in pos.values() if x == c) for c in columns), default=1)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3.2 * max(len(columns), 1) + 1, max(3.0, 0.55 * rows + 1.5)))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "No configurations to draw", ha="center", va="center")
        return fig
    top = max(d["weight"] for _, _, d in graph.edges(data=True)) if graph.number_of_edges() else 1
    for u, v, d in graph.edges(data=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        ax.annotate(
            "",
            xy=(x2, y2),
            xytext=(x1, y1),
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#555555",
                "alpha": 0.35 + 0.5 * d["weight"] / top,
                "lw": 0.6 + 4.0 * d["weight"] / top,
                "shrinkA": 6,
                "shrinkB": 6,
            },
        )
    colour = {prefix: c for _, prefix, c in PARTS}
    biggest = max(d["weight"] for _, d in graph.nodes(data=True)) or 1
    for node, d in graph.nodes(data=True):
        x, y = pos[node]
        ax.scatter(
            [x],
            [y],
            s=60 + 340 * d["weight"] / biggest,
            color=colour[d["part"]],
            zorder=3,
            edgecolors="white",
        )
        ax.text(
            x,
            y - 0.28,
            textwrap.fill(d["label"], wrap),
            ha="center",
            va="top",
            fontsize=7,
            zorder=4,
        )
    names = {
        "C": "Context",
        "M-resource": "Mechanism (resource)",
        "M-response": "Mechanism (response)",
        "O": "Outcome",
    }
    parts_by_x = {x: graph.nodes[n]["part"] for n, (x, _) in pos.items()}
    for x in columns:
        ax.text(
            x,
            rows + 0.3,
            names[parts_by_x[x]],
            ha="center",
            va="bottom",
            fontsize=9,
            fontweight="bold",
        )
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ax.set_ylim(-0.8, rows + 0.9)
    if title:
        ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


NetworkWriter = Callable[[nx.DiGraph, Path], None]
NETWORK_FORMATS: dict[str, NetworkWriter] = {}


def network_format(name: str) -> Callable[[NetworkWriter], NetworkWriter]:
    """Register a network writer under ``name`` (also the file suffix it answers to)."""

    def register(writer: NetworkWriter) -> NetworkWriter:
        NETWORK_FORMATS[name] = writer
        return writer

    return register


@network_format("graphml")
def _write_graphml(graph: nx.DiGraph, path: Path) -> None:
    nx.write_graphml(graph, path)


@network_format("gexf")
def _write_gexf(graph: nx.DiGraph, path: Path) -> None:
    nx.write_gexf(graph, path)


def _title(graph: nx.DiGraph) -> str:
    level = graph.graph.get("level", "all")
    return "CMO network" + ("" if level == "all" else f": {level} level")


@network_format("png")
def _write_png(graph: nx.DiGraph, path: Path) -> None:
    network_figure(graph, title=_title(graph)).savefig(path, format="png", dpi=200)


@network_format("svg")
def _write_svg(graph: nx.DiGraph, path: Path) -> None:
    network_figure(graph, title=_title(graph)).savefig(path, format="svg")


def write_network(graph: nx.DiGraph, path: str | Path, format: str | None = None) -> Path:
    """Write the network as GraphML, GEXF, PNG or SVG (``format`` defaults to the suffix)."""
    target = Path(path)
    name = (format or target.suffix.lstrip(".")).lower()
    writer = NETWORK_FORMATS.get(name)
    if writer is None:
        raise ValidationError(
            f"cannot write a network as {name or 'a file without suffix'!r} ({target}): "
            f"use one of {', '.join(sorted(NETWORK_FORMATS))}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    writer(graph, target)
    return target
