"""The content of a REFI-QDA project or codebook, as plain data classes.

:func:`realist.interop.read_qdpx` fills these from a file (offsets already converted to
code points of the normalised text); :func:`realist.interop.write_qdpx` writes them back.
GUIDs are kept in canonical form: lower case, no braces.

Examples
--------
>>> code = RefiCode(guid="5215cc69-b628-4e02-afb9-9beeaee55808", name="Topics", codable=False)
>>> project = RefiProject(name="Pilot", codes=[code])
>>> project.code("5215cc69-b628-4e02-afb9-9beeaee55808").name
'Topics'
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

GUID_PATTERN = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)
#: Namespace for GUIDs this toolkit derives (stable across exports of the same project).
REALIST_NAMESPACE = uuid.UUID("6f0c1f9e-4a8e-5d7b-9c52-7a1e3c0d2b44")


def canonical_guid(value: str) -> str | None:
    """``value`` as a lower-case GUID without braces, or ``None`` if it is not a GUID.

    >>> canonical_guid("{AD68FBE7-E1EE-4A82-A279-23CC698C89EB}")
    'ad68fbe7-e1ee-4a82-a279-23cc698c89eb'
    >>> canonical_guid("not-a-guid") is None
    True
    """
    match = GUID_PATTERN.match(value.strip())
    return match.group(1).lower() if match else None


def derived_guid(*parts: object) -> str:
    """A GUID derived from ``parts``: the same parts always give the same GUID.

    >>> derived_guid("memo", 1) == derived_guid("memo", 1)
    True
    """
    return str(uuid.uuid5(REALIST_NAMESPACE, "/".join(str(p) for p in parts)))


@dataclass(slots=True)
class RefiUser:
    """A person who worked on the project."""

    guid: str
    name: str = ""
    id: str = ""


@dataclass(slots=True)
class RefiCode:
    """A code; ``parent_guid`` gives the hierarchy (codes are listed parents first)."""

    guid: str
    name: str
    codable: bool = True
    colour: str | None = None
    description: str = ""
    parent_guid: str | None = None
    note_guids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiCoding:
    """One application of a code (by one user) to a selection or a whole source."""

    guid: str
    code_guid: str
    user_guid: str | None = None
    created: datetime | None = None
    note_guids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiSelection:
    """A span of a text source. ``start``/``end`` are code points of the normalised text,
    end exclusive; ``raw_start``/``raw_end`` are the numbers as written in the file."""

    guid: str
    start: int
    end: int
    name: str = ""
    description: str = ""
    user_guid: str | None = None
    created: datetime | None = None
    codings: list[RefiCoding] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    raw_start: int = 0
    raw_end: int = 0


@dataclass(slots=True)
class RefiSource:
    """A text source (or the text of a PDF, a transcript) with its selections."""

    guid: str
    name: str
    text: str
    kind: str = "text"
    path: str = ""
    description: str = ""
    user_guid: str | None = None
    created: datetime | None = None
    selections: list[RefiSelection] = field(default_factory=list)
    codings: list[RefiCoding] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    offset_scheme: str = ""


@dataclass(slots=True)
class RefiNote:
    """A memo: a small text source of its own."""

    guid: str
    name: str
    text: str
    description: str = ""
    user_guid: str | None = None
    created: datetime | None = None
    modified: datetime | None = None
    note_guids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiVariable:
    """A case or source attribute: ``type`` is Text, Boolean, Integer, Float, Date or
    DateTime."""

    guid: str
    name: str
    type: str = "Text"
    description: str = ""


@dataclass(slots=True)
class RefiCase:
    """A case (for this toolkit: a participant) with its variable values."""

    guid: str
    name: str
    description: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    source_guids: list[str] = field(default_factory=list)
    selection_guids: list[str] = field(default_factory=list)
    code_guids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiSet:
    """A named group of codes, sources and notes."""

    guid: str
    name: str
    description: str = ""
    code_guids: list[str] = field(default_factory=list)
    source_guids: list[str] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiLink:
    """A relation between two identified things (notes, selections, codes...)."""

    guid: str
    name: str = ""
    origin_guid: str | None = None
    target_guid: str | None = None
    direction: str | None = None
    colour: str | None = None
    note_guids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RefiProject:
    """Everything read from (or to be written to) a ``.qdpx`` or ``.qdc`` file.

    ``warnings`` lists every leniency and every loss, in the words a user can act on.
    """

    name: str
    origin: str = ""
    kind: str = "project"
    description: str = ""
    creating_user_guid: str | None = None
    created: datetime | None = None
    users: list[RefiUser] = field(default_factory=list)
    codes: list[RefiCode] = field(default_factory=list)
    variables: list[RefiVariable] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    notes: list[RefiNote] = field(default_factory=list)
    links: list[RefiLink] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)

    def code(self, guid: str) -> RefiCode:
        """The code with ``guid`` (``KeyError`` if absent)."""
        for code in self.codes:
            if code.guid == guid:
                return code
        raise KeyError(guid)

    def note(self, guid: str) -> RefiNote | None:
        """The note with ``guid``, if any."""
        for note in self.notes:
            if note.guid == guid:
                return note
        return None

    def selections(self) -> list[tuple[RefiSource, RefiSelection]]:
        """Every text selection with its source."""
        return [(s, sel) for s in self.sources for sel in s.selections]

    def warn(self, message: str) -> None:
        """Record a warning once."""
        if message not in self.warnings:
            self.warnings.append(message)
