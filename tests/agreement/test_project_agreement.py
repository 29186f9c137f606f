"""Agreement, disagreements and the consensus workflow on real projects (SQLite and PostgreSQL)."""

from __future__ import annotations

import math

import pytest

import realist
from realist.agreement import binary_u_alpha, cohen_kappa
from realist.errors import PermissionDenied, ValidationError
from realist.model import DocumentDraft, TurnDraft

TEXT = (
    "Facilitator: What helped?\n"
    "P1: The worker kept coming back, every single week, no matter what.\n"
    "P2: Honestly the caseload made it impossible to do that work properly.\n"
    "P3: We felt judged at first, then we felt heard.\n"
)


def _turns(text: str) -> tuple[TurnDraft, ...]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        speaker = line.split(":", 1)[0]
        out.append(TurnDraft(speaker, pos, pos + len(line.rstrip("\n"))))
        pos += len(line)
    return tuple(out)


def _span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def study(project: realist.Project) -> realist.Project:
    project.add_document(DocumentDraft("fg1", TEXT, "sha-fg1", turns=_turns(TEXT)))
    project.add_code("persist", "Persistent engagement", "mechanism_resource")
    project.add_code("caseload", "Caseload", "context")
    project.add_code("heard", "Feeling heard", "outcome")
    for name in ("ann", "ben", "cai"):
        project.add_coder(name, "coder")
    ann, ben = project.with_coder("ann"), project.with_coder("ben")
    ann.add_coding("fg1", *_span("The worker kept coming back, every single week"), "persist")
    ben.add_coding("fg1", *_span("The worker kept coming back"), "persist")
    ann.add_coding("fg1", *_span("the caseload made it impossible"), "caseload")
    ben.add_coding("fg1", *_span("the caseload made it impossible to do that work"), "caseload")
    ann.add_coding("fg1", *_span("then we felt heard"), "heard")
    ben.add_coding("fg1", *_span("We felt judged at first"), "heard")
    return project


def test_character_agreement_per_code_matches_the_function(study: realist.Project) -> None:
    table = study.agreement(["ann", "ben"]).set_index("code")
    assert list(table.index) == ["persist", "caseload", "heard", "(all codes)"]
    spans = [(c.coder_id, c.start, c.end, c.code_id) for c in study.codings(code="persist")]
    expected = binary_u_alpha(spans, length=len(TEXT))
    assert table.loc["persist", "binary_u_alpha"] == pytest.approx(float(expected))
    assert table.loc["persist", "binary_u_alpha"] > table.loc["heard", "binary_u_alpha"]
    overall = table.loc["(all codes)"]
    assert not math.isnan(overall["u_alpha"]) and not math.isnan(overall["cu_alpha"])
    assert table.loc["persist", "codings"] == 2
    persist_ben = len("The worker kept coming back")
    assert table.loc["persist", "coded_by"].endswith(f"ben {persist_ben}")


def test_turn_agreement_uses_overlap_with_turns(study: realist.Project) -> None:
    table = study.agreement(["ann", "ben"], unit="turn").set_index("code")
    # persist and caseload: both coders coded the same turn and nothing else -> agree
    assert table.loc["persist", "percent_agreement"] == 1.0
    assert table.loc["heard", "percent_agreement"] == 1.0  # both inside P3's turn
    n_turns = len(study.turns())
    ann = [0] * n_turns
    ann[1] = 1
    assert table.loc["persist", "turns"] == n_turns
    pooled = table.loc["(all codes)"]
    assert pooled["cohen_kappa"] == pytest.approx(float(cohen_kappa(ann * 3, ann * 3)))


def test_pairs_show_who_codes_like_whom(study: realist.Project) -> None:
    study.with_coder("cai").add_coding("fg1", 0, 20, "persist")
    table = study.agreement_pairs(["ann", "ben", "cai"])
    assert list(zip(table["coder_a"], table["coder_b"], strict=True)) == [
        ("ann", "ben"),
        ("ann", "cai"),
        ("ben", "cai"),
    ]
    by_pair = table.set_index(["coder_a", "coder_b"])
    assert (
        by_pair.loc[("ann", "ben"), "binary_u_alpha"]
        > by_pair.loc[("ann", "cai"), "binary_u_alpha"]
    )
    two = study.agreement(["ann", "ben"]).set_index("code").loc["(all codes)", "binary_u_alpha"]
    assert by_pair.loc[("ann", "ben"), "binary_u_alpha"] == pytest.approx(two)


def test_by_document_finds_the_transcript_to_revisit(study: realist.Project) -> None:
    other = "P1: We agreed on this one completely.\n"
    study.add_document(DocumentDraft("fg2", other, "sha-fg2", turns=_turns(other)))
    for name in ("ann", "ben"):
        study.with_coder(name).add_coding("fg2", 4, 37, "persist")
    table = study.agreement_by_document(["ann", "ben"]).set_index("document")
    assert table.loc["fg2", "binary_u_alpha"] == pytest.approx(1.0)
    assert table.loc["fg1", "binary_u_alpha"] < 1.0
    assert table.loc["fg2", "codings"] == 2


