"""The demi-regularity table: one row per demi-regularity, grouped by level, as a DataFrame.

Columns (the ICAMO variant adds Intervention and Actor): Level, Demi-regularity, Context,
Mechanism (resource), Mechanism (response), Outcome, Evidence (documents, participants) and
Illustrative quotes. Quotes are chosen from the member CMOCs' evidence, from different focus
groups and speakers where there is a choice, and attributed from the speaker's role, site
and group: ``“We felt heard.” (Practitioner, regional, group 2)``.

Examples
--------
>>> from realist.model import (Document, Turn, Participant, CMOC, EvidenceSpan,
...     EvidenceRole, DemiRegularity, Level)
>>> text = "P1: For once we felt heard by the worker."
>>> data = SynthesisData.build(
...     documents=[Document(id=1, name="FG2", text=text, sha256="")],
...     turns=[Turn(id=1, document_id=1, seq=0, speaker="P1", start=0, end=len(text),
...                 participant_id=3)],
...     participants=[Participant(id=3, label="P1", group="2", role="practitioner",
...                               site="regional")],
...     cmocs=[CMOC(id=1, label="Heard", statement="",
...                 evidence=(EvidenceSpan(1, 4, len(text), EvidenceRole.OUTCOME),))],
...     demi_regularities=[DemiRegularity(id=1, label="Feeling heard", outcome="Engagement",
...                                       level=Level.FAMILY, cmoc_ids=(1,))],
... )
>>> row = demi_regularity_table(data).iloc[0]
>>> row["Level"], row["Evidence (documents, participants)"]
('Family', '1 focus group, 1 participant (candidate)')
>>> row["Illustrative quotes"]
'“For once we felt heard by the worker.” (Practitioner, regional, group 2)'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from realist.model import CMOC, DemiRegularity, EvidenceRole, EvidenceSpan, Level, Participant
from realist.synthesis.data import NON_EVIDENCE_ROLES, SynthesisData, is_evidence_participant
from realist.synthesis.evidence import DEFAULT_MIN_DOCUMENTS, evidence_for

LEVEL = "Level"
LABEL = "Demi-regularity"
INTERVENTION = "Intervention"
CONTEXT = "Context"
ACTOR = "Actor"
RESOURCE = "Mechanism (resource)"
RESPONSE = "Mechanism (response)"
OUTCOME = "Outcome"
EVIDENCE = "Evidence (documents, participants)"
QUOTES = "Illustrative quotes"

COLUMNS = [LEVEL, LABEL, CONTEXT, RESOURCE, RESPONSE, OUTCOME, EVIDENCE, QUOTES]
ICAMO_COLUMNS = [
    LEVEL,
    LABEL,
    INTERVENTION,
    CONTEXT,
    ACTOR,
    RESOURCE,
    RESPONSE,
    OUTCOME,
    EVIDENCE,
    QUOTES,
]

#: How levels are named in tables, in the order they are printed.
LEVEL_NAMES: dict[Level | None, str] = {
    Level.FAMILY: "Family",
    Level.ORGANISATION: "Organisation",
    Level.SYSTEM: "System",
    None: "Level not set",
}

#: Quotes telling how and why come first: responses, then outcomes, resources, contexts.
_ROLE_PREFERENCE = {
    EvidenceRole.MECHANISM_RESPONSE: 0,
    EvidenceRole.OUTCOME: 1,
    EvidenceRole.MECHANISM_RESOURCE: 2,
    EvidenceRole.CONTEXT: 3,
    EvidenceRole.INTERVENTION: 4,
    EvidenceRole.ACTOR: 5,
}
_QUOTE_LINE = re.compile(r"^“(?P<quote>.*)”(?: \((?P<attribution>[^()]*)\))?$", re.DOTALL)


@dataclass(frozen=True)
class Quote:
    """An excerpt chosen to illustrate a demi-regularity, with who said it."""

    text: str
    attribution: str
    document_id: int
    start: int
    end: int
    cmoc_id: int

    def __str__(self) -> str:
        return f"“{self.text}”" + (f" ({self.attribution})" if self.attribution else "")


def split_quote(line: str) -> tuple[str, str]:
    """``(quote, attribution)`` of one line of the quotes column (for styled exports).

    >>> split_quote("“We felt heard.” (Practitioner, regional, group 2)")
    ('We felt heard.', 'Practitioner, regional, group 2')
    >>> split_quote("no quote marks")
    ('no quote marks', '')
    """
    found = _QUOTE_LINE.match(line.strip())
    if not found:
        return line, ""
    return found["quote"], found["attribution"] or ""


def attribution(participant: Participant | None, document_name: str = "") -> str:
    """``"Practitioner, regional, group 2"`` from role, site and group (what is known).

    >>> attribution(Participant(id=1, label="P4", group="Group 3", role="team leader"))
    'Team leader, group 3'
    >>> attribution(None, "FG1")
    'FG1'
    """
    if participant is None:
        return document_name
    parts = []
    if participant.role.strip():
        role = participant.role.strip()
        parts.append(role[0].upper() + role[1:])
    if participant.site.strip():
        parts.append(participant.site.strip())
    group = participant.group.strip()
    if group:
        parts.append(
            group[0].lower() + group[1:] if group.lower().startswith("group") else f"group {group}"
        )
    return ", ".join(parts) or document_name


def _clean(text: str, speaker: str, max_chars: int) -> str:
    words = " ".join(text.split())
    if speaker and words.startswith(f"{speaker}:"):
        words = words[len(speaker) + 1 :].strip()
    if len(words) > max_chars:
        cut = words[: max_chars + 1].rsplit(" ", 1)[0].rstrip(",;:")
        words = cut + " …"
    return words


def choose_quotes(
    cmocs: Sequence[CMOC],
    data: SynthesisData,
    *,
    limit: int = 2,
    max_chars: int = 240,
    min_chars: int = 25,
    exclude_roles: Iterable[str] = NON_EVIDENCE_ROLES,
) -> list[Quote]:
    """Pick up to ``limit`` quotes from the evidence of ``cmocs``.

    Preference, in order: a focus group and a speaker not yet quoted; spans that tell the
    mechanism's response, then the outcome; spans of at least ``min_chars`` characters; then
    text order. Facilitators are never quoted. Deterministic for the same input.
    """
    excluded = tuple(exclude_roles)
    candidates = []
    seen_spans: set[tuple[int, int, int]] = set()
    for cmoc in sorted(cmocs, key=lambda c: c.id):
        for ev in cmoc.evidence:
            key = (ev.document_id, ev.start, ev.end)
            if key in seen_spans or ev.document_id not in data.documents:
                continue
            seen_spans.add(key)
            speaker = data.main_speaker(ev.document_id, ev.start, ev.end)
            if speaker is not None and not is_evidence_participant(speaker, excluded):
                continue
            candidates.append((ev, cmoc.id, speaker))
    chosen: list[Quote] = []
    used_docs: set[int] = set()
    used_people: set[int] = set()
    while candidates and len(chosen) < limit:

        def rank(item: tuple[EvidenceSpan, int, Participant | None]) -> tuple[int, ...]:
            ev, cmoc_id, who = item
            return (
                ev.document_id in used_docs,
                who is not None and who.id in used_people,
                _ROLE_PREFERENCE.get(ev.role, 9),
                ev.end - ev.start < min_chars,
                ev.document_id,
                ev.start,
                cmoc_id,
            )

        best = min(candidates, key=rank)
        candidates.remove(best)
        ev, cmoc_id, who = best
        document = data.documents[ev.document_id]
        text = _clean(document.text[ev.start : ev.end], who.label if who else "", max_chars)
        if not text:
            continue
        used_docs.add(ev.document_id)
        if who is not None:
            used_people.add(who.id)
        chosen.append(
            Quote(text, attribution(who, document.name), ev.document_id, ev.start, ev.end, cmoc_id)
        )
    return chosen


def _level_order(dr: DemiRegularity) -> int:
    return list(LEVEL_NAMES).index(dr.level)


def demi_regularity_table(
    data: SynthesisData,
    *,
    icamo: bool = False,
    quotes: int = 2,
    max_quote_chars: int = 240,
    min_documents: int = DEFAULT_MIN_DOCUMENTS,
    exclude_roles: Iterable[str] = NON_EVIDENCE_ROLES,
) -> pd.DataFrame:
    """The publication table of ``data.demi_regularities``, family to system level.

    Evidence reads ``"3 focus groups, 7 participants"``, with ``" (candidate)"`` added when
    the evidence rule (``min_documents``) is not met. Quotes are one per line. ``attrs``
    holds ``min_documents``, ``icamo`` and ``ids`` (demi-regularity id per row).
    """
    excluded = tuple(exclude_roles)
    rows = []
    ordered = sorted(data.demi_regularities, key=lambda d: (_level_order(d), d.id))
    for dr in ordered:
        ev = evidence_for(dr, data, min_documents=min_documents, exclude_roles=excluded)
        members = data.members(dr)
        chosen = choose_quotes(
            members, data, limit=quotes, max_chars=max_quote_chars, exclude_roles=excluded
        )
        rows.append(
            {
                LEVEL: LEVEL_NAMES[dr.level],
                LABEL: dr.label,
                INTERVENTION: dr.intervention,
                CONTEXT: dr.context,
                ACTOR: dr.actor,
                RESOURCE: dr.mechanism_resource,
                RESPONSE: dr.mechanism_response,
                OUTCOME: dr.outcome,
                EVIDENCE: ev.summary() + ("" if ev.supported else " (candidate)"),
                QUOTES: "\n".join(str(q) for q in chosen),
            }
        )
    columns = ICAMO_COLUMNS if icamo else COLUMNS
    frame = pd.DataFrame(rows, columns=ICAMO_COLUMNS)[columns]
    frame.attrs.update(min_documents=min_documents, icamo=icamo, ids=[dr.id for dr in ordered])
    return frame
