"""Roles, offsets, stale versions and validation, as a user meets them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import realist
from realist.errors import (
    InvalidSpan,
    NotFound,
    PermissionDenied,
    ProjectNotFound,
    StaleVersionError,
    ValidationError,
)
from realist.model import DocumentDraft, EvidenceSpan, MemoTarget, TurnDraft

TEXT = (
    "Facilitator: What helped the family engage?\n"
    "P1: When we had time, we could sit with mum and listen.\n"
    "P2: Then she started ringing us herself.\n"
)


@pytest.fixture
def study(project: realist.Project) -> realist.Project:
    turns = (
        TurnDraft("Facilitator", 0, 44),
        TurnDraft("P1", 44, 100),
        TurnDraft("P2", 100, len(TEXT)),
    )
    project.add_document(DocumentDraft(name="FG1", text=TEXT, sha256="a", turns=turns), group="1")
    project.add_code("ctx.time", "Time to work intensively", "context", level="organisation")
    project.add_code("mres.listen", "Listening", "mechanism_resource")
    project.add_code("out.engage", "Family engages", "outcome", level="family")
    project.add_coder("lead", "lead")
    project.add_coder("cara", "coder")
    project.add_coder("dev", "coder")
    project.add_coder("vic", "viewer")
    return project


def test_viewer_writes_nothing(study: realist.Project) -> None:
    viewer = study.with_coder("vic")
    before = study.revision
    with pytest.raises(PermissionDenied, match="viewer"):
        viewer.add_coding("FG1", 0, 5, "ctx.time")
    with pytest.raises(PermissionDenied):
        viewer.add_memo(MemoTarget.PROJECT, None, "note")
    assert study.revision == before
    assert viewer.codings() == []


def test_read_only_without_coder(
    study: realist.Project, project_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REALIST_CODER", "someone-not-in-the-project")
    anonymous = realist.open_project(project_url)
    assert anonymous.coder is None
    assert anonymous.info()["documents"] == 1
    with pytest.raises(PermissionDenied, match="read-only"):
        anonymous.add_code("x", "X")


def test_coder_cannot_change_another_coders_codings(study: realist.Project) -> None:
    cara, dev, lead = study.with_coder("cara"), study.with_coder("dev"), study.with_coder("lead")
    coding = cara.add_coding("FG1", 48, 60, "ctx.time")
    with pytest.raises(PermissionDenied, match="own codings"):
        dev.delete_coding(coding.id)
    with pytest.raises(PermissionDenied):
        dev.update_coding_memo(coding.id, "mine now")
    cara.update_coding_memo(coding.id, "time is the precondition")
    lead.delete_coding(coding.id)  # a lead may settle others' work
    assert study.codings() == []
    restored = lead.restore_coding(coding.id)
    assert restored.memo == "time is the precondition"
    actions = [e.action for e in study.log(3)]
    assert actions == ["coding.restore", "coding.delete", "coding.memo"]


def test_coders_cannot_manage(study: realist.Project) -> None:
    cara = study.with_coder("cara")
    with pytest.raises(PermissionDenied):
        cara.add_coder("eve", "coder")
    with pytest.raises(PermissionDenied):
        cara.set_setting("blind_coding", True)
    with pytest.raises(PermissionDenied):
        study.with_coder("lead").add_coder("boss", "owner")


@pytest.mark.parametrize(
    ("start", "end"), [(-1, 5), (5, 5), (10, 3), (0, len(TEXT) + 1), (len(TEXT), len(TEXT) + 2)]
)
def test_spans_must_fit_the_document(study: realist.Project, start: int, end: int) -> None:
    before = study.revision
    with pytest.raises(InvalidSpan, match="does not fit"):
        study.add_coding("FG1", start, end, "ctx.time")
    assert study.revision == before and study.codings() == []


def test_bulk_add_is_all_or_nothing(study: realist.Project) -> None:
    doc = study.document("FG1")
    code = study.code("ctx.time")
    rows = [
        {"document_id": doc.id, "start": i, "end": i + 3, "code_id": code.id} for i in range(10)
    ]
    rows.append({"document_id": doc.id, "start": 0, "end": 10_000, "code_id": code.id})
    with pytest.raises(InvalidSpan):
        study.add_codings(rows)
    assert study.codings() == []
    assert study.add_codings(rows[:-1]) == 10
    assert study.log(1)[0].detail == {"count": 10}


def test_stale_memo_edit_is_refused_with_the_newer_version(study: realist.Project) -> None:
    cara, dev = study.with_coder("cara"), study.with_coder("dev")
    memo = cara.add_memo(MemoTarget.DOCUMENT, 1, "first thoughts")
    cara.update_memo(memo.id, "cara's edit", version=memo.version)
    with pytest.raises(StaleVersionError) as caught:
        dev.update_memo(memo.id, "dev's edit", version=memo.version)
    assert caught.value.current == 2
    assert caught.value.record.text == "cara's edit"
    assert "reload" in str(caught.value)
    assert study.memo(memo.id).text == "cara's edit"


def test_stale_code_and_cmoc_and_demi_regularity(study: realist.Project) -> None:
    code = study.code("ctx.time")
    study.update_code(code.key, version=code.version, colour="#112233")
    with pytest.raises(StaleVersionError):
        study.update_code(code.key, version=code.version, name="Old idea")
    evidence = [EvidenceSpan(1, 48, 64, "C"), EvidenceSpan(1, 104, 140, "O")]
    cmoc = study.add_cmoc("Time lets trust grow", evidence=evidence, level="family")
    study.update_cmoc(cmoc.id, version=1, status="supports")
    with pytest.raises(StaleVersionError):
        study.update_cmoc(cmoc.id, version=1, label="x")
    dr = study.add_demi_regularity("Engagement", [cmoc.id], level="family")
    study.update_demi_regularity(dr.id, version=1, outcome="Families engage")
    with pytest.raises(StaleVersionError):
        study.update_demi_regularity(dr.id, version=1, outcome="y")


def test_cmoc_validation(study: realist.Project) -> None:
    with pytest.raises(ValidationError, match="outcome"):
        study.add_cmoc("No outcome", evidence=[EvidenceSpan(1, 48, 64, "C")])
    with pytest.raises(ValidationError, match="context"):
        study.add_cmoc("Only outcome", evidence=[EvidenceSpan(1, 104, 140, "O")])
    with pytest.raises(InvalidSpan):
        study.add_cmoc(
            "Off the end", evidence=[EvidenceSpan(1, 48, 64, "C"), EvidenceSpan(1, 130, 999, "O")]
        )
    with pytest.raises(NotFound):
        study.add_cmoc(
            "Ghost", evidence=[EvidenceSpan(1, 48, 64, "C"), EvidenceSpan(99, 1, 2, "O")]
        )
    ok = study.add_cmoc(
        "Across turns",
        evidence=[
            EvidenceSpan(1, 48, 64, "C"),
            EvidenceSpan(1, 70, 99, "M-resource"),
            EvidenceSpan(1, 104, 140, "O"),
        ],
    )
    assert [e.role.value for e in study.cmoc(ok.id).evidence] == ["C", "M-resource", "O"]
    assert ok.statement == "If [C], then [O], because [M]"


def test_blind_coding_hides_others_until_comparison(study: realist.Project) -> None:
    cara, dev, lead = study.with_coder("cara"), study.with_coder("dev"), study.with_coder("lead")
    lead.set_setting("blind_coding", True)
    cara.add_coding("FG1", 48, 60, "ctx.time")
    dev.add_coding("FG1", 50, 70, "mres.listen")
    assert {c.coder_id for c in cara.codings()} == {cara.coder.id}
    assert len(lead.codings()) == 2
    assert len(cara.codings(coder="dev")) == 0
    lead.set_setting("comparison_open", True)
    assert len(cara.codings()) == 2


def test_team_mode_requires_the_password(study: realist.Project, project_url: str) -> None:
    study.set_password("cara", "correct horse")
    study.set_setting("team_mode", True)
    with pytest.raises(PermissionDenied, match="sign in"):
        realist.open_project(project_url, coder="cara")
    with pytest.raises(PermissionDenied, match="wrong password"):
        realist.open_project(project_url, coder="cara", password="nope")
    assert (
        realist.open_project(project_url, coder="cara", password="correct horse").coder.name
        == "cara"
    )
    assert study.authenticate("cara", "correct horse").name == "cara"
    with pytest.raises(PermissionDenied):
        study.authenticate("nobody", "x")


def test_opening_and_creating_mistakes(tmp_path: Path) -> None:
    with pytest.raises(ProjectNotFound, match="realist init"):
        realist.open_project(tmp_path / "missing.realist")
    realist.init_project(tmp_path / "a.realist", owner="ana").close()
    with pytest.raises(ValidationError, match="already exists"):
        realist.init_project(tmp_path / "a.realist")
    with pytest.raises(PermissionDenied, match="no coder called"):
        realist.open_project(tmp_path / "a.realist", coder="zed")
    (tmp_path / "notes.txt").write_text("not a database")
    with pytest.raises(realist.RealistError):
        realist.open_project(tmp_path / "notes.txt")


def test_import_realist_loads_no_streamlit_and_no_spacy() -> None:
    code = (
        "import sys, realist; print(sorted(m for m in ('streamlit', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_sql_lives_only_in_the_store() -> None:
    package = Path(realist.__file__).parent
    offenders = []
    for path in package.rglob("*.py"):
        rel = path.relative_to(package).as_posix()
        if rel.startswith("store/"):
            continue
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("import sqlalchemy", "from sqlalchemy", "import sqlite3",
                                    "from sqlite3", "import psycopg", "from psycopg")):  # fmt: skip
                offenders.append(f"{rel}: {stripped}")
    assert offenders == []


def test_deleted_work_can_be_restored(study: realist.Project) -> None:
    evidence = [EvidenceSpan(1, 48, 64, "C"), EvidenceSpan(1, 104, 140, "O")]
    cmoc = study.add_cmoc("Time lets trust grow", evidence=evidence)
    dr = study.add_demi_regularity("Engagement", [cmoc.id])
    study.delete_cmoc(cmoc.id)
    assert study.cmocs() == [] and study.demi_regularity(dr.id).cmoc_ids == ()
    study.restore("cmoc", cmoc.id)
    assert study.demi_regularity(dr.id).cmoc_ids == (cmoc.id,)
    study.delete_code("ctx.time")
    with pytest.raises(NotFound):
        study.code("ctx.time")
    study.restore("code", study.log(1)[0].entity_id)
    assert study.code("ctx.time").name == "Time to work intensively"
    with pytest.raises(NotFound, match="not deleted"):
        study.restore("cmoc", cmoc.id)
    with pytest.raises(ValidationError):
        study.restore("document", 1)
