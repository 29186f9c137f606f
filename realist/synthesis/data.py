"""Everything synthesis reads from a project, gathered once into one value.

The synthesis and report functions are pure: they take a :class:`SynthesisData` (or the
model objects inside it) and never touch a database. A notebook can build one by hand; the
project builds one with ``Project.synthesis_data()``.

Examples
--------
>>> from realist.model import Document, Turn, Participant, CMOC, EvidenceSpan, EvidenceRole
>>> doc = Document(id=1, name="FG1", text="P1: We trusted her.", sha256="")
>>> data = SynthesisData.build(
...     documents=[doc],
...     turns=[Turn(id=1, document_id=1, seq=0, speaker="P1", start=0, end=19, participant_id=7)],
...     participants=[Participant(id=7, label="P1", group="1", role="practitioner")],
...     cmocs=[CMOC(id=3, label="Trust", statement="",
...                 evidence=(EvidenceSpan(1, 4, 19, EvidenceRole.OUTCOME),))],
... )
>>> data.speakers(1, 4, 19)
(7,)
>>> data.excerpt(data.cmocs[3].evidence[0])
'We trusted her.'
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import accumulate

from realist.model import (
    CMOC,
    Code,
    CodeKind,
    Coding,
    DemiRegularity,
    Document,
    EvidenceSpan,
    Participant,
    Turn,
)

#: Participants whose role or label is one of these run the group and are not evidence.
NON_EVIDENCE_ROLES: tuple[str, ...] = ("facilitator", "interviewer", "moderator")


@dataclass(frozen=True)
class _DocumentTurns:
    starts: tuple[int, ...]
    max_ends: tuple[int, ...]
    turns: tuple[Turn, ...]


@dataclass(frozen=True)
class SynthesisData:
    """The project records synthesis needs, indexed by id.

    Build it with :meth:`build`, which also indexes turns so that the speakers of any span
    are found by bisection rather than by scanning every turn.
    """

    documents: Mapping[int, Document] = field(default_factory=dict)
    participants: Mapping[int, Participant] = field(default_factory=dict)
    cmocs: Mapping[int, CMOC] = field(default_factory=dict)
    demi_regularities: tuple[DemiRegularity, ...] = ()
    codes: Mapping[int, Code] = field(default_factory=dict)
    codings: Mapping[int, Coding] = field(default_factory=dict)
    _turns: Mapping[int, _DocumentTurns] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        *,
        documents: Iterable[Document] = (),
        turns: Iterable[Turn] = (),
        participants: Iterable[Participant] = (),
        cmocs: Iterable[CMOC] = (),
        demi_regularities: Iterable[DemiRegularity] = (),
        codes: Iterable[Code] = (),
        codings: Iterable[Coding] = (),
    ) -> SynthesisData:
        """Index the given records by id (and turns by document and offset)."""
        by_document: dict[int, list[Turn]] = {}
        for turn in turns:
            by_document.setdefault(turn.document_id, []).append(turn)
        indexed = {}
        for document_id, doc_turns in by_document.items():
            doc_turns.sort(key=lambda t: (t.start, t.end))
            indexed[document_id] = _DocumentTurns(
                starts=tuple(t.start for t in doc_turns),
                max_ends=tuple(accumulate((t.end for t in doc_turns), max)),
                turns=tuple(doc_turns),
            )
        return cls(
            documents={d.id: d for d in documents},
            participants={p.id: p for p in participants},
            cmocs={c.id: c for c in cmocs},
            demi_regularities=tuple(demi_regularities),
            codes={c.id: c for c in codes},
            codings={c.id: c for c in codings},
            _turns=indexed,
        )

    def turns_overlapping(self, document_id: int, start: int, end: int) -> tuple[Turn, ...]:
        """Turns of ``document_id`` sharing at least one character with ``[start, end)``."""
        index = self._turns.get(document_id)
        if index is None:
            return ()
        found = []
        i = bisect_left(index.starts, end) - 1
        while i >= 0 and index.max_ends[i] > start:
            turn = index.turns[i]
            if turn.end > start:
                found.append(turn)
            i -= 1
        found.reverse()
        return tuple(found)

    def speakers(self, document_id: int, start: int, end: int) -> tuple[int, ...]:
        """Participant ids of the turns overlapping ``[start, end)``, in text order."""
        seen: dict[int, None] = {}
        for turn in self.turns_overlapping(document_id, start, end):
            if turn.participant_id is not None:
                seen.setdefault(turn.participant_id, None)
        return tuple(seen)

    def speaking_participants(self) -> tuple[int, ...]:
        """Ids of the participants who have at least one turn, ascending."""
        return tuple(
            sorted(
                {
                    t.participant_id
                    for index in self._turns.values()
                    for t in index.turns
                    if t.participant_id is not None
                }
            )
        )

    @property
    def has_turns(self) -> bool:
        """Whether any speaker turns were loaded."""
        return bool(self._turns)

    def main_speaker(self, document_id: int, start: int, end: int) -> Participant | None:
        """The participant whose turn covers most of ``[start, end)``, if known."""
        best: tuple[int, int] | None = None
        for turn in self.turns_overlapping(document_id, start, end):
            if turn.participant_id is None:
                continue
            overlap = min(end, turn.end) - max(start, turn.start)
            if best is None or overlap > best[0]:
                best = (overlap, turn.participant_id)
        return self.participants.get(best[1]) if best else None

    def excerpt(self, evidence: EvidenceSpan) -> str:
        """The words of an evidence span (empty when its document is not loaded)."""
        document = self.documents.get(evidence.document_id)
        return document.text[evidence.start : evidence.end] if document else ""

    def evidence_code(self, evidence: EvidenceSpan) -> Code | None:
        """The code of the coding an evidence span came from, if it came from one."""
        if evidence.coding_id is None:
            return None
        coding = self.codings.get(evidence.coding_id)
        return self.codes.get(coding.code_id) if coding else None

    def members(self, demi_regularity: DemiRegularity) -> tuple[CMOC, ...]:
        """The CMOCs of a demi-regularity that exist in this data, in id order."""
        return tuple(
            self.cmocs[i] for i in sorted(set(demi_regularity.cmoc_ids)) if i in self.cmocs
        )


def is_evidence_participant(
    participant: Participant, exclude_roles: Iterable[str] = NON_EVIDENCE_ROLES
) -> bool:
    """False for participants who run the group (by role or label), True otherwise.

    >>> is_evidence_participant(Participant(id=1, label="Facilitator"))
    False
    >>> is_evidence_participant(Participant(id=2, label="P2", role="Team leader"))
    True
    """
    excluded = {r.strip().lower() for r in exclude_roles}
    return (
        participant.role.strip().lower() not in excluded
        and participant.label.strip().lower() not in excluded
    )


#: Code kinds in the order a configuration reads: context, mechanism, outcome.
CMO_KINDS: tuple[CodeKind, ...] = (
    CodeKind.CONTEXT,
    CodeKind.MECHANISM_RESOURCE,
    CodeKind.MECHANISM_RESPONSE,
    CodeKind.OUTCOME,
)
