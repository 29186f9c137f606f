from __future__ import annotations

import pytest

from realist.errors import ValidationError
from realist.ingest.speakers import (
    build_turns,
    compile_speaker_pattern,
    find_marks,
    parse_timestamp,
)


def turns_of(text: str, **kwargs):
    pattern = kwargs.pop("pattern", None)
    turns, warnings = build_turns(text, find_marks(text, pattern), **kwargs)
    return [(t.speaker, text[t.start : t.end], t.timestamp) for t in turns], warnings


@pytest.mark.parametrize(
    ("line", "speaker", "stamp"),
    [
        ("Jane Smith: I think so.", "Jane Smith", None),
        ("P3: I think so.", "P3", None),
        ("F: I think so.", "F", None),
        ("19: I think so.", "19", None),
        ("Facilitator: I think so.", "Facilitator", None),
        ("INTERVIEWER: I think so.", "INTERVIEWER", None),
        ("[00:01:23] Jane: I think so.", "Jane", 83.0),
        ("Jane Smith (00:01:23): I think so.", "Jane Smith", 83.0),
        ("00:01:23 Jane: I think so.", "Jane", 83.0),
        ("**Team Leader 2:** I think so.", "Team Leader 2", None),
        ("Speaker 1 (01:05): I think so.", "Speaker 1", 65.0),
    ],
)
def test_each_common_label_is_a_speaker(line: str, speaker: str, stamp: float | None) -> None:
    text = f"Facilitator: Shall we begin?\n{line}\nP9: Right.\n"
    found, _ = turns_of(text)
    assert (speaker, "I think so.", stamp) in found


def test_label_on_its_own_line_with_words_below() -> None:
    text = "Speaker 1  0:03\nWelcome, everyone.\nLet's begin.\n\nJane Smith  0:15\nThanks for having us.\n"
    found, _ = turns_of(text)
    assert found == [
        ("Speaker 1", "Welcome, everyone.\nLet's begin.", 3.0),
        ("Jane Smith", "Thanks for having us.", 15.0),
    ]


def test_header_lines_and_prose_are_not_speakers() -> None:
    text = (
        "Date: 4 March 2024\nLocation: Ballarat office\n\n"
        "Facilitator: What happened next?\n"
        "P1: We went back. And the thing is: nobody called.\n"
        "Well: that was hard. See https://example.org at 10:30.\n"
        "P2: Yes.\n"
    )
    found, warnings = turns_of(text)
    assert [s for s, _, _ in found] == ["Facilitator", "P1", "P2"]
    assert found[1][1].endswith("10:30.")
    assert warnings == ()


def test_a_name_heard_once_in_a_labelled_transcript_still_speaks() -> None:
    text = (
        "Facilitator: Hi.\nP1: Hello.\nFacilitator: More?\nMary Jones: Just one thing.\nP1: Ok.\n"
    )
    found, _ = turns_of(text)
    assert ("Mary Jones", "Just one thing.", None) in found


def test_lone_heading_before_the_transcript_is_text_with_a_warning() -> None:
    found, warnings = turns_of("Bright Ideas: summary\nThe rest is prose.\n")
    assert found == []
    assert "Bright Ideas" in warnings[0] and "line 1" in warnings[0]


def test_case_variants_become_one_speaker() -> None:
    found, _ = turns_of("Interviewer: a\nR1: b\nINTERVIEWER: c\nInterviewer: d\n")
    assert {s for s, _, _ in found} == {"Interviewer", "R1"}


def test_known_speakers_count_even_when_heard_once() -> None:
    found, _ = turns_of("Leonie: only once here\n", known_speakers=["leonie"])
    assert found == [("Leonie", "only once here", None)]


def test_custom_pattern_replaces_the_defaults() -> None:
    text = "<Anna> hello there\n<Bo> hi\nP1: not a label here\n"
    found, _ = turns_of(text, pattern=r"^<(?P<speaker>\w+)>")
    assert found == [("Anna", "hello there", None), ("Bo", "hi\nP1: not a label here", None)]


def test_custom_pattern_needs_a_speaker_group() -> None:
    with pytest.raises(ValidationError, match="speaker"):
        compile_speaker_pattern(r"^(\w+):")
    with pytest.raises(ValidationError, match="not a valid"):
        compile_speaker_pattern(r"^(?P<speaker>[")


def test_timestamps() -> None:
    assert parse_timestamp("01:02:03.250") == 3723.25
    assert parse_timestamp("12:07") == 727.0
    assert parse_timestamp("nope") is None


def test_service_layouts_rev_zoom_and_descriptors() -> None:
    text = (
        "[Jane Smith] 10:02:33\nHello there.\n[Bob] 10:02:40\nHi.\n"
        "Participant 3 (team leader): I think so.\n"
        "Speaker 1 (00:00):\nRev style.\n\nSpeaker 2 (00:05):\nReply.\n"
    )
    found, warnings = turns_of(text)
    assert found == [
        ("Jane Smith", "Hello there.", 36153.0),
        ("Bob", "Hi.", 36160.0),
        ("Participant 3", "I think so.", None),
        ("Speaker 1", "Rev style.", 0.0),
        ("Speaker 2", "Reply.", 5.0),
    ]
    assert warnings == ()


def test_older_teams_word_transcript() -> None:
    text = (
        "0:0:0.0 --> 0:0:6.400\nJane Smith\nHello everyone, thanks for coming.\n\n"
        "0:0:6.400 --> 0:0:9.0\nTom O'Brien\nHappy to be here.\n"
    )
    found, _ = turns_of(text)
    assert found == [
        ("Jane Smith", "Hello everyone, thanks for coming.", 0.0),
        ("Tom O'Brien", "Happy to be here.", 6.4),
    ]


def test_tab_separated_labels() -> None:
    text = "Interviewer\tSo tell me.\nR1\tWell, it was hard.\nInterviewer\tGo on.\n"
    found, _ = turns_of(text)
    assert found == [
        ("Interviewer", "So tell me.", None),
        ("R1", "Well, it was hard.", None),
        ("Interviewer", "Go on.", None),
    ]
