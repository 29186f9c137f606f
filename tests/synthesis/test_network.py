"""The CMO network: built from evidence codes or statements, written, read back, drawn."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

import realist
from realist.cli import app
from realist.errors import ValidationError
from realist.synthesis.network import Configuration, build_network, centrality_summary


def test_network_from_evidence_codes(study: tuple[realist.Project, dict[str, Any]]) -> None:
    p, _ = study
    graph = p.cmo_network()
    assert set(graph.nodes) == {
        "C:Family in crisis",
        "C:Manageable caseload",
        "M-resource:Time to work intensively",
        "M-response:Parents trust the worker",
        "O:Family engages",
        "O:Staff stress reduced",
    }
    # three CMOCs in three focus groups make the trust path
    assert graph.edges["C:Family in crisis", "M-response:Parents trust the worker"]["weight"] == 3
    assert (
        graph.edges["M-resource:Time to work intensively", "O:Staff stress reduced"]["weight"] == 2
    )
    family = p.cmo_network(level="family")
    assert family.number_of_nodes() == 3 and family.graph["level"] == "family"
    central = p.network_centrality()
    assert central.iloc[0]["label"] == "Parents trust the worker"


def test_nodes_and_edges_trace_back_to_excerpts(
    study: tuple[realist.Project, dict[str, Any]],
) -> None:
    p, _ = study
    words = p.network_excerpts("C:Family in crisis")
    assert len(words) == 3
    assert words["role"].unique().tolist() == ["C"]
    assert "When a family is in crisis they don't trust anyone." in words["excerpt"].tolist()
    texts = {d.name: d.text for d in p.documents()}
    for row in words.itertuples():
        assert texts[row.document][row.start : row.end] == row.excerpt
    step = p.network_excerpts(
        edge=("M-response:Parents trust the worker", "O:Family engages"), level="family"
    )
    assert set(step["role"]) == {"M-response", "O"} and len(step) == 6
    by_dr = p.network_excerpts("O:Less staff stress", source="demi_regularities")
    assert by_dr["excerpt"].tolist() == ["Staff stress went down."]
    with pytest.raises(ValidationError, match="no node"):
        p.network_excerpts("C:Nothing")
    with pytest.raises(ValidationError, match="either a node or an edge"):
        p.network_excerpts()


def test_network_from_demi_regularity_statements(
    study: tuple[realist.Project, dict[str, Any]],
) -> None:
    p, _ = study
    graph = p.cmo_network(source="demi_regularities")
    assert graph.nodes["C:Families in crisis who distrust services"]["weight"] == 2
    path = [
        "C:A manageable caseload",
        "M-resource:Time to work intensively with each family",
        "M-response:Staff feel able to do the work well",
        "O:Less staff stress",
    ]
    assert all(graph.has_edge(u, v) for u, v in pairwise(path))
    with pytest.raises(ValidationError, match="unknown network source"):
        p.cmo_network(source="nonsense")  # type: ignore[arg-type]


def test_files_parse_back_and_figures_are_written(
    study: tuple[realist.Project, dict[str, Any]], tmp_path: Path
) -> None:
    p, _ = study
    graph = p.cmo_network()
    back = nx.read_graphml(p.write_network(tmp_path / "net.graphml"))
    assert set(back.nodes) == set(graph.nodes)
    assert back.edges["C:Family in crisis", "M-response:Parents trust the worker"]["weight"] == 3
    gexf = nx.read_gexf(p.write_network(tmp_path / "net.gexf"))
    assert gexf.number_of_edges() == graph.number_of_edges()
    png = p.write_network(tmp_path / "net.png", level="family").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    svg = p.write_network(tmp_path / "net.svg").read_text()
    assert "<svg" in svg and "Parents trust the worker" in svg
    with pytest.raises(ValidationError, match="graphml"):
        p.write_network(tmp_path / "net.pdf")


def test_empty_network_still_draws(tmp_path: Path) -> None:
    graph = build_network([])
    assert centrality_summary(graph).empty
    from realist.synthesis.network import write_network

    assert write_network(graph, tmp_path / "empty.svg").read_text().count("<svg") == 1


def test_configuration_with_several_codes_per_part() -> None:
    graph = build_network(
        [Configuration("1", "x", "system", ("A", "B"), (), ("M",), ("O1", "O2"), weight=2)]
    )
    assert graph.number_of_edges() == 4
    assert graph.nodes["M-response:M"]["weight"] == 2


def test_cli_network(study: tuple[realist.Project, dict[str, Any]], tmp_path: Path) -> None:
    p, _ = study
    out = tmp_path / "figure.svg"
    result = CliRunner().invoke(app, ["network", p.url, "--format", "svg", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "6 nodes" in result.output and out.exists()
    result = CliRunner().invoke(app, ["network", p.url, "--format", "dot", "--out", str(out)])
    assert result.exit_code == 1 and "use one of" in result.output
    result = CliRunner().invoke(app, ["network", p.url, "--out", str(out), "--level", "city"])
    assert result.exit_code == 1 and "use family, organisation or system" in result.output
