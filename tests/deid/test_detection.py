"""Each detection source on its own, and how their findings combine."""

from __future__ import annotations

from pathlib import Path

import pytest

from realist.deid.detector import Detector
from realist.deid.gazetteer import (
    Gazetteer,
    default_gazetteer,
    entries_from_setting,
    names_a_group,
    read_gazetteer_file,
    read_shipped,
)
from realist.deid.kinds import Detection, Kind, Source
from realist.deid.merge import merge, propagate
from realist.deid.ner import load_model
from realist.deid.roster import Roster, is_name
from realist.model import Participant


def spans(found: list[Detection]) -> list[tuple[str, str, str]]:
    return [(d.kind.value, d.source.value, d.text) for d in found]


def test_roster_finds_names_nicknames_and_parts_of_full_names() -> None:
    roster = Roster.from_records(
        [
            Participant(
                id=1,
                label="P1",
                attributes={"full_name": "Sharon Nguyen", "nicknames": "Shaz; Shazza"},
            ),
            {"label": "Tom", "group": "fg2", "surname": "Papadopoulos"},
        ]
    )
    text = "Shaz said Sharon Nguyen, aka Shazza, met Tom and Mr Papadopoulos; Nguyen agreed."
    found = roster.find(text)
    assert [d.text for d in found] == [
        "Shaz",
        "Sharon Nguyen",
        "Shazza",
        "Tom",
        "Papadopoulos",
        "Nguyen",
    ]
    assert {d.identity for d in found[:3]} == {"participant:P1|"}
    assert found[3].identity == "participant:Tom|fg2"


def test_speaker_codes_are_not_names() -> None:
    assert not any(is_name(x) for x in ("P3", "F", "FG2", "Facilitator", "Interviewer 2", "19"))
    assert all(is_name(x) for x in ("Tom", "Bec", "Mei Lin", "Ng"))


def test_shipped_gazetteers_hold_the_dhhs_areas_towns_and_agencies() -> None:
    areas = {text for text, _ in read_shipped("vic_areas.csv")}
    seventeen = {
        "Barwon", "Bayside Peninsula", "Brimbank Melton", "Central Highlands", "Goulburn",
        "Hume Moreland", "Inner Eastern Melbourne", "Inner Gippsland", "Loddon", "Mallee",
        "North Eastern Melbourne", "Outer Eastern Melbourne", "Outer Gippsland", "Ovens Murray",
        "Southern Melbourne", "Western District", "Western Melbourne",
    }  # fmt: skip
    assert seventeen <= areas
    g = default_gazetteer()
    text = "From Hume Moreland to Swan Hill, then Berry Street and Mallee Family Care in Mildura."
    assert spans(g.find(text)) == [
        ("place", "gazetteer", "Hume Moreland"),
        ("place", "gazetteer", "Swan Hill"),
        ("agency", "gazetteer", "Berry Street"),
        ("agency", "gazetteer", "Mallee Family Care"),
        ("place", "gazetteer", "Mildura"),
    ]


def test_towns_that_are_everyday_words_need_a_preposition() -> None:
    g = default_gazetteer()
    assert [
        d.text for d in g.find("Sale prices were bright. We drove to Sale and past Bright.")
    ] == [
        "Sale",
        "Bright",
    ]


def test_statewide_services_are_not_replaced_unless_asked() -> None:
    text = "Child Protection and Child FIRST in Victoria."
    assert default_gazetteer().find(text) == []
    masked = {d.text for d in default_gazetteer(statewide=True).find(text)}
    assert {"Child Protection", "Child FIRST", "Victoria"} <= masked


def test_user_gazetteers_from_csv_text_and_setting(tmp_path: Path) -> None:
    csv_file = tmp_path / "local.csv"
    csv_file.write_text("name,kind\nKurrajong Creek,place\nRiverbend Family Care,agency\n")
    txt_file = tmp_path / "local.txt"
    txt_file.write_text("# ours\nWattleford\nagency: Northgate Services\n")
    g = Gazetteer()
    g.add(read_gazetteer_file(csv_file))
    g.add(read_gazetteer_file(txt_file))
    g.add(
        entries_from_setting(
            ["agency: Yarrawee Family Services", {"text": "Mount Ellery", "kind": "place"}]
        )
    )
    text = "Riverbend Family Care in Kurrajong Creek, Northgate Services at Wattleford, Yarrawee Family Services near Mount Ellery"
    assert sorted(d.kind.value for d in g.find(text)) == ["agency"] * 3 + ["place"] * 3


