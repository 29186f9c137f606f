"""Code a transcript: select words, pick codes, apply; see, filter and edit highlights."""

from __future__ import annotations

from typing import Any

import streamlit as st

from realist.model import Coding, Role
from realist.ui import session
from realist.ui.components.highlighter import highlighter
from realist.ui.transcript import code_colour, transcript_payload
from realist.ui.views import cmocs

KEY = "rl_hl"
_CODES_KEPT = "rl_apply_codes_kept"


def _state() -> dict[str, Any]:
    value = st.session_state.get(KEY)
    return dict(value) if value else {}


def _apply(document_id: int, start: int, end: int, code_ids: list[int]) -> None:
    project = session.project()
    rows = [
        {"document_id": document_id, "start": int(start), "end": int(end), "code_id": int(cid)}
        for cid in code_ids
    ]
    if not rows:
        session.flash("warning", "Pick at least one code to apply.")
        return
    n = session.attempt(lambda: project.add_codings(rows))
    if n:
        st.session_state["rl_last_applied"] = {"start": start, "end": end, "codes": code_ids}


def _on_apply() -> None:
    """In-text picker: the component sent a selection with codes."""
    payload = _state().get("apply")
    if not payload:
        return
    _apply(payload["document_id"], payload["start"], payload["end"], payload.get("code_ids", []))


def _on_apply_button() -> None:
    """Side panel: apply the codes chosen in the multiselect to the current selection."""
    selection = _state().get("selection")
    if not selection:
        session.flash("warning", "Select some words in the transcript first.")
        return
    names = st.session_state.get("rl_apply_codes") or st.session_state.get(_CODES_KEPT) or []
    lookup = st.session_state.get("rl_code_ids", {})
    _apply(
        selection["document_id"],
        selection["start"],
        selection["end"],
        [lookup[n] for n in names if n in lookup],
    )
    st.session_state["rl_apply_codes"] = []
    st.session_state[_CODES_KEPT] = []


def _keep_codes() -> None:
    """Keep the side panel's chosen codes apart from the widget: a run in which the panel
    is not drawn (the selection flickers while the mouse moves to the panel) would
    otherwise forget them before *Apply to selection* is clicked."""
    st.session_state[_CODES_KEPT] = list(st.session_state.get("rl_apply_codes") or [])


def _remove(coding_id: int) -> None:
    project = session.project()
    session.attempt(lambda: project.delete_coding(coding_id), "Coding removed.")


def _save_memo(coding_id: int) -> None:
    project = session.project()
    text = st.session_state.get(f"rl_memo_{coding_id}", "")
    session.attempt(lambda: project.update_coding_memo(coding_id, text or None), "Memo saved.")


def _blind_note(project: Any, coder: Any) -> None:
    settings = project.settings()
    if settings.get("blind_coding") and not settings.get("comparison_open"):
        if coder is not None and coder.role is Role.CODER:
            st.caption(
                ":material/visibility_off: Blind coding is on: you see only your own codings."
            )
        else:
            st.caption(":material/visibility_off: Blind coding is on for coders.")


def _kept(key: str, options: list[str]) -> list[str]:
    """A multiselect's chosen values, without any that are no longer offered."""
    chosen = [v for v in (st.session_state.get(key) or []) if v in options]
    if key in st.session_state and chosen != list(st.session_state[key]):
        st.session_state[key] = chosen
    return chosen


def render() -> None:
    """The code page."""
    st.title("Code")
    _workspace()


@st.fragment
def _workspace() -> None:
    """Everything that changes while coding reruns on its own, not the whole page."""
    project = session.project()
    coder = session.signed_in()
    # A message from an action in this area (it reruns on its own), in a slot that is
    # always drawn so that the elements below keep their places between runs.
    with st.container():
        session.show_flash()
    documents = project.documents()
    if not documents:
        st.info("No documents yet. Import transcripts on the **Documents** page.")
        return
    codes = project.codes()
    code_by_id = {c.id: c for c in codes}
    coders = {c.id: c.name for c in project.coders()}
    st.session_state["rl_code_ids"] = {c.name: c.id for c in codes}

    # The transcript is drawn first, and every control sits in the panel to its right and
    # is drawn after it. Streamlit loads each kind of widget's code on first use, and a
    # widget drawn before the transcript holds back its drawing until that code has
    # arrived: in a new browser that cost about half a second. So the controls' values are
    # read from the session first (cleaned of names that no longer exist), and the
    # widgets bound to them are drawn afterwards.
    left, right = st.columns([5, 2], gap="medium")
    names = [d.name for d in documents]
    if st.session_state.get("rl_doc") not in names:
        st.session_state["rl_doc"] = names[0]
    code_names = [c.name for c in codes]
    coder_names = sorted(coders.values())
    code_filter = _kept("rl_filter_codes", code_names)
    coder_filter = _kept("rl_filter_coders", coder_names)
    search = str(st.session_state.get("rl_search") or "")
    name = st.session_state["rl_doc"]
    document = next(d for d in documents if d.name == name)

    codings: list[Coding] = project.codings(document.id)
    shown = [
        c
        for c in codings
        if (
            not code_filter
            or (code_by_id.get(c.code_id) and code_by_id[c.code_id].name in code_filter)
        )
        and (not coder_filter or coders.get(c.coder_id) in coder_filter)
    ]
    can_code = coder is not None and coder.role.can_write and bool(codes)
    data = transcript_payload(
        document,
        project.turns(document.id),
        shown,
        codes,
        coders,
        search=search,
        can_code=can_code,
        revision=project.revision,
    )
    with left:
        _blind_note(project, coder)
        matches = data["matches"]
        bits = [f"{len(shown)} of {len(codings)} codings shown"]
        if search.strip():
            bits.append(
                f"{len(matches)} match{'es' if len(matches) != 1 else ''} for “{search.strip()}”"
            )
        st.caption(
            " · ".join(bits)
            + ". Select words with the mouse to code them; click a highlight for details."
        )
        highlighter(data, key=KEY, on_apply=_on_apply)
    with right:
        st.selectbox("Document", names, key="rl_doc")
        st.text_input("Search this transcript", key="rl_search", placeholder="word or phrase")
        filters = st.columns(2)
        filters[0].multiselect(
            "Show codes", code_names, key="rl_filter_codes", placeholder="All codes"
        )
        filters[1].multiselect(
            "Show coders", coder_names, key="rl_filter_coders", placeholder="All coders"
        )
        _side_panel(project, coder, document, codings, code_by_id, coders, can_code)


