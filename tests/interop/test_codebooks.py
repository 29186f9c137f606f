"""The two real codebooks (QualCoder 3.8.2, Taguette 1.4.1): see tests/data/interop/PROVENANCE.md."""

from __future__ import annotations

from pathlib import Path

import realist
from realist.interop import read_qdc

from .conftest import DATA

QUALCODER = DATA / "qualcoder-3.8.2__mixedmeasures__codebook.qdc"
TAGUETTE = DATA / "taguette-1.4.1__mixedmeasures__codebook.qdc"


def test_qualcoder_codebook_keeps_hierarchy_escapes_and_line_breaks() -> None:
    book = read_qdc(QUALCODER)
    assert book.origin == "QualCoder"
    assert len(book.codes) == 38
    names = {c.guid: c for c in book.codes}
    fidelity = names["4d1ebd54-13f8-4da1-9a17-026e2aefc288"]
    assert names[fidelity.parent_guid or ""].name == "Implementation Quality"
    assert names[fidelity.parent_guid or ""].codable is False
    assert fidelity.description == (
        "Teacher follows the published sequence.\nSecond line, after a hard break."
    )
    odd = names["da298f4e-3d71-4df2-880d-4bd3ed264ee0"]
    assert odd.name == 'Ünïcøde & <angle> "quoted" — 教师'
    assert any("byte order mark" in w for w in book.warnings)


def test_taguette_codebook_with_empty_sets_is_accepted_with_warnings() -> None:
    book = read_qdc(TAGUETTE)
    assert [c.name for c in book.codes] == ["interesting", "Scarcity", "public opinion"]
    assert all(c.guid == c.guid.lower() for c in book.codes)
    assert any("empty <Sets/>" in w for w in book.warnings)
    assert any("upper case" in w for w in book.warnings)


def test_codebooks_import_into_a_project(project: realist.Project, tmp_path: Path) -> None:
    report = project.import_refi(QUALCODER)
    assert report.codes == 38
    child = project.code("Curriculum fidelity")
    assert project.code(child.parent_id).name == "Implementation Quality"
    assert child.colour.lower() == "#a3bea5"
    report = project.import_refi(TAGUETTE)
    assert report.codes == 3
    assert len(project.codes()) == 41
    # exported again, the codebook validates and keeps the tree
    out = project.export_qdc(tmp_path / "again.qdc")
    again = read_qdc(out)
    assert len(again.codes) == 41


def test_importing_a_codebook_twice_reuses_the_codes(sqlite_project: realist.Project) -> None:
    sqlite_project.import_refi(TAGUETTE)
    again = sqlite_project.import_refi(QUALCODER)
    assert again.codes == 38
    third = sqlite_project.import_refi(TAGUETTE)
    assert third.codes == 0
    assert len(sqlite_project.codes()) == 41
    assert any("3 code(s) of the file are already in the project" in i for i in third.info)
