"""Word layouts: speaker tables (headers, time columns, continuation rows), headings,
participant lists and Teams transcription lines."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from realist.ingest import read_file
from tests.ingest.makers import (
    bold_docx,
    roster_then_talk_docx,
    styled_table_docx,
    table_docx,
    teams_docx,
)

TURNS = [
    ("Facilitator", "Can you tell me about the first time someone came to see you?"),
    ("Kylie Morgan", "I was terrified, to be honest. I didn't open the door."),
    ("Facilitator", "What changed?"),
    ("Jason Teo", "For us it was the dad's group. Nobody had asked me before."),
    ("Kylie Morgan", "Yeah, and every new worker asks the same questions again."),
]
TIMES = ["00:00:05", "00:00:14", "00:00:33", "00:00:58", "00:01:49"]
SECONDS = [5.0, 14.0, 33.0, 58.0, 109.0]
SPEAKERS = {"Facilitator", "Kylie Morgan", "Jason Teo"}


def spoken(draft):
    return [(t.speaker, draft.text[t.start : t.end]) for t in draft.turns]


# -- header rows ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "header",
    [
        ("Participant", "Response"),
        ("Name", "Comments"),
        ("Who", "What was said"),
        ("Speaker", "Text"),
    ],
)
def test_a_header_row_of_column_titles_is_not_a_turn(tmp_path: Path, header) -> None:
    draft = read_file(table_docx(tmp_path / "t.docx", TURNS, header))
    assert spoken(draft) == TURNS
    assert header[0] not in draft.text
    assert draft.warnings == ()


def test_header_words_do_not_become_participants(project, tmp_path: Path) -> None:
    path = table_docx(tmp_path / "fg.docx", TURNS, ("Participant", "Response"))
    result = project.import_file(path)
    assert set(result.speakers) == SPEAKERS
    assert {p.label for p in project.participants()} == SPEAKERS


@pytest.mark.parametrize("kind", ["bold", "repeat"])
def test_a_bold_or_repeated_header_row_is_a_header_in_any_words(tmp_path: Path, kind) -> None:
    path = styled_table_docx(
        tmp_path / "t.docx",
        TURNS,
        ("Orateur", "Propos"),
        bold=kind == "bold",
        repeat=kind == "repeat",
    )
    draft = read_file(path)
    assert spoken(draft) == TURNS
    assert "Orateur" not in draft.text and draft.warnings == ()


def test_a_first_speaker_never_heard_again_is_a_header_with_a_warning(tmp_path: Path) -> None:
    draft = read_file(styled_table_docx(tmp_path / "t.docx", TURNS, ("Orateur", "Propos")))
    assert spoken(draft) == TURNS
    (warning,) = draft.warnings
    assert "'Orateur | Propos'" in warning and "column titles" in warning


def test_a_table_without_a_header_keeps_its_first_turn(tmp_path: Path) -> None:
    rows = [("P1", "Yes"), *TURNS, ("P1", "Me too, honestly.")]
    draft = read_file(table_docx(tmp_path / "t.docx", rows, None))
    assert spoken(draft) == rows
    assert draft.warnings == ()


# -- continuation rows ------------------------------------------------------------------
CONTINUED = [
    ("Facilitator", "Can you tell me about the first time"),
    ("", "someone from the service came to see you?"),
    ("Kylie Morgan", "I was terrified, to be honest. I thought she was from"),
    ("", "the department and I didn't open the door."),
    ("Facilitator", "What changed?"),
]
CONTINUED_TURNS = [
    ("Facilitator", "Can you tell me about the first time\nsomeone from the service came to see you?"),
    ("Kylie Morgan", "I was terrified, to be honest. I thought she was from\nthe department and I didn't open the door."),
    ("Facilitator", "What changed?"),
]  # fmt: skip


@pytest.mark.parametrize("header", [("Speaker", "Transcript"), ("Speaker", "Text"), None])
def test_an_empty_speaker_cell_continues_the_turn(tmp_path: Path, header) -> None:
    draft = read_file(table_docx(tmp_path / "t.docx", CONTINUED, header))
    assert spoken(draft) == CONTINUED_TURNS
    assert "\t" not in draft.text
    assert "Speaker" not in draft.text


def test_a_continuation_row_with_its_own_time_is_a_new_turn(tmp_path: Path) -> None:
    rows = [
        ("00:00:05", "Facilitator", "Welcome, everyone."),
        ("00:00:09", "", "Shall we start?"),
        ("", "", "There is tea."),
        ("00:00:14", "P1", "Yes, please."),
    ]
    draft = read_file(table_docx(tmp_path / "t.docx", rows, ("Time", "Speaker", "Text")))
    assert spoken(draft) == [
        ("Facilitator", "Welcome, everyone."),
        ("Facilitator", "Shall we start?\nThere is tea."),
        ("P1", "Yes, please."),
    ]
    assert [t.timestamp for t in draft.turns] == [5.0, 9.0, 14.0]


# -- time columns -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "header",
    [
        ("Timecode", "Speaker", "Text"),
        ("Timecode", "Speaker", "Dialogue"),
        ("Time", "Speaker", "Text"),
        None,
    ],
)
@pytest.mark.parametrize(
    "clock",
    [
        lambda t: t,
        lambda t: f"[{t}]",
        lambda t: f"({t})",
        lambda t: t + ".35",
        lambda t: t[3:],  # 00:05
    ],
    ids=["plain", "brackets", "parens", "decimal", "mm:ss"],
)
def test_time_column_gives_timestamps_not_words(tmp_path: Path, header, clock) -> None:
    rows = [(clock(t), s, w) for t, (s, w) in zip(TIMES, TURNS, strict=True)]
    draft = read_file(table_docx(tmp_path / "t.docx", rows, header))
    assert spoken(draft) == TURNS
    assert [round(t.timestamp or -1) for t in draft.turns] == SECONDS
    assert {t.speaker for t in draft.turns} == SPEAKERS
    assert "Timecode" not in draft.text and "00:0" not in draft.text


@pytest.mark.parametrize(
    ("order", "header"),
    [
        ((1, 0, 2), ("Speaker", "Timecode", "Text")),
        ((2, 1, 0), ("Text", "Speaker", "Timecode")),
        ((1, 2, 0), ("Speaker", "Text", "Timecode")),
    ],
)
def test_time_speaker_and_words_columns_in_any_order(tmp_path: Path, order, header) -> None:
    rows = [(t, s, w) for t, (s, w) in zip(TIMES, TURNS, strict=True)]
    moved = [tuple(row[i] for i in order) for row in rows]
    draft = read_file(table_docx(tmp_path / "t.docx", moved, header))
    assert spoken(draft) == TURNS
    assert [t.timestamp for t in draft.turns] == SECONDS


def test_start_and_end_times_keep_the_start(tmp_path: Path) -> None:
    rows = [(t, "00:09:59", s, w) for t, (s, w) in zip(TIMES, TURNS, strict=True)]
    draft = read_file(table_docx(tmp_path / "t.docx", rows, ("Start", "End", "Speaker", "Text")))
    assert spoken(draft) == TURNS
    assert [t.timestamp for t in draft.turns] == SECONDS


def test_timecode_table_makes_no_odd_participants(project, tmp_path: Path) -> None:
    rows = [(t, s, w) for t, (s, w) in zip(TIMES, TURNS, strict=True)]
    path = table_docx(tmp_path / "fg.docx", rows, ("Timecode", "Speaker", "Text"))
    project.import_file(path)
    assert {p.label for p in project.participants()} == SPEAKERS
    doc = project.document("fg")
    assert [t.timestamp for t in project.turns(doc)] == SECONDS


def test_a_names_and_roles_table_is_not_talk(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for name, role in [("Dana Whitfield", "Facilitator"), ("Kylie Morgan", "Parent"),
                       ("Jason Teo", "Parent")]:  # fmt: skip
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, role
    for speaker, words in TURNS:
        paragraph = document.add_paragraph()
        paragraph.add_run(speaker).bold = True
        paragraph.add_run(" " + words)
    document.save(tmp_path / "roles.docx")
    draft = read_file(tmp_path / "roles.docx")
    assert draft.text.startswith("Dana Whitfield\tFacilitator\nKylie Morgan\tParent\n")
    assert spoken(draft) == TURNS
    assert any("table rows before the talk" in w for w in draft.warnings)


# -- headings and participant lists -----------------------------------------------------
ROSTER = [
    "P1: Team leader, 6 years in role",
    "P2: Senior caseworker, 11 years",
    "P3: Team leader (Aboriginal identified position)",
    "Facilitator: Dana Whitfield",
]
TALK = [
    ("Facilitator", "Let's start with how you decide which families get in."),
    ("P1", "We use the risk tool, but the tool tells us what we know."),
    ("P2", "In our region it's whoever has a vacancy."),
    ("P3", "It should. We've got the cultural consultant now."),
    ("P1", "And the partnership only started last year."),
]


@pytest.mark.parametrize("style", ["List Bullet", "List Number"])
def test_participant_list_and_heading_are_not_turns(tmp_path: Path, style) -> None:
    draft = read_file(roster_then_talk_docx(tmp_path / "fg.docx", ROSTER, TALK, list_style=style))
    assert spoken(draft) == TALK
    assert "P1: Team leader, 6 years in role\n" in draft.text
    (warning,) = draft.warnings
    assert "4 list items" in warning and "participant list" in warning
    assert "'P1: Team leader, 6 years in role'" in warning


def test_participant_list_makes_no_participants(project, tmp_path: Path) -> None:
    roster = ["P1: Team leader", "P9: Observer, did not speak", "Facilitator: Dana Whitfield"]
    project.import_file(roster_then_talk_docx(tmp_path / "fg.docx", roster, TALK))
    assert {p.label for p in project.participants()} == {"Facilitator", "P1", "P2", "P3"}


def test_a_bulleted_transcript_keeps_its_turns(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Transcript", level=1)
    for speaker, words in TALK:
        document.add_paragraph(f"{speaker}: {words}", style="List Bullet")
    document.add_paragraph("P2: A last word, in plain style.")
    document.save(tmp_path / "bullets.docx")
    draft = read_file(tmp_path / "bullets.docx")
    assert spoken(draft) == [*TALK, ("P2", "A last word, in plain style.")]
    assert draft.warnings == ()


def test_a_heading_ends_the_turn_before_it(tmp_path: Path) -> None:
    document = docx.Document()
    for index, (speaker, words) in enumerate(TURNS):
        if index == 2:
            document.add_heading("Part 2: Barriers", level=2)
        paragraph = document.add_paragraph()
        paragraph.add_run(speaker).bold = True
        paragraph.add_run(" " + words)
    document.add_heading("Notes", level=1)
    document.save(tmp_path / "parts.docx")
    draft = read_file(tmp_path / "parts.docx")
    assert spoken(draft) == TURNS
    assert draft.warnings == ()


def test_words_after_a_heading_without_a_label_are_in_no_turn(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("P1: Before the break.")
    document.add_heading("After the break", level=2)
    document.add_paragraph("Recording resumed at 11:05.")
    document.add_paragraph("P2: And after it.")
    document.save(tmp_path / "break.docx")
    draft = read_file(tmp_path / "break.docx")
    assert spoken(draft) == [("P1", "Before the break."), ("P2", "And after it.")]
    (warning,) = draft.warnings
    assert "line 2" in warning and "'After the break'" in warning
    assert "'Recording resumed at 11:05.'" in warning


def test_a_heading_never_starts_a_turn(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Facilitator: Welcome.")
    document.add_heading("P1: Introductions", level=2)
    document.add_paragraph("P2: Hello all.")
    document.save(tmp_path / "h.docx")
    draft = read_file(tmp_path / "h.docx")
    assert spoken(draft) == [("Facilitator", "Welcome."), ("P2", "Hello all.")]
    assert any("heading 'P1: Introductions'" in w for w in draft.warnings)


# -- Teams ------------------------------------------------------------------------------
TEAMS = [
    ("Dana Whitfield", "0:03", "Thanks everyone for coming in today."),
    ("Marcus Bell", "0:21", "Yeah, I'll start."),
    ("Tom O'Sullivan", "2:32", "All the time. The clock doesn't care."),
]


def test_teams_transcription_lines_are_not_talk(tmp_path: Path) -> None:
    draft = read_file(teams_docx(tmp_path / "teams.docx", TEAMS))
    assert spoken(draft) == [(s, w) for s, _, w in TEAMS]
    assert [t.timestamp for t in draft.turns] == [3.0, 21.0, 152.0]
    assert draft.text.endswith("Dana Whitfield   stopped transcription\n")


def test_teams_words_after_stopped_transcription_are_in_no_turn(tmp_path: Path) -> None:
    draft = read_file(teams_docx(tmp_path / "t.docx", TEAMS, after=["Notes: tea break."]))
    assert spoken(draft)[-1] == ("Tom O'Sullivan", "All the time. The clock doesn't care.")
    assert any("'Notes: tea break.'" in w for w in draft.warnings)


# -- what worked before still works -----------------------------------------------------
def test_bold_names_with_a_title_heading_still_work(tmp_path: Path) -> None:
    draft = read_file(bold_docx(tmp_path / "fg.docx", TURNS))
    assert spoken(draft) == TURNS
    assert draft.text.startswith("Focus group 2: Ballarat\n")
    assert draft.warnings == ()


def test_speaker_text_table_with_header_still_works(tmp_path: Path) -> None:
    draft = read_file(table_docx(tmp_path / "t.docx", TURNS, ("Speaker", "Text")))
    assert spoken(draft) == TURNS
    assert draft.text.startswith("Transcript produced by a transcription service.\nFacilitator:")
