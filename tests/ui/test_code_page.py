"""The code page: the highlighter payload, applying codes, details, filters, blind mode."""

from __future__ import annotations

import json
from typing import Any

from realist.model import Role
from tests.ui.conftest import texts


def payload(at: Any) -> dict[str, Any]:
    [component] = at.get("bidi_component")
    data = json.loads(component.proto.json)
    return json.loads(data) if isinstance(data, str) else data


def select(project: Any, phrase: str) -> dict[str, Any]:
    doc = project.documents()[0]
    start = doc.text.index(phrase)
    return {
        "document_id": doc.id,
        "start": start,
        "end": start + len(phrase),
        "text": phrase,
        "nonce": 1,
    }


def test_transcript_goes_to_the_browser_as_one_component(sample, open_page):
    at = open_page("code")
    data = payload(at)
    doc = sample.documents()[0]
    assert data["text"] == doc.text
    assert [t[2] for t in data["turns"]][:3] == ["Facilitator", "P1", "P2"]
    assert len(data["spans"]) == len(sample.codings(doc.id)) == 8
    assert {c["name"] for c in data["codes"]} >= {"Low caseload", "Staff stress"}


def test_selected_words_get_the_chosen_codes(sample, open_page):
    phrase = "Staff stress"
    at = open_page("code", rl_hl={"selection": select(sample, phrase), "clicked": None})
    assert phrase in texts(at)
    before = len(sample.codings())
    at.multiselect(key="rl_apply_codes").set_value(["Staff stress", "Engagement"])
    at.button(key="rl_apply_button").click()
    at.run()
    assert not at.exception
    after = sample.codings()
    assert len(after) == before + 2
    new = [c for c in after if sample.documents()[0].text[c.start : c.end] == phrase]
    assert {sample.code(c.code_id).name for c in new} == {"Staff stress", "Engagement"}
    assert len(payload(at)["spans"]) == len(sample.codings(sample.documents()[0].id))


def test_clicked_highlight_shows_details_memo_and_remove(sample, open_page):
    mine = next(c for c in sample.codings() if c.coder_id == sample.coder.id)
    at = open_page("code", rl_hl={"selection": None, "clicked": {"ids": [mine.id], "nonce": 1}})
    at.text_area(key=f"rl_memo_{mine.id}").set_value("Caseload as a precondition")
    at.button(key=f"rl_save_{mine.id}").click()
    at.run()
    assert next(c for c in sample.codings() if c.id == mine.id).memo == "Caseload as a precondition"
    at.button(key=f"rl_remove_{mine.id}").click()
    at.run()
    assert mine.id not in {c.id for c in sample.codings()}


def test_filters_by_coder_and_search(sample, open_page):
    at = open_page("code")
    at.multiselect(key="rl_filter_coders").set_value(["bob"])
    at.text_input(key="rl_search").set_value("trust")
    at.run()
    data = payload(at)
    assert [s[4] for s in data["spans"]] == ["bob"]
    doc = sample.documents()[0]
    assert data["matches"] and all(doc.text[a:b].lower() == "trust" for a, b in data["matches"])
    assert "match" in texts(at)


def test_blind_coding_shows_a_coder_only_their_own(sample, open_page, monkeypatch):
    sample.set_setting("blind_coding", True)
    monkeypatch.setenv("REALIST_CODER", "bob")
    at = open_page("code")
    assert {s[4] for s in payload(at)["spans"]} == {"bob"}
    assert "Blind coding is on" in texts(at)


def test_viewer_cannot_code(sample, open_page, monkeypatch):
    assert sample.get_coder("carol").role is Role.VIEWER
    monkeypatch.setenv("REALIST_CODER", "carol")
    at = open_page("code", rl_hl={"selection": select(sample, "Staff stress"), "clicked": None})
    assert payload(at)["can_code"] is False
    assert not [b for b in at.button if b.key == "rl_apply_button"]


def test_selection_goes_to_the_cmoc_evidence(sample, open_page):
    at = open_page("code", rl_hl={"selection": select(sample, "Staff stress"), "clicked": None})
    at.selectbox(key="rl_basket_role").set_value("O: outcome")
    at.button(key="rl_basket_add").click()
    at.run()
    assert at.session_state["rl_basket"][0]["role"] == "O"
    assert at.session_state["rl_basket"][0]["text"] == "Staff stress"
