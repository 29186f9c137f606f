"""Evidence for a demi-regularity, counted from the CMOCs it groups.

A demi-regularity is only as strong as the words behind it. Its evidence is computed, never
typed in: the member CMOCs, their evidence spans (excerpts), the documents (focus groups)
those spans come from, the participants who spoke them (turns overlapping each span), their
sites and the mix of their roles. The project's evidence rule (``evidence_min_documents``,
default 2) then marks each demi-regularity *candidate* or *supported*.

Examples
--------
>>> from realist.model import (Document, Turn, Participant, CMOC, EvidenceSpan,
...     EvidenceRole, DemiRegularity)
>>> docs = [Document(id=i, name=f"FG{i}", text="P1: we felt heard.", sha256="") for i in (1, 2)]
>>> turns = [Turn(id=i, document_id=i, seq=0, speaker="P1", start=0, end=18,
...               participant_id=10 + i) for i in (1, 2)]
>>> people = [Participant(id=11, label="P1", group="1", role="practitioner", site="regional"),
...           Participant(id=12, label="P1", group="2", role="team leader", site="regional")]
>>> cmocs = [CMOC(id=i, label="Heard", statement="",
...               evidence=(EvidenceSpan(i, 4, 18, EvidenceRole.OUTCOME),)) for i in (1, 2)]
>>> data = SynthesisData.build(documents=docs, turns=turns, participants=people, cmocs=cmocs)
>>> ev = evidence_for(DemiRegularity(id=5, label="Feeling heard", cmoc_ids=(1, 2)), data)
>>> (ev.cmocs, ev.documents, ev.participants, ev.sites, ev.status.value)
(2, 2, 2, ('regional',), 'supported')
>>> ev.role_mix
{'practitioner': 1, 'team leader': 1}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from realist.errors import ValidationError
from realist.model import CMOC, DemiRegularity, EvidenceStatus
from realist.synthesis.data import NON_EVIDENCE_ROLES, SynthesisData, is_evidence_participant

#: The default evidence rule: a pattern seen in at least this many documents is supported.
DEFAULT_MIN_DOCUMENTS = 2


@dataclass(frozen=True)
class Evidence:
    """What supports one demi-regularity (or any group of CMOCs)."""

    demi_regularity_id: int | None
    cmocs: int
    excerpts: int
    documents: int
    participants: int
    sites: tuple[str, ...]
    role_mix: dict[str, int]
    status: EvidenceStatus
    cmoc_ids: tuple[int, ...] = ()
    document_ids: tuple[int, ...] = ()
    participant_ids: tuple[int, ...] = ()
    min_documents: int = DEFAULT_MIN_DOCUMENTS
    notes: tuple[str, ...] = field(default=())

    @property
    def supported(self) -> bool:
        """Whether the evidence rule is met."""
        return self.status is EvidenceStatus.SUPPORTED

    def summary(self) -> str:
        """A short phrase for tables, e.g. ``"3 focus groups, 7 participants"``.

        >>> Evidence(None, 2, 2, 1, 1, (), {}, EvidenceStatus.CANDIDATE).summary()
        '1 focus group, 1 participant'
        """
        groups = "focus group" if self.documents == 1 else "focus groups"
        people = "participant" if self.participants == 1 else "participants"
        return f"{self.documents} {groups}, {self.participants} {people}"


def evidence_status(documents: int, min_documents: int = DEFAULT_MIN_DOCUMENTS) -> EvidenceStatus:
    """Apply the evidence rule: supported when seen in at least ``min_documents`` documents.

    >>> evidence_status(1).value, evidence_status(2).value
    ('candidate', 'supported')
    """
    check_min_documents(min_documents)
    return EvidenceStatus.SUPPORTED if documents >= min_documents else EvidenceStatus.CANDIDATE


def check_min_documents(value: object) -> int:
    """Validate the ``evidence_min_documents`` setting and return it as an int."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(
            f"evidence_min_documents must be a whole number of at least 1, not {value!r}: "
            "set it with project.set_setting('evidence_min_documents', 2)"
        )
    return value


