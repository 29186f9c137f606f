"""Caption layouts met in the wild: ``[NAME]`` and ``>>`` speakers, dialogue dashes, Zoom
cues with no name, damaged or cut-off files, and a user's speaker pattern on captions."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import realist
from realist.cli import app
from realist.ingest import ReadOptions, read_file
from realist.model import DocumentDraft


def spoken(draft: DocumentDraft) -> list[tuple[str, str, float | None]]:
    return [(t.speaker, draft.text[t.start : t.end], t.timestamp) for t in draft.turns]


def srt(*cues: str) -> str:
    """SubRip text: cue ``i`` (from 1) starts at ``3 * i - 2`` seconds."""
    return "".join(
        f"{i}\n00:00:{3 * i - 2:02d},000 --> 00:00:{3 * i:02d},000\n{words}\n\n"
        for i, words in enumerate(cues, start=1)
    )


def vtt(*cues: str) -> str:
    """WebVTT text as Zoom writes it: cue ``i`` (from 1) starts at ``3 * i - 2`` seconds."""
    return "WEBVTT\n\n" + "".join(
        f"{i}\n00:00:{3 * i - 2:02d}.000 --> 00:00:{3 * i:02d}.000\n{words}\n\n"
        for i, words in enumerate(cues, start=1)
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_bracketed_names_are_speakers(tmp_path: Path) -> None:
    path = write(
        tmp_path / "brackets.srt",
        srt(
            "[DANA] Thanks everyone for coming in today. We're going to talk about",
            "referrals, so there are no wrong answers.",
            "[MARCUS] Yeah, I'll start.",
            "[Priya Raman]: Same in our team.",
            "[DANA] So housing comes up first.",
        ),
    )
    draft = read_file(path)
    assert spoken(draft) == [
        (
            "DANA",
            "Thanks everyone for coming in today. We're going to talk about referrals,"
            " so there are no wrong answers.",
            1.0,
        ),
        ("MARCUS", "Yeah, I'll start.", 7.0),
        ("Priya Raman", "Same in our team.", 10.0),
        ("DANA", "So housing comes up first.", 13.0),
    ]
    assert "[DANA]" not in draft.text
    assert draft.warnings == ()


@pytest.mark.parametrize(
    "sound",
    ["[laughs]", "[inaudible]", "[crosstalk]", "[MUSIC]", "[APPLAUSE]", "[Laughter]",
     "[Phone rings]", "[BLANK_AUDIO]", "[00:01:02]"],
)  # fmt: skip
def test_bracketed_sounds_at_the_start_of_a_cue_stay_words(tmp_path: Path, sound: str) -> None:
    path = write(
        tmp_path / "sounds.srt",
        srt("[DANA] Did the worker ring first?", f"{sound} No, she just came.", "[TOM] Yes."),
    )
    draft = read_file(path)
    assert spoken(draft) == [
        ("DANA", f"Did the worker ring first? {sound} No, she just came.", 1.0),
        ("TOM", "Yes.", 7.0),
    ]


def test_cart_chevrons_mark_each_new_speaker(tmp_path: Path) -> None:
    path = write(
        tmp_path / "cart.srt",
        srt(
            ">> DANA WHITFIELD: Thanks everyone for coming in today. We're going to talk",
            "about referrals.",
            ">> TOM O'SULLIVAN: Honestly, time.",
            "Does the court get in the way?",
            ">> All the time. >> DANA WHITFIELD: Right.",
        ),
    )
    draft = read_file(path)
    assert spoken(draft) == [
        (
            "DANA WHITFIELD",
            "Thanks everyone for coming in today. We're going to talk about referrals.",
            1.0,
        ),
        ("TOM O'SULLIVAN", "Honestly, time. Does the court get in the way?", 7.0),
        ("", "All the time.", 13.0),
        ("DANA WHITFIELD", "Right.", 13.0),
    ]
    assert ">>" not in draft.text
    assert any("without naming them" in w and "0:00:13" in w for w in draft.warnings)


def test_dialogue_dashes_are_turns_of_their_own(tmp_path: Path) -> None:
    path = write(
        tmp_path / "dashes.srt",
        srt(
            "- Did the worker ring you first?\n- No, she just turned up.",
            "- How did that feel?\n-Honestly? Like I was in trouble.",
            "DANA: And the second visit?\n- Better.",
        ),
    )
    draft = read_file(path)
    assert spoken(draft) == [
        ("", "Did the worker ring you first?", 1.0),
        ("", "No, she just turned up.", 1.0),
        ("", "How did that feel?", 4.0),
        ("", "Honestly? Like I was in trouble.", 4.0),
        ("DANA", "And the second visit?", 7.0),
        ("", "Better.", 7.0),
    ]
    assert draft.text.startswith("Did the worker ring you first?\nNo, she just turned up.\n")
    assert not any("no speaker turns found" in w for w in draft.warnings)


def test_a_zoom_cue_without_a_name_is_a_turn_with_no_speaker(tmp_path: Path) -> None:
    """Zoom names every cue it can: a dial-in caller's cue names no one."""
    path = write(
        tmp_path / "zoom.vtt",
        vtt(
            "Dana Whitfield: Thanks everyone for coming.",
            "Hi, it's Sue on the phone, sorry I'm late.",
            "Can you hear me?",
            "Dana Whitfield: No worries Sue, welcome. What helped the",
            "Dana Whitfield: family most?",
            "Marcus Bell: I'll start, if that's okay. The worker and",
            "the family met weekly.",
            "Sorry, can you hear me?",
            "Marcus Bell: Yes we can.",
        ),
    )
    draft = read_file(path)
    assert spoken(draft) == [
        ("Dana Whitfield", "Thanks everyone for coming.", 1.0),
        ("", "Hi, it's Sue on the phone, sorry I'm late. Can you hear me?", 4.0),
        ("Dana Whitfield", "No worries Sue, welcome. What helped the family most?", 10.0),
        ("Marcus Bell", "I'll start, if that's okay. The worker and the family met weekly.", 16.0),
        ("", "Sorry, can you hear me?", 22.0),
        ("Marcus Bell", "Yes we can.", 25.0),
    ]
    (warning,) = draft.warnings
    assert "name no speaker although the other cues do" in warning
    assert "0:00:04, 0:00:22" in warning


