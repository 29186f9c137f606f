"""Coding a study and reading it back: apply several codes at once, excerpts filtered by
participant attributes, co-occurrence, memos, removal, blind coding and CMOCs."""

from __future__ import annotations

import pytest

import realist
from realist.errors import InvalidSpan, NotFound, ValidationError
from realist.model import EvidenceRole, EvidenceSpan, MemoTarget, Role
from tests.coding.conftest import span_of


def coded(study: realist.Project) -> realist.Project:
    """kim and lee code both focus groups; returns the project as kim."""
    kim, lee = study.with_coder("kim"), study.with_coder("lee")
    fg1, fg2 = study.document("fg1-regional"), study.document("fg2-metro")
    s, e = span_of(fg1, "I just kept turning up, brought groceries the first time")
    kim.apply_codes(fg1.id, s, e, ["fpr.family.engagement", "fpr.family.engagement.mres"])
    s2, e2 = span_of(fg1, "by the third visit she let me in")
    kim.apply_codes(fg1.id, s2, e2, "fpr.family.engagement.o", memo="door opened")
    s3, e3 = span_of(fg1, "The Navigator gave me the whole history")
    lee.apply_codes(fg1.id, s3, e3, ["fpr.system.information.mres"])
    s4, e4 = span_of(fg2, "With four families I can see each of them three times a week")
    lee.apply_codes(
        "fg2-metro", s4, e4, ["fpr.organisation.caseload.mres", "fpr.family.engagement"]
    )
    return kim


def test_apply_codes_is_one_event_and_nests_and_overlaps(study: realist.Project) -> None:
    fg1 = study.document("fg1-regional")
    revision = study.revision
    outer = study.apply_codes(fg1.id, 60, 140, ["fpr.family.engagement", "fpr.family.readiness"])
    inner = study.apply_codes(fg1.id, 70, 90, ["fpr.family.engagement.c"], memo="nested")
    overlap = study.apply_codes(fg1.id, 130, 170, "fpr.family.relationship")
    assert study.revision == revision + 3
    assert [len(outer), len(inner), len(overlap)] == [2, 1, 1]
    assert {c.code_id for c in outer} == {study.code("fpr.family.engagement").id,
                                           study.code("fpr.family.readiness").id}  # fmt: skip
    assert inner[0].memo == "nested"
    assert len(study.codings(fg1.id)) == 4
    detail = study.log(1)[0].detail
    assert detail["codes"] == ["fpr.family.relationship"]


def test_apply_codes_refuses_bad_input_and_writes_nothing(study: realist.Project) -> None:
    revision = study.revision
    with pytest.raises(InvalidSpan):
        study.apply_codes("fg1-regional", 10, 10_000, ["fpr.family.engagement"])
    with pytest.raises(NotFound):
        study.apply_codes("fg1-regional", 0, 10, ["fpr.family.engagement", "no.such.code"])
    with pytest.raises(ValidationError):
        study.apply_codes("fg1-regional", 0, 10, [])
    assert study.revision == revision
    assert study.codings() == []


def test_memos_on_codings_codes_and_documents_and_removal(study: realist.Project) -> None:
    kim = coded(study)
    mine = kim.codings()
    coding = next(c for c in mine if c.memo == "door opened")
    kim.update_coding_memo(coding.id, "door opened on the third visit")
    code = study.code("fpr.family.engagement")
    study.add_memo(MemoTarget.CODE, code.id, "Includes outreach before the first visit")
    study.add_memo(MemoTarget.DOCUMENT, study.document("fg1-regional").id, "Regional group")
    assert {m.target for m in study.memos()} == {MemoTarget.CODE, MemoTarget.DOCUMENT}
    kim.delete_coding(coding.id)
    assert coding.id not in {c.id for c in kim.codings()}
    assert kim.restore_coding(coding.id).memo == "door opened on the third visit"


def test_excerpts_carry_speaker_and_participant_attributes(study: realist.Project) -> None:
    coded(study)
    rows = study.excerpts("fpr.family.engagement")
    assert len(rows) == 2
    assert set(rows["site"]) == {"regional", "metropolitan"}
    regional = study.excerpts("fpr.family.engagement", site="Regional")
    assert regional["excerpt"].tolist() == [
        "I just kept turning up, brought groceries the first time"
    ]
    assert regional.loc[0, "speaker"] == "P1"
    assert regional.loc[0, "role"] == "practitioner"
    assert regional.loc[0, "document"] == "fg1-regional"
    leaders = study.excerpts("fpr.system.information.mres", role="team leader", group="FG1")
    assert leaders["speaker"].tolist() == ["P3"]
    assert study.excerpts("fpr.family.engagement", coder="lee")["group"].tolist() == ["FG2"]
    family = study.excerpts("fpr.family.engagement", descendants=True)
    assert len(family) == 4
    assert study.excerpts("fpr.family.engagement", site="nowhere").empty


