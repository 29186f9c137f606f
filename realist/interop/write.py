"""Write a :class:`RefiProject` as a ``.qdpx`` project or a ``.qdc`` codebook.

The XML follows the standard's element order, leaves out empty containers (the schema
forbids them), and stores each text source as ``sources/<guid>.txt`` in UTF-8, referenced
as ``internal://<guid>.txt``; selections count code points, as the standard says.

Examples
--------
>>> from realist.interop.refi import RefiCode, RefiProject
>>> book = RefiProject(name="Frame", codes=[
...     RefiCode("5215cc69-b628-4e02-afb9-9beeaee55808", "Context", codable=False),
...     RefiCode("d7aa29da-519b-4946-9b90-253b6db8fd0a", "Trust", colour="#33CC33",
...              parent_guid="5215cc69-b628-4e02-afb9-9beeaee55808")])
>>> print(codebook_xml(book).decode().splitlines()[2])
  <Codes>
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from realist.interop.refi import (
    RefiCode,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSource,
)

__all__ = ["codebook_xml", "project_xml", "write_qdc", "write_qdpx"]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _date(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Builder:
    def __init__(self, ns: str) -> None:
        self.ns = ns

    def el(self, parent: etree._Element | None, tag: str, **attrs: Any) -> etree._Element:
        clean = {k: _clean(str(v)) for k, v in attrs.items() if v is not None and v != ""}
        qname = f"{{{self.ns}}}{tag}"
        if parent is None:
            return etree.Element(qname, clean, nsmap={None: self.ns})  # type: ignore[dict-item]
        return etree.SubElement(parent, qname, clean)

    def text(self, parent: etree._Element, tag: str, value: str) -> None:
        if value:
            self.el(parent, tag).text = _clean(value)

    def refs(self, parent: etree._Element, tag: str, guids: list[str]) -> None:
        for guid in guids:
            self.el(parent, tag, targetGUID=guid)


def _code_tree(
    b: _Builder, parent: etree._Element, codes: list[RefiCode], *, with_notes: bool
) -> None:
    children: dict[str | None, list[RefiCode]] = {}
    known = {c.guid for c in codes}
    for code in codes:
        key = code.parent_guid if code.parent_guid in known else None
        children.setdefault(key, []).append(code)

    def add(container: etree._Element, code: RefiCode) -> None:
        el = b.el(
            container,
            "Code",
            guid=code.guid,
            name=code.name,
            isCodable="true" if code.codable else "false",
            color=code.colour,
        )
        b.text(el, "Description", code.description)
        if with_notes:
            b.refs(el, "NoteRef", code.note_guids)
        for child in children.get(code.guid, []):
            add(el, child)

    codes_el = b.el(parent, "Codes")
    for code in children.get(None, []):
        add(codes_el, code)


def codebook_xml(project: RefiProject) -> bytes:
    """The ``.qdc`` XML for the project's codes (and its sets of codes)."""
    b = _Builder(CODEBOOK_NS)
    root = b.el(None, "CodeBook", origin=project.origin)
    _code_tree(b, root, project.codes, with_notes=False)
    code_sets = [s for s in project.sets if s.code_guids]
    if code_sets:
        sets = b.el(root, "Sets")
        for item in code_sets:
            el = b.el(sets, "Set", guid=item.guid, name=item.name)
            b.text(el, "Description", item.description)
            for guid in item.code_guids:
                b.el(el, "MemberCode", guid=guid)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _coding(b: _Builder, parent: etree._Element, coding: RefiCoding) -> None:
    el = b.el(
        parent,
        "Coding",
        guid=coding.guid,
        creatingUser=coding.user_guid,
        creationDateTime=_date(coding.created),
    )
    b.el(el, "CodeRef", targetGUID=coding.code_guid)
    b.refs(el, "NoteRef", coding.note_guids)


def _value(b: _Builder, parent: etree._Element, guid: str, value: Any) -> None:
    vv = b.el(parent, "VariableValue")
    b.el(vv, "VariableRef", targetGUID=guid)
    if isinstance(value, bool):
        b.el(vv, "BooleanValue").text = "true" if value else "false"
    elif isinstance(value, int):
        b.el(vv, "IntegerValue").text = str(value)
    elif isinstance(value, float):
        b.el(vv, "FloatValue").text = repr(value)
    else:
        b.el(vv, "TextValue").text = _clean(str(value))


