"""Report, review and apply against a real project (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

import realist
from realist.errors import ValidationError
from realist.model import DocumentDraft, EvidenceSpan, TurnDraft
from realist.store.engine import to_url

FG1 = (
    "Facilitator: Who refers families to you?\n"
    "P1: Mostly Child FIRST. Kylie Brennan at Riverbend Family Care rings me on 0412 345 678.\n"
    "P2: In Wattleford it's Shaz, she knows the CRIS number 10234567 by heart.\n"
)
FG2 = (
    "Facilitator: And closure?\n"
    "P3: Kylie Brennan again. We wrote to Riverbend Family Care at 14 Lemon Grove Court, Irymple VIC 3498.\n"
)
ORIGINALS = [
    "Kylie Brennan",
    "Riverbend Family Care",
    "0412 345 678",
    "Wattleford",
    "Shaz",
    "10234567",
    "14 Lemon Grove Court",
]


# Transcripts that name their speakers: typed labels, Teams voice tags, and a speaker kept
# only on the turns (as a REFI-QDA project from another tool can have it).
NAMED_TXT = (
    "Facilitator: Welcome.\n"
    "Sharon: I work in Mildura with Tanya.\n"
    "Mick: Me too, Sharon said so.\n"
    "Sharon: Yes.\n"
    "Mick: Right.\n"
)
TEAMS_VTT = (
    "WEBVTT\n\n"
    "00:00:01.000 --> 00:00:04.000\n<v Jane Smith>Hello all, welcome.</v>\n\n"
    "00:00:05.000 --> 00:00:09.000\n<v Robert Okafor>Thanks. I work out of Shepparton.</v>\n\n"
    "00:00:10.000 --> 00:00:12.000\n<v Jane Smith>Good.</v>\n"
)
TURNS_ONLY = "We met on the Tuesday.\nAnd again later.\n"
SPEAKER_ORIGINALS = [
    "Sharon", "Mick", "Tanya", "Mildura", "Jane", "Smith", "Robert", "Okafor", "Shepparton",
    "Dana", "Whitlock",
]  # fmt: skip


def add_named_transcripts(p: realist.Project, folder: Path) -> None:
    (folder / "fg3.txt").write_text(NAMED_TXT)
    (folder / "fg4.vtt").write_text(TEAMS_VTT)
    for name in ("fg3.txt", "fg4.vtt"):
        assert p.import_file(folder / name).status.value == "imported"
    turns = (TurnDraft("Dana Whitlock", 0, 22), TurnDraft("P9", 23, 39))
    p.add_document(DocumentDraft("fg5", TURNS_ONLY, "5" * 64, turns=turns))


def draft(name: str, text: str) -> DocumentDraft:
    turns, pos = [], 0
    for line in text.splitlines(keepends=True):
        turns.append(TurnDraft(line.split(":")[0], pos, pos + len(line.rstrip("\n"))))
        pos += len(line)
    return DocumentDraft(name, text, hashlib.sha256(text.encode()).hexdigest(), turns=tuple(turns))


@pytest.fixture
def study(project: realist.Project, tmp_path_factory: pytest.TempPathFactory) -> realist.Project:
    project.add_document(draft("fg1", FG1))
    project.add_document(draft("fg2", FG2))
    project.upsert_participants([{"label": "P2", "nicknames": "Shaz"}])
    return project


@pytest.fixture(autouse=True)
def local_names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Local names kept in a file outside the project (as the guide recommends)."""
    path = tmp_path_factory.mktemp("outside") / "local.txt"
    path.write_text("place: Wattleford\nagency: Riverbend Family Care\n")
    GAZETTEERS[:] = [path]
    return path


GAZETTEERS: list[Path] = []


def report(p: realist.Project) -> pd.DataFrame:
    return p.deid_report(use_model=False, gazetteers=GAZETTEERS)


def test_report_lists_every_proposal_with_source_and_marked_context(study: realist.Project) -> None:
    rows = report(study)
    assert list(rows.columns[:8]) == [
        "document", "start", "end", "kind", "source", "original", "replacement", "context",
    ]  # fmt: skip
    by_original = rows.set_index(["document", "original"])
    assert by_original.loc[("fg1", "Shaz"), "source"] == "roster"
    assert by_original.loc[("fg1", "0412 345 678"), "kind"] == "phone"
    assert "[[Wattleford]]" in by_original.loc[("fg1", "Wattleford"), "context"]
    # Kylie Brennan is the same person in both documents: the same placeholder.
    assert set(rows.loc[rows.original == "Kylie Brennan", "replacement"]) == {"[Person 1]"}
    assert rows.attrs["notices"] == [
        "Named-entity recognition is switched off (ner_model is empty): rules only."
    ]


