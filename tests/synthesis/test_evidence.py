"""Evidence counted from member CMOCs, on a project built in the test."""

from __future__ import annotations

from typing import Any

import pytest

import realist
from realist.errors import ValidationError
from realist.model import CMOC, EvidenceRole, EvidenceSpan, Participant, Turn
from realist.synthesis import SynthesisData, evidence_of_cmocs, evidence_status


def test_evidence_counts_documents_participants_sites_and_roles(
    study: tuple[realist.Project, dict[str, Any]],
) -> None:
    p, made = study
    trust = made["demi_regularities"]["Trusting relationship"]
    ev = p.evidence(trust.id)
    assert ev.cmocs == 2
    assert ev.excerpts == 6
    assert ev.documents == 2
    # group 1 P1, group 2 P1 and P2; the facilitators' turns are not cited
    assert ev.participants == 3
    assert ev.sites == ("metropolitan", "regional")
    assert ev.role_mix == {"practitioner": 2, "team leader": 1}
    assert ev.status.value == "supported"
    assert ev.summary() == "2 focus groups, 3 participants"

    caseload = made["demi_regularities"]["Caseload to work intensively"]
    ev = p.evidence(caseload.id)
    assert (ev.documents, ev.participants, ev.status.value) == (1, 1, "candidate")
    assert ev.role_mix == {"team leader": 1}


def test_evidence_rule_follows_the_project_setting(
    study: tuple[realist.Project, dict[str, Any]],
) -> None:
    p, made = study
    trust = made["demi_regularities"]["Trusting relationship"]
    p.set_setting("evidence_min_documents", 3)
    assert p.evidence(trust.id).status.value == "candidate"
    p.set_setting("evidence_min_documents", 1)
    frame = p.demi_regularity_evidence()
    assert frame["evidence_status"].tolist() == ["supported", "supported"]
    assert frame.loc[0, "document_names"] == "Focus group 1; Focus group 2"


def test_evidence_follows_membership_changes(
    study: tuple[realist.Project, dict[str, Any]],
) -> None:
    p, made = study
    caseload = made["demi_regularities"]["Caseload to work intensively"]
    second = made["cmocs"]["Caseload and stress (group 2)"]
    p.update_demi_regularity(
        caseload.id, version=caseload.version, cmoc_ids=[*caseload.cmoc_ids, second.id]
    )
    ev = p.evidence(caseload.id)
    assert (ev.cmocs, ev.documents, ev.participants, ev.status.value) == (2, 2, 2, "supported")
    p.delete_cmoc(second.id)
    assert p.evidence(caseload.id).documents == 1


def test_participants_come_from_every_turn_a_span_overlaps() -> None:
    turns = [
        Turn(1, 1, 0, "P1", 0, 10, participant_id=1),
        Turn(2, 1, 1, "Facilitator", 10, 20, participant_id=2),
        Turn(3, 1, 2, "P2", 20, 30, participant_id=3),
    ]
    people = [
        Participant(1, "P1", role="practitioner", site="regional"),
        Participant(2, "Facilitator", role="facilitator"),
        Participant(3, "P2", role="team leader", site="metropolitan"),
    ]
    data = SynthesisData.build(turns=turns, participants=people)
    cmoc = CMOC(1, "x", "", (EvidenceSpan(1, 5, 25, EvidenceRole.OUTCOME),))
    ev = evidence_of_cmocs([cmoc], data)
    assert ev.participant_ids == (1, 3)
    assert ev.sites == ("metropolitan", "regional")
    assert data.speakers(1, 10, 20) == (2,)
    assert data.speakers(1, 30, 40) == ()
    assert evidence_of_cmocs([cmoc], data, exclude_roles=()).participants == 3


def test_evidence_rule_refuses_nonsense() -> None:
    with pytest.raises(ValidationError, match="at least 1"):
        evidence_status(3, 0)