def test_cooccurrence_by_overlap_and_by_turn(study: realist.Project) -> None:
    coded(study)
    m = study.cooccurrence()
    assert m.loc["fpr.family.engagement", "fpr.family.engagement.mres"] == 1
    assert m.loc["fpr.family.engagement", "fpr.organisation.caseload.mres"] == 1
    assert m.loc["fpr.family.engagement", "fpr.family.engagement"] == 2
    assert m.loc["fpr.family.engagement.o", "fpr.family.engagement"] == 0
    assert (m.values == m.values.T).all()
    by_turn = study.cooccurrence(unit="turn")
    assert by_turn.loc["fpr.family.engagement.o", "fpr.family.engagement"] == 1
    only = study.cooccurrence(["fpr.family.engagement", "fpr.system.information.mres"],
                              document="fg1-regional")  # fmt: skip
    assert only.shape == (2, 2) and only.values.sum() == 2


def test_blind_coding_hides_other_coders_until_comparison_opens(study: realist.Project) -> None:
    coded(study)
    study.set_setting("blind_coding", True)
    kim, lee = study.with_coder("kim"), study.with_coder("lee")
    coders = {c.id: c.name for c in study.coders()}
    assert {coders[c.coder_id] for c in kim.codings()} == {"kim"}
    assert set(kim.excerpts("fpr.family.engagement")["coder"]) == {"kim"}
    assert set(lee.excerpts("fpr.family.engagement")["coder"]) == {"lee"}
    assert "fpr.system.information.mres" not in kim.cooccurrence().index
    assert len(study.codings()) == 6  # the owner sees everyone's
    fg1 = study.document("fg1-regional")
    s, e = span_of(fg1, "The Navigator gave me the whole history")
    s2, e2 = span_of(fg1, "nothing surprised me")
    lee_cmoc = lee.add_cmoc("Navigator history", evidence=[
        EvidenceSpan(fg1.id, s, e, EvidenceRole.MECHANISM_RESOURCE),
        EvidenceSpan(fg1.id, s2, e2, EvidenceRole.OUTCOME)])  # fmt: skip
    assert kim.cmocs() == []
    with pytest.raises(NotFound):
        kim.cmoc(lee_cmoc.id)
    with pytest.raises(realist.PermissionDenied):
        kim.set_setting("comparison_open", True)
    study.with_coder("lead").set_setting("comparison_open", True)
    assert {coders[c.coder_id] for c in kim.codings()} == {"kim", "lee"}
    assert set(kim.excerpts("fpr.family.engagement")["coder"]) == {"kim", "lee"}
    assert [c.id for c in kim.cmocs()] == [lee_cmoc.id]


def test_cmoc_across_turns_and_documents_reads_back_with_evidence(study: realist.Project) -> None:
    kim = study.with_coder("kim")
    fg1, fg2 = study.document("fg1-regional"), study.document("fg2-metro")
    context = span_of(fg1, "Once she saw we were not there to take the kids")  # P2's turn
    resource = span_of(fg1, "The Navigator gave me the whole history")  # P3's turn
    outcome = span_of(fg2, "the kids stayed home, that's the outcome that matters")
    coding = kim.apply_codes(fg1.id, *resource, ["fpr.system.information.mres"])[0]
    cmoc = kim.add_cmoc(
        "Informed first visits keep children home",
        "If [families fear removal], then [children stay home], because [workers arrive informed]",
        [
            EvidenceSpan(fg1.id, *context, EvidenceRole.CONTEXT),
            EvidenceSpan(fg1.id, *resource, "M-resource", coding_id=coding.id),  # type: ignore[arg-type]
            EvidenceSpan(fg2.id, *outcome, EvidenceRole.OUTCOME, note="metro group"),
        ],
        level="system",
        status="refines",
        theory_code="fpr.system.information",
    )
    back = kim.cmoc(cmoc.id)
    assert back.statement.startswith("If [families fear removal]")
    assert back.level is not None and back.level.value == "system"
    assert back.status.value == "refines"
    assert back.theory_code_id == study.code("fpr.system.information").id
    assert {e.document_id for e in back.evidence} == {fg1.id, fg2.id}
    [res] = back.evidence_for(EvidenceRole.MECHANISM_RESOURCE)
    assert res.coding_id == coding.id
    assert fg1.text[res.start : res.end] == "The Navigator gave me the whole history"
    [out] = back.evidence_for(EvidenceRole.OUTCOME)
    assert fg2.text[out.start : out.end].startswith("the kids stayed home")
    speakers = {t.speaker for t in study.turns(fg1.id) for e in back.evidence
                if e.document_id == fg1.id and t.start <= e.start < t.end}  # fmt: skip
    assert speakers == {"P2", "P3"}
    evidence = study.evidence_df()
    assert len(evidence[evidence["cmoc_id"] == cmoc.id]) == 3
    default = kim.add_cmoc("Template", evidence=[
        EvidenceSpan(fg1.id, *context, EvidenceRole.CONTEXT),
        EvidenceSpan(fg2.id, *outcome, EvidenceRole.OUTCOME)])  # fmt: skip
    assert default.statement == "If [C], then [O], because [M]"