def test_apply_with_reviewer_edits_rewrites_text_and_turns(
    study: realist.Project, tmp_path: Path
) -> None:
    rows = report(study)
    rows = rows[rows.original != "10234567"]  # the reviewer keeps this one
    added = pd.DataFrame([{"document": "fg1", "original": "Mostly", "kind": "place"}])
    custom = pd.DataFrame([{"document": "", "original": "Facilitator", "kind": "person",
                            "replacement": "[the facilitator]"}])  # fmt: skip
    path = tmp_path / "reviewed.csv"
    pd.concat([rows, added, custom]).to_csv(path, index=False)
    summary = study.deid_apply(path)
    assert summary.documents == ("fg1", "fg2")
    fg1 = study.document("fg1")
    assert fg1.deidentified
    assert fg1.text == (
        "[the facilitator]: Who refers families to you?\n"
        "P1: [Place 1] Child FIRST. [Person 1] at [Agency 1] rings me on [Phone 1].\n"
        "P2: In [Place 2] it's [Person 2], she knows the CRIS number 10234567 by heart.\n"
    )
    fg2 = study.document("fg2")
    assert fg2.text.startswith("[the facilitator]: And closure?\nP3: [Person 1] again.")
    assert "[Agency 1] at [Address 1]." in fg2.text
    for doc in (fg1, fg2):
        lines = doc.text.splitlines()
        turns = study.turns(doc.id)
        assert [doc.text[t.start : t.end] for t in turns] == lines
        # The speaker label follows the text: the reviewer's own words replaced it.
        assert [t.speaker for t in turns] == [line.split(":")[0] for line in lines]
    labels = {p.label for p in study.participants()}
    assert "[the facilitator]" in labels and "Facilitator" not in labels
    assert summary.speakers_renamed == 2  # one label, in two documents


def test_placeholders_are_remembered_across_runs(study: realist.Project) -> None:
    study.deid_apply(report(study)[lambda r: r.document == "fg1"])
    study.add_document(
        draft("fg3", "P4: Did Kylie Brennan ring Riverbend Family Care? Ask Shaz.\n")
    )
    later = report(study)
    assert set(later.document) == {"fg2", "fg3"}
    fg3 = later[later.document == "fg3"].set_index("original")["replacement"]
    assert fg3["Kylie Brennan"] == "[Person 1]"
    assert fg3["Riverbend Family Care"] == "[Agency 1]"
    assert fg3["Shaz"] == "[Person 2]"
    study.deid_apply(later)
    assert study.document("fg3").text == "P4: Did [Person 1] ring [Agency 1]? Ask [Person 2].\n"


def test_no_original_words_anywhere_in_the_database(
    study: realist.Project, tmp_path: Path, project_url: str
) -> None:
    add_named_transcripts(study, tmp_path)
    key = tmp_path / "key.csv"
    summary = study.deid_apply(report(study), key_out=key)
    engine = sa.create_engine(to_url(project_url))
    dump = []
    with engine.connect() as conn:
        meta = sa.MetaData()
        meta.reflect(bind=conn)
        for table in meta.sorted_tables:
            for row in conn.execute(sa.select(table)):
                dump.append(" ".join(str(v) for v in row))
    engine.dispose()
    everything = "\n".join(dump)
    leaked = [o for o in ORIGINALS + SPEAKER_ORIGINALS if o in everything and o != "Shaz"]
    assert leaked == []
    # The roster itself lives in participants (it is the roster); nothing else holds it.
    assert "Shaz" not in "\n".join(line for line in dump if "nicknames" not in line)
    assert summary.documents == ("fg1", "fg2", "fg3", "fg4", "fg5")
    # The key is the one place that links them, and it is outside the project.
    key_text = key.read_text()
    assert all(o in key_text for o in ORIGINALS)
    assert "[Person 1],person,Kylie Brennan" in key_text
    assert all(o in key_text for o in SPEAKER_ORIGINALS)
    # A label that was only on the turns is in the key too (0 times in the text, 1 turn).
    assert re.search(r"\[Person \d+\],person,Dana Whitlock,fg5,0,1\r?\n", key_text)


