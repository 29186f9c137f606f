"""Names in lines written without capitals (uncorrected automatic captions). Every test
runs the real detector, rules only, on real lowercase sentences."""

from __future__ import annotations

import pytest

from realist.deid.detector import Detector
from realist.deid.gazetteer import default_gazetteer
from realist.deid.kinds import Kind
from realist.deid.lowercase import common_words, lowercase_spans
from realist.deid.roster import Roster
from realist.demo.corpus import load_sources, read_roster

NAMED = (Kind.PERSON, Kind.PLACE, Kind.AGENCY)


@pytest.fixture(scope="module")
def rules() -> Detector:
    return Detector(ner_model=None)


def named(detector: Detector, text: str) -> list[tuple[str, str]]:
    return [(d.kind.value, d.text) for d in detector.detect(text) if d.kind in NAMED]


def test_names_places_and_surnames_in_an_uncorrected_caption(rules: Detector) -> None:
    text = (
        "P8: yeah so i rang concetta and frank d'agostino about it, sal was there too, "
        "out at greensborough"
    )
    assert named(rules, text) == [
        ("person", "concetta"),
        ("person", "frank d'agostino"),
        ("person", "sal"),
        ("place", "greensborough"),
    ]


def test_agencies_areas_and_towns_that_are_words(rules: Detector) -> None:
    text = "P2: we referred them to anglicare in the loddon area, then a bright day in sale"
    assert named(rules, text) == [("agency", "anglicare"), ("place", "loddon")]


def test_a_surname_is_not_a_common_word(rules: Detector) -> None:
    assert named(rules, "P1: i rang concetta yesterday and kylie brennan too") == [
        ("person", "concetta"),
        ("person", "kylie brennan"),
    ]
    assert named(rules, "P1: yeah tezza's kids, terri o'neill, in burwood") == [
        ("person", "tezza"),
        ("person", "terri o'neill"),
        ("place", "burwood"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "P1: to be frank i will ring them, my mum said so",
        "P1: it was only by the grace of god nobody got hurt",
        "P1: there's hope, we will mark it in may and bill the program",
        "P1: a penny for your thoughts on the reservoir of sunshine and heather",
        "P1: we had a sale at the foster carers' night, it was bright",
        "P1: they want to rob the bank, sue the school and pat the dog",
    ],
)
def test_common_words_are_not_names(rules: Detector, text: str) -> None:
    assert named(rules, text) == []


def test_names_that_are_words_need_a_person_cue(rules: Detector) -> None:
    text = "P3: my worker grace rang, uncle frank came, a girl named hope, and max said no"
    assert named(rules, text) == [
        ("person", "grace"),
        ("person", "frank"),
        ("person", "hope"),
        ("person", "max"),
    ]


def test_a_name_found_once_is_found_again_where_it_is_not_the_word(rules: Detector) -> None:
    text = (
        "P8: nonna concetta rang about her grandson frank\n"
        "P9: little frank and to be frank the school was over it, and so was frank\n"
        "P8: Concetta came in on Monday."
    )
    found = [(d.start, d.text) for d in rules.detect(text) if d.kind is Kind.PERSON]
    assert [t for _, t in found] == ["concetta", "frank", "frank", "frank", "Concetta"]
    assert "to be frank" not in [text[s - 6 : s + 5] for s, _ in found]


def test_a_surname_found_lowercase_is_found_again(rules: Detector) -> None:
    text = "P9: was that the d'agostino family\nP8: yeah sal d'agostino's kids, sal's inside"
    assert [t for _, t in named(rules, text)] == ["d'agostino", "sal d'agostino", "sal"]


def test_roster_names_and_nicknames_in_lowercase() -> None:
    roster = Roster.from_records(
        [
            {"label": "P7", "full_name": "Giulia Santamaria", "nicknames": "Jules"},
            {"label": "P13", "full_name": "Jasmine Cheng", "nicknames": "Jas"},
        ]
    )
    det = Detector(roster=roster, ner_model=None)
    found = det.detect("P8: jules and giulia santamaria said so, jas too, and jasmine tea")
    assert [(d.text, d.identity) for d in found] == [
        ("jules", "participant:P7|"),
        ("giulia santamaria", "participant:P7|"),
        ("jas", "participant:P13|"),
    ]
    found = det.detect("P8: my colleague jasmine rang")
    assert [(d.text, d.identity) for d in found] == [("jasmine", "participant:P13|")]


def test_mixed_case_lines_are_read_as_before(rules: Detector) -> None:
    assert named(rules, "P1: yeah so I rang concetta out at greensborough") == []
    text = "P1: I rang Concetta at Greensborough. To be frank, Grace rang Will."
    assert named(rules, text) == [
        ("person", "Concetta"),
        ("place", "Greensborough"),
        ("person", "Grace"),
        ("person", "Will"),
    ]


def test_only_lines_without_capitals_count() -> None:
    text = "Facilitator: Welcome back\nP2: yeah so i rang sal\n[Note: lowercase]\nok"
    spans = lowercase_spans(text)
    assert [text[s:e] for s, e in spans] == ["yeah so i rang sal", "ok"]


def test_the_word_list_holds_words_not_names() -> None:
    words = common_words()
    for word in ("sue", "rob", "pat", "bill", "sale", "bright", "may", "mark", "will", "carol"):
        assert word in words
    for word in ("guy", "max", "frank", "grace", "penny", "to", "the"):
        assert word in words
    for name in ("john", "peter", "sally", "concetta", "sal", "greensborough", "kylie"):
        assert name not in words


def test_the_lowercased_demo_corpus_finds_no_new_non_names() -> None:
    """Every person, place or agency found in the lowercased demo transcripts is one the
    detector also finds in the transcripts as written."""
    gazetteer = default_gazetteer()
    rows = read_roster()
    new = []
    for group in load_sources():
        text = "\n\n".join(f"{t.speaker}: {t.text}" for t in group.turns)
        roster = Roster.from_records([r for r in rows if r["group"] == group.group])
        det = Detector(roster=roster, ner_model=None, gazetteer=gazetteer)
        cased = [d for d in det.detect(text) if d.kind in NAMED]
        lowered = [d for d in det.detect(text.lower()) if d.kind in NAMED]
        new += [
            d.text for d in lowered if not any(c.start < d.end and d.start < c.end for c in cased)
        ]
        assert len(lowered) <= len(cased)
    assert new == []


def test_a_timestamped_speaker_label_does_not_hide_a_line_without_capitals() -> None:
    text = "[00:01:40] Bec Halloran: yeah so i rang concetta and frank d'agostino\n"
    found = {d.text for d in Detector(ner_model=None).detect(text)}
    assert {"concetta", "frank d'agostino"} <= found
