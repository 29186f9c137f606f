"""Importing into a project: one transaction per file, duplicates, comments, rosters."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import realist
from realist.errors import ImportFailed, PermissionDenied, ValidationError
from realist.ingest import ImportResult, ImportStatus
from realist.model import Role
from tests.ingest.makers import bold_docx, commented_docx

TURNS = [("Facilitator", "What helped?"), ("P1", "Regular visits."), ("P2", "The navigator.")]


def test_import_files_stores_documents_turns_and_speakers(project, tmp_path: Path) -> None:
    files = [bold_docx(tmp_path / "fg1.docx", TURNS)]
    (tmp_path / "fg2.txt").write_text("Facilitator: Hello?\nP1: Hi.\n")
    files.append(tmp_path / "fg2.txt")
    seen = []
    results = project.import_files(files, group="FG1", progress=seen.append)
    assert [r.status for r in results] == [ImportStatus.IMPORTED] * 2
    assert seen == results
    assert results[0].speakers == ("Facilitator", "P1", "P2")
    doc = project.document("fg1")
    turns = project.turns(doc)
    assert [(t.speaker, doc.text[t.start : t.end]) for t in turns] == TURNS
    assert all(t.participant_id is not None for t in turns)
    assert {(p.label, p.group) for p in project.participants()} == {
        ("Facilitator", "FG1"),
        ("P1", "FG1"),
        ("P2", "FG1"),
    }


def test_same_file_again_is_a_duplicate(project, tmp_path: Path) -> None:
    path = bold_docx(tmp_path / "fg1.docx", TURNS)
    first = project.import_file(path)
    revision = project.revision
    again = project.import_file(tmp_path / "fg1.docx")
    assert again.status is ImportStatus.DUPLICATE and again.ok
    assert again.document is not None and again.document.id == first.document.id
    assert project.revision == revision
    assert len(project.documents()) == 1


def test_same_name_different_content_gets_a_new_name(project, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "fg.txt").write_text("P1: one\nP2: two\n")
    (tmp_path / "fg.txt").write_text("P1: other\nP2: words\n")
    project.import_files([tmp_path / "a" / "fg.txt", tmp_path / "fg.txt"])
    assert sorted(d.name for d in project.documents()) == ["fg", "fg (2)"]


def test_bad_files_fail_alone_and_store_nothing(project, tmp_path: Path) -> None:
    (tmp_path / "empty.docx").write_bytes(b"")
    (tmp_path / "fake.docx").write_bytes(b"not a zip at all" * 10)
    good = bold_docx(tmp_path / "good.docx", TURNS)
    before = project.info()
    results = project.import_files([tmp_path / "empty.docx", tmp_path / "fake.docx", good])
    assert [r.status.value for r in results] == ["failed", "failed", "imported"]
    assert results[0].reason == "is empty (0 bytes)"
    assert "not a Word document" in results[1].reason
    after = project.info()
    assert after["documents"] == before["documents"] + 1
    assert after["revision"] == before["revision"] + 1


def test_word_comments_become_codings_with_codes_and_coders(project, tmp_path: Path) -> None:
    result = project.import_file(commented_docx(tmp_path / "coded.docx"))
    assert result.codings == 3
    assert set(result.codes_created) == {"Engagement", "Trust", "Caseload"}
    assert set(result.coders_created) == {"Mia", "Ben"}
    doc = result.document
    rows = {
        (
            project.code(c.code_id).name,
            project.get_coder(c.coder_id).name,
            doc.text[c.start : c.end],
        )
        for c in project.codings(doc)
    }
    assert ("Trust", "Mia", "She rang back every week, and that built trust.") in rows
    assert ("Caseload", "Ben", "The caseload was too high to work intensively.") in rows
    assert len(project.codes()) == 3


def test_a_coder_imports_others_comments_as_their_own(project, tmp_path: Path) -> None:
    project.add_coder("cody", Role.CODER)
    cody = project.with_coder("cody")
    result = cody.import_file(commented_docx(tmp_path / "coded.docx"))
    assert result.status is ImportStatus.IMPORTED
    assert {project.get_coder(c.coder_id).name for c in project.codings()} == {"cody"}
    assert any("only an owner or lead" in w for w in result.warnings)


def test_roster_attaches_attributes_and_spelling(project, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Label,Pseudonym,Role,Site,Group,Years in role\n"
        "P1,Alex,practitioner,regional,FG1,4\n"
        "Facilitator,,facilitator,,FG1,\n",
        encoding="utf-8",
    )
    (tmp_path / "fg1.txt").write_text("FACILITATOR: Hi.\np1: Hello.\nP1: Again.\n")
    result = project.import_file(tmp_path / "fg1.txt", roster=roster, group="FG1")
    assert result.speakers == ("Facilitator", "P1")
    people = {p.label: p for p in project.participants()}
    assert people["P1"].role == "practitioner" and people["P1"].site == "regional"
    assert people["P1"].pseudonym == "Alex"
    assert people["P1"].attributes == {"Years in role": "4"}
    assert set(people) == {"P1", "Facilitator"}


def test_roster_errors_name_the_line(project, tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text("Name,Role\nP1,practitioner\n,lead\n")
    with pytest.raises(ImportFailed, match="line 3"):
        project.import_roster(tmp_path / "r.csv")
    (tmp_path / "r2.csv").write_text("Who,Role\nP1,x\n")
    with pytest.raises(ImportFailed, match="no label column"):
        project.import_roster(tmp_path / "r2.csv")
    assert project.participants() == []


def test_attrs_go_on_the_document_and_fill_site(project, tmp_path: Path) -> None:
    (tmp_path / "fg.txt").write_text("P1: a\nP2: b\n")
    result = project.import_file(
        tmp_path / "fg.txt", group="G", attrs={"site": "metro", "wave": "1"}
    )
    assert result.document.metadata["wave"] == "1"
    assert {p.site for p in project.participants()} == {"metro"}


def test_speaker_pattern_and_viewer(project, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(">> Ann: hi\n>> Bo: yo\n")
    result = project.import_file(tmp_path / "x.txt", speaker_pattern=r"^>> (?P<speaker>\w+):")
    assert result.speakers == ("Ann", "Bo")
    with pytest.raises(ValidationError):
        project.import_file(tmp_path / "x.txt", speaker_pattern=r"^(\w+):")
    project.add_coder("vera", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        project.with_coder("vera").import_file(tmp_path / "x.txt")


def test_refi_files_go_to_the_refi_importer(project, tmp_path: Path) -> None:
    (tmp_path / "broken.qdpx").write_bytes(b"not a zip")
    result = project.import_file(tmp_path / "broken.qdpx")
    assert result.status is ImportStatus.FAILED and result.reason


def test_a_folder_stands_for_its_transcripts(project, tmp_path: Path) -> None:
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "b.txt").write_text("P1: b\nP2: c\n")
    bold_docx(folder / "A.docx", TURNS)
    (folder / "notes.xyz").write_text("ignored")
    results = project.import_files([folder])
    assert [Path(r.path).name for r in results] == ["A.docx", "b.txt"]
    assert all(r.status is ImportStatus.IMPORTED for r in results)


def test_roster_group_is_found_in_the_file_name(project, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("label,role,group\nP1,practitioner,1\nP1,team leader,2\n")
    (tmp_path / "fg2-metro.txt").write_text("Facilitator: Hi.\nP1: Hello.\n")
    (tmp_path / "other.txt").write_text("Facilitator: Yo.\nP1: Hey.\n")
    first, second = project.import_files(
        [tmp_path / "fg2-metro.txt", tmp_path / "other.txt"], roster=roster
    )
    assert first.document.metadata["group"] == "2"
    assert any("taken from the file name" in w for w in first.warnings)
    assert any("not linked to roster rows" in w for w in second.warnings)
    p1 = {(p.group, p.role) for p in project.participants() if p.label == "P1"}
    assert ("2", "team leader") in p1 and ("", "") in p1


def test_roster_from_excel(project, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Participant", "Role", "Site", "Years"])
    sheet.append(["P7", "team leader", "metropolitan", 12])
    book.save(tmp_path / "roster.xlsx")
    (person,) = project.import_roster(tmp_path / "roster.xlsx", group="FG4")
    assert (person.label, person.group, person.role, person.site) == (
        "P7",
        "FG4",
        "team leader",
        "metropolitan",
    )
    assert person.attributes == {"Years": "12"}


def test_the_same_file_imported_at_once_by_two_coders_is_stored_once(
    project: realist.Project, tmp_path: Path
) -> None:
    path = tmp_path / "fg.txt"
    path.write_text("P1: We kept going back.\nP2: And then she rang us.\n", encoding="utf-8")
    project.add_coder("ana", "coder")
    project.add_coder("ben", "coder")
    start = threading.Barrier(2)
    results = []

    def work(name: str) -> list[ImportResult]:
        p = realist.open_project(project.url, coder=name)
        start.wait()
        try:
            return p.import_files([path])
        finally:
            p.close()

    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(work, n) for n in ("ana", "ben")]:
            results.extend(done.result())
    assert sorted(r.status.value for r in results) == ["duplicate", "imported"]
    assert project.info()["documents"] == 1


def test_numbered_speakers_of_two_files_without_a_group_are_warned_about(
    project, tmp_path: Path
) -> None:
    """Otter and Word number speakers afresh in every file."""
    first, second, third = (tmp_path / f"fg{i}.txt" for i in (1, 2, 3))
    first.write_text("Speaker 1  0:03\nWelcome, everyone.\n\nSpeaker 2  0:09\nThanks.\n")
    second.write_text("Speaker 1  0:02\nHi, I'm Sam.\n\nSpeaker 3  0:07\nAnd I'm Lee.\n")
    third.write_text("Speaker 1  0:02\nA third group.\n\nSpeaker 2  0:05\nYes.\n")
    one, two = project.import_files([first, second])
    assert not any("earlier file" in w for w in one.warnings)
    assert any("'Speaker 1' also spoke in an earlier file" in w for w in two.warnings)
    assert not any("Speaker 3" in w for w in two.warnings)
    [grouped] = project.import_files([third], group="FG3")
    assert not any("earlier file" in w for w in grouped.warnings)