def test_the_key_is_written_only_when_asked_and_never_overwritten(
    study: realist.Project, tmp_path: Path
) -> None:
    rows = report(study)
    before = set(tmp_path.iterdir())
    study.deid_apply(rows[rows.document == "fg1"])
    assert {p for p in tmp_path.iterdir() if not p.name.startswith("study.realist")} == {
        p for p in before if not p.name.startswith("study.realist")
    }
    key = tmp_path / "key.csv"
    key.write_text("precious")
    with pytest.raises(ValidationError, match="already exists"):
        study.deid_apply(rows[rows.document == "fg2"], key_out=key)
    assert key.read_text() == "precious"
    assert not study.document("fg2").deidentified


def test_codings_and_evidence_move_with_their_words(study: realist.Project) -> None:
    """A transcript coded before de-identification (say, with Word comments) keeps its
    codings on the same words; a coding of a name now covers its placeholder."""
    rows = report(study)
    text = study.document("fg2").text
    study.add_code("ctx.trust", "Trust")
    study.add_code("out.letter", "Letter", "outcome")
    name_at = text.index("Kylie Brennan")
    wrote_at = text.index("We wrote")
    whole = study.add_coding("fg2", name_at, len(text) - 1, "ctx.trust")  # spans every edit
    name = study.add_coding("fg2", name_at, name_at + 13, "ctx.trust")  # exactly the name
    inside = study.add_coding("fg2", name_at + 6, wrote_at + 8, "ctx.trust")  # starts mid-name
    removed = study.add_coding("fg2", wrote_at, wrote_at + 8, "ctx.trust")
    study.delete_coding(removed.id)
    cmoc = study.add_cmoc("Letters", evidence=[
        EvidenceSpan(study.document("fg2").id, name_at, name_at + 13, "C"),
        EvidenceSpan(study.document("fg2").id, wrote_at, wrote_at + 8, "O")])  # fmt: skip
    study.deid_apply(rows)
    new = study.document("fg2").text
    assert "Kylie" not in new and "Irymple" not in new
    spans = {c.id: new[c.start : c.end] for c in study.codings("fg2")}
    assert spans[name.id] == "[Person 1]"
    assert spans[inside.id].startswith("[Person 1] again. We wrote")
    assert spans[whole.id].startswith("[Person 1] again.") and spans[whole.id].endswith(
        "at [Address 1]."
    )
    restored = study.restore_coding(removed.id)
    assert new[restored.start : restored.end] == "We wrote"
    evidence = study.cmoc(cmoc.id).evidence
    assert [new[e.start : e.end] for e in evidence] == ["[Person 1]", "We wrote"]
    applied = next(e for e in study.log() if e.action == "document.deidentify")
    assert applied.detail["remapped_codings"] == 4
    assert applied.detail["remapped_evidence"] == 2


def test_a_stale_or_broken_report_names_its_line(study: realist.Project, tmp_path: Path) -> None:
    rows = report(study)
    rows.loc[rows.index[2], "original"] = "Somebody Else"
    path = tmp_path / "r.csv"
    rows.to_csv(path, index=False)
    with pytest.raises(
        ValidationError, match=r"report line 4: document 'fg1' does not read 'Somebody Else'"
    ):
        study.deid_apply(path)
    pd.DataFrame({"document": ["fg1"], "start": [0]}).to_csv(path, index=False)
    with pytest.raises(ValidationError, match="missing column"):
        study.deid_apply(path)
    pd.DataFrame({"document": ["nope"], "original": ["x"], "kind": ["person"]}).to_csv(
        path, index=False
    )
    with pytest.raises(ValidationError, match="not in this project: nope"):
        study.deid_apply(path)
    assert not any(d.deidentified for d in study.documents())


def test_project_gazetteer_setting_is_used_and_checked(study: realist.Project) -> None:
    study.set_deid_setting("deid_gazetteer", ["place: Wattleford"])
    rows = study.deid_report(use_model=False)
    assert "Wattleford" in set(rows.original)
    with pytest.raises(ValidationError, match="unknown kind"):
        study.set_deid_setting("deid_gazetteer", ["planet: Mars"])
    with pytest.raises(ValidationError, match="unknown de-identification setting"):
        study.set_deid_setting("deid_colour", "red")


