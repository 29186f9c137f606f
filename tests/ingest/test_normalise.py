from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from realist.ingest.normalise import normalise, normalise_with_map

PIECES = st.sampled_from(
    ["a", "e", "\u0301", "\u0323", "\r\n", "\r", "\n", "\u1100", "\u1161", "\u11a8",
     "Å", "A\u030a", " ", "P1: ", "\u2028", "\t"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=40))
def test_map_agrees_with_normalising_prefixes(pieces: list[str]) -> None:
    raw = "".join(pieces)
    text, offsets = normalise_with_map(raw)
    assert text == normalise(raw)
    assert unicodedata.is_normalized("NFC", text) and "\r" not in text
    position = 0
    for piece in pieces:
        position += len(piece)
        mapped = offsets.to_normalised(position)
        assert 0 <= mapped <= len(text)
        assert offsets.to_normalised(position, end=True) >= mapped
    assert offsets.to_normalised(len(raw), end=True) == len(text)


@given(st.text(max_size=60))
def test_map_is_monotone(raw: str) -> None:
    _, offsets = normalise_with_map(raw)
    mapped = [offsets.to_normalised(i) for i in range(len(raw) + 1)]
    assert mapped == sorted(mapped)
