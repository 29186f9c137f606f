"""A generated study for synthesis benchmarks: many CMOCs in known demi-regularities.

Every demi-regularity gets its own context, mechanism and outcome phrases built from a
private pair of words plus shared filler, so the right grouping is known and the texts
overlap the way real CMOC statements do (common words everywhere, a few telling ones).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from realist.model import (
    CMOC,
    DemiRegularity,
    Document,
    EvidenceRole,
    EvidenceSpan,
    Level,
    Participant,
    Turn,
)
from realist.synthesis.data import SynthesisData

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "ta",
    "vo",
    "shi",
    "mar",
    "del",
    "qu",
    "bri",
    "sen",
    "tor",
    "ul",
    "pa",
    "zen",
    "gri",
    "ho",
    "nel",
    "fi",
]
_FILLER = str.split(
    "family worker practitioner support service parents child children team case plan "
    "program time trust safety home school meeting week month really just think know "
    "mean kind sort feel felt going get got lot things thing people mum dad kids "
    "house visit visits phone call calls referral intake assessment goals goal "
    "progress change changes relationship relationships worker's workers staff "
    "manager supervision training court order protection notification report "
    "police hospital doctor counsellor therapy group groups session sessions "
    "hours days weeks months year years early late start end closure transition "
    "housing money rent food transport car bus drive driving travel distance "
    "regional town city office remote rural local community agency agencies "
    "partner partners partnership navigator system systems funding budget "
    "caseload caseloads workload pressure stress burnout leave roster shift "
    "language culture interpreter elder elders story stories voice voices"
)
_ROLES = ["practitioner", "practitioner", "team leader"]
_SITES = ["regional", "metropolitan"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(3))


@dataclass(frozen=True)
class Study:
    """The generated records and the true grouping."""

    data: SynthesisData
    truth: dict[int, int]  # CMOC id -> demi-regularity id


def generate(
    n_cmocs: int = 5000, n_groups: int = 200, n_documents: int = 40, seed: int = 7
) -> Study:
    """A study of ``n_cmocs`` CMOCs spread evenly over ``n_groups`` demi-regularities."""
    rng = random.Random(seed)
    topics = [{part: (_word(rng), _word(rng)) for part in ("c", "m", "o")} for _ in range(n_groups)]
    participants = []
    documents = []
    turns = []
    turn_id = 0
    sentences_per_doc = max(1, (n_cmocs * 3) // n_documents + 1)
    doc_sentences: list[list[tuple[int, int]]] = []
    for d in range(1, n_documents + 1):
        site = _SITES[d % 2]
        people = []
        for k in range(1, 7):
            pid = len(participants) + 1
            participants.append(
                Participant(id=pid, label=f"P{k}", group=str(d), role=_ROLES[k % 3], site=site)
            )
            people.append(pid)
        parts = []
        spans = []
        offset = 0
        for s in range(sentences_per_doc):
            speaker = people[s % len(people)]
            line = f"P{(s % 6) + 1}: " + " ".join(rng.choice(_FILLER) for _ in range(12)) + ".\n"
            turn_id += 1
            turns.append(
                Turn(
                    id=turn_id,
                    document_id=d,
                    seq=s,
                    speaker=f"P{(s % 6) + 1}",
                    start=offset,
                    end=offset + len(line) - 1,
                    participant_id=speaker,
                )
            )
            spans.append((offset + 4, offset + len(line) - 2))
            parts.append(line)
            offset += len(line)
        documents.append(Document(id=d, name=f"Focus group {d}", text="".join(parts), sha256=""))
        doc_sentences.append(spans)
    cmocs = []
    truth: dict[int, int] = {}
    members: dict[int, list[int]] = {g: [] for g in range(1, n_groups + 1)}
    levels = list(Level)
    cursor = [0] * n_documents
    for i in range(1, n_cmocs + 1):
        g = (i - 1) % n_groups + 1
        topic = topics[g - 1]
        fill = [rng.choice(_FILLER) for _ in range(4)]
        statement = (
            f"If {topic['c'][0]} {fill[0]} {topic['c'][1]}, then {topic['o'][0]} {fill[1]} "
            f"{topic['o'][1]}, because {fill[2]} {topic['m'][0]} {topic['m'][1]} {fill[3]}"
        )
        evidence = []
        for role in (EvidenceRole.CONTEXT, EvidenceRole.MECHANISM_RESPONSE, EvidenceRole.OUTCOME):
            d = rng.randrange(n_documents)
            start, end = doc_sentences[d][cursor[d] % len(doc_sentences[d])]
            cursor[d] += 1
            evidence.append(EvidenceSpan(document_id=d + 1, start=start, end=end, role=role))
        cmocs.append(
            CMOC(
                id=i,
                label=f"{topic['m'][0].capitalize()} {i}",
                statement=statement,
                evidence=tuple(evidence),
                level=levels[g % 3],
            )
        )
        truth[i] = g
        members[g].append(i)
    drs = [
        DemiRegularity(
            id=g,
            label=f"{topics[g - 1]['m'][0].capitalize()} {topics[g - 1]['m'][1]}",
            context=f"When {topics[g - 1]['c'][0]} {topics[g - 1]['c'][1]}",
            mechanism_resource=f"Offer {topics[g - 1]['m'][0]}",
            mechanism_response=f"Families {topics[g - 1]['m'][1]}",
            outcome=f"More {topics[g - 1]['o'][0]} {topics[g - 1]['o'][1]}",
            level=levels[g % 3],
            cmoc_ids=tuple(ids),
        )
        for g, ids in members.items()
    ]
    data = SynthesisData.build(
        documents=documents,
        turns=turns,
        participants=participants,
        cmocs=cmocs,
        demi_regularities=drs,
    )
    return Study(data=data, truth=truth)