def test_turn_agreement_without_turns_says_so(study: realist.Project) -> None:
    study.add_document(DocumentDraft("notes", "No speakers here at all.", "sha-notes"))
    study.with_coder("ann").add_coding("notes", 0, 11, "heard")
    table = study.agreement(["ann", "ben"], documents=["notes"], unit="turn")
    assert "no speaker turns" in table["reason"].iloc[0]


def test_one_coder_gives_nan_with_reason(study: realist.Project) -> None:
    table = study.agreement(["ann"])
    assert table["binary_u_alpha"].isna().all()
    assert "fewer than two coders" in table["reason"].iloc[0]


def test_coders_may_be_one_comma_separated_string(study: realist.Project) -> None:
    assert study.agreement("ann, ben").attrs["coders"] == ["ann", "ben"]


def test_codes_and_documents_filter(study: realist.Project) -> None:
    table = study.agreement(["ann", "ben"], documents=["fg1"], codes=["heard"])
    assert list(table["code"]) == ["heard", "(all codes)"]
    assert study.agreement(["ann", "cai"], codes=["heard"])["codings"].iloc[0] == 1


def test_disagreements_are_listed_largest_first(study: realist.Project) -> None:
    found = study.disagreements(["ann", "ben"])
    assert list(found["length"]) == sorted(found["length"], reverse=True)
    heard = found[found["code"] == "heard"]
    assert set(heard["text"]) == {"then we felt heard", "We felt judged at first"}
    row = found[found["text"] == ", every single week"].iloc[0]
    assert row["applied_by"] == "ann" and row["not_applied_by"] == "ben"
    assert row["document"] == "fg1"
    assert row["instead"] == ""


def test_disagreements_say_what_the_others_coded_instead(study: realist.Project) -> None:
    study.with_coder("ben").add_coding("fg1", *_span("then we felt heard"), "persist")
    found = study.disagreements(["ann", "ben"])
    heard = found[(found["code"] == "heard") & (found["text"] == "then we felt heard")].iloc[0]
    assert heard["instead"] == "ben: persist"


def test_consensus_workflow_keeps_originals(study: realist.Project) -> None:
    lead = study  # the owner leads
    before = {(c.coder_id, c.start, c.end) for c in study.codings()}
    assert lead.seed_consensus(["ann", "ben"]) == 2  # persist and caseload overlap
    assert lead.seed_consensus(["ann", "ben"]) == 0  # nothing new the second time
    found = lead.disagreements(["ann", "ben"])
    week = found[found["text"] == ", every single week"].iloc[0]
    accepted = lead.resolve_disagreement(week, "accept", note="whole clause")
    # joined with the seeded agreed part beside it: one coding for the whole clause
    assert accepted is not None
    assert (accepted.start, accepted.end) == _span("The worker kept coming back, every single week")
    assert accepted.memo == "whole clause"
    judged = found[found["text"] == "We felt judged at first"].iloc[0]
    assert lead.resolve_disagreement(judged["key"], "reject") is None
    edited_row = found[found["text"] == "then we felt heard"].iloc[0]
    start, end = _span("we felt heard")
    edited = lead.resolve_disagreement(edited_row, "edit", start, end)
    assert edited is not None and edited.start == start
    with pytest.raises(ValidationError, match="settled already"):
        lead.resolve_disagreement(week, "reject")
    remaining = lead.disagreements(["ann", "ben"])
    assert len(remaining) == len(found) - 3
    assert len(lead.disagreements(["ann", "ben"], include_resolved=True)) == len(found)
    consensus = study.get_coder("consensus")
    assert consensus.role.value == "coder"
    mine = [c for c in study.codings() if c.coder_id == consensus.id]
    assert len(mine) == 3  # persist (joined), caseload, heard (edited)
    after = {(c.coder_id, c.start, c.end) for c in study.codings() if c.coder_id != consensus.id}
    assert after == before
    decisions = lead.consensus_decisions()
    assert list(decisions["decision"]) == ["accept", "reject", "edit"]
    assert set(decisions["decided_by"]) == {"owner"}
    actions = [e.action for e in study.log(limit=10)]
    assert "consensus.reject" in actions and "consensus.seed" in actions


def test_seeding_needs_two_coders(study: realist.Project) -> None:
    with pytest.raises(ValidationError, match="two coders"):
        study.seed_consensus(["ann"])


def test_only_leads_settle(study: realist.Project) -> None:
    coder = study.with_coder("ann")
    row = study.disagreements(["ann", "ben"]).iloc[0]
    with pytest.raises(PermissionDenied):
        coder.resolve_disagreement(row, "accept")
    with pytest.raises(ValidationError, match="not a disagreement key"):
        study.resolve_disagreement("nonsense", "accept")
    with pytest.raises(ValidationError, match="needs the new start"):
        study.resolve_disagreement(row, "edit")


def test_blind_coding_hides_comparison(study: realist.Project) -> None:
    study.set_setting("blind_coding", True)
    with pytest.raises(PermissionDenied, match="comparison"):
        study.with_coder("ann").agreement(["ann", "ben"])
    study.set_setting("comparison_open", True)
    assert len(study.with_coder("ann").agreement(["ann", "ben"])) == 4
