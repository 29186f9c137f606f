"""The methods summary: counts a reviewer asks for, and the paragraph that says them."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

import realist
from realist.cli import app

Study = tuple[realist.Project, dict[str, Any]]


def test_counts_and_tables(study: Study) -> None:
    p, _ = study
    summary = p.methods_summary()
    counts = summary.counts
    assert counts["documents"] == 3
    assert counts["documents_by_site"] == {"metropolitan": 1, "regional": 2}
    assert counts["participants"] == 6  # facilitators are not participants
    assert counts["participants_by_role"] == {"practitioner": 3, "team leader": 3}
    assert counts["coders"] == 2 and counts["coder_names"] == ["owner", "ana"]
    assert counts["codings"] == 30 and counts["codes_used"] == 6
    assert counts["cmocs"] == 5
    assert counts["demi_regularities_by_level"] == {"family": 1, "organisation": 1}
    assert (counts["supported"], counts["candidate"]) == (1, 1)
    assert summary.participants.loc["Total", "Total"] == 6
    assert summary.participants.loc["team leader", "regional"] == 2
    assert summary.coders["codings"].tolist() == [15, 15]
    assert summary.to_frame().set_index("item").loc["cmocs", "value"] == 5


def test_agreement_is_reported_when_two_coders_coded(study: Study) -> None:
    p, _ = study
    summary = p.methods_summary()
    assert summary.agreement.computed
    assert set(summary.agreement.figures) >= {"u_alpha", "binary_u_alpha"}
    assert 0.9 < summary.agreement.figures["binary_u_alpha"] <= 1.0
    assert "binary u alpha = " in summary.text
    assert summary.text.startswith("We analysed 3 focus group transcripts")
    assert "1 of 2 demi-regularities met the evidence rule" in summary.text
    assert any("item 14" in k for k in summary.items)


def test_agreement_only_on_transcripts_both_coders_coded(study: Study) -> None:
    p, made = study
    # a third coder codes one transcript nobody else did: agreement stays on the shared ones
    p.add_coder("lee", "coder")
    doc = made["documents"]["3"]
    p.with_coder("lee").add_coding(doc.id, 0, 20, "crisis")
    summary = p.methods_summary()
    assert summary.agreement.coders == ("ana", "owner")
    assert summary.agreement.documents == ("Focus group 1", "Focus group 2", "Focus group 3")
    assert "on the 3 focus groups they both coded" in summary.text
    assert summary.counts["coders"] == 3


def test_agreement_not_computed_with_one_coder(project: realist.Project) -> None:
    summary = project.methods_summary()
    assert not summary.agreement.computed
    assert "not computed" in summary.text
    assert summary.counts["documents"] == 0


def test_cli_methods(study: Study) -> None:
    p, _ = study
    result = CliRunner().invoke(app, ["methods", p.url])
    assert result.exit_code == 0, result.output
    assert "RAMESES II item 13" in result.output and "team leader" in result.output
    result = CliRunner().invoke(app, ["methods", p.url, "--json"])
    data = json.loads(result.output)
    assert data["cmocs"] == 5 and data["agreement"]["computed"] is True
