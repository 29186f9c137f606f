"""A small worked study for examples, documentation and tests.

Three focus groups (two regional, one metropolitan) with a facilitator and two participants
each; a context / mechanism / outcome frame; codings by two coders; five CMOCs whose
evidence comes from those codings; and two demi-regularities: *Trusting relationship*
(family level, found in two focus groups: supported) and *Caseload to work intensively*
(organisation level, one focus group so far: candidate). Two CMOCs are left ungrouped for
suggestions to find.

Examples
--------
>>> import os, tempfile, realist
>>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "ex.realist"), owner="lee")
>>> study = example_study(p)
>>> sorted(study)
['cmocs', 'demi_regularities', 'documents']
>>> [d.label for d in p.demi_regularities()]
['Trusting relationship', 'Caseload to work intensively']
"""

from __future__ import annotations

import hashlib
from typing import Any

from realist.model import CodeKind, DocumentDraft, EvidenceRole, EvidenceSpan, Level, TurnDraft

_GROUPS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "1",
        "regional",
        [
            ("Facilitator", "What helped families engage?"),
            (
                "P1",
                "When a family is in crisis they don't trust anyone. Our worker kept "
                "coming back every week, and the mum started to trust her.",
            ),
            (
                "P2",
                "Having a manageable caseload gave us time to work intensively. "
                "Staff stress went down.",
            ),
            ("P1", "Then the family engaged with the plan."),
        ],
    ),
    (
        "2",
        "metropolitan",
        [
            ("Facilitator", "Tell us about the start."),
            (
                "P1",
                "The families we see are in crisis when they come to us. With a "
                "manageable caseload you have time to work intensively, so staff "
                "stress is lower.",
            ),
            (
                "P2",
                "Because the worker kept turning up, the dad came to trust us, and "
                "the family engaged.",
            ),
        ],
    ),
    (
        "3",
        "regional",
        [
            ("Facilitator", "Anything else?"),
            (
                "P1",
                "A family in crisis needs someone steady. Once they trust the worker, "
                "the family engages.",
            ),
            ("P2", "We never had time for that."),
        ],
    ),
]

_ROLES = {
    ("1", "P1"): "practitioner",
    ("1", "P2"): "team leader",
    ("2", "P1"): "practitioner",
    ("2", "P2"): "team leader",
    ("3", "P1"): "team leader",
    ("3", "P2"): "practitioner",
}

_CODES = [
    ("crisis", "Family in crisis", CodeKind.CONTEXT, Level.FAMILY),
    ("caseload", "Manageable caseload", CodeKind.CONTEXT, Level.ORGANISATION),
    ("time", "Time to work intensively", CodeKind.MECHANISM_RESOURCE, Level.ORGANISATION),
    ("trust", "Parents trust the worker", CodeKind.MECHANISM_RESPONSE, Level.FAMILY),
    ("engage", "Family engages", CodeKind.OUTCOME, Level.FAMILY),
    ("stress", "Staff stress reduced", CodeKind.OUTCOME, Level.ORGANISATION),
]

TRUST = "If families are in crisis, then they engage with the service, because they come to trust a worker who keeps coming back"
CASELOAD = "If caseloads are manageable, then staff stress falls, because workers have time to work intensively"