def test_srt_cues_without_a_name_carry_on_the_speaker_before(tmp_path: Path) -> None:
    """Most .srt files name a speaker only where the speaker changes, even when a cue
    starts a new sentence, a sound comes between two cues of one speaker, or a speaker is
    named twice running."""
    path = write(
        tmp_path / "caps.srt",
        srt(
            "DANA: So housing and money come up first.",
            "Does the court timeline get in the way?",
            "TOM: All the time. Reunification has a clock on it and the",
            "clock doesn't care.",
            "[laughter]",
            "TOM: Anyway.",
            "DANA: Thanks.",
            "That helps.",
        ),
    )
    draft = read_file(path)
    assert spoken(draft) == [
        (
            "DANA",
            "So housing and money come up first. Does the court timeline get in the way?",
            1.0,
        ),
        (
            "TOM",
            "All the time. Reunification has a clock on it and the clock doesn't care."
            " [laughter] Anyway.",
            7.0,
        ),
        ("DANA", "Thanks. That helps.", 19.0),
    ]
    assert draft.warnings == ()


def test_a_damaged_header_is_left_out_of_the_text(tmp_path: Path) -> None:
    path = write(
        tmp_path / "header.vtt",
        "WEBVT\n\n1\n00:00:01.000 --> 00:00:04.000\nDana Whitfield: Hello everyone.\n\n"
        "2\n00:00:05.000 --> 00:00:09.000\nMarcus Bell: Hi.\n",
    )
    draft = read_file(path)
    assert draft.text == "Dana Whitfield: Hello everyone.\nMarcus Bell: Hi.\n"
    assert spoken(draft) == [
        ("Dana Whitfield", "Hello everyone.", 1.0),
        ("Marcus Bell", "Hi.", 5.0),
    ]
    (warning,) = draft.warnings
    assert "not WEBVTT" in warning and "'WEBVT'" in warning


