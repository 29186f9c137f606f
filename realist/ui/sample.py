"""A small ready-to-code project, for trying the app and for its tests.

The full demo study is :func:`realist.demo.build_demo`; this one is used when that
is not installed, and it is small enough to build in a fraction of a second.

Examples
--------
>>> import tempfile, os
>>> project = build_sample(os.path.join(tempfile.mkdtemp(), "sample.realist"))
>>> project.info()["documents"], project.info()["coders"]
(2, 3)
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import realist
from realist.model import (
    CodeKind,
    DocumentDraft,
    EvidenceRole,
    EvidenceSpan,
    Level,
    Role,
    TurnDraft,
)

PASSWORD = "realist-demo"

FOCUS_GROUPS = {
    "Focus group 1 (regional)": [
        ("Facilitator", "What helped families engage with the service in the first weeks?"),
        (
            "P1",
            "Honestly it was the time. With a caseload of six we could visit three times a week, "
            "and parents started to trust that we were not there to remove the kids.",
        ),
        (
            "P2",
            "For me the turning point was when the mother said she felt listened to. "
            "Once she was ready, she set her own goals and we worked on those.",
        ),
        ("Facilitator", "And what got in the way?"),
        (
            "P3",
            "Staff stress. When two workers left, the rest of us carried twelve families each "
            "and the intensive work just stopped happening.",
        ),
        (
            "P1",
            "The Navigator helped there: it linked us to housing quickly, so we could keep "
            "the focus on parenting instead of chasing referrals. Ring me on 0412 345 678 if you want the details.",
        ),
    ],
    "Focus group 2 (metropolitan)": [
        ("Facilitator", "Tell me about closing a case well."),
        (
            "P4",
            "Supported closure matters. We step down slowly, the family knows who to call, "
            "and they stay connected to a playgroup or a GP after we leave.",
        ),
        (
            "P5",
            "Team leaders who protect our time make the difference. Supervision every week "
            "keeps us steady when a case gets frightening. When it got hard I rang Mallee "
            "Family Care on 03 5021 1234 for advice.",
        ),
        (
            "P4",
            "When goals are written with the family, they own them. When the department writes "
            "them, nobody reads them again.",
        ),
    ],
}

CODES = (
    ("c_caseload", "Low caseload", CodeKind.CONTEXT, Level.ORGANISATION),
    ("c_readiness", "Parent readiness", CodeKind.CONTEXT, Level.FAMILY),
    ("mr_time", "Time to work intensively", CodeKind.MECHANISM_RESOURCE, Level.ORGANISATION),
    ("mr_navigator", "Navigator links to services", CodeKind.MECHANISM_RESOURCE, Level.SYSTEM),
    ("mx_trust", "Parents trust workers", CodeKind.MECHANISM_RESPONSE, Level.FAMILY),
    ("mx_ownership", "Family owns goals", CodeKind.MECHANISM_RESPONSE, Level.FAMILY),
    ("o_engagement", "Engagement", CodeKind.OUTCOME, Level.FAMILY),
    ("o_stress", "Staff stress", CodeKind.OUTCOME, Level.ORGANISATION),
)


def _draft(name: str, turns: list[tuple[str, str]]) -> DocumentDraft:
    parts: list[str] = []
    drafts: list[TurnDraft] = []
    pos = 0
    for speaker, words in turns:
        label = f"{speaker}: "
        parts.append(label + words + "\n\n")
        start = pos + len(label)
        drafts.append(TurnDraft(speaker=speaker, start=start, end=start + len(words)))
        pos += len(label) + len(words) + 2
    text = "".join(parts).rstrip("\n")
    return DocumentDraft(
        name=name,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        source_name=f"{name}.txt",
        source_format="txt",
        turns=tuple(drafts),
    )


def _span(text: str, phrase: str) -> tuple[int, int]:
    match = re.search(re.escape(phrase), text)
    if match is None:
        raise ValueError(f"phrase not in sample text: {phrase!r}")
    return match.start(), match.end()


def build_sample(path: str | Path, *, owner: str = "alice") -> Any:
    """Create the sample project at ``path`` (a file path or database URL) and return it."""
    project = realist.init_project(str(path), name="Family preservation pilot", owner=owner)
    project.set_password(owner, PASSWORD)
    project.add_coder("bob", Role.CODER, password=PASSWORD)
    project.add_coder("carol", Role.VIEWER, password=PASSWORD)
    frame = project.add_frame("fpr", "Family preservation programme theory")
    for i, (key, name, kind, level) in enumerate(CODES):
        project.add_code(key, name, kind, level=level, frame=frame.id, sort_order=i)
    docs = [
        project.add_document(_draft(n, t), group=n.split("(")[-1].rstrip(")"))
        for n, t in FOCUS_GROUPS.items()
    ]
    first = docs[0].text
    wanted = [
        ("With a caseload of six", "c_caseload"),
        ("we could visit three times a week", "mr_time"),
        ("parents started to trust that we were not there to remove the kids", "mx_trust"),
        ("Once she was ready", "c_readiness"),
        ("she set her own goals and we worked on those", "mx_ownership"),
        ("the intensive work just stopped happening", "o_stress"),
        ("it linked us to housing quickly", "mr_navigator"),
    ]
    codes = {c.key: c.id for c in project.codes()}
    rows = []
    for phrase, key in wanted:
        start, end = _span(first, phrase)
        rows.append({"document_id": docs[0].id, "start": start, "end": end, "code_id": codes[key]})
    project.add_codings(rows)
    bob = project.with_coder("bob")
    start, end = _span(first, "parents started to trust")
    bob.add_coding(
        docs[0].id, start, end, "mx_trust", memo="Trust comes from frequency of contact."
    )
    evidence = []
    for phrase, role in [
        ("With a caseload of six", EvidenceRole.CONTEXT),
        ("we could visit three times a week", EvidenceRole.MECHANISM_RESOURCE),
        ("parents started to trust", EvidenceRole.MECHANISM_RESPONSE),
        ("the mother said she felt listened to", EvidenceRole.OUTCOME),
    ]:
        start, end = _span(first, phrase)
        evidence.append(EvidenceSpan(document_id=docs[0].id, start=start, end=end, role=role))
    project.add_cmoc(
        "Time builds trust",
        "If caseloads are low (C), then parents engage (O), because workers have time to visit "
        "often (M-resource) and parents come to trust them (M-response).",
        evidence,
        level=Level.FAMILY,
    )
    return project