def test_cmoc_validation_messages(study: realist.Project) -> None:
    fg1 = study.document("fg1-regional")
    with pytest.raises(ValidationError, match="outcome"):
        study.add_cmoc("No outcome", evidence=[EvidenceSpan(fg1.id, 0, 5, EvidenceRole.CONTEXT)])
    with pytest.raises(ValidationError, match=r"context \(C\) or mechanism"):
        study.add_cmoc("Only outcome", evidence=[EvidenceSpan(fg1.id, 0, 5, EvidenceRole.OUTCOME)])
    with pytest.raises(InvalidSpan):
        study.add_cmoc("Outside", evidence=[
            EvidenceSpan(fg1.id, 0, 5, EvidenceRole.CONTEXT),
            EvidenceSpan(fg1.id, 10, len(fg1.text) + 5, EvidenceRole.OUTCOME)])  # fmt: skip
    assert study.cmocs() == []


def test_viewer_cannot_code(study: realist.Project) -> None:
    study.add_coder("sam", Role.VIEWER)
    with pytest.raises(realist.PermissionDenied):
        study.with_coder("sam").apply_codes("fg1-regional", 0, 5, ["fpr.family.engagement"])


def test_cmoc_from_codings_across_turns_and_documents(study: realist.Project) -> None:
    kim = study.with_coder("kim")
    fg1, fg2 = study.document("fg1-regional"), study.document("fg2-metro")
    c = kim.apply_codes(fg1.id, *span_of(fg1, "we're not Child Protection"),
                        ["fpr.family.engagement.c"])[0]  # fmt: skip
    m = kim.apply_codes(fg1.id, *span_of(fg1, "I just kept turning up"),
                        ["fpr.family.engagement.mres"])[0]  # fmt: skip
    o = kim.apply_codes(fg2.id, *span_of(fg2, "the kids stayed home, that's"),
                        ["fpr.family.engagement.o"])[0]  # fmt: skip
    cmoc = kim.cmoc_from_codings("Persistence opens doors", [c.id, m, o.id], status="supports")
    assert cmoc.statement == (
        "If Engagement: context, then Engagement: outcome, because Engagement: resource"
    )
    assert cmoc.level is not None and cmoc.level.value == "family"
    assert [(e.role.value, e.coding_id) for e in cmoc.evidence] == [
        ("C", c.id), ("M-resource", m.id), ("O", o.id)]  # fmt: skip
    assert {e.document_id for e in kim.cmoc(cmoc.id).evidence} == {fg1.id, fg2.id}
    theme = kim.apply_codes(fg1.id, 0, 10, ["fpr.family.engagement"])[0]
    with pytest.raises(ValidationError, match="roles="):
        kim.cmoc_from_codings("Theme only", [theme.id, o.id])
    as_context = kim.cmoc_from_codings("Theme as context", [theme.id, o.id], roles={theme.id: "C"})
    assert as_context.evidence[0].role is EvidenceRole.CONTEXT
    with pytest.raises(ValidationError, match="outcome"):
        kim.cmoc_from_codings("No outcome", [c.id, m.id])
    lee_coding = study.with_coder("lee").apply_codes(fg1.id, 0, 5, ["fpr.family.engagement.o"])[0]
    study.set_setting("blind_coding", True)
    with pytest.raises(NotFound):
        kim.cmoc_from_codings("Not mine", [c.id, lee_coding.id])
