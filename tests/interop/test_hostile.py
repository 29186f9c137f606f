"""Hostile and broken files: clear errors or warnings, and nothing half imported."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import realist
from realist.errors import ImportFailed
from realist.interop import Limits, UnsafeFile, read_qdpx
from realist.store import interop as interop_store

from .dialects import DIALECTS, build

QDE_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
SOURCE_GUID = "11e0d4d7-4de8-4501-a82f-653d3e5d1c15"
CODE_GUID = "d7aa29da-519b-4946-9b90-253b6db8fd0a"


def _qde(selections: str = "", extra: str = "", text_ref: str | None = None) -> str:
    ref = text_ref or f"internal://{SOURCE_GUID}.txt"
    return (
        QDE_HEAD + '<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="QualCoder 3.8">'
        f'<CodeBook><Codes><Code guid="{CODE_GUID}" name="Trust" isCodable="true"/></Codes></CodeBook>'
        f'<Sources><TextSource guid="{SOURCE_GUID}" name="FG1" plainTextPath="{ref}">{selections}'
        f"</TextSource></Sources>{extra}</Project>"
    )


def _selection(guid: str, start: int, end: int) -> str:
    return (
        f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="{guid[:-4]}beef"><CodeRef targetGUID="{CODE_GUID}"/></Coding>'
        "</PlainTextSelection>"
    )


def _zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _state(p: realist.Project) -> dict[str, object]:
    return {**p.info(), "docs": [d.name for d in p.documents()], "codes": len(p.codes())}


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "C:/evil.txt",
                                  "sources/../../evil.txt", "..\\evil.txt"])  # fmt: skip
def test_member_names_that_escape_are_refused(
    name: str, tmp_path: Path, sqlite_project: realist.Project
) -> None:
    project = sqlite_project
    path = _zip(tmp_path / "x.qdpx", {"project.qde": _qde(), name: "boo",
                                      f"sources/{SOURCE_GUID}.txt": "We trust them."})  # fmt: skip
    before = _state(project)
    with pytest.raises(UnsafeFile, match="outside the archive"):
        project.import_refi(path)
    assert _state(project) == before


def test_zip_bomb_is_refused_before_reading(
    tmp_path: Path, sqlite_project: realist.Project
) -> None:
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _qde())
        archive.writestr(f"sources/{SOURCE_GUID}.txt", b"\0" * (40 * 1024 * 1024))
    before = _state(sqlite_project)
    with pytest.raises(UnsafeFile, match="zip bomb"):
        sqlite_project.import_refi(path)
    assert _state(sqlite_project) == before


def test_size_limits_apply_per_member_and_in_total(tmp_path: Path) -> None:
    path = _zip(tmp_path / "x.qdpx", {"project.qde": _qde(),
                                      f"sources/{SOURCE_GUID}.txt": "x" * 5000})  # fmt: skip
    with pytest.raises(UnsafeFile, match="limit"):
        read_qdpx(path, limits=Limits(max_member_bytes=1000))
    with pytest.raises(UnsafeFile, match="limit"):
        read_qdpx(path, limits=Limits(max_total_bytes=2000))


BILLION_LAUGHS = (
    QDE_HEAD + '<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>'
)
EXTERNAL = (
    QDE_HEAD + '<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
)


@pytest.mark.parametrize("qde", [BILLION_LAUGHS, EXTERNAL], ids=["expansion", "external"])
def test_entities_and_doctype_are_refused(
    qde: str, tmp_path: Path, project: realist.Project
) -> None:
    path = _zip(tmp_path / "x.qdpx", {"project.qde": qde})
    before = _state(project)
    with pytest.raises(UnsafeFile, match="DOCTYPE"):
        project.import_refi(path)
    assert _state(project) == before
    book = tmp_path / "x.qdc"
    book.write_text(qde.replace("Project", "CodeBook"))
    with pytest.raises(UnsafeFile):
        project.import_refi(book)


def test_not_a_zip_is_a_clear_error(tmp_path: Path, sqlite_project: realist.Project) -> None:
    path = tmp_path / "x.qdpx"
    path.write_text("hello")
    with pytest.raises(ImportFailed, match="zip"):
        sqlite_project.import_refi(path)


def test_missing_source_is_a_warning_and_the_rest_imports(
    tmp_path: Path, sqlite_project: realist.Project
) -> None:
    other = "22e0d4d7-4de8-4501-a82f-653d3e5d1c16"
    qde = _qde(_selection("33e0d4d7-4de8-4501-a82f-653d3e5d0001", 3, 8)).replace(
        "</Sources>",
        f'<TextSource guid="{other}" name="FG2" plainTextPath="internal://{other}.txt"/></Sources>',
    )
    path = _zip(tmp_path / "x.qdpx", {"project.qde": qde,
                                      f"sources/{SOURCE_GUID}.txt": "We trust them."})  # fmt: skip
    report = sqlite_project.import_refi(path)
    assert report.documents == 1 and report.codings == 1
    assert any("'FG2'" in w and "missing" in w for w in report.warnings)
    with pytest.raises(ImportFailed, match="strict"):
        realist.init_project(tmp_path / "s.realist", owner="o").import_refi(path, strict=True)


def test_selection_outside_the_text_is_skipped_with_a_warning(
    tmp_path: Path, sqlite_project: realist.Project
) -> None:
    sels = _selection("33e0d4d7-4de8-4501-a82f-653d3e5d0001", 3, 8) + _selection(
        "33e0d4d7-4de8-4501-a82f-653d3e5d0002", 10, 400
    )
    path = _zip(tmp_path / "x.qdpx", {"project.qde": _qde(sels),
                                      f"sources/{SOURCE_GUID}.txt": "We trust them."})  # fmt: skip
    report = sqlite_project.import_refi(path)
    assert report.codings == 1
    assert any("outside the text" in w for w in report.warnings)
    (coding,) = sqlite_project.codings()
    assert sqlite_project.document(coding.document_id).text[coding.start : coding.end] == "trust"


def test_duplicate_guids_are_reported(tmp_path: Path) -> None:
    dup = "33e0d4d7-4de8-4501-a82f-653d3e5d0001"
    path = _zip(tmp_path / "x.qdpx", {"project.qde": _qde(_selection(dup, 3, 8) + _selection(dup, 0, 2)),
                                      f"sources/{SOURCE_GUID}.txt": "We trust them."})  # fmt: skip
    refi = read_qdpx(path)
    assert any("duplicate GUID" in w for w in refi.warnings)
    assert len({s.guid for _, s in refi.selections()}) == 2


def test_failure_midway_leaves_the_project_unchanged(
    tmp_path: Path, project: realist.Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build(DIALECTS["qualcoder"], tmp_path / "q.qdpx")
    qde = zipfile.ZipFile(path).read("project.qde").decode()
    note = ('<Notes><Note guid="44e0d4d7-4de8-4501-a82f-653d3e5d0001" name="memo">'
            "<PlainTextContent>hello</PlainTextContent></Note></Notes>")  # fmt: skip
    members = {n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()}
    members["project.qde"] = qde.replace("</Sources>", "</Sources>" + note).encode()
    path = _zip(tmp_path / "q2.qdpx", members)
    before = _state(project)

    def explode(*args: object) -> None:
        raise ImportFailed(path, "disk full")

    monkeypatch.setattr(interop_store, "set_memo_guid", explode)
    with pytest.raises(ImportFailed, match="disk full"):
        project.import_refi(path)
    assert _state(project) == before
    assert project.coders()[0].name == "owner" and len(project.coders()) == 1


def test_importing_the_same_file_twice_is_refused(
    tmp_path: Path, sqlite_project: realist.Project
) -> None:
    path = build(DIALECTS["qualcoder"], tmp_path / "q.qdpx")
    sqlite_project.import_refi(path)
    before = _state(sqlite_project)
    with pytest.raises(ImportFailed, match="imported before"):
        sqlite_project.import_refi(path)
    assert _state(sqlite_project) == before


def test_viewers_cannot_import(tmp_path: Path, sqlite_project: realist.Project) -> None:
    sqlite_project.add_coder("val", "viewer")
    path = build(DIALECTS["qualcoder"], tmp_path / "q.qdpx")
    with pytest.raises(realist.errors.PermissionDenied):
        sqlite_project.with_coder("val").import_refi(path)


def test_empty_selections_are_skipped_without_blaming_the_offsets(tmp_path: Path) -> None:
    sels = _selection("33e0d4d7-4de8-4501-a82f-653d3e5d0001", 3, 8) + _selection(
        "33e0d4d7-4de8-4501-a82f-653d3e5d0002", 5, 5
    )
    path = _zip(tmp_path / "x.qdpx", {"project.qde": _qde(sels),
                                      f"sources/{SOURCE_GUID}.txt": "We trust them."})  # fmt: skip
    refi = read_qdpx(path)
    assert any("no extent" in w for w in refi.warnings)
    assert [(s.start, s.end) for _, s in refi.selections()] == [(3, 8)]
