"""A small coded study for the coding tests: two focus groups, a roster, the family
preservation frame and two coders."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

import realist
from realist.coding.frames import shipped_frame_path
from realist.model import Document, DocumentDraft, TurnDraft

DATA = Path(__file__).parents[1] / "data" / "coding"


def draft_from_text(name: str, text: str) -> DocumentDraft:
    """A document draft with one turn per 'Speaker: words' line."""
    turns = []
    offset = 0
    for line in text.splitlines(keepends=True):
        speaker, sep, _rest = line.partition(": ")
        end = offset + len(line.rstrip("\n"))
        if sep and end > offset:
            turns.append(TurnDraft(speaker, offset, end))
        offset += len(line)
    sha = hashlib.sha256(text.encode()).hexdigest()
    return DocumentDraft(name, text, sha, source_name=f"{name}.txt", turns=tuple(turns))


def add_transcript(project: realist.Project, stem: str, group: str) -> Document:
    text = (DATA / f"{stem}.txt").read_text(encoding="utf-8")
    return project.add_document(draft_from_text(stem, text), group=group)


def span_of(doc: Document, words: str) -> tuple[int, int]:
    start = doc.text.index(words)
    return start, start + len(words)


@pytest.fixture
def study(project: realist.Project) -> realist.Project:
    """``project`` with the FPR frame, two transcripts, a roster and coders kim and lee."""
    return make_study(project)


@pytest.fixture
def sqlite_study(sqlite_project: realist.Project) -> realist.Project:
    """The same study on SQLite only (for the slower spreadsheet tests)."""
    return make_study(sqlite_project)


def make_study(project: realist.Project) -> realist.Project:
    project.load_frame(shipped_frame_path("family-preservation-reunification"))
    add_transcript(project, "fg1-regional", "FG1")
    add_transcript(project, "fg2-metro", "FG2")
    with (DATA / "roster.csv").open(encoding="utf-8") as fh:
        project.upsert_participants(list(csv.DictReader(fh)))
    project.add_coder("kim", "coder")
    project.add_coder("lee", "coder")
    project.add_coder("lead", "lead")
    return project