def _source(
    b: _Builder, parent: etree._Element, source: RefiSource, variables: dict[str, str]
) -> None:
    el = b.el(
        parent,
        "TextSource",
        guid=source.guid,
        name=source.name,
        plainTextPath=f"internal://{source.guid}.txt",
        creatingUser=source.user_guid,
        creationDateTime=_date(source.created),
    )
    b.text(el, "Description", source.description)
    for sel in source.selections:
        sel_el = b.el(
            el,
            "PlainTextSelection",
            guid=sel.guid,
            name=sel.name,
            startPosition=sel.start,
            endPosition=sel.end,
            creatingUser=sel.user_guid,
            creationDateTime=_date(sel.created),
        )
        b.text(sel_el, "Description", sel.description)
        for coding in sel.codings:
            _coding(b, sel_el, coding)
        b.refs(sel_el, "NoteRef", sel.note_guids)
    for coding in source.codings:
        _coding(b, el, coding)
    b.refs(el, "NoteRef", source.note_guids)
    for name, value in source.variables.items():
        if name in variables and value not in (None, ""):
            _value(b, el, variables[name], value)


def _note(b: _Builder, parent: etree._Element, note: RefiNote) -> None:
    el = b.el(
        parent,
        "Note",
        guid=note.guid,
        name=note.name,
        creatingUser=note.user_guid,
        creationDateTime=_date(note.created),
        modifiedDateTime=_date(note.modified),
    )
    b.text(el, "Description", note.description)
    content = b.el(el, "PlainTextContent")
    content.text = _clean(note.text)
    b.refs(el, "NoteRef", note.note_guids)


def project_xml(project: RefiProject) -> bytes:
    """The ``project.qde`` XML (text sources point at ``sources/<guid>.txt``)."""
    b = _Builder(PROJECT_NS)
    root = b.el(
        None,
        "Project",
        name=project.name or "realist project",
        origin=project.origin,
        creatingUserGUID=project.creating_user_guid,
        creationDateTime=_date(project.created),
        modifiedDateTime=_date(datetime.now(UTC)),
    )
    if project.users:
        users = b.el(root, "Users")
        for user in project.users:
            b.el(users, "User", guid=user.guid, name=user.name, id=user.id)
    if project.codes:
        _code_tree(b, b.el(root, "CodeBook"), project.codes, with_notes=True)
    variables = {v.name: v.guid for v in project.variables}
    if project.variables:
        container = b.el(root, "Variables")
        for var in project.variables:
            el = b.el(container, "Variable", guid=var.guid, name=var.name, typeOfVariable=var.type)
            b.text(el, "Description", var.description)
    if project.cases:
        container = b.el(root, "Cases")
        for case in project.cases:
            el = b.el(container, "Case", guid=case.guid, name=case.name)
            b.text(el, "Description", case.description)
            b.refs(el, "CodeRef", case.code_guids)
            for name, value in case.values.items():
                if name in variables and value not in (None, ""):
                    _value(b, el, variables[name], value)
            b.refs(el, "SourceRef", case.source_guids)
            b.refs(el, "SelectionRef", case.selection_guids)
    if project.sources:
        container = b.el(root, "Sources")
        for source in project.sources:
            _source(b, container, source, variables)
    if project.notes:
        container = b.el(root, "Notes")
        for note in project.notes:
            _note(b, container, note)
    if project.links:
        container = b.el(root, "Links")
        for link in project.links:
            el = b.el(
                container,
                "Link",
                guid=link.guid,
                name=link.name,
                direction=link.direction,
                color=link.colour,
                originGUID=link.origin_guid,
                targetGUID=link.target_guid,
            )
            b.refs(el, "NoteRef", link.note_guids)
    if project.sets:
        container = b.el(root, "Sets")
        for item in project.sets:
            el = b.el(container, "Set", guid=item.guid, name=item.name)
            b.text(el, "Description", item.description)
            b.refs(el, "MemberCode", item.code_guids)
            b.refs(el, "MemberSource", item.source_guids)
            b.refs(el, "MemberNote", item.note_guids)
    b.text(root, "Description", project.description)
    b.refs(root, "NoteRef", project.note_guids)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_qdpx(project: RefiProject, path: str | Path) -> Path:
    """Write ``project`` as a ``.qdpx`` archive at ``path`` (written to a temporary name
    first, so a failure never leaves half a file)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", project_xml(project))
            for source in project.sources:
                archive.writestr(f"sources/{source.guid}.txt", source.text.encode("utf-8"))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_qdc(project: RefiProject, path: str | Path) -> Path:
    """Write the project's codebook as a ``.qdc`` file at ``path``."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(codebook_xml(project))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
