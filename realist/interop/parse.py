"""Turn a parsed ``project.qde`` or ``.qdc`` tree into a :class:`RefiProject`.

The reader is lenient where programs are known to bend the standard, and says so: every
leniency becomes a warning on the project. Element names are matched without their
namespace; GUIDs are matched case-insensitively with or without braces. Selection offsets
are kept as written (``raw_start``/``raw_end``) and source texts as read (``text``): the
loader converts both afterwards, once it knows which program wrote them.

Examples
--------
>>> from lxml import etree
>>> root = etree.fromstring(
...     '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
...     '<Code guid="D7AA29DA-519B-4946-9B90-253B6DB8FD0A" name="Topics::Economy" isCodable="true"/>'
...     '</Codes></CodeBook>'
... )
>>> book = parse_tree(root, "book.qdc", lambda path, what: None)
>>> [(c.name, c.parent_guid is not None) for c in book.codes]
[('Topics', False), ('Economy', True)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from lxml import etree

from realist.errors import ImportFailed
from realist.interop.refi import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiLink,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiUser,
    RefiVariable,
    canonical_guid,
    derived_guid,
)

__all__ = ["TextLoader", "parse_tree"]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
CONTAINERS = (
    "Users",
    "CodeBook",
    "Codes",
    "Variables",
    "Cases",
    "Sources",
    "Notes",
    "Links",
    "Sets",
    "Graphs",
)

#: ``(path attribute, what it is for)`` -> raw text, or ``None`` when it cannot be found.
TextLoader = Callable[[str, str], "str | None"]


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return etree.QName(tag).localname


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    for child in el:
        if _local(child) == name:
            yield child


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next(_children(el, name), None)


def _text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return "".join(str(t) for t in el.itertext())


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    text = value.strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    return None


def _colour(value: str | None) -> str | None:
    if not value:
        return None
    text = value.strip()
    if not text.startswith("#"):
        text = "#" + text
    hexpart = text[1:]
    if len(hexpart) == 3 and all(c in "0123456789abcdefABCDEF" for c in hexpart):
        hexpart = "".join(c * 2 for c in hexpart)
    if len(hexpart) == 8 and all(c in "0123456789abcdefABCDEF" for c in hexpart):
        hexpart = hexpart[2:] if hexpart[:2].lower() == "ff" else hexpart[:6]
    if len(hexpart) == 6 and all(c in "0123456789abcdefABCDEF" for c in hexpart):
        return "#" + hexpart
    return None


class _Parser:
    """One pass over the tree; collects warnings as it goes."""

    def __init__(self, where: str, load_text: TextLoader) -> None:
        self.where = where
        self.load_text = load_text
        self.seen: dict[str, str] = {}
        self.odd_guids = 0
        self.bad_guids: dict[str, int] = {}
        self.duplicates = 0
        self.project = RefiProject(name="")

    # GUIDs -----------------------------------------------------------------------
    def guid(self, el: etree._Element, what: str) -> str:
        raw = (el.get("guid") or el.get("GUID") or "").strip()
        guid = canonical_guid(raw) if raw else None
        label = f"{what} {el.get('name') or ''}".strip()
        if guid is None:
            guid = derived_guid(self.where, what, raw, len(self.seen))
            self.bad_guids[what] = self.bad_guids.get(what, 0) + 1
            if self.bad_guids[what] <= 3:
                self.project.warn(
                    f"{label}: GUID {raw!r} is missing or malformed; a new one was given"
                )
        elif raw != guid:
            self.odd_guids += 1
        if guid in self.seen:
            new = derived_guid(self.where, "duplicate", guid, len(self.seen))
            self.duplicates += 1
            if self.duplicates <= 5:
                self.project.warn(
                    f"duplicate GUID {guid} on {label!r} (first used by {self.seen[guid]!r}): "
                    "references to it go to the first; this one gets a new GUID"
                )
            guid = new
        self.seen[guid] = label
        return guid

    def ref(self, el: etree._Element) -> str | None:
        raw = (el.get("targetGUID") or el.get("guid") or "").strip()
        guid = canonical_guid(raw)
        if guid is None:
            self.project.warn(f"reference {raw!r} in <{_local(el)}> is not a GUID; ignored")
            return None
        if raw != guid:
            self.odd_guids += 1
        return guid

    def refs(self, el: etree._Element, name: str) -> list[str]:
        return [g for g in (self.ref(c) for c in _children(el, name)) if g]

    def user(self, el: etree._Element, attr: str) -> str | None:
        raw = el.get(attr)
        return canonical_guid(raw) if raw else None

    # containers ------------------------------------------------------------------
    def container(self, parent: etree._Element, name: str) -> etree._Element | None:
        el = _child(parent, name)
        if el is not None and len([c for c in el if _local(c)]) == 0:
            self.project.warn(f"empty <{name}/> (the schema requires at least one child); accepted")
        return el

    # project ---------------------------------------------------------------------
    def parse(self, root: etree._Element) -> RefiProject:
        kind = _local(root)
        ns = etree.QName(root).namespace
        project = self.project
        if kind == "Project":
            project.kind = "project"
            if ns != PROJECT_NS:
                project.warn(
                    f"root element is in namespace {ns!r}, not {PROJECT_NS!r}; read anyway"
                )
        elif kind == "CodeBook":
            project.kind = "codebook"
            if ns != CODEBOOK_NS:
                project.warn(
                    f"root element is in namespace {ns!r}, not {CODEBOOK_NS!r}; read anyway"
                )
        else:
            raise ImportFailed(
                self.where, f"the root element is <{kind}>, not <Project> or <CodeBook>"
            )
        project.name = root.get("name") or ""
        project.origin = root.get("origin") or ""
        project.creating_user_guid = self.user(root, "creatingUserGUID")
        project.created = _date(root.get("creationDateTime"))
        if kind == "CodeBook":
            codes = self.container(root, "Codes")
            if codes is not None:
                self.codes(codes, None)
            sets = self.container(root, "Sets")
            if sets is not None:
                self.sets(sets)
        else:
            self.body(root)
        self.unflatten()
        for what, count in self.bad_guids.items():
            if count > 3:
                project.warn(f"{count} {what} elements in all had no usable GUID; new ones given")
        if self.duplicates > 5:
            project.warn(f"{self.duplicates} duplicate GUIDs in all; each got a new GUID")
        if self.odd_guids:
            project.warn(
                f"{self.odd_guids} GUIDs written in upper case or with braces; matched "
                "case-insensitively"
            )
        return project

    def body(self, root: etree._Element) -> None:
        project = self.project
        users = self.container(root, "Users")
        if users is not None:
            for el in _children(users, "User"):
                project.users.append(
                    RefiUser(self.guid(el, "user"), el.get("name") or "", el.get("id") or "")
                )
        book = self.container(root, "CodeBook")
        if book is not None:
            codes = self.container(book, "Codes")
            if codes is not None:
                self.codes(codes, None)
        variables = self.container(root, "Variables")
        if variables is not None:
            for el in _children(variables, "Variable"):
                project.variables.append(
                    RefiVariable(
                        self.guid(el, "variable"),
                        el.get("name") or "",
                        el.get("typeOfVariable") or "Text",
                        _text(_child(el, "Description")),
                    )
                )
        cases = self.container(root, "Cases")
        if cases is not None:
            for el in _children(cases, "Case"):
                project.cases.append(self.case(el))
        sources = self.container(root, "Sources")
        if sources is not None:
            for el in sources:
                self.source(el)
        notes = self.container(root, "Notes")
        if notes is not None:
            for el in _children(notes, "Note"):
                note = self.note(el)
                if note is not None:
                    project.notes.append(note)
        links = self.container(root, "Links")
        if links is not None:
            for el in _children(links, "Link"):
                project.links.append(
                    RefiLink(
                        self.guid(el, "link"),
                        el.get("name") or "",
                        canonical_guid(el.get("originGUID") or ""),
                        canonical_guid(el.get("targetGUID") or ""),
                        el.get("direction"),
                        _colour(el.get("color")),
                        self.refs(el, "NoteRef"),
                    )
                )
        sets = self.container(root, "Sets")
        if sets is not None:
            self.sets(sets)
        graphs = self.container(root, "Graphs")
        if graphs is not None and len(graphs):
            project.warn(f"{len(graphs)} graph(s) not imported: realist draws its own networks")
        project.description = _text(_child(root, "Description"))
        project.note_guids = self.refs(root, "NoteRef")

    # codes -----------------------------------------------------------------------
    def codes(self, parent_el: etree._Element, parent_guid: str | None) -> None:
        for el in _children(parent_el, "Code"):
            guid = self.guid(el, "code")
            codable = _bool(el.get("isCodable"))
            if codable is None:
                self.project.warn(f"code {el.get('name')!r} has no isCodable; taken as true")
                codable = True
            raw_colour = el.get("color")
            colour = _colour(raw_colour)
            if raw_colour and colour is None:
                self.project.warn(f"code {el.get('name')!r}: colour {raw_colour!r} not understood")
            name = el.get("name")
            if not name:
                self.project.warn(f"code {guid} has no name; named 'Unnamed code'")
                name = "Unnamed code"
            self.project.codes.append(
                RefiCode(
                    guid,
                    name,
                    codable,
                    colour,
                    _text(_child(el, "Description")),
                    parent_guid,
                    self.refs(el, "NoteRef"),
                )
            )
            self.codes(el, guid)

    def unflatten(self) -> None:
        """``Parent::Child`` names (ATLAS.ti) become a hierarchy."""
        codes = self.project.codes
        flattened = [c for c in codes if "::" in c.name]
        if not flattened:
            return
        by_path: dict[tuple[str | None, str], RefiCode] = {
            (c.parent_guid, c.name): c for c in codes if "::" not in c.name
        }
        order: list[RefiCode] = [c for c in codes if "::" not in c.name]
        for code in flattened:
            parts = [p.strip() for p in code.name.split("::")]
            parent = code.parent_guid
            for part in parts[:-1]:
                found = by_path.get((parent, part))
                if found is None:
                    found = RefiCode(
                        derived_guid("group", parent, part), part, codable=False, parent_guid=parent
                    )
                    by_path[(parent, part)] = found
                    order.append(found)
                parent = found.guid
            code.name = parts[-1]
            code.parent_guid = parent
            order.append(code)
        self.project.codes[:] = _parents_first(order)
        self.project.warn(
            f"{len(flattened)} code names like 'Parent::Child' were read as a hierarchy"
        )

    # cases and variables ---------------------------------------------------------
    def values(self, el: etree._Element) -> dict[str, Any]:
        names = {v.guid: v.name for v in self.project.variables}
        out: dict[str, Any] = {}
        for vv in _children(el, "VariableValue"):
            ref = _child(vv, "VariableRef")
            guid = self.ref(ref) if ref is not None else None
            name = names.get(guid or "", "")
            if not name:
                self.project.warn(f"a variable value refers to unknown variable {guid}; ignored")
                continue
            out[name] = _value(vv)
        return out

    def case(self, el: etree._Element) -> RefiCase:
        return RefiCase(
            self.guid(el, "case"),
            el.get("name") or "",
            _text(_child(el, "Description")),
            self.values(el),
            self.refs(el, "SourceRef"),
            self.refs(el, "SelectionRef"),
            self.refs(el, "CodeRef"),
        )

    # sources ---------------------------------------------------------------------
    def source(self, el: etree._Element) -> None:
        kind = _local(el)
        name = el.get("name") or ""
        if kind == "TextSource":
            self.text_source(el, el, "text")
        elif kind == "PDFSource":
            rep = _child(el, "Representation")
            if rep is None:
                self.project.warn(f"PDF source {name!r} has no text representation; not imported")
                return
            if any(True for _ in _children(el, "PDFSelection")):
                self.project.warn(
                    f"PDF source {name!r}: area selections on pages were not imported "
                    "(only selections in its text)"
                )
            self.text_source(el, rep, "pdf")
        elif kind in ("AudioSource", "VideoSource"):
            transcripts = list(_children(el, "Transcript"))
            for tr in transcripts:
                self.text_source(tr, tr, "transcript", own_selections=False)
            self.project.warn(
                f"{kind[:-6].lower()} source {name!r}: the media and its time selections were not "
                f"imported ({len(transcripts)} transcript(s) imported as text)"
            )
        elif kind == "PictureSource":
            self.project.warn(f"picture source {name!r} not imported: realist codes text only")
        elif kind:
            self.project.warn(f"unknown source type <{kind}> not imported")

    def text_source(
        self, el: etree._Element, body: etree._Element, kind: str, *, own_selections: bool = True
    ) -> None:
        guid = self.guid(el, "source")
        name = el.get("name") or body.get("name") or f"source {guid[:8]}"
        content = _child(body, "PlainTextContent")
        path = body.get("plainTextPath") or ""
        if (
            content is None
            and not path
            and (body.get("richTextPath") or "").lower().endswith(".docx")
        ):
            path = body.get("richTextPath") or ""
            self.project.warn(
                f"source {name!r} has only a Word file; its text was taken from the Word "
                "paragraphs and its selections checked against that text"
            )
        text: str | None
        if content is not None:
            text = _text(content)
        elif path:
            text = self.load_text(path, f"source {name!r}")
        else:
            self.project.warn(
                f"source {name!r} has neither PlainTextContent nor plainTextPath; not imported"
            )
            return
        if text is None:
            self.project.warn(
                f"source {name!r}: its text {path!r} is missing; the source and "
                "its selections were not imported"
            )
            return
        source = RefiSource(
            guid=guid,
            name=name,
            text=text,
            kind=kind,
            path=path,
            description=_text(_child(el, "Description")),
            user_guid=self.user(el, "creatingUser"),
            created=_date(el.get("creationDateTime")),
            note_guids=self.refs(el, "NoteRef"),
            variables=self.values(el),
        )
        for cod in _children(body, "Coding"):
            coding = self.coding(cod)
            if coding:
                source.codings.append(coding)
        if own_selections:
            for sel in _children(body, "PlainTextSelection"):
                selection = self.selection(sel, name)
                if selection is not None:
                    source.selections.append(selection)
        self.project.sources.append(source)

    def selection(self, el: etree._Element, source_name: str) -> RefiSelection | None:
        guid = self.guid(el, "selection")
        try:
            start = int(el.get("startPosition", ""))
            end = int(el.get("endPosition", ""))
        except ValueError:
            self.project.warn(
                f"selection {guid} in {source_name!r} has no usable start/end positions; skipped"
            )
            return None
        selection = RefiSelection(
            guid=guid,
            start=start,
            end=end,
            name=el.get("name") or "",
            description=_text(_child(el, "Description")),
            user_guid=self.user(el, "creatingUser"),
            created=_date(el.get("creationDateTime")),
            note_guids=self.refs(el, "NoteRef"),
            raw_start=start,
            raw_end=end,
        )
        for cod in _children(el, "Coding"):
            coding = self.coding(cod)
            if coding:
                selection.codings.append(coding)
        return selection

    def coding(self, el: etree._Element) -> RefiCoding | None:
        guid = self.guid(el, "coding")
        ref = _child(el, "CodeRef")
        code = self.ref(ref) if ref is not None else None
        if code is None:
            self.project.warn(f"coding {guid} names no code; skipped")
            return None
        return RefiCoding(
            guid,
            code,
            self.user(el, "creatingUser"),
            _date(el.get("creationDateTime")),
            self.refs(el, "NoteRef"),
        )

    # notes and sets --------------------------------------------------------------
    def note(self, el: etree._Element) -> RefiNote | None:
        guid = self.guid(el, "note")
        name = el.get("name") or ""
        content = _child(el, "PlainTextContent")
        path = el.get("plainTextPath") or ""
        if content is not None:
            text = _text(content)
        elif path:
            loaded = self.load_text(path, f"note {name!r}")
            if loaded is None:
                self.project.warn(f"note {name!r}: its text {path!r} is missing; kept empty")
            text = (loaded or "").lstrip("\ufeff")
        else:
            text = ""
        return RefiNote(
            guid=guid,
            name=name,
            text=text,
            description=_text(_child(el, "Description")),
            user_guid=self.user(el, "creatingUser"),
            created=_date(el.get("creationDateTime")),
            modified=_date(el.get("modifiedDateTime")),
            note_guids=self.refs(el, "NoteRef"),
        )

    def sets(self, el: etree._Element) -> None:
        for s in _children(el, "Set"):
            self.project.sets.append(
                RefiSet(
                    self.guid(s, "set"),
                    s.get("name") or "",
                    _text(_child(s, "Description")),
                    self.refs(s, "MemberCode"),
                    self.refs(s, "MemberSource"),
                    self.refs(s, "MemberNote"),
                )
            )


def _value(vv: etree._Element) -> Any:
    for child in vv:
        kind = _local(child)
        text = _text(child).strip()
        if kind == "TextValue":
            return _text(child)
        if kind == "BooleanValue":
            return _bool(text)
        if kind == "IntegerValue":
            try:
                return int(text)
            except ValueError:
                return text
        if kind == "FloatValue":
            try:
                return float(text)
            except ValueError:
                return text
        if kind in ("DateValue", "DateTimeValue"):
            return text
    return None


def _parents_first(codes: list[RefiCode]) -> list[RefiCode]:
    by_parent: dict[str | None, list[RefiCode]] = {}
    for code in codes:
        by_parent.setdefault(code.parent_guid, []).append(code)
    known = {c.guid for c in codes}
    out: list[RefiCode] = []

    def walk(parent: str | None) -> None:
        for child in by_parent.get(parent, []):
            out.append(child)
            walk(child.guid)

    walk(None)
    for parent in by_parent:
        if parent is not None and parent not in known:
            walk(parent)
    return out


def parse_tree(root: etree._Element, where: str, load_text: TextLoader) -> RefiProject:
    """Read ``root`` (a ``<Project>`` or ``<CodeBook>``) into a :class:`RefiProject`."""
    return _Parser(where, load_text).parse(root)
