"""Every page of the app, driven headless through AppTest against a real project file."""

from __future__ import annotations

import time

from realist.model import EvidenceRole
from realist.ui import sample as sample_module
from tests.ui.conftest import texts


def test_local_project_opens_on_home_without_sign_in(sample, open_page):
    at = open_page()
    assert at.title[0].value == "Family preservation pilot"
    assert "Signed in as **alice** (owner)" in "\n".join(c.value for c in at.sidebar.caption)
    assert [m.value for m in at.metric][:1] == ["2"]
    assert "Coding progress" in texts(at) and "Recent activity" in texts(at)


def test_team_mode_requires_sign_in(sample, open_page, monkeypatch):
    monkeypatch.setenv("REALIST_TEAM_MODE", "1")
    at = open_page()
    assert at.title[0].value == "Sign in"
    at.text_input(key="rl_signin_name").set_value("bob")
    at.text_input(key="rl_signin_password").set_value("wrong password")
    at.button[0].click()
    at.run()
    assert at.title[0].value == "Sign in"
    assert "do not match" in texts(at)
    at.text_input(key="rl_signin_name").set_value("bob")
    at.text_input(key="rl_signin_password").set_value(sample_module.PASSWORD)
    at.button[0].click()
    at.run()
    assert at.title[0].value == "Family preservation pilot"
    at.sidebar.button(key="rl_sign_out").click()
    at.run()
    assert at.title[0].value == "Sign in"
    assert "signed out" in texts(at)


def test_idle_session_expires(sample, open_page, monkeypatch):
    monkeypatch.setenv("REALIST_TEAM_MODE", "1")
    at = open_page(rl_coder=sample.get_coder("bob"), rl_seen_at=time.time())
    assert at.title[0].value == "Family preservation pilot"
    at.session_state["rl_seen_at"] = time.time() - 2 * 3600
    at.run()
    assert at.title[0].value == "Sign in"
    assert "inactivity" in texts(at)


def test_documents_lists_transcripts_and_roster(sample, open_page):
    at = open_page("documents")
    frames = [df.value for df in at.dataframe]
    assert any("Focus group 1 (regional)" in set(f.get("name", [])) for f in frames)
    assert any(
        "label" in f.columns for f in [e.value for e in at.get("arrow_data_frame")] + frames
    ) or at.get("arrow_data_frame")


def test_documents_imports_a_text_file(sample, open_page, tmp_path):
    at = open_page("documents")
    text = "Facilitator: How did it go?\n\nP9: The worker listened and came back every week.\n"
    at.file_uploader(key="rl_upload").upload("fg3.txt", text.encode(), "text/plain")
    at.button[0].click()  # the form's Import button
    at.run()
    assert not at.exception
    assert "fg3" in {d.name for d in sample.documents()} | {
        d.source_name for d in sample.documents()
    }


def test_deidentification_review_and_apply(sample, open_page):
    at = open_page("documents")
    second = sample.documents()[1]
    at.multiselect(key="rl_deid_docs").set_value([second.name])
    at.run()
    at.button(key="rl_deid_find").click()
    at.run()
    assert not at.exception
    report = at.session_state["rl_deid_report"]
    assert "03 5021 1234" in set(report["original"])
    at.button(key="rl_deid_apply").click()
    at.run()
    assert not at.exception
    after = sample.document(second.id)
    assert after.deidentified
    assert "03 5021 1234" not in after.text


def test_deidentifying_a_coded_transcript_keeps_codings_on_their_words(sample, open_page):
    first = sample.documents()[0]
    before = {c.id: first.text[c.start : c.end] for c in sample.codings(first.id)}
    at = open_page("documents")
    at.multiselect(key="rl_deid_docs").set_value([first.name])
    at.run()
    at.button(key="rl_deid_find").click()
    at.run()
    assert "0412 345 678" in set(at.session_state["rl_deid_report"]["original"])
    at.button(key="rl_deid_apply").click()
    at.run()
    assert not at.exception
    after = sample.document(first.id)
    assert "0412 345 678" not in after.text
    assert {c.id: after.text[c.start : c.end] for c in sample.codings(first.id)} == before


def test_cmoc_from_collected_evidence(sample, open_page):
    doc = sample.documents()[1]
    spans = [
        ("Supported closure matters", "C"),
        ("the family knows who to call", "M-resource"),
        ("they stay connected to a playgroup", "O"),
    ]
    basket = []
    for phrase, role in spans:
        start = doc.text.index(phrase)
        basket.append(
            {
                "document_id": doc.id,
                "start": start,
                "end": start + len(phrase),
                "role": role,
                "text": phrase,
                "coding_id": None,
            }
        )
    at = open_page("cmocs", rl_basket=basket)
    at.text_input(key="rl_cmoc_label").set_value("Stepped closure keeps families connected")
    at.text_area(key="rl_cmoc_statement").set_value(
        "If closure is stepped down (C), then families "
        "stay connected (O), because they know who to call (M)."
    )
    at.selectbox(key="rl_cmoc_level").set_value("family")
    at.button(key="FormSubmitter:rl_cmoc_new-Save CMOC").click()
    at.run()
    assert not at.exception
    made = [c for c in sample.cmocs() if c.label == "Stepped closure keeps families connected"]
    assert len(made) == 1
    assert [e.role for e in made[0].evidence] == [
        EvidenceRole.CONTEXT,
        EvidenceRole.MECHANISM_RESOURCE,
        EvidenceRole.OUTCOME,
    ]
    assert at.session_state["rl_basket"] == []
    # A double click: the second submit arrives with the same words before the redraw.
    at.text_input(key="rl_cmoc_label").set_value("Stepped closure keeps families connected")
    at.text_area(key="rl_cmoc_statement").set_value(
        "If closure is stepped down (C), then families "
        "stay connected (O), because they know who to call (M)."
    )
    at.button(key="FormSubmitter:rl_cmoc_new-Save CMOC").click()
    at.run()
    again = [c for c in sample.cmocs() if c.label == "Stepped closure keeps families connected"]
    assert len(again) == 1


