"""The numbers a methods section reports, and a paragraph that says them.

RAMESES II, the reporting standard for realist evaluations (Wong et al. 2016), asks for the
data analysis (item 13: who coded, how agreement was checked, how CMOCs became
demi-regularities), the details of participants (item 14) and the main findings (item 15).
:func:`methods_summary` gathers those counts from the project records; the paragraph is a
draft in plain words for the analyst to edit.

Examples
--------
>>> from realist.model import Document, Turn, Participant
>>> data = SynthesisData.build(
...     documents=[Document(id=1, name="FG1", text="x" * 20, sha256="")],
...     turns=[Turn(id=1, document_id=1, seq=0, speaker="P1", start=0, end=20,
...                 participant_id=1)],
...     participants=[Participant(id=1, label="P1", role="practitioner", site="regional")],
... )
>>> summary = methods_summary(data)
>>> summary.counts["documents"], summary.counts["participants"]
(1, 1)
>>> summary.text.split(". ")[0]
'We analysed 1 focus group transcript (1 regional) with 1 participant (1 practitioner; 1 regional)'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from realist.model import Coder, EvidenceStatus, Level
from realist.synthesis.data import NON_EVIDENCE_ROLES, SynthesisData, is_evidence_participant
from realist.synthesis.evidence import DEFAULT_MIN_DOCUMENTS, evidence_for

_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
}


@dataclass(frozen=True)
class Agreement:
    """Agreement figures for the methods section, or why there are none."""

    computed: bool
    coders: tuple[str, ...] = ()
    figures: Mapping[str, float] = field(default_factory=dict)
    note: str = ""
    documents: tuple[str, ...] = ()


def double_coded(
    coders_by_document: Mapping[str, Iterable[str]],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The coders and documents to compare: agreement is only meaningful where the same
    transcripts were coded independently by everyone compared.

    Of all the coders together and every pair, the one sharing the most documents (ties:
    more coders, then names in order). ``((), ())`` when no document has two coders.

    >>> double_coded({"fg1": {"ana", "ben"}, "fg2": {"ana", "ben"}, "fg3": {"lee"}})
    (('ana', 'ben'), ('fg1', 'fg2'))
    >>> double_coded({"fg1": {"ana"}, "fg2": {"ben"}})
    ((), ())
    """
    sets = {doc: set(names) for doc, names in coders_by_document.items()}
    everyone = tuple(sorted(set().union(*sets.values()))) if sets else ()
    candidates = [everyone] + [(a, b) for i, a in enumerate(everyone) for b in everyone[i + 1 :]]
    best: tuple[str, ...] = ()
    best_docs: tuple[str, ...] = ()
    for coders in candidates:
        if len(coders) < 2:
            continue
        docs = tuple(sorted(doc for doc, names in sets.items() if names >= set(coders)))
        if (len(docs), len(coders)) > (len(best_docs), len(best)):
            best, best_docs = coders, docs
    return (best, best_docs) if best_docs else ((), ())


@dataclass(frozen=True)
class MethodsSummary:
    """Counts for a methods section (``counts``), tables behind them and a draft paragraph."""

    counts: dict[str, Any]
    participants: pd.DataFrame
    coders: pd.DataFrame
    agreement: Agreement
    text: str
    items: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """Counts, agreement and text as plain values (JSON-ready)."""
        return {
            **self.counts,
            "agreement": {
                "computed": self.agreement.computed,
                "coders": list(self.agreement.coders),
                **{k: float(v) for k, v in self.agreement.figures.items()},
                "note": self.agreement.note,
            },
            "text": self.text,
        }

    def to_frame(self) -> pd.DataFrame:
        """The counts as a two-column DataFrame (``item``, ``value``)."""
        rows = [{"item": k, "value": v} for k, v in self.counts.items()]
        rows += [{"item": f"agreement {k}", "value": v} for k, v in self.agreement.figures.items()]
        return pd.DataFrame(rows, columns=["item", "value"])