def test_a_missing_model_gives_a_notice_and_rules_only(study: realist.Project) -> None:
    study.set_setting("ner_model", "no_such_spacy_model")
    rows = study.deid_report(gazetteers=GAZETTEERS)
    assert "not installed" in rows.attrs["notices"][0]
    assert "rules only" in rows.attrs["notices"][0]
    assert set(rows.source) <= {"roster", "gazetteer", "pattern"}
    assert "0412 345 678" in set(rows.original)


def test_the_report_file_is_safe_to_open_in_a_spreadsheet(
    study: realist.Project, tmp_path: Path
) -> None:
    """Cells that would start a formula (a +61 phone, an = in the talk) are written with a
    leading ', which reading the report back removes; only the owner may read the file."""
    study.add_document(
        draft("fg9", "P1: =1+cmd|' /C calc'!A0 ring Sharon Pettigrew on +61 491 570 110 now\n")
    )
    path = tmp_path / "r.csv"
    rows = study.deid_report(["fg9"], use_model=False, gazetteers=GAZETTEERS, path=path)
    assert (path.stat().st_mode & 0o777) == 0o600
    written = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for column in ("original", "context"):
        assert not any(v.startswith(("=", "+", "-", "@")) for v in written[column])
    assert "'+61 491 570 110" in set(written["original"])
    assert "+61 491 570 110" in set(rows["original"])
    summary = study.deid_apply(path)
    assert summary.replacements == len(rows)
    assert "+61 491" not in study.document("fg9").text


@pytest.mark.parametrize(
    ("replacement", "message"),
    [
        ("=cmd|' /C calc'!A0", "starts like a spreadsheet formula"),
        ("[Place 1]\nMallory: I was never here", "more than one line"),
        ("x" * 5000, "5,000 characters long"),
    ],
)
def test_a_replacement_must_be_short_one_line_and_no_formula(
    study: realist.Project, tmp_path: Path, replacement: str, message: str
) -> None:
    rows = report(study)
    rows.loc[rows.index[0], "replacement"] = replacement
    path = tmp_path / "r.csv"
    rows.to_csv(path, index=False)
    with pytest.raises(ValidationError, match=f"report line 2: .*{message}"):
        study.deid_apply(path)
    assert not any(d.deidentified for d in study.documents())


def test_applying_the_same_report_twice_says_it_was_applied(
    study: realist.Project, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    study.deid_report(use_model=False, gazetteers=GAZETTEERS, path=path)
    study.deid_apply(path)
    before = [d.text for d in study.documents()]
    with pytest.raises(ValidationError, match=r"was already de-identified.*applied already"):
        study.deid_apply(path)
    assert [d.text for d in study.documents()] == before


@pytest.mark.parametrize("layout", ["semicolon", "tab", "xlsx"])
def test_a_report_saved_by_a_spreadsheet_in_another_layout_applies(
    study: realist.Project, tmp_path: Path, layout: str
) -> None:
    rows = report(study)
    if layout == "xlsx":
        path = tmp_path / "r.xlsx"
        rows.to_excel(path, index=False)
    else:
        path = tmp_path / "r.csv"
        rows.to_csv(path, index=False, sep=";" if layout == "semicolon" else "\t")
    summary = study.deid_apply(path)
    assert summary.replacements == len(rows)


def test_an_unreadable_report_is_one_line(study: realist.Project, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("document,original,kind\n".encode("utf-16"))
    with pytest.raises(ValidationError) as info:
        study.deid_apply(path)
    assert "\n" not in str(info.value) and "CSV UTF-8" in str(info.value)


def test_a_row_that_matches_nothing_or_no_rows_at_all_is_refused(
    study: realist.Project, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    pd.DataFrame({"document": [""], "original": ["Zebedee Quark"], "kind": ["person"]}).to_csv(
        path, index=False
    )
    with pytest.raises(ValidationError, match="report line 2: 'Zebedee Quark' is not in any"):
        study.deid_apply(path)
    report(study).iloc[0:0].to_csv(path, index=False)
    with pytest.raises(ValidationError, match="the report has no rows"):
        study.deid_apply(path)
    assert not any(d.deidentified for d in study.documents())
