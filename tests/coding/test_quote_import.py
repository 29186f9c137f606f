"""Importing a spreadsheet of coded quotes (CSV and XLSX): each quote placed on the right
span or reported with its reason, in one transaction."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import realist
from realist.coding.quotes import read_quote_sheet
from realist.errors import ImportFailed, PermissionDenied
from tests.coding.conftest import DATA

EXPECTED = {  # sheet row -> (status, words placed)
    2: ("exact", "I just kept turning up, brought groceries the first time"),
    3: (
        "normalised",
        "Once she saw we were not there to take the kids, she started telling us "
        "what was really going on",
    ),
    4: (
        "normalised",
        "The Navigator gave me the whole history before my first visit, so nothing surprised me",
    ),
    5: (
        "fuzzy",
        "With four families I can see each of them three times a week; with six I cannot",
    ),
    6: ("ambiguous", ""),
    7: ("missing", ""),
    8: ("missing", ""),
    9: ("exact", "After a removal the team leader sat with me for an hour."),
}


def check_report(study: realist.Project, outcome: object) -> None:
    from realist.coding.quotes import QuoteImportReport

    assert isinstance(outcome, QuoteImportReport)
    by_row = {r.quote.row: r for r in outcome.results}
    for row, (status, words) in EXPECTED.items():
        assert by_row[row].status == status, (row, by_row[row].reason)
        assert by_row[row].placed_text == words
    assert by_row[6].candidates and "2 times" in by_row[6].reason
    assert "best score" in by_row[7].reason
    assert "no transcript called 'fg9'" in by_row[8].reason
    assert 90 <= by_row[5].score < 100
    # 5 placed rows, row 9 has two codes: 6 codings
    assert outcome.codings_added == 6
    assert set(outcome.coders_created) == {"kim2", "lee2"}
    assert set(outcome.codes_created) == {"Staff retention"}
    codings = study.codings_df()
    assert len(codings) == 6
    placed = codings[codings["coder"] == "lee2"]
    assert set(placed["code"]) == {"fpr.system.information", "fpr.organisation.caseload",
                                   "fpr.organisation.staff_stress", "Staff retention"}  # fmt: skip
    memo = codings[codings["code"] == "fpr.family.relationship"]["memo"].tolist()
    assert memo == ["trust"]
    assert study.code("Staff retention").kind.value == "theme"


def sheet_rows(names: dict[str, str] | None = None) -> list[list[str]]:
    with (DATA / "quotes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows[1:]:
        row[3] = row[3] + "2"  # coders kim2, lee2 do not exist yet
    if names:
        rows[0] = [names.get(h, h) for h in rows[0]]
    return rows


def test_import_csv_places_reports_and_codes_in_one_event(
    study: realist.Project, tmp_path: Path
) -> None:
    sheet = tmp_path / "quotes.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(sheet_rows())
    revision = study.revision
    report = tmp_path / "report.csv"
    outcome = study.import_codings(sheet, report=report)
    check_report(study, outcome)
    assert study.revision == revision + 1
    event = study.log(1)[0]
    assert event.action == "coding.import" and event.detail["codings"] == 6
    table = pd.read_csv(report)
    assert len(table) == 8
    assert table.set_index("row").loc[8, "status"] == "missing"
    assert set(table.columns) >= {"row", "status", "score", "reason", "placed_text", "start"}
    # importing the same sheet again adds nothing and says so
    again = study.import_codings(sheet)
    assert again.codings_added == 0
    assert {r.status for r in again.results if r.placed} == {"duplicate"}
    assert len(study.codings()) == 6


def test_import_xlsx_with_configured_column_names(
    sqlite_study: realist.Project, tmp_path: Path
) -> None:
    names = {"Transcript": "Focus group file", "Quote": "Words coded", "Node": "Tag"}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in sheet_rows(names):
        sheet.append(row)
    path = tmp_path / "quotes.xlsx"
    book.save(path)
    with pytest.raises(ImportFailed, match="--column"):
        sqlite_study.import_codings(path)
    columns = {"transcript": "Focus group file", "excerpt": "Words coded", "code": "tag"}
    outcome = sqlite_study.import_codings(path, columns=columns)
    check_report(sqlite_study, outcome)


def test_min_score_decides_fuzzy_placement(sqlite_study: realist.Project, tmp_path: Path) -> None:
    sheet = tmp_path / "q.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(sheet_rows())
    strict = sqlite_study.import_codings(sheet, min_score=99.5)
    assert {r.quote.row: r.status for r in strict.results}[5] == "missing"


def test_coder_cannot_import_for_others_and_nothing_is_written(
    study: realist.Project, tmp_path: Path
) -> None:
    sheet = tmp_path / "q.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(sheet_rows())
    kim = study.with_coder("kim")
    revision = study.revision
    with pytest.raises(PermissionDenied):
        kim.import_codings(sheet)
    assert study.revision == revision
    assert study.codings() == []
    assert "kim2" not in {c.name for c in study.coders()}


def test_a_coder_imports_their_own_quotes_without_a_coder_column(
    sqlite_study: realist.Project, tmp_path: Path
) -> None:
    sheet = tmp_path / "mine.csv"
    sheet.write_text(
        "transcript;code;excerpt\nfg2-metro;fpr.family.closure.o;the kids stayed home, that's\n",
        encoding="utf-8",
    )
    kim = sqlite_study.with_coder("kim")
    outcome = kim.import_codings(sheet)
    assert outcome.codings_added == 1
    assert kim.codings_df()["coder"].tolist() == ["kim"]


def test_sheet_reading_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="no such file"):
        read_quote_sheet(tmp_path / "absent.csv")
    odd = tmp_path / "quotes.ods"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"\.csv or \.xlsx"):
        read_quote_sheet(odd)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ImportFailed, match="not a readable"):
        read_quote_sheet(broken)
    with pytest.raises(ImportFailed, match="unknown column role"):
        read_quote_sheet(DATA / "quotes.csv", {"quote": "Quote"})
    windows = tmp_path / "cp1252.csv"
    windows.write_bytes("Transcript,Code,Excerpt\nfg1,c,caf\xe9 visits\n".encode("cp1252"))
    assert read_quote_sheet(windows)[0].excerpt == "caf\u00e9 visits"


def test_a_quote_under_the_wrong_transcript_is_not_moved_but_pointed_out(
    sqlite_study: realist.Project,
) -> None:
    from realist.coding.quotes import QuoteRow, place_quotes

    rows = [QuoteRow(2, "fg2-metro", ("x",), "The Navigator gave me the whole history")]
    [result] = place_quotes(rows, sqlite_study.documents())
    assert result.status == "missing" and result.start is None
    assert "the words occur in fg1-regional: check the transcript column" in result.reason


def test_speaker_column_settles_an_ambiguous_quote_and_partial_names_resolve(
    sqlite_study: realist.Project, tmp_path: Path
) -> None:
    sheet = tmp_path / "speakers.csv"
    sheet.write_text(
        "Focus group,Speaker,Code,Quote\n"
        "metro,P5,fpr.family.closure.o,the kids stayed home!\n"  # 3 places, one is P5's
        "metro,P4,fpr.family.closure.o,the kids stayed home\n"  # 2 places, both P4's
        "fg2,P9,fpr.family.closure.o,the kids stayed home\n",
        encoding="utf-8",
    )
    outcome = sqlite_study.import_codings(sheet)
    first, second, third = outcome.results
    fg2 = sqlite_study.document("fg2-metro")
    assert first.status == "normalised" and first.start == fg2.text.index("P5: The kids") + 4
    assert "chosen by speaker 'P5'" in first.reason
    assert "taken as 'fg2-metro'" in first.reason
    assert second.status == "ambiguous" and "2 of them in turns of 'P4'" in second.reason
    assert third.status == "ambiguous" and "0 of them in turns of 'P9'" in third.reason


def test_a_code_name_shared_by_several_codes_is_an_error_not_a_guess(
    sqlite_study: realist.Project, tmp_path: Path
) -> None:
    sqlite_study.add_code("dup.one", "Trust", "context")
    sqlite_study.add_code("dup.two", "trust", "outcome")
    sheet = tmp_path / "q.csv"
    sheet.write_text(
        'transcript,code,excerpt\nfg2-metro,Trust,"the kids stayed home, that\'s"\n'
        'fg2-metro,dup.two,"the kids stayed home, that\'s"\n',
        encoding="utf-8",
    )
    outcome = sqlite_study.import_codings(sheet)
    first, second = outcome.results
    assert first.status == "error" and "write the code's key" in first.reason
    assert second.status == "exact" and outcome.codings_added == 1


def test_xlsx_with_a_title_row_and_a_cover_sheet(
    sqlite_study: realist.Project, tmp_path: Path
) -> None:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "About"
    cover.append(["Coded quotes exported for the pilot"])
    quotes = book.create_sheet("Quotes")
    quotes.append(["Pilot study: coded extracts"])
    quotes.append([])
    quotes.append(["Focus group", "Code", "Quote"])
    quotes.append(["fg2-metro", "fpr.family.closure.o", "the kids stayed home, that's"])
    path = tmp_path / "titled.xlsx"
    book.save(path)
    [row] = read_quote_sheet(path)
    assert row.row == 4 and row.transcript == "fg2-metro"
    assert sqlite_study.import_codings(path).codings_added == 1


def test_quotes_land_in_a_word_transcript_read_by_the_importer(
    sqlite_project: realist.Project, tmp_path: Path
) -> None:
    import docx

    from realist.ingest import read_file

    word = docx.Document()
    for speaker, words in [
        ("Facilitator", "What helps families engage?"),
        ("P1", "Honestly, it\u2019s persistence. I just kept turning up,\u00a0brought groceries."),
        ("P2", "The Navigator gave me the whole history \u2013 so nothing surprised me."),
    ]:
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{speaker}: ").bold = True
        paragraph.add_run(words)
    word.save(tmp_path / "Focus Group 1.docx")
    sqlite_project.add_document(read_file(tmp_path / "Focus Group 1.docx"), group="FG1")
    sheet = tmp_path / "q.csv"
    sheet.write_text(
        "File,Code,Coded text\n"
        'Focus Group 1,engagement,"it\'s persistence. I just kept turning up, brought groceries"\n'
        "Focus Group 1.docx,navigator,The Navigator gave me the whole history - so nothing\n",
        encoding="utf-8",
    )
    outcome = sqlite_project.import_codings(sheet)
    assert [r.status for r in outcome.results] == ["normalised", "normalised"]
    rows = sqlite_project.excerpts(["engagement", "navigator"])
    assert rows["speaker"].tolist() == ["P1", "P2"]
    assert (
        rows["excerpt"].tolist()[1] == "The Navigator gave me the whole history \u2013 so nothing"
    )


def test_a_zip_bomb_workbook_is_refused(tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 2**20))
    with pytest.raises(ImportFailed, match="zip bomb"):
        read_quote_sheet(bomb)
