"""The demo project: a worked study with two coders, CMOCs and demi-regularities at every level."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from typer.testing import CliRunner

import realist
from realist.cli import app
from realist.demo import PASSWORD, build_demo, load_sources
from realist.demo.build import analysis, find_quote
from realist.errors import ValidationError
from realist.model import EvidenceRole, Level, MemoTarget

LEVELS = {Level.FAMILY, Level.ORGANISATION, Level.SYSTEM}


def test_documents_turns_and_participants_follow_the_corpus(demo) -> None:
    groups = {g.group: g for g in load_sources()}
    documents = demo.documents_df()
    assert len(documents) == 6
    for document in demo.documents():
        turns = demo.turns(document.id)
        group = groups[turns[0].speaker and _group_of(demo, document.id)]
        spoken = [s for s, _ in itertools.groupby(t.speaker for t in turns)]
        assert spoken == [t.speaker for t in group.turns]
    people = demo.participants_df()
    assert len(people) == sum(len(g.speakers) for g in groups.values())
    assert set(people["site"]) == {"regional", "metropolitan"}
    assert set(people["role"]) == {"practitioner", "team leader", "facilitator"}


def _group_of(project, document_id: int) -> str:
    ids = {p.id: p.group for p in project.participants()}
    turn = project.turns(document_id)[1]
    return ids[turn.participant_id]


def test_two_coders_coded_the_same_two_transcripts(demo) -> None:
    codings = demo.codings_df()
    by_coder = codings.groupby("coder")["document"].agg(set)
    shared = by_coder["ana"] & by_coder["ben"]
    assert len(shared) == 2
    for document in shared:
        ana = codings[(codings.coder == "ana") & (codings.document == document)]
        ben = codings[(codings.coder == "ben") & (codings.document == document)]
        assert len(ana) >= 20 and len(ben) >= 20
        same = set(zip(ana.start, ana.end, ana.code, strict=True))
        same &= set(zip(ben.start, ben.end, ben.code, strict=True))
        assert 0 < len(same) < len(ana)  # agreement that is neither nil nor perfect
    assert {"lee", "ana"} <= set(codings.coder)
    assert (codings.excerpt.str.len() > 0).all()


def test_consensus_kept_beside_both_coders(demo) -> None:
    decisions = demo.consensus_decisions()
    assert sorted(decisions["decision"]) == ["accept"] * 4 + ["reject"] * 2
    assert len(demo.disagreements("ana,ben")) > 20  # the rest left for the team meeting
    consensus = demo.codings_df(coder="consensus")
    assert len(consensus) > 20 and set(consensus["document"]) <= set(
        demo.codings_df(coder="ben")["document"]
    )


def test_agreement_has_something_to_say(demo) -> None:
    table = demo.agreement("ana,ben")
    alphas = table["binary_u_alpha"].dropna()
    assert len(alphas) >= 10
    assert alphas.min() < 0.8 < alphas.max()


def test_cmocs_have_evidence_across_turns_at_every_level(demo) -> None:
    cmocs = demo.cmocs()
    assert len(cmocs) == len(analysis()["cmocs"])
    assert {c.level for c in cmocs} == LEVELS
    turns = {d.id: demo.turns(d.id) for d in demo.documents()}
    for cmoc in cmocs:
        assert cmoc.statement.startswith("If ") and ", then " in cmoc.statement
        assert ", because " in cmoc.statement or ", unless " in cmoc.statement
        assert cmoc.evidence_for(EvidenceRole.OUTCOME)
        spanned = {
            t.id
            for e in cmoc.evidence
            for t in turns[e.document_id]
            if t.start <= e.start and e.end <= t.end
        }
        assert len(spanned) >= 2, cmoc.label
    linked = sum(1 for c in cmocs for e in c.evidence if e.coding_id is not None)
    assert linked >= 0.8 * sum(len(c.evidence) for c in cmocs)
    assert len({c.status for c in cmocs}) == 4
    assert len({c.coder_id for c in cmocs}) == 3


def test_demi_regularities_at_every_level_recur_across_groups(demo) -> None:
    regularities = demo.demi_regularities()
    assert len(regularities) == 12
    assert {d.level for d in regularities} == LEVELS
    assert {str(d.level.value) for d in regularities if d.level} == {
        level.value for level in LEVELS
    }
    cmocs = {c.id: c for c in demo.cmocs()}
    for dr in regularities:
        documents = {e.document_id for i in dr.cmoc_ids for e in cmocs[i].evidence}
        assert len(documents) >= 2, dr.label
        assert dr.context and dr.mechanism_resource and dr.mechanism_response and dr.outcome
    table = demo.demi_regularity_table()
    assert len(table) == 12
    assert table["Illustrative quotes"].str.contains(r"\(Practitioner|\(Team leader").all()
    icamo = demo.demi_regularity_table(icamo=True)
    assert (icamo["Intervention"].str.len() > 0).all() and (icamo["Actor"].str.len() > 0).all()


def test_memos_and_passwords(demo, demo_path: Path) -> None:
    targets = {m.target for m in demo.memos()}
    assert {MemoTarget.PROJECT, MemoTarget.DOCUMENT, MemoTarget.CMOC} <= targets
    assert MemoTarget.DEMI_REGULARITY in targets
    assert demo.authenticate("ana", PASSWORD).name == "ana"
    assert {"pat", "lee", "ana", "ben", "viv"} <= {c.name for c in demo.coders()}
    assert demo.settings()["blind_coding"] is True


def test_existing_path_is_refused_unless_forced_and_rebuilds_the_same(
    demo, demo_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="--force"):
        build_demo(demo_path)
    target = tmp_path / "again.realist"
    target.write_text("not a project")
    with realist.open_project(build_demo(target, force=True)) as twin:
        columns = ["document", "start", "end", "code", "coder"]
        mine = demo.codings_df()[columns].sort_values(columns).reset_index(drop=True)
        theirs = twin.codings_df()[columns].sort_values(columns).reset_index(drop=True)
        assert mine.equals(theirs)
        assert [c.statement for c in demo.cmocs()] == [c.statement for c in twin.cmocs()]
        assert [d.label for d in demo.demi_regularities()] == [
            d.label for d in twin.demi_regularities()
        ]


def test_builds_on_postgresql(pg_url: str) -> None:
    build_demo(pg_url)
    with realist.open_project(pg_url) as project:
        info = project.info()
    assert (info["documents"], info["demi_regularities"]) == (6, 12)


def test_find_quote_refuses_missing_and_repeated_words() -> None:
    assert find_quote("a b\nc", "b c") == (2, 5)
    with pytest.raises(ValidationError, match="not found"):
        find_quote("a b c", "d")
    with pytest.raises(ValidationError, match="found 2 times"):
        find_quote("a b a b", "a b")


def test_cli_builds_and_refuses_to_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "cli.realist"
    first = runner.invoke(app, ["demo", str(target)])
    assert first.exit_code == 0, first.output
    assert "12 demi-regularities" in first.output and PASSWORD in first.output
    again = runner.invoke(app, ["demo", str(target)])
    assert again.exit_code == 1
    assert "already exists" in again.output and "Traceback" not in again.output
    forced = runner.invoke(app, ["demo", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
