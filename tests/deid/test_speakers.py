"""Speaker labels after de-identification (SQLite and PostgreSQL): a label whose words were
replaced in the text is renamed on the turns and on its participant, consistently across
documents; a label kept only on the turns gets a report row of its own."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

import realist
import realist.store.deid as deid_store
from realist.deid.report import SPEAKER_SOURCE
from realist.model import DocumentDraft, EvidenceSpan, TurnDraft

NAMED = (
    "Facilitator: Welcome.\n"
    "Sharon: I work in Mildura with Tanya.\n"
    "Mick: Me too, Sharon said so.\n"
    "Sharon: Yes.\n"
    "Mick: Right.\n"
)
TEAMS = (
    "WEBVTT\n\n"
    "00:00:01.000 --> 00:00:04.000\n<v Jane Smith>Hello all, welcome.</v>\n\n"
    "00:00:05.000 --> 00:00:09.000\n<v Robert Okafor>Thanks. I work out of Shepparton.</v>\n\n"
    "00:00:10.000 --> 00:00:12.000\n<v Jane Smith>Good.</v>\n"
)


def imported(p: realist.Project, folder: Path, name: str, text: str, group: str = "") -> str:
    path = folder / name
    path.write_text(text)
    result = p.import_file(path, group=group)
    assert result.status.value == "imported", result.reason
    assert result.document is not None
    return result.document.name


def report(p: realist.Project, documents: list[str] | None = None) -> pd.DataFrame:
    return p.deid_report(documents, use_model=False)


def labels(p: realist.Project) -> set[str]:
    return {x.label for x in p.participants()}


def assert_speakers_follow_the_text(p: realist.Project, name: str) -> None:
    """Each turn's speaker is its participant's label and the label the text shows (or,
    for a participant shown by pseudonym, the placeholder they stand for)."""
    doc = p.document(name)
    by_id = {x.id: x for x in p.participants()}
    for turn in p.turns(name):
        assert turn.participant_id is not None
        person = by_id[turn.participant_id]
        assert person.label == turn.speaker
        shown = doc.text[doc.text.rfind("\n", 0, turn.start) + 1 : turn.start].rstrip(": ")
        assert shown in (turn.speaker, person.attributes.get("placeholder"))


def test_name_labels_become_their_placeholders(project: realist.Project, tmp_path: Path) -> None:
    name = imported(project, tmp_path, "fg1.txt", NAMED)
    key = tmp_path / "key.csv"
    summary = project.deid_apply(report(project), key_out=key)
    text = project.document(name).text
    assert text.splitlines()[1] == "[Person 1]: I work in [Place 1] with [Person 2]."
    assert [t.speaker for t in project.turns(name)] == [
        "Facilitator", "[Person 1]", "[Person 3]", "[Person 1]", "[Person 3]",
    ]  # fmt: skip
    assert labels(project) == {"Facilitator", "[Person 1]", "[Person 3]"}
    assert_speakers_follow_the_text(project, name)
    assert summary.speakers_renamed == 2 and summary.participants_merged == 0
    rows = list(csv.DictReader(key.open(encoding="utf-8")))
    sharon = next(r for r in rows if r["original"] == "Sharon")
    assert (sharon["placeholder"], sharon["occurrences"], sharon["speaker_turns"]) == (
        "[Person 1]", "3", "2",
    )  # fmt: skip


def test_teams_voice_tags_are_reported_and_renamed(
    project: realist.Project, tmp_path: Path
) -> None:
    name = imported(project, tmp_path, "teams.vtt", TEAMS)
    rows = report(project)
    speakers = rows[rows.context.str.contains(r"\[\[(?:Jane Smith|Robert Okafor)\]\]: ")]
    assert sorted(set(speakers.original)) == ["Jane Smith", "Robert Okafor"]
    assert set(speakers.source) == {"roster"}
    project.deid_apply(rows)
    assert labels(project) == {"[Person 1]", "[Person 2]"}
    assert [t.speaker for t in project.turns(name)] == ["[Person 1]", "[Person 2]", "[Person 1]"]
    assert_speakers_follow_the_text(project, name)


def turns_only(p: realist.Project, group: str = "") -> None:
    """A document whose speaker is named only on its turns, not in its text."""
    text = "We met on the Tuesday.\nAnd again later.\n"
    turns = (TurnDraft("Dana Whitlock", 0, 22), TurnDraft("P9", 23, 39))
    sha = hashlib.sha256(text.encode()).hexdigest()
    p.add_document(DocumentDraft("fg5", text, sha, turns=turns), group=group)


def test_a_label_only_on_the_turns_gets_a_row_and_is_renamed(
    project: realist.Project, tmp_path: Path
) -> None:
    turns_only(project)
    rows = report(project)
    assert len(rows) == 1  # P9 is not a name: no row
    row = rows.iloc[0]
    assert (row.source, row.kind, row.original, row.replacement) == (
        SPEAKER_SOURCE, "person", "Dana Whitlock", "[Person 1]",
    )  # fmt: skip
    assert pd.isna(row.start) and pd.isna(row.end)
    assert row.context == "speaker label of 1 turn(s); not in the text"
    assert row.identity == "participant:Dana Whitlock|"
    path = tmp_path / "reviewed.csv"
    rows.to_csv(path, index=False)  # through a spreadsheet and back
    summary = project.deid_apply(path)
    assert summary.documents == ("fg5",) and summary.replacements == 0
    assert summary.speakers_renamed == 1
    doc = project.document("fg5")
    assert doc.deidentified and doc.text == "We met on the Tuesday.\nAnd again later.\n"
    assert [t.speaker for t in project.turns("fg5")] == ["[Person 1]", "P9"]
    assert labels(project) == {"[Person 1]", "P9"}


def test_a_deleted_speaker_row_keeps_the_label(project: realist.Project) -> None:
    turns_only(project)
    rows = report(project)
    added = pd.DataFrame([{"document": "fg5", "original": "Tuesday", "kind": "date"}])
    project.deid_apply(pd.concat([rows[rows.source != SPEAKER_SOURCE], added]))
    assert [t.speaker for t in project.turns("fg5")] == ["Dana Whitlock", "P9"]
    assert "Dana Whitlock" in labels(project)
    # Each report reminds; naming the document (as for one de-identified before speaker
    # labels were renamed) proposes the label again.
    later = report(project)
    assert later.empty
    assert later.attrs["notices"][-1] == (
        "1 document(s) already de-identified still have speaker labels that read like names "
        "(fg5): name them to report on their labels"
    )
    assert report(project, ["fg5"]).original.tolist() == ["Dana Whitlock"]


def test_a_later_transcript_of_the_same_speaker_joins_the_renamed_participant(
    project: realist.Project, tmp_path: Path
) -> None:
    first = imported(project, tmp_path, "a.txt", NAMED, group="FG1")
    project.upsert_participants([{"label": "Sharon", "group": "FG1", "role": "practitioner"}])
    project.deid_apply(report(project))
    again = "Sharon: Back again.\nFacilitator: Welcome back.\nSharon: Thanks.\n"
    second = imported(project, tmp_path, "b.txt", again, group="FG1")
    project.upsert_participants(
        [{"label": "Sharon", "group": "FG1", "role": "team leader", "site": "regional",
          "years": "12"}]
    )  # fmt: skip
    rows = report(project)
    assert set(rows.document) == {second}
    assert set(rows.loc[rows.original == "Sharon", "replacement"]) == {"[Person 1]"}
    summary = project.deid_apply(rows)
    assert summary.participants_merged == 1
    people = [x for x in project.participants() if x.label == "[Person 1]"]
    assert len(people) == 1
    person = people[0]
    # The existing participant keeps what it had and gains what it lacked.
    assert (person.role, person.site, person.attributes) == (
        "practitioner", "regional", {"years": "12"},
    )  # fmt: skip
    assert "Sharon" not in labels(project)
    for name in (first, second):
        assert_speakers_follow_the_text(project, name)
        ids = {t.participant_id for t in project.turns(name) if t.speaker == "[Person 1]"}
        assert ids == {person.id}


def test_a_speaker_still_in_a_document_left_alone_keeps_the_label_there(
    project: realist.Project, tmp_path: Path
) -> None:
    first = imported(project, tmp_path, "a.txt", NAMED)
    again = "Sharon: Back again.\nMick: Hello.\nSharon: Yes.\nMick: Good.\n"
    second = imported(project, tmp_path, "b.txt", again)
    rows = report(project)
    project.deid_apply(rows[rows.document == first])
    assert [t.speaker for t in project.turns(second)] == ["Sharon", "Mick"] * 2
    assert {"Sharon", "Mick", "[Person 1]", "[Person 3]"} <= labels(project)
    assert_speakers_follow_the_text(project, first)
    assert_speakers_follow_the_text(project, second)
    # The names stay in the roster for the next report, with the same placeholders.
    later = report(project)
    assert set(later.loc[later.original == "Sharon", "replacement"]) == {"[Person 1]"}
    summary = project.deid_apply(later)
    assert summary.participants_merged == 2
    assert labels(project) == {"Facilitator", "[Person 1]", "[Person 3]"}
    assert [t.speaker for t in project.turns(second)] == ["[Person 1]", "[Person 3]"] * 2


def test_a_safe_pseudonym_becomes_the_label(project: realist.Project, tmp_path: Path) -> None:
    project.upsert_participants(
        [{"label": "Sharon", "pseudonym": "Kate"},
         {"label": "Mick", "pseudonym": "Tanya"}]  # a name the transcript uses: not safe
    )  # fmt: skip
    name = imported(project, tmp_path, "a.txt", NAMED)
    key = tmp_path / "key.csv"
    project.deid_apply(report(project), key_out=key)
    people = {x.label: x for x in project.participants()}
    # Mick's pseudonym was replaced in the text (the roster counts it as his name): unsafe.
    assert set(people) == {"Facilitator", "Kate", "[Person 2]"}
    assert people["Kate"].attributes == {"placeholder": "[Person 1]"}
    assert [t.speaker for t in project.turns(name)][:3] == ["Facilitator", "Kate", "[Person 2]"]
    assert_speakers_follow_the_text(project, name)
    assert "Kate,person,Sharon,a,0,2" in key.read_text()
    # A later transcript imported without the roster joins Kate through her placeholder.
    again = "Sharon: Back again.\nFacilitator: Hi.\nSharon: Hello.\n"
    other = imported(project, tmp_path, "b.txt", again)
    rows = report(project)
    assert set(rows.loc[rows.original == "Sharon", "replacement"]) == {"[Person 1]"}
    assert project.deid_apply(rows).participants_merged == 1
    assert labels(project) == {"Facilitator", "Kate", "[Person 2]"}
    assert [t.speaker for t in project.turns(other)] == ["Kate", "Facilitator", "Kate"]


def test_nothing_is_half_written_when_apply_fails(
    project: realist.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = imported(project, tmp_path, "a.txt", NAMED)
    rows = report(project)
    before = (project.document(name), project.turns(name), project.participants())

    def fail(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(deid_store, "insert_pseudonyms", fail)
    key = tmp_path / "key.csv"
    with pytest.raises(RuntimeError, match="disk full"):
        project.deid_apply(rows, key_out=key)
    assert (project.document(name), project.turns(name), project.participants()) == before
    assert not key.exists()


def test_words_left_elsewhere_are_counted_and_import_warnings_scrubbed(
    project: realist.Project, tmp_path: Path
) -> None:
    once = "Tanya: Only once.\n" + NAMED
    name = imported(project, tmp_path, "a.txt", once)
    warnings = project.document(name).metadata["import_warnings"]
    assert any("'Tanya'" in w for w in warnings)
    project.add_memo("project", None, "Sharon was late to the group.")
    doc = project.document(name)
    said = doc.text.index("Me too")
    evidence = [
        EvidenceSpan(doc.id, said, said + 3, "C"),
        EvidenceSpan(doc.id, said, said + 6, "O"),
    ]
    project.add_cmoc("Local", "If workers in Mildura know each other, then ...", evidence)
    summary = project.deid_apply(report(project))
    assert summary.remaining == {"memos": 1, "CMOC statements": 1}
    scrubbed = project.document(name).metadata["import_warnings"]
    assert not any("Tanya" in w for w in scrubbed)
    assert any(re.search(r"'\[Person \d+\]' looks like", w) for w in scrubbed)
    applied = next(e for e in project.log() if e.action == "document.deidentify")
    assert applied.detail["remaining"] == {"memos": 1, "CMOC statements": 1}
    assert applied.detail["speakers_renamed"] == 2


def test_placeholder_labels_are_not_names_to_look_for(
    project: realist.Project, tmp_path: Path
) -> None:
    project.upsert_participants([{"label": "Sharon", "nicknames": "Shaz"}])
    name = imported(project, tmp_path, "a.txt", NAMED)
    project.deid_apply(report(project))
    assert report(project, [name]).empty  # "[Person 1]" is not proposed again
    other = imported(project, tmp_path, "b.txt", "P4: Ask Shaz about it.\n")
    rows = report(project, [other])
    # Her nickname still points at her: the same placeholder as before.
    assert rows.set_index("original")["replacement"].to_dict() == {"Shaz": "[Person 1]"}


def test_a_label_the_reviewer_kept_in_the_text_stays(
    project: realist.Project, tmp_path: Path
) -> None:
    name = imported(project, tmp_path, "a.txt", NAMED)
    rows = report(project)
    at_labels = rows.context.str.contains(r"\[\[Sharon\]\]: ")
    assert at_labels.sum() == 2
    project.deid_apply(rows[~at_labels])  # "Sharon said so" is still replaced
    text = project.document(name).text
    assert "Sharon: I work in" in text and re.search(r"\[Person \d\] said so", text)
    speakers = [t.speaker for t in project.turns(name)]
    assert speakers[:2] == ["Facilitator", "Sharon"] and speakers[2].startswith("[Person ")
    assert_speakers_follow_the_text(project, name)


def test_two_speakers_swapped_onto_one_label_are_refused(
    project: realist.Project, tmp_path: Path
) -> None:
    name = imported(project, tmp_path, "a.txt", NAMED)
    rows = report(project)
    rows.loc[rows.original == "Sharon", "replacement"] = "Mick"
    before = (project.document(name), project.turns(name), project.participants())
    with pytest.raises(realist.ValidationError, match="the label of another speaker"):
        project.deid_apply(rows)
    assert (project.document(name), project.turns(name), project.participants()) == before