# (label, group, statement, level, [(phrase, role, code key)])
_CMOCS: list[tuple[str, str, str, Level, list[tuple[str, str, str]]]] = [
    (
        "Trust in crisis (group 1)",
        "1",
        TRUST,
        Level.FAMILY,
        [
            ("When a family is in crisis they don't trust anyone.", "C", "crisis"),
            ("the mum started to trust her", "M-response", "trust"),
            ("the family engaged with the plan", "O", "engage"),
        ],
    ),
    (
        "Caseload and stress (group 1)",
        "1",
        CASELOAD,
        Level.ORGANISATION,
        [
            ("Having a manageable caseload", "C", "caseload"),
            ("time to work intensively", "M-resource", "time"),
            ("Staff stress went down.", "O", "stress"),
        ],
    ),
    (
        "Trust in crisis (group 2)",
        "2",
        TRUST,
        Level.FAMILY,
        [
            ("in crisis when they come to us", "C", "crisis"),
            ("the dad came to trust us", "M-response", "trust"),
            ("the family engaged", "O", "engage"),
        ],
    ),
    (
        "Caseload and stress (group 2)",
        "2",
        CASELOAD,
        Level.ORGANISATION,
        [
            ("With a manageable caseload", "C", "caseload"),
            ("time to work intensively", "M-resource", "time"),
            ("staff stress is lower", "O", "stress"),
        ],
    ),
    (
        "Trust in crisis (group 3)",
        "3",
        TRUST,
        Level.FAMILY,
        [
            ("A family in crisis needs someone steady.", "C", "crisis"),
            ("they trust the worker", "M-response", "trust"),
            ("the family engages", "O", "engage"),
        ],
    ),
]


def example_text(group: str) -> tuple[str, tuple[TurnDraft, ...]]:
    """The transcript of focus group ``group`` ("1" to "3") and its speaker turns."""
    lines = next(turns for g, _, turns in _GROUPS if g == group)
    text, drafts = "", []
    for speaker, words in lines:
        line = f"{speaker}: {words}"
        drafts.append(TurnDraft(speaker, len(text), len(text) + len(line)))
        text += line + "\n"
    return text, tuple(drafts)


def example_study(project: Any, *, second_coder: str = "ana") -> dict[str, Any]:
    """Fill an empty ``project`` (opened as an owner or lead) with the worked study.

    Returns the stored ``documents``, ``cmocs`` and ``demi_regularities`` by label or name.
    """
    documents = {}
    for group, site, _ in _GROUPS:
        text, turns = example_text(group)
        draft = DocumentDraft(
            name=f"Focus group {group}",
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            turns=turns,
        )
        documents[group] = project.add_document(draft, group=group)
        rows = [{"label": "Facilitator", "group": group, "role": "facilitator", "site": site}]
        rows += [
            {"label": label, "group": group, "role": _ROLES[(group, label)], "site": site}
            for label in ("P1", "P2")
        ]
        project.upsert_participants(rows)
    for key, name, kind, level in _CODES:
        project.add_code(key, name, kind, level=level)
    project.add_coder(second_coder, "coder")
    other = project.with_coder(second_coder)
    cmocs = {}
    for label, group, statement, level, parts in _CMOCS:
        doc = documents[group]
        evidence = []
        for phrase, role, code in parts:
            start = doc.text.index(phrase)
            coding = project.add_coding(doc.id, start, start + len(phrase), code)
            # the second coder codes the same words, a little wider where a sentence ends
            end = start + len(phrase) + (1 if doc.text[start + len(phrase)] == "." else 0)
            other.add_coding(doc.id, start, end, code)
            evidence.append(
                EvidenceSpan(
                    doc.id,
                    start,
                    start + len(phrase),
                    EvidenceRole.parse(role),
                    coding_id=coding.id,
                )
            )
        cmocs[label] = project.add_cmoc(label, statement, evidence, level=level)
    drs = {
        "Trusting relationship": project.add_demi_regularity(
            "Trusting relationship",
            [cmocs["Trust in crisis (group 1)"].id, cmocs["Trust in crisis (group 2)"].id],
            context="Families in crisis who distrust services",
            mechanism_resource="A worker who keeps coming back",
            mechanism_response="Parents come to trust the worker",
            outcome="The family engages with the service",
            intervention="Intensive family support",
            actor="Family practitioner",
            level=Level.FAMILY,
        ),
        "Caseload to work intensively": project.add_demi_regularity(
            "Caseload to work intensively",
            [cmocs["Caseload and stress (group 1)"].id],
            context="A manageable caseload",
            mechanism_resource="Time to work intensively with each family",
            mechanism_response="Staff feel able to do the work well",
            outcome="Less staff stress",
            level=Level.ORGANISATION,
        ),
    }
    return {"documents": documents, "cmocs": cmocs, "demi_regularities": drs}