def evidence_of_cmocs(
    cmocs: Iterable[CMOC],
    data: SynthesisData,
    *,
    min_documents: int = DEFAULT_MIN_DOCUMENTS,
    exclude_roles: Iterable[str] = NON_EVIDENCE_ROLES,
    demi_regularity_id: int | None = None,
) -> Evidence:
    """Count the evidence behind any group of CMOCs.

    Participants are the speakers of the turns each evidence span overlaps, less those who
    run the group (``exclude_roles``: facilitators, interviewers, moderators). Sites and
    roles are read from those participants; a blank site or role is not counted.
    """
    excluded = tuple(exclude_roles)
    members = sorted({c.id: c for c in cmocs}.values(), key=lambda c: c.id)
    spans: set[tuple[int, int, int]] = set()
    document_ids: set[int] = set()
    people: dict[int, None] = {}
    for cmoc in members:
        for ev in cmoc.evidence:
            spans.add((ev.document_id, ev.start, ev.end))
            document_ids.add(ev.document_id)
            for pid in data.speakers(ev.document_id, ev.start, ev.end):
                person = data.participants.get(pid)
                if person is not None and is_evidence_participant(person, excluded):
                    people.setdefault(pid, None)
    participants = [data.participants[pid] for pid in people]
    sites = tuple(sorted({p.site.strip() for p in participants if p.site.strip()}))
    roles = Counter(p.role.strip().lower() for p in participants if p.role.strip())
    notes = []
    if spans and not data.has_turns:
        notes.append("no speaker turns loaded: participants not counted")
    return Evidence(
        demi_regularity_id=demi_regularity_id,
        cmocs=len(members),
        excerpts=len(spans),
        documents=len(document_ids),
        participants=len(participants),
        sites=sites,
        role_mix=dict(sorted(roles.items())),
        status=evidence_status(len(document_ids), min_documents),
        cmoc_ids=tuple(c.id for c in members),
        document_ids=tuple(sorted(document_ids)),
        participant_ids=tuple(sorted(people)),
        min_documents=min_documents,
        notes=tuple(notes),
    )


def evidence_for(
    demi_regularity: DemiRegularity,
    data: SynthesisData,
    *,
    min_documents: int = DEFAULT_MIN_DOCUMENTS,
    exclude_roles: Iterable[str] = NON_EVIDENCE_ROLES,
) -> Evidence:
    """The evidence behind one demi-regularity, from its member CMOCs in ``data``."""
    return evidence_of_cmocs(
        data.members(demi_regularity),
        data,
        min_documents=min_documents,
        exclude_roles=exclude_roles,
        demi_regularity_id=demi_regularity.id,
    )


EVIDENCE_COLUMNS = [
    "id",
    "label",
    "level",
    "status",
    "evidence_status",
    "cmocs",
    "excerpts",
    "documents",
    "participants",
    "sites",
    "role_mix",
    "document_names",
]


def evidence_frame(
    data: SynthesisData,
    *,
    min_documents: int = DEFAULT_MIN_DOCUMENTS,
    exclude_roles: Iterable[str] = NON_EVIDENCE_ROLES,
) -> pd.DataFrame:
    """One row per demi-regularity with its counted evidence, for notebooks and checks.

    ``sites`` and ``document_names`` are ``"; "``-joined; ``role_mix`` reads like
    ``"practitioner 3; team leader 1"``.
    """
    rows = []
    for dr in data.demi_regularities:
        ev = evidence_for(dr, data, min_documents=min_documents, exclude_roles=exclude_roles)
        names = [data.documents[i].name if i in data.documents else str(i) for i in ev.document_ids]
        rows.append(
            {
                "id": dr.id,
                "label": dr.label,
                "level": dr.level.value if dr.level else "",
                "status": dr.status.value,
                "evidence_status": ev.status.value,
                "cmocs": ev.cmocs,
                "excerpts": ev.excerpts,
                "documents": ev.documents,
                "participants": ev.participants,
                "sites": "; ".join(ev.sites),
                "role_mix": "; ".join(f"{r} {n}" for r, n in ev.role_mix.items()),
                "document_names": "; ".join(names),
            }
        )
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
