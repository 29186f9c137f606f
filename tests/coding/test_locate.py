"""Placing quotes in a transcript: exact, normalised, fuzzy; ambiguous and missing reported."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from realist.coding.locate import QuoteLocator, normalise

TEXT = (
    "P1: Honestly, it\u2019s persistence. I just kept turning up,\nbrought groceries.\n"
    "P2: Caf\u00e9 visits helped \u2014 they really did. It's persistence.\n"
    "P3: The kids stayed home. The kids stayed home.\n"
)


def placed_words(quote: str, **kw: float) -> tuple[str, str]:
    p = QuoteLocator(TEXT).locate(quote, **kw)
    assert p.placed, p.reason
    assert p.start is not None and p.end is not None
    return p.method, TEXT[p.start : p.end]


def test_exact_match() -> None:
    assert placed_words("I just kept turning up") == ("exact", "I just kept turning up")


def test_whitespace_case_and_punctuation_are_ignored() -> None:
    method, words = placed_words("i just kept turning up brought groceries")
    assert method == "normalised"
    assert words == "I just kept turning up,\nbrought groceries"


def test_accents_and_dashes_map_back_to_original_offsets() -> None:
    method, words = placed_words("cafe visits helped - they really did")
    assert (method, words) == ("normalised", "Caf\u00e9 visits helped \u2014 they really did")


def test_ellipsis_joins_parts_in_order() -> None:
    method, words = placed_words("Honestly ... kept turning up")
    assert method == "normalised"
    assert words == "Honestly, it\u2019s persistence. I just kept turning up"


def test_fuzzy_match_with_typos_has_a_score() -> None:
    p = QuoteLocator(TEXT).locate("I jsut kept turnin up, brougt groceries")
    assert p.method == "fuzzy" and 90 <= p.score < 100
    assert p.start is not None
    assert TEXT[p.start : p.end] == "I just kept turning up,\nbrought groceries"


def test_fuzzy_below_threshold_is_missing_with_reason() -> None:
    p = QuoteLocator(TEXT).locate("I jsut kept turnin up, brougt groceries", min_score=99)
    assert p.method == "missing" and not p.placed
    assert "best score" in p.reason


def test_repeated_exact_words_are_ambiguous_not_guessed() -> None:
    p = QuoteLocator(TEXT).locate("The kids stayed home.")
    assert p.method == "ambiguous" and not p.placed
    assert len(p.candidates) == 2
    assert "2 times" in p.reason


def test_repeated_normalised_words_are_ambiguous() -> None:
    p = QuoteLocator(TEXT).locate("its persistence")
    assert p.method == "ambiguous" and len(p.candidates) == 2


def test_repeated_fuzzy_passages_are_ambiguous() -> None:
    text = "we went to the shopx every single day\nand then we went to the shopy every single day"
    p = QuoteLocator(text).locate("we went to the shopz every single day", min_score=85)
    assert p.method == "ambiguous"


def test_missing_and_empty_quotes() -> None:
    loc = QuoteLocator(TEXT)
    assert loc.locate("nothing like this was ever said by anyone").method == "missing"
    assert "empty" in loc.locate("   ").reason
    assert "no letters" in loc.locate("...").reason


def test_normalise_keeps_an_offset_for_every_character() -> None:
    norm, index = normalise("A  b,\nC")
    assert norm == "a b c"
    assert [index[i] for i in (0, 2, 4)] == [0, 3, 6]


@given(st.text(alphabet="ab .,\n\u00e9", min_size=1, max_size=40), st.data())
def test_any_substring_is_found_where_it_is(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    p = QuoteLocator(text).locate(quote, min_score=100)
    if p.placed:
        assert p.start is not None and p.end is not None
        # a placed quote always covers words equal to the quote once normalised
        assert normalise(text[p.start : p.end])[0] == normalise(quote.strip())[0]
    else:
        assert p.method in ("ambiguous", "missing")


def test_editorial_insertions_and_quotation_marks_are_ignored() -> None:
    text = "P1: I think she let me in because I kept coming back.\n"
    loc = QuoteLocator(text)
    p = loc.locate("she [the mother] let me in because")
    assert p.method == "normalised" and text[p.start : p.end] == "she let me in because"  # type: ignore[misc]
    q = loc.locate("\u201cI think she let me in\u201d")
    assert q.method == "normalised" and text[q.start : q.end] == "I think she let me in"  # type: ignore[misc]


def test_hesitations_left_out_of_a_quote_still_match_and_the_whole_passage_is_taken() -> None:
    text = (
        "P1: Before that. Um, so, you know, we would go out, um, to the house like three or four"
        " times a week, and, um, just sit with mum, you know, and listen, and eventually she,"
        " um, started to open up about what was going on at home.\nP2: Yeah that is right.\n"
    )
    loc = QuoteLocator(text)
    short = loc.locate("we would go out to the house like three or four times a week")
    assert short.method == "normalised"
    cleaned = (
        "we would go out to the house three or four times a week and just sit with mum and"
        " listen and eventually she started to open up about what was going on at home"
    )
    p = loc.locate(cleaned)
    assert p.method == "fuzzy" and p.score >= 90
    words = text[p.start : p.end]  # type: ignore[misc]
    assert words.startswith("we would go out, um,")
    assert words.endswith("what was going on at home")


def test_closing_punctuation_of_the_quote_is_taken_in() -> None:
    text = "P1: So the consistency is the thing that gets you in the door. P2: Yes.\n"
    loc = QuoteLocator(text)
    p = loc.locate("\u201cso the consistency is the thing that gets you in the door.\u201d")
    assert p.method == "normalised"
    assert text[p.start : p.end] == "So the consistency is the thing that gets you in the door."  # type: ignore[misc]
    q = loc.locate("so the consistency is the thing ...")
    assert text[q.start : q.end] == "So the consistency is the thing"  # type: ignore[misc]
