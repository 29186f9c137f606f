"""Export a full project, import it into an empty one, and compare every entity."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import realist
from realist.interop import read_qdpx

from .conftest import fill


def _content(p: realist.Project) -> dict[str, Any]:
    coders = {c.id: c.name for c in p.coders()}
    docs = {d.id: d for d in p.documents()}
    codes = {c.id: c for c in p.codes()}
    frames = {f.id: f.key for f in p.frames()}
    codings = p.codings()
    coding_key = {c.id: (docs[c.document_id].name, codes[c.code_id].key, coders[c.coder_id],
                         c.start, c.end) for c in codings}  # fmt: skip
    cmocs = {c.id: c for c in p.cmocs()}
    drs = {d.id: d for d in p.demi_regularities()}

    def target(memo: Any) -> Any:
        lookups = {"document": lambda i: docs[i].name, "code": lambda i: codes[i].key,
                   "coding": lambda i: coding_key[i], "cmoc": lambda i: cmocs[i].label,
                   "demi_regularity": lambda i: drs[i].label}  # fmt: skip
        if memo.target.value == "project":
            return None
        return lookups[memo.target.value](memo.target_id)

    return {
        "documents": sorted(
            (
                d.name,
                d.text,
                d.sha256,
                d.source_name,
                d.source_format,
                tuple(sorted(d.metadata.items())),
                d.deidentified,
                d.guid,
            )
            for d in docs.values()
        ),
        "turns": sorted(
            (
                docs[t.document_id].name,
                t.seq,
                t.speaker,
                t.start,
                t.end,
                t.participant_id is not None,
            )
            for t in p.turns()
        ),
        "frames": sorted((f.key, f.name, f.description, f.source) for f in p.frames()),
        "codes": sorted(
            (
                c.key,
                c.name,
                c.kind.value,
                c.level,
                codes[c.parent_id].key if c.parent_id else None,
                frames.get(c.frame_id),
                c.colour,
                c.description,
                c.inclusion,
                c.exclusion,
                c.example,
                c.sort_order,
                c.guid,
            )
            for c in codes.values()
        ),
        "codings": sorted(coding_key[c.id] + (c.memo, c.guid) for c in codings),
        "participants": sorted(
            (
                x.label,
                x.group,
                x.pseudonym,
                x.role,
                x.site,
                tuple(sorted(x.attributes.items())),
                x.guid,
            )
            for x in p.participants()
        ),
        "memos": sorted(
            (m.target.value, repr(target(m)), coders[m.coder_id], m.title, m.text)
            for m in p.memos()
        ),
        "cmocs": sorted(
            (
                c.label,
                c.statement,
                c.level,
                c.status.value,
                codes[c.theory_code_id].key if c.theory_code_id else None,
                coders.get(c.coder_id),
                c.guid,
                tuple(
                    (
                        docs[e.document_id].name,
                        e.start,
                        e.end,
                        e.role.value,
                        coding_key[e.coding_id] if e.coding_id else None,
                        e.note,
                    )
                    for e in c.evidence
                ),
            )
            for c in cmocs.values()
        ),
        "demi_regularities": sorted(
            (
                d.label,
                d.context,
                d.mechanism_resource,
                d.mechanism_response,
                d.outcome,
                d.intervention,
                d.actor,
                d.statement,
                d.level,
                d.status.value,
                coders.get(d.coder_id),
                d.guid,
                tuple(sorted(cmocs[i].label for i in d.cmoc_ids)),
            )
            for d in drs.values()
        ),
        "coders": sorted(coders.values()),
    }


def test_export_validates_against_the_schema(
    project: realist.Project, tmp_path: Path, project_schema: etree.XMLSchema,
    codebook_schema: etree.XMLSchema,
) -> None:  # fmt: skip
    fill(project)
    out = project.export_qdpx(tmp_path / "study.qdpx")
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        root = etree.fromstring(archive.read("project.qde"))
        assert project_schema.validate(root), project_schema.error_log
        sources = [n for n in names if n.startswith("sources/")]
        assert len(sources) == 2 and all(n.endswith(".txt") for n in sources)
        texts = {archive.read(n).decode("utf-8") for n in sources}
    assert any("\U0001f600" in t for t in texts)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert root.findall(".//q:TextSource/q:VariableValue", ns), "document attributes as variables"
    assert root.findall(".//q:Case/q:VariableValue", ns), "participant attributes as variables"
    assert root.findall(".//q:Link", ns) and root.findall(".//q:Set/q:MemberNote", ns)
    # every container present has children
    for el in root.iter():
        if etree.QName(el).localname in ("Users", "Codes", "Variables", "Cases", "Sources",
                                         "Notes", "Links", "Sets"):  # fmt: skip
            assert len(el), etree.QName(el).localname
    book = project.export_qdc(tmp_path / "frame.qdc")
    assert codebook_schema.validate(etree.parse(str(book))), codebook_schema.error_log


def test_empty_project_exports_valid_xml(
    project: realist.Project, tmp_path: Path, project_schema: etree.XMLSchema
) -> None:
    out = project.export_qdpx(tmp_path / "empty.qdpx")
    with zipfile.ZipFile(out) as archive:
        assert project_schema.validate(etree.fromstring(archive.read("project.qde")))


def test_round_trip_restores_every_entity(project: realist.Project, tmp_path: Path) -> None:
    fill(project)
    out = project.export_qdpx(tmp_path / "study.qdpx")
    target = realist.init_project(tmp_path / "copy.realist", name="Copy", owner="owner")
    report = target.import_refi(out)
    assert report.warnings == []
    before, after = _content(project), _content(target)
    for key in before:
        assert after[key] == before[key], key
    assert report.codings == len(project.codings())
    target.close()


def test_read_qdpx_offsets_point_at_the_same_words(
    project: realist.Project, tmp_path: Path
) -> None:
    fill(project)
    refi = read_qdpx(project.export_qdpx(tmp_path / "s.qdpx"))
    docs = {d.guid: d for d in project.documents()}
    for source, selection in refi.selections():
        assert source.text == docs[source.guid].text
        assert selection.end > selection.start


@pytest.mark.parametrize("fmt", ["qdc"])
def test_codebook_round_trip(project: realist.Project, tmp_path: Path, fmt: str) -> None:
    fill(project)
    book = project.export_qdc(tmp_path / f"frame.{fmt}")
    target = realist.init_project(tmp_path / "b.realist", owner="owner")
    report = target.import_refi(book)
    got = sorted((c.name, c.colour, target.code(c.parent_id).name if c.parent_id else None)
                 for c in target.codes())  # fmt: skip
    want = sorted((c.name, c.colour, project.code(c.parent_id).name if c.parent_id else None)
                  for c in project.codes())  # fmt: skip
    assert got == want
    assert report.codes == len(want)
    target.close()


def _as_nvivo_would_write_it(src: Path, dst: Path) -> Path:
    """Rewrite a realist export the way NVivo for Windows writes files: CRLF text with a
    byte order mark, UTF-16 offsets counting CRLF as two, upper-case GUIDs, its origin."""
    guid_attrs = ("guid", "targetGUID", "creatingUser", "modifyingUser", "originGUID",
                  "creatingUserGUID")  # fmt: skip
    with zipfile.ZipFile(src) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    root = etree.fromstring(members.pop("project.qde"))
    root.set("origin", "NVivo 14.23.2 (Windows)")
    out: dict[str, bytes] = {}
    for el in root.iter():
        if etree.QName(el).localname == "TextSource":
            name = el.get("plainTextPath", "").replace("internal://", "")
            text = members[f"sources/{name}"].decode("utf-8")

            def units(prefix: str) -> int:
                return len(prefix.replace("\n", "\r\n").encode("utf-16-le")) // 2

            for sel in el:
                if etree.QName(sel).localname == "PlainTextSelection":
                    start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                    sel.set("startPosition", str(units(text[:start])))
                    sel.set("endPosition", str(units(text[:end])))
            out[f"Sources/{name.upper()}"] = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
            el.set("plainTextPath", f"internal://{name.upper()}")
        for attr in guid_attrs:
            if el.get(attr):
                el.set(attr, el.get(attr).upper())
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "project.qde", etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        )
        for name, data in out.items():
            archive.writestr(name, data)
    return dst


def test_project_comes_back_from_nvivo_intact(
    sqlite_project: realist.Project, tmp_path: Path
) -> None:
    fill(sqlite_project)
    exported = sqlite_project.export_qdpx(tmp_path / "out.qdpx")
    returned = _as_nvivo_would_write_it(exported, tmp_path / "back.qdpx")
    target = realist.init_project(tmp_path / "back.realist", owner="owner")
    report = target.import_refi(returned)
    assert any("UTF-16" in line for line in report.info)
    before, after = _content(sqlite_project), _content(target)
    for key in before:
        assert after[key] == before[key], key
    target.close()


def test_without_the_project_data_note_the_work_still_comes_back(
    sqlite_project: realist.Project, tmp_path: Path
) -> None:
    """Another program may drop the project-data note; codes, codings per coder, memos and
    CMOCs (their own notes carry their data) still come back."""
    fill(sqlite_project)
    exported = sqlite_project.export_qdpx(tmp_path / "out.qdpx")
    with zipfile.ZipFile(exported) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    root = etree.fromstring(members["project.qde"])
    ns = {"q": "urn:QDA-XML:project:1.0"}
    (note,) = [n for n in root.iterfind(".//q:Note", ns) if "project data" in n.get("name", "")]
    guid = note.get("guid")
    note.getparent().remove(note)
    for ref in root.iterfind("q:NoteRef", ns):
        if ref.get("targetGUID") == guid:
            root.remove(ref)
    members["project.qde"] = etree.tostring(root)
    stripped = tmp_path / "stripped.qdpx"
    with zipfile.ZipFile(stripped, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    target = realist.init_project(tmp_path / "t.realist", owner="owner")
    target.import_refi(stripped)
    before, after = _content(sqlite_project), _content(target)
    assert after["documents"] == before["documents"] or [d[1] for d in after["documents"]] == [
        d[1] for d in before["documents"]
    ]
    strip = [(c[0], c[2], c[3], c[4]) for c in before["codings"]]
    got = [(c[0], c[2], c[3], c[4]) for c in after["codings"]]
    assert sorted(got) == sorted(strip)
    assert [c[0] for c in after["cmocs"]] == [c[0] for c in before["cmocs"]]
    assert [d[0] for d in after["demi_regularities"]] == [d[0] for d in before["demi_regularities"]]
    texts = {m[4] for m in after["memos"]}
    assert {"Study-wide reflections", "Lively group", "Check against FG3"} <= texts
    target.close()
