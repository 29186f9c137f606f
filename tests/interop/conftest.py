"""Fixtures for REFI-QDA tests: a project with one of everything, and schema validators."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from lxml import etree

import realist
from realist.model import DocumentDraft, EvidenceRole, EvidenceSpan, MemoTarget, TurnDraft

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"

TEXT_A = (
    "Facilitator: What made the difference for families?\n"
    "P1: Honestly, the caseload. With eight families I could visit twice a week.\n"
    "P2: And the Navigator \u2014 it opened doors at Child Protection. Caf\u00e9 meetings helped \U0001f600 too.\n"
    "P1: Families trusted us once they saw we kept coming back.\n"
)
TEXT_B = (
    "Facilitator: Tell me about closure.\n"
    "P3: Supported closure meant the family knew who to call after we left.\n"
    "P4: Without that, they'd be re-referred within months.\n"
)


@pytest.fixture(scope="session")
def project_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "Project.xsd")))


@pytest.fixture(scope="session")
def codebook_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "Codebook.xsd")))


def _turns(text: str) -> tuple[TurnDraft, ...]:
    turns = []
    pos = 0
    for line in text.splitlines(keepends=True):
        speaker = line.split(":", 1)[0]
        end = pos + len(line.rstrip("\n"))
        turns.append(TurnDraft(speaker, pos, end))
        pos += len(line)
    return tuple(turns)


def _doc(name: str, text: str) -> DocumentDraft:
    return DocumentDraft(
        name=name,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        source_name=f"{name}.docx",
        source_format="docx",
        metadata={"site": "regional"},
        turns=_turns(text),
    )


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def fill(p: realist.Project) -> realist.Project:
    """Give ``p`` documents, a code tree, two coders' codings, memos on everything,
    participants with attributes, two CMOCs and a demi-regularity."""
    p.add_coder("bob", "coder")
    p.add_coder("cara", "lead")
    p.add_frame("fpr", "Family preservation", "Initial programme theory", "frame.yaml")
    a = p.add_document(_doc("FG1 metro", TEXT_A), group="FG1")
    b = p.add_document(_doc("FG2 regional", TEXT_B), group="FG2")
    p.upsert_participants(
        [
            {
                "label": "P1",
                "group": "FG1",
                "role": "practitioner",
                "site": "metropolitan",
                "years": 7,
                "cohort": "2023",
            },
            {"label": "P2", "group": "FG1", "role": "team leader", "pseudonym": "Dana"},
            {"label": "P3", "group": "FG2", "role": "practitioner", "site": "regional"},
        ]
    )
    p.add_code(
        "org",
        "Organisation",
        "theme",
        frame="fpr",
        colour="#336699",
        description="Organisational conditions",
    )
    p.add_code(
        "org.caseload",
        "Caseload to work intensively",
        "context",
        level="organisation",
        parent="org",
        frame="fpr",
        colour="#AA3300",
        description="Small caseloads",
        inclusion="Numbers of families per worker",
        exclusion="Staff stress",
        example="eight families",
        sort_order=1,
    )
    p.add_code(
        "sys.navigator",
        "Navigator opens doors",
        "mechanism_resource",
        level="system",
        colour="#00AA44",
        sort_order=2,
    )
    p.add_code("fam.trust", "Trust", "mechanism_response", level="family", sort_order=3)
    p.add_code("fam.closure", "Supported closure", "outcome", level="family", sort_order=4)
    s1 = span(TEXT_A, "With eight families I could visit twice a week")
    s2 = span(TEXT_A, "it opened doors at Child Protection")
    s3 = span(TEXT_A, "Families trusted us")
    s4 = span(TEXT_B, "the family knew who to call after we left")
    c1 = p.add_coding(a.id, *s1, "org.caseload", memo="Caseload as precondition")
    p.add_coding(a.id, *s2, "sys.navigator")
    c3 = p.add_coding(a.id, *s3, "fam.trust")
    c4 = p.add_coding(b.id, *s4, "fam.closure")
    bob = p.with_coder("bob")
    bob.add_coding(a.id, *s1, "org.caseload")
    bob.add_coding(a.id, s2[0], s2[1] + 4, "sys.navigator", memo="includes 'Caf'? no")
    smile = TEXT_A.index("\U0001f600")
    bob.add_coding(a.id, smile - 8, smile + 1, "fam.trust")
    cmoc = p.add_cmoc(
        "Caseload enables trust",
        "If caseloads are small, then families are supported to closure, because they trust",
        [
            EvidenceSpan(a.id, *s1, EvidenceRole.CONTEXT, coding_id=c1.id, note="key quote"),
            EvidenceSpan(a.id, *s3, EvidenceRole.MECHANISM_RESPONSE, coding_id=c3.id),
            EvidenceSpan(b.id, *s4, EvidenceRole.OUTCOME, coding_id=c4.id),
        ],
        level="organisation",
        status="supports",
        theory_code="org.caseload",
    )
    cmoc2 = p.add_cmoc(
        "Navigator access",
        evidence=[
            EvidenceSpan(a.id, *s2, EvidenceRole.MECHANISM_RESOURCE),
            EvidenceSpan(b.id, *span(TEXT_B, "re-referred within months"), EvidenceRole.OUTCOME),
        ],
        level="system",
    )
    dr = p.add_demi_regularity(
        "Intensive work needs small caseloads",
        [cmoc.id, cmoc2.id],
        context="small caseloads",
        mechanism_response="trust",
        outcome="closure",
        level="organisation",
        status="refines",
    )
    p.add_memo(MemoTarget.PROJECT, None, "Study-wide reflections", "Journal")
    p.add_memo(MemoTarget.DOCUMENT, a.id, "Lively group", "FG1 note")
    p.add_memo(MemoTarget.CODE, p.code("fam.trust").id, "Watch for overlap with engagement")
    p.add_memo(MemoTarget.CODING, c3.id, "Strong example", "on trust")
    p.add_memo(MemoTarget.CMOC, cmoc.id, "Check against FG3")
    bob.add_memo(MemoTarget.DEMI_REGULARITY, dr.id, "Bob thinks this is two patterns", "split?")
    return p
