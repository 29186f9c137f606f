"""The analyst notebooks run top to bottom on the demo study and show what they promise."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from realist.demo import build_demo

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("nb") / "demo.realist")


def run(name: str, env: dict[str, str]) -> dict[str, list[dict]]:
    """Execute a notebook with ``env`` set and return its outputs by cell tag."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOKS)}},
        ).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    outputs: dict[str, list[dict]] = {}
    for cell in notebook.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            outputs[tag] = cell.get("outputs", [])
    return outputs


def html_frame(outputs: list[dict]) -> pd.DataFrame:
    for output in outputs:
        html = output.get("data", {}).get("text/html")
        if html:
            return pd.read_html(io.StringIO(html), index_col=0)[0]
    raise AssertionError(f"no table among the outputs: {outputs}")


def text_of(outputs: list[dict]) -> str:
    parts = []
    for output in outputs:
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


@pytest.fixture(scope="module")
def quickstart(demo_copy: Path) -> dict[str, list[dict]]:
    return run("01-quickstart.ipynb", {"REALIST_DEMO_PROJECT": str(demo_copy)})


@pytest.fixture(scope="module")
def synthesis(demo_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    out = tmp_path_factory.mktemp("nb-out")
    env = {"REALIST_DEMO_PROJECT": str(demo_copy), "REALIST_NOTEBOOK_OUT": str(out)}
    yield run("02-demi-regularities.ipynb", env), out


def test_notebooks_are_committed_without_outputs() -> None:
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name


def test_quickstart_counts(quickstart) -> None:
    info = text_of(quickstart["info"])
    assert "documents" in info and "demi_regularities" in info
    documents = html_frame(quickstart["documents"])
    assert len(documents) == 6 and (documents["words"] >= 3000).all()
    assert set(documents["meta_site"]) == {"regional", "metropolitan"}
    people = html_frame(quickstart["participants"])
    assert {"practitioner", "team leader", "facilitator"} <= set(people.index)
    assert "family-preservation-reunification" in text_of(quickstart["frames"])


def test_quickstart_codings_and_excerpts(quickstart) -> None:
    codings = html_frame(quickstart["codings"])
    columns = ["document", "coder", "code", "kind", "speaker", "role", "site", "excerpt"]
    assert list(codings.columns) == columns
    assert len(codings) == 10 and codings["excerpt"].str.len().gt(0).all()
    by_coder = html_frame(quickstart["by-coder"])
    assert {"ana", "ben", "lee"} <= set(by_coder.index)
    ana, ben = by_coder.loc["ana"], by_coder.loc["ben"]
    assert ((ana > 0) & (ben > 0)).sum() == 2  # the two double-coded groups
    table = text_of(quickstart["by-site-role"])
    assert "regional" in table and "metropolitan" in table and "team leader" in table
    quotes = text_of(quickstart["quotes"]).splitlines()
    assert len(quotes) == 5 and all(q.startswith("- ") and ", group " in q for q in quotes)
    agreement = html_frame(quickstart["agreement"])
    assert agreement["binary_u_alpha"].notna().any()


def test_synthesis_evidence_and_suggestions(synthesis) -> None:
    outputs, _ = synthesis
    evidence = html_frame(outputs["evidence"])
    assert len(evidence) == 12
    assert set(evidence["level"]) == {"family", "organisation", "system"}
    assert (evidence["documents"] >= 2).all() and (evidence["excerpts"] > 0).all()
    suggestions = html_frame(outputs["suggestions"])
    assert len(suggestions) >= 1 and (suggestions["CMOCs"] >= 2).all()
    assert "CMOCs" in text_of(outputs["accepted"])


def test_synthesis_table_network_and_exports(synthesis) -> None:
    outputs, out = synthesis
    table = html_frame(outputs["table"])
    assert "Illustrative quotes" in table.columns
    assert len(table) == 13  # the twelve shipped plus the one accepted above
    levels = text_of(outputs["table-levels"])
    assert all(level in levels.lower() for level in ("family", "organisation", "system"))
    assert " nodes, " in text_of(outputs["network"])
    assert any("image/png" in o.get("data", {}) for o in outputs["figure"])
    for name in (
        "demi-regularities.docx",
        "demi-regularities.xlsx",
        "cmo-network.graphml",
        "cmo-network.png",
    ):
        assert (out / name).is_file() and (out / name).stat().st_size > 1000, name
    import docx

    document = docx.Document(str(out / "demi-regularities.docx"))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert "Demi-regularity" in header and "Illustrative quotes" in header
    assert "focus group" in text_of(outputs["methods"]).lower()
