"""Offset schemes: conversions agree with the normalisation map, and the ranking picks the
way of counting that puts selections on words."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from realist.interop.offsets import (
    STANDARD,
    OffsetScheme,
    SourceText,
    preferred_schemes,
    rank_schemes,
)

ALPHABET = st.sampled_from(list("ab \n\r\u00e9\u0301\U0001f600\u2014x."))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_batch_conversion_matches_the_map(raw: str) -> None:
    text = SourceText(raw)
    offsets = np.arange(len(text.raw) + 1, dtype=np.int64)
    for end in (False, True):
        want = [text.offset_map.to_normalised(int(i), end=end) for i in offsets]
        assert text._to_normalised(offsets, end=end) == want


def test_each_scheme_counts_as_documented() -> None:
    raw = "\U0001f600 ab\r\ncd"
    text = SourceText(raw)
    cd = text.text.index("cd")
    assert text.convert(STANDARD, [(6, 8)]) == [(cd, cd + 2)]
    assert text.convert(OffsetScheme("codepoint", "one"), [(5, 7)]) == [(cd, cd + 2)]
    assert text.convert(OffsetScheme("utf16", "raw"), [(7, 9)]) == [(cd, cd + 2)]
    assert text.convert(OffsetScheme("utf8", "raw"), [(9, 11)]) == [(cd, cd + 2)]
    assert text.convert(OffsetScheme("utf16", "raw", inclusive_end=True), [(7, 8)]) == [
        (cd, cd + 2)
    ]
    assert text.convert(STANDARD, [(6, 99), (3, 2)]) == [None, None]


def test_ranking_prefers_word_boundaries_then_the_origin() -> None:
    text = SourceText("Caf\u00e9 \U0001f600 trust grew\r\nslowly over weeks")
    words = text.text.index("slowly")
    utf16 = len(text.raw[: text.raw.index("slowly")].encode("utf-16-le")) // 2
    ranked = rank_schemes(text, [(utf16, utf16 + 6)], [""], preferred_schemes(""))
    assert text.text[slice(*ranked[0].spans[0])] == "slowly"
    assert ranked[0].spans[0][0] == words
    # with no evidence either way, the origin's habit wins
    plain = SourceText("one two three")
    for origin, unit in (("NVivo 12", "utf16"), ("QualCoder", "codepoint")):
        ranked = rank_schemes(plain, [(4, 7)], [""], preferred_schemes(origin))
        assert ranked[0].scheme.unit == unit


def test_an_end_just_past_the_text_is_clamped_and_far_past_is_refused() -> None:
    text = SourceText("We trust them")
    assert text.convert(STANDARD, [(3, 14)]) == [(3, 13)]
    assert text.convert(STANDARD, [(3, 20)]) == [None]
    assert text.convert(STANDARD, [(13, 14)]) == [None]


def test_grapheme_counting_as_swift_does() -> None:
    # family emoji (ZWJ sequence), flag (regional indicators), decomposed accent, CRLF
    raw = "\U0001f468\u200d\U0001f469\u200d\U0001f467 \U0001f1e6\U0001f1fa Cafe\u0301\r\nwe trust"
    text = SourceText(raw)
    scheme = OffsetScheme("grapheme", "one")
    # graphemes: family=1, space, flag=1, space, C a f é, line break = 9 before "we"
    (span,) = text.convert(scheme, [(9, 11)])
    assert text.text[span[0] : span[1]] == "we"
    ranked = rank_schemes(
        text, [(9, 11), (12, 17)], ["", ""], preferred_schemes("ATLAS.ti 24 (Mac)")
    )
    assert text.text[slice(*ranked[0].spans[1])] == "trust"


def test_a_span_never_cuts_a_character_in_two() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    text = SourceText(f"ok {family} fine\r\nnext")
    (span,) = text.convert(OffsetScheme("grapheme", "one"), [(3, 4)])
    assert text.text[span[0] : span[1]] == family
    (span,) = text.convert(OffsetScheme("grapheme", "one"), [(5, 9)])
    assert text.text[span[0] : span[1]] == "fine"
    (span,) = text.convert(OffsetScheme("grapheme", "one"), [(10, 14)])
    assert text.text[span[0] : span[1]] == "next"
    # half a surrogate pair in UTF-16 widens to the whole character
    (span,) = text.convert(OffsetScheme("utf16", "raw"), [(4, 5)])
    assert text.text[span[0] : span[1]].startswith("\U0001f468")


def test_decomposed_file_counted_as_composed() -> None:
    raw = "Cafe\u0301 nai\u0308ve: we trust\r\nthem"
    text = SourceText(raw)
    composed = "Caf\u00e9 na\u00efve: we trust\r\nthem"
    start = composed.index("trust")
    ranked = rank_schemes(text, [(start, start + 5)], [""], preferred_schemes(""))
    assert text.text[slice(*ranked[0].spans[0])] == "trust"
