"""Rewriting text through edits keeps every turn on the same words (property test)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from realist.deid.kinds import Kind, Source
from realist.deid.report import Edit, rewrite


@dataclass
class T:
    speaker: str
    start: int
    end: int
    timestamp: float | None = None


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, list[T], list[Edit]]:
    lines = draw(st.lists(st.text("abc de", min_size=1, max_size=30), min_size=1, max_size=6))
    text = "\n".join(lines)
    turns, pos = [], 0
    for i, line in enumerate(lines):
        turns.append(T(f"S{i}", pos, pos + len(line)))
        pos += len(line) + 1
    edits, cursor = [], 0
    for turn in turns:  # edits never cross a turn boundary, as names never do
        start = draw(st.integers(turn.start, turn.end))
        if start >= turn.end or draw(st.booleans()):
            continue
        end = draw(st.integers(start + 1, turn.end))
        if start >= cursor:
            new = draw(st.sampled_from(["[Person 1]", "", "X"]))
            edits.append(Edit(start, end, Kind.PERSON, text[start:end], new, Source.NER))
            cursor = end
    return text, turns, edits


@given(cases())
@settings(max_examples=100, deadline=None)
def test_turns_cover_the_same_words_after_rewriting(case: tuple[str, list[T], list[Edit]]) -> None:
    text, turns, edits = case
    new_text, new_turns = rewrite(text, turns, edits)
    kept = {t.speaker: t for t in new_turns}
    for turn in turns:
        inside = [e for e in edits if turn.start <= e.start and e.end <= turn.end]
        expected, cursor = [], turn.start
        for e in inside:
            expected += [text[cursor : e.start], e.replacement]
            cursor = e.end
        expected.append(text[cursor : turn.end])
        words = "".join(expected)
        if words:
            t = kept[turn.speaker]
            assert new_text[t.start : t.end] == words
        else:
            assert turn.speaker not in kept