@pytest.mark.parametrize(
    ("name", "ending", "said"),
    [
        ("cut.vtt", "2\n00:00:09.000 --> 00:00:14.500\nDana Whitfield: preservation referral",
         "mid-sentence ('Dana Whitfield: preservation referral')"),
        ("cut.vtt", "2\n00:00:09.000 --> 00:00:14.500\n", "timing line and no words"),
        ("cut.vtt", "2\n00:00:09.000 --> 00:0", "in the middle of a cue ('00:00:09.000 --> 00:0')"),
        ("cut.srt", "2\n", "cue number 2 and nothing after it"),
        ("cut.srt", "2\n00:00:09,000 --> 00:00:14,500\n", "timing line and no words"),
    ],
)  # fmt: skip
def test_a_file_cut_off_in_its_last_cue_is_warned_about(
    tmp_path: Path, name: str, ending: str, said: str
) -> None:
    first = "1\n00:00:03,000 --> 00:00:08,500\nDana Whitfield: Thanks everyone for coming.\n\n"
    if name.endswith(".vtt"):
        first = "WEBVTT\n\n" + first.replace(",", ".")
    draft = read_file(write(tmp_path / name, first + ending))
    speaker, words, stamp = spoken(draft)[0]
    assert (speaker, words[:27], stamp) == ("Dana Whitfield", "Thanks everyone for coming.", 3.0)
    cut = [w for w in draft.warnings if "cut short" in w]
    assert len(cut) == 1 and said in cut[0], draft.warnings


def test_a_complete_file_without_a_last_line_break_is_not_warned_about(tmp_path: Path) -> None:
    draft = read_file(write(tmp_path / "ok.vtt", vtt("Ann: Hello.", "Ann: Bye now.").rstrip()))
    assert draft.warnings == ()


def test_a_speaker_pattern_keeps_the_cue_timestamps(tmp_path: Path) -> None:
    path = write(
        tmp_path / "arrows.srt",
        srt("DANA > Thanks for coming.", "and for your time.", "TOM > Happy to. DANA > Good."),
    )
    draft = read_file(path, ReadOptions(speaker_pattern=r"(?P<speaker>[A-Z]+) >"))
    assert spoken(draft) == [
        ("DANA", "Thanks for coming. and for your time.", 1.0),
        ("TOM", "Happy to.", 7.0),
        ("DANA", "Good.", 7.0),
    ]
    zoom = write(tmp_path / "arrows.vtt", vtt("ANN > Hi.", "BO > Hello.", "BO > Again."))
    draft = read_file(zoom, ReadOptions(speaker_pattern=r"^(?P<speaker>[A-Z]+) >"))
    assert spoken(draft) == [("ANN", "Hi.", 1.0), ("BO", "Hello. Again.", 4.0)]


def test_turns_with_no_speaker_are_stored_without_a_participant(
    project: realist.Project, tmp_path: Path
) -> None:
    zoom = write(
        tmp_path / "zoom.vtt",
        vtt("Dana Whitfield: Welcome.", "Hi, it's Sue.", "Dana Whitfield: Hi Sue."),
    )
    cart = write(tmp_path / "cart.srt", srt(">> MARCUS BELL: Hello.", ">> Hi Marcus."))
    results = project.import_files([zoom, cart], group="FG1")
    assert [r.status.value for r in results] == ["imported", "imported"]
    doc = project.document("zoom")
    rows = [(t.speaker, doc.text[t.start : t.end], t.timestamp) for t in project.turns(doc)]
    assert rows == [
        ("Dana Whitfield", "Welcome.", 1.0),
        ("", "Hi, it's Sue.", 4.0),
        ("Dana Whitfield", "Hi Sue.", 7.0),
    ]
    unnamed = [t for t in project.turns() if not t.speaker]
    assert len(unnamed) == 2 and all(t.participant_id is None for t in unnamed)
    assert {p.label for p in project.participants()} == {"Dana Whitfield", "MARCUS BELL"}


def test_the_command_line_imports_captions_with_a_speaker_pattern(tmp_path: Path) -> None:
    db = str(tmp_path / "s.realist")
    realist.init_project(db, owner="ana").close()
    path = write(tmp_path / "fg.srt", srt("DANA > Hi all.", "TOM > Hello.", "more from me."))
    args = [
        "import",
        db,
        str(path),
        "--coder",
        "ana",
        "--speaker-pattern",
        "^(?P<speaker>[A-Z]+) >",
    ]
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "(2 turns; 2 speakers)" in result.output
    p = realist.open_project(db)
    try:
        doc = p.document("fg")
        assert [(t.speaker, t.timestamp) for t in p.turns(doc)] == [("DANA", 1.0), ("TOM", 4.0)]
    finally:
        p.close()
