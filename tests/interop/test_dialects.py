"""Files in each program's dialect: every selection must land on the same words."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import realist
from realist.interop import read_qdpx

from .dialects import DIALECTS, SECOND, SELECTIONS, TRANSCRIPT, build

TEXTS = (TRANSCRIPT, SECOND)


def _words(refi_path: Path) -> list[tuple[str, str]]:
    refi = read_qdpx(refi_path)
    out = []
    for source, sel in refi.selections():
        out.append((source.text[sel.start : sel.end], refi.code(sel.codings[0].code_guid).name))
    return sorted(out)


EXPECTED = sorted((words, code.split("::")[-1]) for _, words, code, _ in SELECTIONS)


@pytest.mark.parametrize("name", sorted(DIALECTS))
def test_selections_land_on_the_same_words(name: str, tmp_path: Path) -> None:
    path = build(DIALECTS[name], tmp_path / f"{name}.qdpx")
    assert _words(path) == EXPECTED


@pytest.mark.parametrize("name", sorted(DIALECTS))
def test_the_text_decides_when_the_origin_is_silent(name: str, tmp_path: Path) -> None:
    dialect = replace(DIALECTS[name], origin="")
    path = build(dialect, tmp_path / f"{name}.qdpx")
    assert _words(path) == EXPECTED


def test_inclusive_end_positions_are_recognised(tmp_path: Path) -> None:
    dialect = replace(DIALECTS["qualcoder"], origin="SomeTool 1.0", inclusive_end=True)
    assert _words(build(dialect, tmp_path / "incl.qdpx")) == EXPECTED


@pytest.mark.parametrize("name", sorted(DIALECTS))
def test_import_into_a_project(name: str, sqlite_project: realist.Project, tmp_path: Path) -> None:
    path = build(DIALECTS[name], tmp_path / f"{name}.qdpx")
    report = sqlite_project.import_refi(path)
    docs = {d.id: d for d in sqlite_project.documents()}
    coders = {c.id: c.name for c in sqlite_project.coders()}
    got = sorted(
        (docs[c.document_id].text[c.start : c.end], sqlite_project.code(c.code_id).name,
         coders[c.coder_id])
        for c in sqlite_project.codings()
    )  # fmt: skip
    want = sorted((w, code.split("::")[-1], user) for _, w, code, user in SELECTIONS)
    assert got == want
    assert report.documents == 2 and report.codings == len(SELECTIONS)
    assert {d.text for d in docs.values()} == set(TEXTS)
    # hierarchy survives, flattened or nested
    caseload = sqlite_project.code("Caseload")
    assert sqlite_project.code(caseload.parent_id).name == "Context"


def test_warnings_name_each_leniency(tmp_path: Path) -> None:
    atlas = read_qdpx(build(DIALECTS["atlasti"], tmp_path / "a.qdpx"))
    assert any("Parent::Child" in w for w in atlas.warnings)
    assert any("upper case" in w for w in atlas.warnings)
    assert any("a line break counts 1" in i for i in atlas.info)
    maxqda = read_qdpx(build(DIALECTS["maxqda"], tmp_path / "m.qdpx"))
    assert any("not 'project.qde'" in w for w in maxqda.warnings)
    assert any("Sources/" in w for w in maxqda.warnings)
    taguette = read_qdpx(build(DIALECTS["taguette"], tmp_path / "t.qdpx"))
    assert any("empty <Sets/>" in w for w in taguette.warnings)
    f4 = read_qdpx(build(DIALECTS["f4"], tmp_path / "f.qdpx"))
    assert any("without 'internal://'" in w for w in f4.warnings)
    nvivo = read_qdpx(build(DIALECTS["nvivo-windows"], tmp_path / "n.qdpx"))
    assert any("byte order mark" in w for w in nvivo.warnings)
    assert any("UTF-16" in i for i in nvivo.info)


def test_speaker_turns_are_found_in_foreign_sources(
    sqlite_project: realist.Project, tmp_path: Path
) -> None:
    sqlite_project.import_refi(build(DIALECTS["nvivo-windows"], tmp_path / "n.qdpx"))
    speakers = {t.speaker for t in sqlite_project.turns()}
    assert {"Facilitator", "P1", "P2", "P3", "P4", "P5"} <= speakers
    assert {p.label for p in sqlite_project.participants()} >= {"P1", "P5"}