def test_stale_cmoc_edit_shows_the_newer_version(sample, open_page):
    cmoc = sample.cmocs()[0]
    at = open_page("cmocs")
    form = f"rl_cmoc_edit_{cmoc.id}"
    at.text_area(key=f"rl_cmoc_{cmoc.id}_statement").set_value("My own wording.")
    # Someone else saves first.
    sample.update_cmoc(cmoc.id, version=cmoc.version, statement="Changed by a colleague.")
    at.button(key=f"FormSubmitter:{form}-Save changes").click()
    at.run()
    shown = texts(at)
    assert "Someone else saved this" in shown
    assert "Changed by a colleague." in shown
    assert sample.cmoc(cmoc.id).statement == "Changed by a colleague."
    # The form now starts from the newer version, and saving works.
    at.text_area(key=f"rl_cmoc_{cmoc.id}_statement").set_value("Merged wording.")
    at.button(key=f"FormSubmitter:{form}-Save changes").click()
    at.run()
    assert sample.cmoc(cmoc.id).statement == "Merged wording."


def test_demi_regularities_created_merged_and_tabled(sample, open_page):
    cmoc = sample.cmocs()[0]
    sample.add_demi_regularity("Time and trust", [cmoc.id])
    sample.add_demi_regularity("Trust takes time", [cmoc.id])
    at = open_page("demi")
    table = at.table[0].value
    assert {"Time and trust", "Trust takes time"} <= set(table.index)
    at.multiselect(key="rl_merge_pick").set_value(
        [f"{d.label} (#{d.id})" for d in sample.demi_regularities()]
    )
    at.run()
    at.button(key="rl_merge").click()
    at.run()
    assert not at.exception
    assert [d.label for d in sample.demi_regularities()] == ["Time and trust"]
    assert "Quotes" in [t.label for t in at.tabs]


def test_agreement_table_for_two_coders(sample, open_page):
    at = open_page("agreement")
    if not hasattr(sample, "agreement"):
        assert "not available" in texts(at)
        return
    assert at.multiselect(key="rl_ag_coders").value == ["alice", "bob"]
    table = at.dataframe[0].value
    assert "binary_u_alpha" in table.columns
    assert "(all codes)" in set(table["code"])
    assert "Disagreements" in texts(at)


def test_export_offers_every_table(sample, open_page):
    at = open_page("export")
    keys = {b.key for b in at.get("download_button")} if at.get("download_button") else set()
    keys = keys or {getattr(b, "key", None) for b in at.download_button}
    for table in ("demi-regularities", "cmocs", "codings"):
        for kind in ("csv", "xlsx", "md"):
            assert f"rl_{kind}_{table}" in keys


def test_team_page_adds_a_coder_and_toggles_blind_coding(sample, open_page):
    at = open_page("team")
    at.text_input(key="rl_new_coder_name").set_value("dana")
    at.button(key="FormSubmitter:rl_add_coder-Add").click()
    at.run()
    assert sample.get_coder("dana").role.value == "coder"
    at.toggle(key="rl_set_blind_coding").set_value(True)
    at.run()
    assert sample.settings()["blind_coding"] is True


def test_export_prepares_every_project_file(sample, open_page):
    cmoc = sample.cmocs()[0]
    sample.add_demi_regularity("Time and trust", [cmoc.id], level="family")
    at = open_page("export")
    makers = [b.key for b in at.button if b.key and b.key.startswith("rl_file_")]
    assert {
        "rl_file_export_table_docx_make",
        "rl_file_export_qdpx_qdpx_make",
        "rl_file_methods_summary_md_make",
    } <= set(makers)
    for key in makers:
        at.button(key=key).click()
        at.run()
        assert not at.exception, key
        assert not at.error, (key, [e.value for e in at.error])
        produced = at.session_state[key.removesuffix("_make")]
        assert isinstance(produced, bytes) and len(produced) > 20, key
    assert at.session_state["rl_file_export_table_docx"][:2] == b"PK"
    assert at.session_state["rl_file_export_qdpx_qdpx"][:2] == b"PK"
    assert b"Time and trust" in at.session_state["rl_file_export_table_md"]


def test_a_changed_role_applies_at_once(sample, open_page, monkeypatch):
    monkeypatch.setenv("REALIST_TEAM_MODE", "1")
    at = open_page("code", rl_coder=sample.get_coder("bob"), rl_seen_at=time.time())
    assert "Signed in as **bob** (coder)" in "\n".join(c.value for c in at.sidebar.caption)
    sample.set_role("bob", "viewer")
    at.run()
    assert "Signed in as **bob** (viewer)" in "\n".join(c.value for c in at.sidebar.caption)
