"""The demo corpus: six focus groups of the right size and shape, reproducible from source."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

from realist.demo.corpus import (
    CORPUS_DIR,
    check_roster,
    corpus_files,
    load_sources,
    read_roster,
    vtt_text,
    write_docx,
)
from realist.errors import ValidationError

GROUPS = load_sources()


def test_six_groups_three_regional_three_metropolitan_in_both_formats() -> None:
    assert len(GROUPS) == 6
    assert Counter(g.site for g in GROUPS) == {"regional": 3, "metropolitan": 3}
    assert Counter(g.format for g in GROUPS) == {"docx": 3, "vtt": 3}
    assert [p.name for p in corpus_files()] == [g.file_name for g in GROUPS]
    assert all(p.is_file() for p in corpus_files())


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g.key)
def test_word_count_in_range(group) -> None:
    assert 3000 <= group.word_count <= 5000, group.word_count


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g.key)
def test_facilitator_and_participants_speak(group) -> None:
    assert group.turns[0].speaker == "Facilitator"
    participants = [s for s in group.speakers if s != "Facilitator"]
    assert len(participants) >= 5
    assert participants == [f"P{i}" for i in range(1, len(participants) + 1)]
    spoken = Counter(t.speaker for t in group.turns)
    assert all(spoken[p] >= 5 for p in participants), spoken


def test_roster_covers_every_speaker_with_role_and_site() -> None:
    rows = read_roster()
    check_roster(GROUPS, rows)
    assert {r["role"] for r in rows} == {"practitioner", "team leader", "facilitator"}
    sites = {g.group: g.site for g in GROUPS}
    assert all(r["site"] == sites[r["group"]] for r in rows)
    assert all(r["pseudonym"] for r in rows)


def test_roster_check_names_missing_speakers() -> None:
    rows = [r for r in read_roster() if not (r["group"] == "2" and r["label"] == "P6")]
    with pytest.raises(ValidationError, match="'2', 'P6'"):
        check_roster(GROUPS, rows)


def test_corpus_holds_details_de_identification_should_catch() -> None:
    text = "\n".join(t.text for g in GROUPS for t in g.turns)
    assert re.search(r"\b0491 570 1\d\d\b", text)  # a mobile number from the range kept for fiction
    assert re.search(r"\(?03\)? 5550 \d{4}", text)
    for place in ("Kerang", "Horsham", "Bairnsdale", "Frankston", "Broadmeadows"):
        assert place in text
    for agency in (
        "Wimmera Family Partnerships",
        "East Coast Family Services",
        "Merri Family Care",
    ):
        assert agency in text
    assert "Sharon" in text  # a name said by mistake


@pytest.mark.parametrize("group", [g for g in GROUPS if g.format == "vtt"], ids=lambda g: g.key)
def test_shipped_vtt_is_generated_from_source(group) -> None:
    shipped = (CORPUS_DIR / group.file_name).read_text(encoding="utf-8")
    assert shipped == vtt_text(group)
    stamps = re.findall(r"^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})$", shipped, re.M)
    assert stamps and all(a < b for a, b in stamps)
    assert all(b <= a2 for (_, b), (a2, _) in itertools.pairwise(stamps))
    voices = re.findall(r"^<v ([^>]+)>.+</v>$", shipped, re.M)
    assert list(dict.fromkeys(voices)) == group.speakers


@pytest.mark.parametrize("group", [g for g in GROUPS if g.format == "docx"], ids=lambda g: g.key)
def test_shipped_docx_is_generated_from_source(group, tmp_path: Path) -> None:
    import docx

    fresh = write_docx(group, tmp_path / group.file_name)
    assert fresh.read_bytes() == (CORPUS_DIR / group.file_name).read_bytes()
    paragraphs = [p for p in docx.Document(str(fresh)).paragraphs if p.runs]
    body = [p for p in paragraphs if p.runs[0].bold]
    assert [p.runs[0].text.rstrip(":") for p in body] == [t.speaker for t in group.turns]
    assert all(not p.runs[1].bold for p in body)


def test_source_draft_matches_the_authored_turns() -> None:
    from realist.demo.build import _draft_from_source

    group = GROUPS[0]
    draft = _draft_from_source(group)
    assert [t.speaker for t in draft.turns] == [t.speaker for t in group.turns]
    first = draft.turns[1]
    assert draft.text[first.start : first.end] == f"{group.turns[1].speaker}: {group.turns[1].text}"
