"""Every corpus file, read by the toolkit's readers, gives the speakers and turns authored."""

from __future__ import annotations

import itertools

import pytest

from realist.demo.corpus import CORPUS_DIR, load_sources

GROUPS = load_sources()


def _read_file():
    try:
        from realist.ingest.registry import read_file, readers

        names = {r.name for r in readers()}
    except ImportError as exc:
        pytest.skip(f"the docx and vtt readers are not installed: {exc}")
    if not {"docx", "vtt"} <= names:
        pytest.skip("the docx and vtt readers are not installed")
    return read_file


def _collapsed(speakers):
    return [speaker for speaker, _ in itertools.groupby(speakers)]


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g.file_name)
def test_reader_finds_the_authored_turns(group) -> None:
    read_file = _read_file()
    draft = read_file(CORPUS_DIR / group.file_name)
    speakers = _collapsed(t.speaker for t in draft.turns)
    assert speakers == [t.speaker for t in group.turns]
    words = sum(len(draft.text[t.start : t.end].split()) for t in draft.turns)
    assert group.word_count <= words <= group.word_count + 2 * len(group.turns)
    if group.format == "vtt":
        assert all(t.timestamp is not None for t in draft.turns)
        stamps = [t.timestamp for t in draft.turns]
        assert stamps == sorted(stamps)