def test_bad_gazetteer_files_say_which_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("text,kind\nSmithton,place\nNowhere,planet\n")
    with pytest.raises(ValueError, match=r"bad.csv, line 3: unknown kind 'planet'"):
        read_gazetteer_file(bad)
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("town\nSmithton\n")
    with pytest.raises(ValueError, match="needs a 'text' or 'name' column"):
        read_gazetteer_file(nocol)


def test_merge_keeps_the_longest_then_the_most_specific() -> None:
    ner = Detection(0, 5, Kind.PERSON, Source.NER, "Sarah")
    roster_full = Detection(0, 12, Kind.PERSON, Source.ROSTER, "Sarah Nguyen")
    place = Detection(20, 28, Kind.PLACE, Source.GAZETTEER, "Ballarat")
    org = Detection(20, 28, Kind.AGENCY, Source.NER, "Ballarat")
    assert merge([ner, roster_full, org, place]) == [roster_full, place]


def test_a_name_found_once_is_found_again_in_the_same_text() -> None:
    text = "Layla Hassan rang. Later Layla came with Hassan's sister."
    seed = [Detection(0, 12, Kind.PERSON, Source.NER, "Layla Hassan")]
    found = propagate(text, seed)
    assert [d.text for d in found] == ["Layla Hassan", "Layla", "Hassan"]
    assert {d.identity for d in found[1:]} == {"layla hassan"}


def test_without_a_model_detection_says_so_and_uses_rules_only() -> None:
    detector = Detector(ner_model="no_such_spacy_model")
    assert detector.nlp is None
    assert "not installed" in detector.notices[0] and "rules only" in detector.notices[0]
    assert spans(detector.detect("Mallee Family Care, 0412 345 678")) == [
        ("agency", "gazetteer", "Mallee Family Care"),
        ("phone", "pattern", "0412 345 678"),
    ]


def test_the_model_finds_people_the_rules_do_not_know() -> None:
    nlp, notice = load_model("en_core_web_sm")
    if nlp is None:
        pytest.skip(notice or "no model")
    detector = Detector(nlp=nlp)
    found = detector.detect("Then Tarquin Marsh called from Wurundale Family Support.\n")
    assert ("person", "ner", "Tarquin Marsh") in spans(found)
    assert ("agency", "ner", "Wurundale Family Support") in spans(found)
    assert detector.uses_model and detector.notices == []


def test_placeholders_from_an_earlier_run_are_left_alone() -> None:
    detector = Detector(ner_model=None)
    assert detector.detect("[Person 4] from [Agency 2] in [Place 1]") == []


@pytest.mark.parametrize(
    ("text", "word", "kept"),
    [
        ("P1: Email's the best way.", "Email", False),
        ("we sent it. Problem was the card.", "Problem", False),
        ("[laughs] Court support is busy", "Court", False),
        ("I told Email about it", "Email", True),
        ("P2: Archer's DOB is on file.", "Archer", True),
        ("P3: Focus was on the kids.", "Focus", False),
    ],
)
def test_a_common_word_starting_a_sentence_is_no_model_name(
    text: str, word: str, kept: bool
) -> None:
    """A model's one-word guess that is a common word capitalised only because it starts a
    line or sentence is dropped, unless a list knows it as a name (Archer)."""
    detector = Detector(nlp=None)
    start = text.index(word)
    guess = Detection(start, start + len(word), Kind.PERSON, Source.NER, word)
    assert detector._model_keeps(text, guess) is kept


def test_a_peoples_name_with_elder_or_woman_names_no_one() -> None:
    assert names_a_group("Gunaikurnai Elder") and names_a_group("Wamba Wamba woman")
    assert not names_a_group("Elder") and not names_a_group("Gunaikurnai Land Council")