def _to_basket(selection: dict[str, Any], excerpt: str) -> None:
    role_label = st.session_state.get("rl_basket_role")
    role = next(r for r, label in cmocs.ROLE_LABELS.items() if label == role_label)
    cmocs.add_to_basket(
        selection["document_id"], selection["start"], selection["end"], role, excerpt
    )
    session.flash("success", f"Added to the evidence for the next CMOC as {role.value}.")


def _side_panel(
    project: Any,
    coder: Any,
    document: Any,
    codings: list[Coding],
    code_by_id: dict[int, Any],
    coders: dict[int, str],
    can_code: bool,
) -> None:
    selection = _state().get("selection")
    with st.container(border=True):
        st.markdown("**Selection**")
        if selection and selection.get("document_id") == document.id:
            excerpt = document.text[selection["start"] : selection["end"]]
            st.markdown(f"> {excerpt[:400]}{'…' if len(excerpt) > 400 else ''}")
            if can_code:
                options = list(st.session_state["rl_code_ids"])
                kept = [n for n in st.session_state.get(_CODES_KEPT) or [] if n in options]
                if kept and not st.session_state.get("rl_apply_codes"):
                    st.session_state["rl_apply_codes"] = kept
                st.multiselect("Codes", options, key="rl_apply_codes", on_change=_keep_codes)
                st.button(
                    "Apply to selection",
                    type="primary",
                    on_click=_on_apply_button,
                    key="rl_apply_button",
                    width="stretch",
                )
            if coder is not None and coder.role.can_write:
                st.selectbox(
                    "Evidence role for a CMOC",
                    list(cmocs.ROLE_LABELS.values()),
                    key="rl_basket_role",
                )
                st.button(
                    "Add to CMOC",
                    key="rl_basket_add",
                    on_click=_to_basket,
                    args=(selection, excerpt),
                    help="Collect as evidence for a new CMOC",
                    width="stretch",
                )
                if cmocs.basket():
                    st.caption(f"{len(cmocs.basket())} span(s) collected for the next CMOC.")
        else:
            st.caption("Select words in the transcript.")
        if not code_by_id:
            st.caption(
                "No codes yet: load a coding frame (realist frame load) or add codes on the Team page."
            )
        elif coder is None or not coder.role.can_write:
            st.caption("You can read but not code (viewer).")

    clicked_ids = set((_state().get("clicked") or {}).get("ids", []))
    clicked = [c for c in codings if c.id in clicked_ids]
    if clicked:
        with st.container(border=True):
            st.markdown("**Highlight**")
            for coding in clicked:
                code = code_by_id.get(coding.code_id)
                label = code.name if code else f"code {coding.code_id}"
                who = coders.get(coding.coder_id, "?")
                st.markdown(f":material/label: **{label}** · {who}")
                st.caption(f"“{document.text[coding.start : coding.end][:300]}”")
                mine = coder is not None and (coding.coder_id == coder.id or coder.role.can_manage)
                if mine:
                    st.text_area(
                        "Memo", value=coding.memo or "", key=f"rl_memo_{coding.id}", height=80
                    )
                    save_col, remove_col = st.columns(2)
                    save_col.button(
                        "Save memo",
                        key=f"rl_save_{coding.id}",
                        on_click=_save_memo,
                        args=(coding.id,),
                        width="stretch",
                    )
                    remove_col.button(
                        "Remove",
                        key=f"rl_remove_{coding.id}",
                        on_click=_remove,
                        args=(coding.id,),
                        icon=":material/delete:",
                        width="stretch",
                    )
                elif coding.memo:
                    st.caption(f"Memo: {coding.memo}")

    with st.expander("Codes", expanded=False):
        counts: dict[int, int] = {}
        for c in codings:
            counts[c.code_id] = counts.get(c.code_id, 0) + 1
        for code in code_by_id.values():
            colour = code_colour(code)
            st.markdown(
                f"<span style='display:inline-block;width:.8em;height:.8em;border-radius:50%;"
                f"background:{colour}'></span> {_escape(code.name)} · {counts.get(code.id, 0)}",
                unsafe_allow_html=True,
            )


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("*", "\\*")
        .replace("_", "\\_")
    )
