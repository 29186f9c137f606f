"""Text layouts met in the wild: timestamps around labels, tools' notes, lines that only
look like labels, and files in which no turn is found."""

from __future__ import annotations

from pathlib import Path

import pytest

import realist
from realist.ingest import read_file
from realist.ingest.speakers import build_turns, find_marks


def turns_of(text: str) -> list[tuple[str, float | None, str]]:
    turns, _ = build_turns(text, find_marks(text))
    return [(t.speaker, t.timestamp, text[t.start : t.end]) for t in turns]


def test_a_timestamp_after_the_label_is_the_turns_not_its_words() -> None:
    text = (
        "Dana Whitfield: [00:00:03] Thanks everyone for coming.\n"
        "Marcus Bell: [00:00:21] Yeah, I'll start.\n"
    )
    assert turns_of(text) == [
        ("Dana Whitfield", 3.0, "Thanks everyone for coming."),
        ("Marcus Bell", 21.0, "Yeah, I'll start."),
    ]


def test_a_timestamp_on_its_own_line_belongs_to_the_next_turn() -> None:
    text = (
        "[00:00:03]\nDana Whitfield: Thanks everyone. No wrong answers.\n\n"
        "[00:00:21]\nMarcus Bell: Yeah, I'll start.\n"
    )
    assert turns_of(text) == [
        ("Dana Whitfield", 3.0, "Thanks everyone. No wrong answers."),
        ("Marcus Bell", 21.0, "Yeah, I'll start."),
    ]


def test_a_timestamp_then_a_name_alone_on_a_line() -> None:
    """Happy Scribe (``[00:00:05.35] - Name``) and Word's Transcribe (``00:00:03 Speaker 1``)."""
    text = (
        "[00:00:05.35] - Facilitator\nCan you tell me about the first visit?\n\n"
        "[00:00:12.10] - Dana\nShe opened the door the second time.\n\n"
        "00:00:20 Speaker 1\nThat was the start.\n"
    )
    assert turns_of(text) == [
        ("Facilitator", 5.35, "Can you tell me about the first visit?"),
        ("Dana", 12.1, "She opened the door the second time."),
        ("Speaker 1", 20.0, "That was the start."),
    ]


def test_meeting_markers_and_tools_notes_are_nobodys_words() -> None:
    text = (
        "Transcript\n00:00:00\n\nFacilitator: Tell me about intake.\nIt was slow.\n"
        "00:01:15\nMarcus Bell: Slow is kind.\n"
        "Meeting ended after 00:02:10 👋\n\nTranscribed by https://otter.ai\n"
        "Dana Whitfield stopped transcription\n"
    )
    assert turns_of(text) == [
        ("Facilitator", 0.0, "Tell me about intake.\nIt was slow."),
        ("Marcus Bell", 75.0, "Slow is kind."),
    ]


def test_a_word_with_a_colon_inside_a_story_is_no_speaker() -> None:
    text = (
        "Facilitator: What happened next?\n"
        "Jason Teo: We read it as: they're coming for the kids.\n"
        "Honestly: I packed a bag that night.\n"
        "Kylie Morgan: Same.\n"
        "Facilitator: And then?\n"
        "Kylie Morgan: I said\nMum: don't come round.\n"
    )
    turns, warnings = build_turns(text, find_marks(text))
    speakers = [t.speaker for t in turns]
    assert "Honestly" not in speakers
    jason = next(t for t in turns if t.speaker == "Jason Teo")
    assert text[jason.start : jason.end].endswith("I packed a bag that night.")
    assert any("'Mum' starts a turn but speaks only once" in w for w in warnings)
    assert not any("Jason Teo" in w for w in warnings)


@pytest.mark.parametrize(
    "body",
    [
        "A LINE IN CAPITALS\nthen words that nobody labelled.\n",
        "[00:00:05.35] - 17 things\n",
    ],
)
def test_a_file_without_turns_says_so(tmp_path: Path, body: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Some words about the session, with no labels at all.\n" + body)
    draft = read_file(path)
    assert draft.turns == ()
    assert any("no speaker turns found" in w for w in draft.warnings)


def test_the_command_line_shows_the_no_turns_warning_once_per_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from realist.cli import app

    project = tmp_path / "p.realist"
    realist.init_project(str(project), owner="ana").close()
    path = tmp_path / "plain.txt"
    path.write_bytes(
        "Café notes with no speakers at all, written in Windows-1252.\n".encode("cp1252")
    )
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["import", str(project), str(path), "--coder", "ana", "-v"]
    )
    assert result.exit_code == 0, result.output
    assert "no speaker turns found" in result.output
    assert f"{path}: {path}" not in result.output and "plain.txt: not valid UTF-8" in result.output


def test_names_in_capitals_alone_on_their_lines() -> None:
    """A script layout: the speaker's name in capitals on its own line, words below."""
    text = (
        "FACILITATOR\nCan you tell me about the first visit?\n\n"
        "KYLIE MORGAN\nI was terrified, to be honest.\n\n"
        "FACILITATOR\nWhat changed?\n\n"
        "KYLIE MORGAN\nShe left a note.\n"
    )
    assert turns_of(text) == [
        ("FACILITATOR", None, "Can you tell me about the first visit?"),
        ("KYLIE MORGAN", None, "I was terrified, to be honest."),
        ("FACILITATOR", None, "What changed?"),
        ("KYLIE MORGAN", None, "She left a note."),
    ]


def test_headings_in_capitals_are_not_speakers() -> None:
    text = (
        "KEY FINDINGS\nThe service worked.\n\nNEXT STEPS\nMore funding.\n\nKEY FINDINGS\nAgain.\n"
    )
    assert turns_of(text) == []
