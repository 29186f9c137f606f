"""Plain typed value objects for a realist evaluation. No I/O lives here.

Every span in the toolkit is ``[start, end)`` in Python ``str`` indices (Unicode code
points) into a document's normalised text (NFC, ``\\n`` line ends). Formats that count
otherwise are converted at their boundary, never here.

Examples
--------
>>> span = Span(document_id=1, start=4, end=9)
>>> span.length
5
>>> span.overlaps(Span(document_id=1, start=8, end=12))
True
>>> Role.LEAD.can_manage
True
>>> EvidenceRole.parse("M-resource") is EvidenceRole.MECHANISM_RESOURCE
True
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class Role(enum.StrEnum):
    """A coder's role in one project, from most to least powerful."""

    OWNER = "owner"
    LEAD = "lead"
    CODER = "coder"
    VIEWER = "viewer"

    @property
    def can_write(self) -> bool:
        """Whether this role may change anything at all."""
        return self is not Role.VIEWER

    @property
    def can_manage(self) -> bool:
        """Owners and leads manage coders, frames, settings and others' work."""
        return self in (Role.OWNER, Role.LEAD)


class CodeKind(enum.StrEnum):
    """What a code stands for in a realist analysis."""

    CONTEXT = "context"
    MECHANISM_RESOURCE = "mechanism_resource"
    MECHANISM_RESPONSE = "mechanism_response"
    OUTCOME = "outcome"
    INTERVENTION = "intervention"
    ACTOR = "actor"
    THEME = "theme"


class Level(enum.StrEnum):
    """Socio-ecological level of a code, CMOC or demi-regularity."""

    FAMILY = "family"
    ORGANISATION = "organisation"
    SYSTEM = "system"


class EvidenceRole(enum.StrEnum):
    """The part an evidence span plays in a CMOC (ICAMO adds intervention and actor)."""

    CONTEXT = "C"
    MECHANISM_RESOURCE = "M-resource"
    MECHANISM_RESPONSE = "M-response"
    OUTCOME = "O"
    INTERVENTION = "I"
    ACTOR = "A"

    @classmethod
    def parse(cls, value: str | EvidenceRole) -> EvidenceRole:
        """Accept the short label (``"C"``), the enum name or the code-kind spelling."""
        if isinstance(value, EvidenceRole):
            return value
        text = str(value).strip()
        for role in cls:
            if text in (role.value, role.name, role.name.lower()):
                return role
        aliases = {
            "context": cls.CONTEXT,
            "m": cls.MECHANISM_RESPONSE,
            "mr": cls.MECHANISM_RESOURCE,
            "m-res": cls.MECHANISM_RESOURCE,
            "m_resource": cls.MECHANISM_RESOURCE,
            "m-response": cls.MECHANISM_RESPONSE,
            "m_response": cls.MECHANISM_RESPONSE,
            "outcome": cls.OUTCOME,
            "intervention": cls.INTERVENTION,
            "actor": cls.ACTOR,
        }
        try:
            return aliases[text.lower()]
        except KeyError:
            names = ", ".join(r.value for r in cls)
            raise ValueError(f"unknown evidence role {value!r}: use one of {names}") from None

    @classmethod
    def for_kind(cls, kind: CodeKind) -> EvidenceRole | None:
        """The evidence role that a code of ``kind`` naturally supplies, if any."""
        return {
            CodeKind.CONTEXT: cls.CONTEXT,
            CodeKind.MECHANISM_RESOURCE: cls.MECHANISM_RESOURCE,
            CodeKind.MECHANISM_RESPONSE: cls.MECHANISM_RESPONSE,
            CodeKind.OUTCOME: cls.OUTCOME,
            CodeKind.INTERVENTION: cls.INTERVENTION,
            CodeKind.ACTOR: cls.ACTOR,
        }.get(kind)


class TheoryStatus(enum.StrEnum):
    """How a CMOC or demi-regularity stands against the programme theory."""

    SUPPORTS = "supports"
    REFINES = "refines"
    REFUTES = "refutes"
    NEW = "new"


class EvidenceStatus(enum.StrEnum):
    """Whether a demi-regularity meets the project's evidence rule."""

    CANDIDATE = "candidate"
    SUPPORTED = "supported"


