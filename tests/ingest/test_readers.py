"""Each reader on real files: the text, the turns and the speakers come out right."""

from __future__ import annotations

from pathlib import Path

import docx

from realist.ingest import read_file
from tests.ingest.makers import bold_docx, commented_docx, table_docx

TURNS = [
    ("Facilitator", "What has helped families engage with the service?"),
    ("P1", "Turning up when we said we would. Every single week."),
    ("Team Leader", "And the navigator made referrals quicker."),
    ("P1", "Yes, that too."),
]


def spoken(draft):
    return [(t.speaker, draft.text[t.start : t.end]) for t in draft.turns]


def test_docx_bold_speakers_without_colons(tmp_path: Path) -> None:
    draft = read_file(bold_docx(tmp_path / "fg2.docx", TURNS))
    assert spoken(draft) == TURNS
    assert draft.source_format == "docx" and draft.name == "fg2"
    assert draft.text.startswith("Focus group 2: Ballarat\n")


def test_docx_bold_speakers_with_colons(tmp_path: Path) -> None:
    draft = read_file(bold_docx(tmp_path / "fg.docx", TURNS, colon=True))
    assert spoken(draft) == TURNS


def test_docx_speaker_table_with_header_and_time(tmp_path: Path) -> None:
    rows = [("00:00:05", s, w) for s, w in TURNS]
    draft = read_file(table_docx(tmp_path / "t.docx", rows, ("Time", "Speaker", "Text")))
    assert spoken(draft) == TURNS
    assert draft.turns[0].timestamp == 5.0
    assert "Speaker" not in draft.text.split("\n")[1]


def test_docx_two_column_table(tmp_path: Path) -> None:
    draft = read_file(table_docx(tmp_path / "t2.docx", TURNS, None))
    assert spoken(draft) == TURNS


def test_docx_typed_labels_and_nfc(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Facilitator: Welcome to Zoe\u0301's office.")
    document.add_paragraph("P2: Thanks.\nIt was\tgood.")
    document.save(tmp_path / "typed.docx")
    draft = read_file(tmp_path / "typed.docx")
    assert "Zoé" in draft.text
    assert spoken(draft) == [
        ("Facilitator", "Welcome to Zoé's office."),
        ("P2", "Thanks.\nIt was\tgood."),
    ]


def test_docx_comments_become_codings(tmp_path: Path) -> None:
    draft = read_file(commented_docx(tmp_path / "coded.docx"))
    found = {(c.code, c.coder, draft.text[c.start : c.end], c.memo) for c in draft.codings}
    assert found == {
        ("Engagement", "Mia", "She rang back every week, and that built trust.", None),
        ("Trust", "Mia", "She rang back every week, and that built trust.", None),
        (
            "Caseload",
            "Ben",
            "The caseload was too high to work intensively.",
            "Too many families per worker.",
        ),
    }


def test_comment_ranges_survive_normalisation(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("P1: Cafe\u0301 talk, ")
    run = paragraph.add_run("the worker stayed.")
    document.add_comment(run, text="Persistence", author="Mia")
    document.save(tmp_path / "nfc.docx")
    draft = read_file(tmp_path / "nfc.docx")
    (coding,) = draft.codings
    assert draft.text[coding.start : coding.end] == "the worker stayed."


def test_teams_vtt(tmp_path: Path) -> None:
    path = tmp_path / "teams.vtt"
    path.write_text(
        "WEBVTT\n\n"
        "3f1a2b-0\n00:00:03.120 --> 00:00:06.480\n<v Jane Smith>Thanks for joining, everyone.</v>\n\n"
        "3f1a2b-1\n00:00:06.480 --> 00:00:09.000\n<v Jane Smith>Let's start with referrals.</v>\n\n"
        "NOTE this is a comment\n\n"
        "4c2d-0\n00:00:10.000 --> 00:00:14.250\n<v Tom O'Brien>Referrals come via &amp; Child FIRST.</v>\n",
        encoding="utf-8",
    )
    draft = read_file(path)
    assert spoken(draft) == [
        ("Jane Smith", "Thanks for joining, everyone. Let's start with referrals."),
        ("Tom O'Brien", "Referrals come via & Child FIRST."),
    ]
    assert [t.timestamp for t in draft.turns] == [3.12, 10.0]
    assert draft.warnings == ()


def test_zoom_vtt_with_typed_names(tmp_path: Path) -> None:
    path = tmp_path / "zoom.vtt"
    path.write_text(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAnna Lee: Hello.\n\n"
        "2\n00:00:02.500 --> 00:00:04.000\nBen: Hi Anna.\n",
        encoding="utf-8",
    )
    assert spoken(read_file(path)) == [("Anna Lee", "Hello."), ("Ben", "Hi Anna.")]


def test_srt(tmp_path: Path) -> None:
    path = tmp_path / "fg.srt"
    path.write_bytes(
        b"1\r\n00:00:01,000 --> 00:00:03,000\r\nFacilitator: How did it go?\r\n\r\n"
        b"2\r\n00:00:03,500 --> 00:00:05,000\r\nP2: <i>Well</i>, slowly.\r\n\r\n"
        b"3\r\n00:00:05,000 --> 00:00:06,000\r\nThen better.\r\n"
    )
    draft = read_file(path)
    assert spoken(draft) == [
        ("Facilitator", "How did it go?"),
        ("P2", "Well, slowly. Then better."),
    ]
    assert draft.turns[1].timestamp == 3.5


def test_markdown_and_text(tmp_path: Path) -> None:
    (tmp_path / "fg.md").write_text("# FG 1\n\n**P1:** We tried.\n\n**P2:** Me too.\n")
    assert spoken(read_file(tmp_path / "fg.md")) == [("P1", "We tried."), ("P2", "Me too.")]


def test_vtt_content_in_a_txt_file_is_read_as_captions(tmp_path: Path) -> None:
    path = tmp_path / "captions.txt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hi.</v>\n")
    draft = read_file(path)
    assert draft.source_format == "vtt" and spoken(draft) == [("Ann", "Hi.")]


def test_docx_details_table_is_not_a_speaker_table(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for key, value in [("Date", "4 March 2024"), ("Location", "Ballarat"), ("Duration", "62 min")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    heading = document.add_paragraph()
    heading.add_run("Facilitator").bold = True
    document.add_paragraph("Thanks for coming today.")
    document.add_paragraph("It is good to see you all.")
    label = document.add_paragraph()
    label.add_run("Team Leader 1").bold = True
    document.add_paragraph("Glad to be here.")
    document.save(tmp_path / "details.docx")
    draft = read_file(tmp_path / "details.docx")
    assert draft.text.startswith("Date\t4 March 2024\nLocation\tBallarat\n")
    assert spoken(draft) == [
        ("Facilitator", "Thanks for coming today.\nIt is good to see you all."),
        ("Team Leader 1", "Glad to be here."),
    ]


def test_docx_bold_lines_that_announce_parts_are_not_speakers(tmp_path: Path) -> None:
    document = docx.Document()
    for speaker, words in TURNS:
        paragraph = document.add_paragraph()
        paragraph.add_run(speaker).bold = True
        paragraph.add_run(" " + words)
    document.add_paragraph().add_run("BREAK").bold = True
    document.add_paragraph("P1: After the break.")
    document.add_paragraph().add_run("END OF TRANSCRIPT").bold = True
    document.save(tmp_path / "parts.docx")
    draft = read_file(tmp_path / "parts.docx")
    assert [s for s, _ in spoken(draft)] == [s for s, _ in TURNS] + ["P1"]
    assert spoken(draft)[-1] == ("P1", "After the break.\nEND OF TRANSCRIPT")
