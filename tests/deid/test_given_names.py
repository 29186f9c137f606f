"""People's names: the shipped given-name lists, names that are also words, and names in
no list found by person context. Every test runs the real detector on real text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from realist.deid.detector import Detector
from realist.deid.gazetteer import (
    default_gazetteer,
    not_names,
    people_in_context,
    read_cued_names,
    read_shipped,
)
from realist.deid.kinds import Kind, Source
from realist.deid.ner import load_model
from realist.deid.roster import Roster
from realist.demo.corpus import load_sources, read_roster

ROOT = Path(__file__).resolve().parents[2]
NAMES = {name for name, _ in read_shipped("given_names.txt")}
CUED = dict(read_cued_names())


@pytest.fixture(scope="module")
def rules() -> Detector:
    return Detector(ner_model=None)


def people(detector: Detector, text: str) -> list[str]:
    return [d.text for d in detector.detect(text) if d.kind is Kind.PERSON]


def test_the_given_name_list_is_broad_and_holds_no_everyday_words() -> None:
    assert 2_500 <= len(NAMES) <= 5_000
    irish = {"Saoirse", "Aoife", "Niamh", "Siobhan", "Caoimhe", "Oisín", "Oisin", "Seán", "Róisín"}
    short = {"Bec", "Shaz", "Jonno", "Bazza", "Mick", "Tash", "Steph", "Lachie", "Macca"}
    elsewhere = {
        *("Yiannis", "Despina", "Giuseppe", "Concetta", "Tomasz", "Zoran", "Blagoja", "Carmel"),
        *("Thanh", "Nguyet", "Xiaoming", "Gurpreet", "Harjit", "Priyanka", "Nuwan", "Tharshan"),
        *("Hodan", "Nimco", "Abdirahman", "Achol", "Nyandeng", "Garang", "Tesfaye", "Mulugeta"),
        *("Sione", "Salote", "Tevita", "Ngaire", "Wiremu", "Kirra", "Jarrah", "Lowanna"),
        *("Zoë", "Chloé", "Mohammed", "Fatima", "Hussain", "Zahra", "Mehmet", "Merve", "Maryam"),
    }
    assert irish | short | elsewhere <= NAMES
    words = {"Will", "May", "June", "Hope", "Grace", "Mark", "Bill", "Jack", "Ruby", "Said"}
    assert not words & NAMES
    assert words <= set(CUED)
    assert CUED["May"] and CUED["Victoria"] and not CUED["Grace"]
    assert not NAMES & set(CUED)
    assert all(unicodedata.normalize("NFC", n) == n for n in NAMES | set(CUED))


def test_uncommon_given_names_are_people_without_the_model(rules: Detector) -> None:
    text = "P2: I work with Saoirse and her brother Oisín. Aoife's mum rang Nyandeng yesterday."
    assert people(rules, text) == ["Saoirse", "Oisín", "Aoife", "Nyandeng"]
    assert people(rules, "Bazza and Shaz came, then Tomasz Wieczorek.") == [
        "Bazza",
        "Shaz",
        "Tomasz Wieczorek",
    ]


def test_names_that_are_words_stay_words_without_a_person_cue(rules: Detector) -> None:
    text = (
        "Will you ring me? May I ask something. Hope that helps. Grace period is two weeks.\n"
        "Mark the date. Bill them later. Chase up the referral. Frank conversations help.\n"
        "Art therapy works. We started in May and finished on 30 June 2023.\n"
        "Don't worry. Long story short. Said it before. Rich families cope better.\n"
        "We moved from Sydney. Victoria Police came. In Victoria the law changed.\n"
        "The Royal Children's Hospital took her. Sky News ran it. Star Weekly said so."
    )
    assert people(rules, text) == []


def test_names_that_are_words_are_people_with_a_person_cue(rules: Detector) -> None:
    text = (
        "I spoke to Grace about it. Hope rang me. My worker Will was there.\n"
        "Her daughter, Ruby, is five. Grace Nguyen said yes. The dad, Hung, came.\n"
        "Mark's kids are back at school. I told May about it. June said it was fine."
    )
    assert people(rules, text) == [
        "Grace",
        "Hope",
        "Will",
        "Ruby",
        "Grace Nguyen",
        "Hung",
        "Mark",
        "May",
        "June",
    ]
    assert people(rules, "Ask Aunty June about it.") == ["Aunty June"]


def test_a_name_that_is_a_word_is_found_again_only_where_it_can_be_a_name(
    rules: Detector,
) -> None:
    text = "My worker Will came. Later, Will rang back. Will has been great. Will you come?"
    found = [d.start for d in rules.detect(text) if d.kind is Kind.PERSON]
    wills = [i for i in range(len(text)) if text.startswith("Will", i)]
    assert found == wills[:3]
    month = "Aunty June came in June, on 3 June. June said it helped."
    assert people(rules, month) == ["Aunty June", "June"]


def test_given_names_in_groups_places_and_institutions_are_not_people(rules: Detector) -> None:
    text = (
        "Karen families need Karen interpreters. We went to the Alfred, then St Vincent's. "
        "She lives near Elizabeth Street in Mount Martha."
    )
    assert people(rules, text) == []
    assert people(rules, "Karen said the Karen community helped.") == ["Karen"]
    assert people(rules, "THAI CHARACTER SARA A") == []
    assert people(rules, "SARAH rang.") == ["SARAH"]


def test_names_in_no_list_are_found_by_person_context(rules: Detector) -> None:
    for unknown in ("Zephyrine", "Ottoline", "Wieczorek", "Pruitt", "Okafor", "Quilla"):
        assert unknown not in NAMES and unknown not in CUED
    text = (
        "I had a mum, Zephyrine, who rang twice. Our school contact is Ottoline Wieczorek.\n"
        "Quilla Pruitt, our senior, runs them. We had a family, the Carmody-Jones, and the "
        "Okafor kids came too. A girl named Tallulah Vane said no."
    )
    assert people(rules, text) == [
        "Zephyrine",
        "Ottoline Wieczorek",
        "Quilla Pruitt",
        "Carmody-Jones",
        "Okafor",
        "Tallulah Vane",
    ]
    assert {d.source for d in people_in_context(text, default_gazetteer())} == {Source.PATTERN}


def test_person_context_does_not_take_other_capitalised_words(rules: Detector) -> None:
    text = (
        "Basically, the worker was late. Honestly, my manager agreed. The mum, Child Protection "
        "said, was fine. I'm from East Coast, your worker told you. The girl, Year 9, was "
        "bright. Her partner, Monday, never. The Navigator, the worker. Court- or Child "
        "Protection-ordered referral. Then the Aboriginal family moved."
    )
    assert people(rules, text) == []
    assert {"Navigator", "Street", "Monday", "Child", "Protection"} <= not_names()


def test_coding_frame_prose_names_nobody(rules: Detector) -> None:
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("description", "inclusion", "exclusion", "example", "name"):
                    texts.append(str(value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted((ROOT / "coding_frames").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    prose = "\n\n".join(texts)
    assert len(prose.split()) > 4_000
    assert people(rules, prose) == []


def test_the_demo_transcripts_gain_no_false_people(rules: Detector) -> None:
    rows = read_roster()
    found = []
    for group in load_sources():
        text = "\n\n".join(f"{t.speaker}: {t.text}" for t in group.turns)
        roster = Roster.from_records([r for r in rows if r["group"] == group.group])
        detector = Detector(roster=roster, ner_model=None, gazetteer=rules.gazetteer)
        found += [
            d.text
            for d in detector.detect(text)
            if d.kind is Kind.PERSON and d.source is not Source.ROSTER
        ]
    assert found == ["Sharon"]  # "Our Navigator is amazing. Sharon. Oh, sorry" (fg2)


def test_the_model_with_the_rules_finds_a_name_the_model_misses() -> None:
    nlp, notice = load_model("en_core_web_sm")
    if nlp is None:
        pytest.skip(notice or "no model")
    text = (
        "I work with a girl, Saoirse, who hadn't been to school for a term.\n"
        "Pip: And Saoirse sent me a photo from her formal.\n"
    )
    found = [d.text for d in Detector(nlp=nlp).detect(text) if d.kind is Kind.PERSON]
    assert found.count("Saoirse") == 2


@pytest.fixture(scope="module")
def model_detector() -> Detector:
    nlp, notice = load_model("en_core_web_sm")
    if nlp is None:
        pytest.skip(notice or "no model")
    return Detector(nlp=nlp)


PEOPLES_TEXT = (
    'P2: Her eldest said, "Miss, she doesn\'t understand him." For the Nuer and Dinka '
    "families we book an interpreter; for Hazaragi or Dari it's harder. The Tongan church "
    "helps. I'm Kiah, proud Yorta Yorta woman, and we work with the ACCO on it. Torres "
    "Strait Islander and non-Aboriginal workers alike. The Congolese families speak Swahili, "
    "Kinyarwanda or Lingala, and the Bhutanese ones Nepali. The kids grow up Aussie. A Tamil "
    "dad, a Maltese nonna, the Chaldean families, the Pakistani family. For Karen there are "
    "two interpreters, and the Tigrinya speakers wait. I'm Jodie, Gunditjmara woman, "
    "practitioner at Gunditjmara Aboriginal Co-operative. Kia ora, I'm Mere. He was "
    "ex-Child Protection. Who pays? Us.\n"
)
GROUP_WORDS = {
    *("Nuer", "Dinka", "Hazaragi", "Dari", "Tongan", "Yorta Yorta", "ACCO", "Torres"),
    *("Strait Islander", "non-Aboriginal", "Congolese", "Swahili", "Kinyarwanda", "Lingala"),
    *("Bhutanese", "Nepali", "Aussie", "Tamil", "Maltese", "Chaldean", "Pakistani", "Karen"),
    *("Tigrinya", "Gunditjmara", "Kia", "Miss", "Us", "ex-Child Protection"),
}


@pytest.mark.parametrize("which", ["rules", "model"])
def test_peoples_languages_and_nations_are_not_names_places_or_agencies(
    which: str, rules: Detector, request: pytest.FixtureRequest
) -> None:
    detector = rules if which == "rules" else request.getfixturevalue("model_detector")
    found = [d.text for d in detector.detect(PEOPLES_TEXT)]
    assert not GROUP_WORDS & set(found), found
    assert "Gunditjmara Aboriginal Co-operative" in found
    assert "Jodie" in found and "Kiah" in found


def test_karen_is_a_person_only_with_a_person_cue(rules: Detector) -> None:
    assert (
        people(rules, "A lot of our families are Karen. For Karen there's one interpreter.") == []
    )
    assert people(rules, "Karen said she'd ring. My colleague Karen Walsh agreed.") == [
        "Karen",
        "Karen Walsh",
    ]


def test_an_agency_named_for_a_nation_is_kept_but_not_the_people(rules: Detector) -> None:
    found = [
        (d.kind, d.text)
        for d in rules.detect(
            "We connect families to the Wathaurong playgroup. She's a Wathaurong woman."
        )
    ]
    assert found == [(Kind.AGENCY, "Wathaurong")]


def test_nicknames_and_names_from_newer_communities_are_people(rules: Detector) -> None:
    text = (
        "If I could get Davo back. Thommo and Shazza came, Bradders too. Marites rang, and "
        "Marzia, Bishnu and Furaha. Stevo, Robbo and Gazza were late."
    )
    assert people(rules, text) == [
        *("Davo", "Thommo", "Shazza", "Bradders", "Marites"),
        *("Marzia", "Bishnu", "Furaha", "Stevo", "Robbo", "Gazza"),
    ]
    assert people(rules, "Jazz ballet is on Tuesdays.") == []
    assert people(rules, "Her husband, everyone calls him Jazz.") == ["Jazz"]