class MemoTarget(enum.StrEnum):
    """What a memo is attached to."""

    PROJECT = "project"
    DOCUMENT = "document"
    CODE = "code"
    CODING = "coding"
    CMOC = "cmoc"
    DEMI_REGULARITY = "demi_regularity"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of code points in one document."""

    document_id: int
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        """True when both spans share at least one character of the same document."""
        return (
            self.document_id == other.document_id
            and self.start < other.end
            and other.start < self.end
        )


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    """The project row: its name, current revision and stable identifier."""

    name: str
    revision: int
    guid: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Coder:
    """A person who reads or writes the project."""

    id: int
    name: str
    role: Role
    has_password: bool = False
    active: bool = True
    guid: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    """A speaker in the transcripts, by pseudonymised label, with attributes."""

    id: int
    label: str
    group: str = ""
    pseudonym: str = ""
    role: str = ""
    site: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    guid: str = ""


@dataclass(frozen=True, slots=True)
class Turn:
    """A speaker's contiguous stretch ``[start, end)`` of a document."""

    id: int
    document_id: int
    seq: int
    speaker: str
    start: int
    end: int
    participant_id: int | None = None
    timestamp: float | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One transcript. ``text`` is normalised and never edited after import
    (de-identification before coding is the one sanctioned rewrite)."""

    id: int
    name: str
    text: str
    sha256: str
    source_name: str = ""
    source_format: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    deidentified: bool = False
    guid: str = ""
    created_at: datetime | None = None

    def excerpt(self, start: int, end: int) -> str:
        """The words of ``[start, end)``."""
        return self.text[start:end]


@dataclass(frozen=True, slots=True)
class TurnDraft:
    """A turn found by a reader, before it is stored."""

    speaker: str
    start: int
    end: int
    timestamp: float | None = None


@dataclass(frozen=True, slots=True)
class CodingDraft:
    """A coding found by a reader (e.g. a Word comment), before it is stored.

    ``code`` is a code name or key; ``coder`` a coder name (``None``: the importing coder).
    """

    start: int
    end: int
    code: str
    coder: str | None = None
    memo: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentDraft:
    """What a reader hands to the project: normalised text plus what it found in it."""

    name: str
    text: str
    sha256: str
    source_name: str = ""
    source_format: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    turns: tuple[TurnDraft, ...] = ()
    codings: tuple[CodingDraft, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CodingFrame:
    """A named, versioned tree of codes loaded into the project."""

    id: int
    key: str
    name: str
    version: int = 1
    description: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Code:
    """One code of a coding frame."""

    id: int
    key: str
    name: str
    kind: CodeKind = CodeKind.THEME
    level: Level | None = None
    parent_id: int | None = None
    frame_id: int | None = None
    colour: str = "#999999"
    description: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    sort_order: int = 0
    version: int = 1
    guid: str = ""


@dataclass(slots=True, unsafe_hash=True)
class Coding:
    """One coder's application of one code to one span of one document.

    A snapshot read from the project: treat it as read-only (it is not frozen only because
    projects read thousands at a time and frozen construction costs five times as much).
    """

    id: int
    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    memo: str | None = None
    created_at: datetime | None = None
    guid: str = ""

    @property
    def span(self) -> Span:
        return Span(self.document_id, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Memo:
    """A note attached to the project, a document, a code, a coding, a CMOC or a
    demi-regularity. Editable: updates carry the version they were based on."""

    id: int
    target: MemoTarget
    target_id: int | None
    coder_id: int
    text: str
    title: str = ""
    version: int = 1
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """A span of a document supporting one part of a CMOC."""

    document_id: int
    start: int
    end: int
    role: EvidenceRole
    coding_id: int | None = None
    note: str = ""
    id: int | None = None

    @property
    def span(self) -> Span:
        return Span(self.document_id, self.start, self.end)


@dataclass(frozen=True, slots=True)
class CMOC:
    """A context-mechanism-outcome configuration and the words behind it."""

    id: int
    label: str
    statement: str
    evidence: tuple[EvidenceSpan, ...] = ()
    level: Level | None = None
    status: TheoryStatus = TheoryStatus.NEW
    theory_code_id: int | None = None
    coder_id: int | None = None
    version: int = 1
    guid: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def evidence_for(self, role: EvidenceRole) -> tuple[EvidenceSpan, ...]:
        """The spans playing ``role``."""
        return tuple(e for e in self.evidence if e.role is role)


@dataclass(frozen=True, slots=True)
class DemiRegularity:
    """A pattern of CMOCs that recurs across documents at one level."""

    id: int
    label: str
    context: str = ""
    mechanism_resource: str = ""
    mechanism_response: str = ""
    outcome: str = ""
    intervention: str = ""
    actor: str = ""
    statement: str = ""
    level: Level | None = None
    status: TheoryStatus = TheoryStatus.NEW
    cmoc_ids: tuple[int, ...] = ()
    coder_id: int | None = None
    version: int = 1
    guid: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the append-only log: who did what, when, at which revision."""

    id: int
    revision: int
    at: datetime
    coder_id: int | None
    coder_name: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict[str, Any] = field(default_factory=dict)