def _n(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def _mix(counter: Mapping[str, int], *, plural: bool = True) -> str:
    ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(
        f"{n} {name}{'s' if plural and n != 1 and not name.endswith('s') else ''}"
        for name, n in ordered
    )


def participant_table(
    data: SynthesisData, exclude_roles: Iterable[str] = NON_EVIDENCE_ROLES
) -> pd.DataFrame:
    """Participants who spoke, by role (rows) and site (columns), with totals."""
    people = [
        data.participants[i]
        for i in data.speaking_participants()
        if i in data.participants and is_evidence_participant(data.participants[i], exclude_roles)
    ]
    frame = pd.DataFrame(
        {
            "role": [p.role.strip() or "not recorded" for p in people],
            "site": [p.site.strip() or "not recorded" for p in people],
        }
    )
    if frame.empty:
        return pd.DataFrame({"Total": pd.Series(dtype=int)})
    return pd.crosstab(frame["role"], frame["site"], margins=True, margins_name="Total")


def methods_summary(
    data: SynthesisData,
    *,
    coders: Sequence[Coder] = (),
    codings_by_coder: Mapping[str, int] | None = None,
    codes_used: int = 0,
    agreement: Agreement | None = None,
    min_documents: int = DEFAULT_MIN_DOCUMENTS,
    exclude_roles: Iterable[str] = NON_EVIDENCE_ROLES,
) -> MethodsSummary:
    """Counts and a draft paragraph for RAMESES II items 13 to 15.

    ``coders`` are the people who coded (give ``codings_by_coder`` to count their codings);
    ``agreement`` comes from the project's agreement statistics when they were computed.
    """
    excluded = tuple(exclude_roles)
    speaking = [
        data.participants[i]
        for i in data.speaking_participants()
        if i in data.participants and is_evidence_participant(data.participants[i], excluded)
    ]
    roles = Counter(p.role.strip().lower() for p in speaking if p.role.strip())
    sites = Counter(p.site.strip() for p in speaking if p.site.strip())
    doc_sites = _document_sites(data, excluded)
    by_level: Counter[str] = Counter()
    supported: Counter[str] = Counter()
    for dr in data.demi_regularities:
        level = dr.level.value if dr.level else "not set"
        by_level[level] += 1
        ev = evidence_for(dr, data, min_documents=min_documents, exclude_roles=excluded)
        if ev.status is EvidenceStatus.SUPPORTED:
            supported[level] += 1
    cmoc_levels = Counter(c.level.value if c.level else "not set" for c in data.cmocs.values())
    codings = dict(codings_by_coder or {})
    agreement = agreement or Agreement(False, note="no agreement figures were given")
    counts: dict[str, Any] = {
        "documents": len(data.documents),
        "documents_by_site": dict(sorted(Counter(doc_sites.values()).items())),
        "participants": len(speaking),
        "participants_by_role": dict(sorted(roles.items())),
        "participants_by_site": dict(sorted(sites.items())),
        "coders": len(coders),
        "coder_names": [c.name for c in coders],
        "codes_used": codes_used,
        "codings": sum(codings.values()),
        "cmocs": len(data.cmocs),
        "cmocs_by_level": dict(sorted(cmoc_levels.items())),
        "demi_regularities": len(data.demi_regularities),
        "demi_regularities_by_level": _by_level(by_level),
        "supported": sum(supported.values()),
        "candidate": len(data.demi_regularities) - sum(supported.values()),
        "evidence_min_documents": min_documents,
    }
    items = _paragraphs(counts, roles, sites, Counter(doc_sites.values()), agreement)
    coder_frame = pd.DataFrame(
        [
            {"coder": c.name, "role": c.role.value, "codings": codings.get(c.name, 0)}
            for c in coders
        ],
        columns=["coder", "role", "codings"],
    )
    return MethodsSummary(
        counts=counts,
        participants=participant_table(data, excluded),
        coders=coder_frame,
        agreement=agreement,
        text=" ".join(items.values()),
        items=items,
    )


def _by_level(counter: Mapping[str, int]) -> dict[str, int]:
    order = [lv.value for lv in Level] + ["not set"]
    return {k: counter[k] for k in order if counter.get(k)}


def _document_sites(data: SynthesisData, excluded: tuple[str, ...]) -> dict[int, str]:
    """Each document's site: the site most of its speakers share (if any is recorded)."""
    sites: dict[int, str] = {}
    for document_id, document in data.documents.items():
        counted = Counter(
            p.site.strip()
            for t in data.turns_overlapping(document_id, 0, max(len(document.text), 1))
            if t.participant_id is not None
            and (p := data.participants.get(t.participant_id)) is not None
            and p.site.strip()
            and is_evidence_participant(p, excluded)
        )
        if counted:
            sites[document_id] = min(counted, key=lambda s: (-counted[s], s))
    return sites


def _paragraphs(
    counts: Mapping[str, Any],
    roles: Counter[str],
    sites: Counter[str],
    doc_sites: Counter[str],
    agreement: Agreement,
) -> dict[str, str]:
    docs = _n(counts["documents"], "focus group transcript")
    if doc_sites:
        docs += f" ({_mix(doc_sites, plural=False)})"
    people = _n(counts["participants"], "participant")
    detail = "; ".join(part for part in (_mix(roles), _mix(sites, plural=False)) if part)
    if detail:
        people += f" ({detail})"
    participants = f"We analysed {docs} with {people}."
    names = counts["coder_names"]
    coder_word = _WORDS.get(len(names), str(len(names)))
    if names:
        analysis = (
            f"{coder_word.capitalize()} {'coder' if len(names) == 1 else 'coders'} "
            f"({', '.join(names)}) applied {_n(counts['codes_used'], 'code')} in "
            f"{_n(counts['codings'], 'coding')}."
        )
    else:
        analysis = "No codings were recorded."
    if agreement.computed and agreement.figures:
        figures = ", ".join(
            f"{k.replace('_', ' ')} = {v:.2f}" for k, v in agreement.figures.items()
        )
        on = _n(len(agreement.documents), "focus group") if agreement.documents else "all codings"
        analysis += (
            (
                f" Agreement between {' and '.join(agreement.coders)} on the {on} they both "
                f"coded, over all codes: {figures}"
            )
            if len(agreement.coders) == 2
            else (
                f" Agreement between {', '.join(agreement.coders)} on the {on} they all coded, "
                f"over all codes: {figures}"
            )
        )
        analysis += f" ({agreement.note})." if agreement.note else "."
    else:
        analysis += f" Inter-coder agreement was not computed ({agreement.note or 'no figures'})."
    levels = counts["demi_regularities_by_level"]
    level_text = ", ".join(f"{k} {v}" for k, v in levels.items())
    analysis += (
        f" Coders assembled {_n(counts['cmocs'], 'context-mechanism-outcome configuration')}"
        f" (CMOCs) and grouped them into {_n(counts['demi_regularities'], 'demi-regularity', 'demi-regularities')}"
        + (f" ({level_text})" if level_text else "")
        + "."
    )
    findings = (
        f"{counts['supported']} of {counts['demi_regularities']} demi-regularities met the "
        f"evidence rule of appearing in at least {_n(counts['evidence_min_documents'], 'focus group')}; "
        + (
            f"{counts['candidate']} remains a candidate."
            if counts["candidate"] == 1
            else f"{counts['candidate']} remain candidates."
        )
    )
    return {
        "RAMESES II item 14 (details of participants)": participants,
        "RAMESES II item 13 (data analysis)": analysis,
        "RAMESES II item 15 (main findings)": findings,
    }
