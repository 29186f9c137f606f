"""CMOCs: gather evidence spans with their roles, write the statement, level and status."""

from __future__ import annotations

import time
from typing import Any

import pandas as pd
import streamlit as st

from realist.model import EvidenceRole, EvidenceSpan, Level, TheoryStatus
from realist.ui import session

BASKET = "rl_basket"
ROLE_LABELS = {
    EvidenceRole.CONTEXT: "C: context",
    EvidenceRole.MECHANISM_RESOURCE: "M-resource",
    EvidenceRole.MECHANISM_RESPONSE: "M-response",
    EvidenceRole.OUTCOME: "O: outcome",
    EvidenceRole.INTERVENTION: "I: intervention",
    EvidenceRole.ACTOR: "A: actor",
}
LEVELS = ["(none)"] + [lv.value for lv in Level]
STATUSES = [s.value for s in TheoryStatus]


def basket() -> list[dict[str, Any]]:
    """The evidence spans collected in this session, waiting to become a CMOC."""
    return st.session_state.setdefault(BASKET, [])


def add_to_basket(
    document_id: int,
    start: int,
    end: int,
    role: EvidenceRole,
    text: str,
    coding_id: int | None = None,
) -> None:
    """Collect one span (from the code page or from a coding) for the next CMOC."""
    items = basket()
    if any(
        i["document_id"] == document_id
        and i["start"] == start
        and i["end"] == end
        and i["role"] == role.value
        for i in items
    ):
        return
    items.append(
        {
            "document_id": document_id,
            "start": start,
            "end": end,
            "role": role.value,
            "text": text,
            "coding_id": coding_id,
        }
    )


def render() -> None:
    """The CMOC page."""
    project = session.project()
    coder = session.signed_in()
    can_write = coder is not None and coder.role.can_write
    st.title("CMOCs")
    st.caption(
        "A context-mechanism-outcome configuration: “If C, then O, because M”, "
        "with the words that show each part."
    )
    left, right = st.columns([3, 2], gap="large")
    with left:
        _existing(project, can_write)
    with right:
        if can_write:
            _builder(project)
        else:
            st.caption("Viewers can read CMOCs but not build them.")


def _from_codings(project: Any) -> None:
    codings = project.codings_df()
    if codings.empty:
        st.caption("No codings yet.")
        return
    docs = sorted(codings["document"].unique())
    doc = st.selectbox("Document", docs, key="rl_cmoc_doc")
    rows = codings[codings["document"] == doc]
    table = pd.DataFrame(
        {
            "use": False,
            "role": [
                ROLE_LABELS.get(EvidenceRole.for_kind(_kind(k)) or EvidenceRole.CONTEXT)
                for k in rows["kind"]
            ],
            "code": rows["code_name"].values,
            "coder": rows["coder"].values,
            "excerpt": rows["excerpt"].values,
        }
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        key=f"rl_cmoc_pick_{doc}",
        column_config={
            "role": st.column_config.SelectboxColumn("role", options=list(ROLE_LABELS.values())),
            "use": st.column_config.CheckboxColumn("use"),
        },
        disabled=["code", "coder", "excerpt"],
    )
    if st.button("Add ticked to evidence", key="rl_cmoc_add_ticked"):
        by_label = {v: k for k, v in ROLE_LABELS.items()}
        for (_, row), (_, pick) in zip(rows.iterrows(), edited.iterrows(), strict=False):
            if pick["use"]:
                add_to_basket(
                    int(row["document_id"]),
                    int(row["start"]),
                    int(row["end"]),
                    by_label[pick["role"]],
                    str(row["excerpt"]),
                    int(row["id"]),
                )
        st.rerun()


def _kind(value: Any) -> Any:
    from realist.model import CodeKind

    try:
        return CodeKind(value)
    except ValueError:
        return CodeKind.THEME


def _builder(project: Any) -> None:
    st.subheader("New CMOC")
    with st.expander("Pick evidence from codings", expanded=not basket()):
        _from_codings(project)
    items = basket()
    st.markdown(f"**Evidence** ({len(items)} span{'s' if len(items) != 1 else ''})")
    if not items:
        st.caption(
            "Collect spans here from codings above, or with “Add to CMOC evidence” on the Code page."
        )
    for n, item in enumerate(items):
        cols = st.columns([1, 5, 1])
        cols[0].markdown(f"`{item['role']}`")
        cols[1].caption(f"“{item['text'][:220]}”")
        if cols[2].button("✕", key=f"rl_basket_rm_{n}", help="Remove from evidence"):
            items.pop(n)
            st.rerun()
    with st.form("rl_cmoc_new", clear_on_submit=False):
        st.text_input("Label", key="rl_cmoc_label", placeholder="e.g. Time builds trust")
        st.text_area(
            "Statement", key="rl_cmoc_statement", placeholder="If … (C), then … (O), because … (M)"
        )
        left, right = st.columns(2)
        left.selectbox("Level", LEVELS, key="rl_cmoc_level")
        right.selectbox(
            "Against the programme theory",
            STATUSES,
            index=STATUSES.index("new"),
            key="rl_cmoc_status",
        )
        st.form_submit_button("Save CMOC", type="primary", on_click=_save_new)


def _save_new() -> None:
    state = st.session_state
    label = (state.get("rl_cmoc_label") or "").strip()
    if not label:
        session.flash("warning", "Give the CMOC a short label.")
        return
    level = state.get("rl_cmoc_level", "(none)")
    evidence = [
        EvidenceSpan(
            document_id=i["document_id"],
            start=i["start"],
            end=i["end"],
            role=EvidenceRole(i["role"]),
            coding_id=i.get("coding_id"),
        )
        for i in basket()
    ]
    # A double click sends the form twice before the page redraws: the second, identical
    # save within a few seconds is the same CMOC, not a new one.
    fingerprint = (label, (state.get("rl_cmoc_statement") or "").strip())
    last = state.get("rl_cmoc_last_save")
    if last is not None and last[0] == fingerprint and time.monotonic() - last[1] < 5:
        return
    created = session.attempt(
        lambda: session.project().add_cmoc(
            label,
            (state.get("rl_cmoc_statement") or "").strip(),
            evidence,
            level=None if level == "(none)" else Level(level),
            status=TheoryStatus(state.get("rl_cmoc_status", "new")),
        ),
        f"CMOC “{label}” saved.",
    )
    if created is not None:
        state["rl_cmoc_last_save"] = (fingerprint, time.monotonic())
        state[BASKET] = []
        state["rl_cmoc_new_id"] = created.id
        for key in ("rl_cmoc_label", "rl_cmoc_statement"):
            state[key] = ""


def _existing(project: Any, can_write: bool) -> None:
    cmocs = project.cmocs()
    st.subheader(f"{len(cmocs)} CMOC{'s' if len(cmocs) != 1 else ''}")
    if not cmocs:
        st.info("No CMOCs yet: collect evidence on the right and save one.")
        return
    docs = {d.id: d for d in project.documents()}
    for cmoc in cmocs:
        title = f"**{cmoc.label}** · {cmoc.level.value if cmoc.level else 'no level'} · {cmoc.status.value}"
        with st.expander(title, expanded=cmoc.id == st.session_state.get("rl_cmoc_new_id")):
            st.markdown(cmoc.statement or "_No statement yet._")
            for ev in cmoc.evidence:
                doc = docs.get(ev.document_id)
                words = doc.text[ev.start : ev.end] if doc else ""
                st.markdown(
                    f"`{ev.role.value}` “{words[:300]}” · *{doc.name if doc else ev.document_id}*"
                )
            if can_write:
                _edit_form(project, cmoc)


def _edit_form(project: Any, cmoc: Any) -> None:
    """Edit from the version first shown, so a colleague's newer save is never overwritten."""
    prefix = f"rl_cmoc_{cmoc.id}_"
    if prefix + "base" not in st.session_state:
        st.session_state[prefix + "base"] = cmoc.version
        st.session_state[prefix + "label"] = cmoc.label
        st.session_state[prefix + "statement"] = cmoc.statement
        st.session_state[prefix + "level"] = cmoc.level.value if cmoc.level else "(none)"
        st.session_state[prefix + "status"] = cmoc.status.value
    with st.form(f"rl_cmoc_edit_{cmoc.id}"):
        st.text_input("Label", key=prefix + "label")
        st.text_area("Statement", key=prefix + "statement")
        cols = st.columns(2)
        cols[0].selectbox("Level", LEVELS, key=prefix + "level")
        cols[1].selectbox("Status", STATUSES, key=prefix + "status")
        cols = st.columns(2)
        cols[0].form_submit_button("Save changes", on_click=_save_cmoc, args=(cmoc.id,))
        cols[1].form_submit_button("Delete CMOC", on_click=_delete_cmoc, args=(cmoc.id,))


def _forget_edit(cmoc_id: int) -> None:
    prefix = f"rl_cmoc_{cmoc_id}_"
    for name in ("base", "label", "statement", "level", "status"):
        st.session_state.pop(prefix + name, None)


def _save_cmoc(cmoc_id: int) -> None:
    prefix = f"rl_cmoc_{cmoc_id}_"
    state = st.session_state
    level = state[prefix + "level"]
    session.attempt(
        lambda: session.project().update_cmoc(
            cmoc_id,
            version=state[prefix + "base"],
            label=state[prefix + "label"],
            statement=state[prefix + "statement"],
            level=None if level == "(none)" else Level(level),
            status=TheoryStatus(state[prefix + "status"]),
        ),
        "CMOC saved.",
    )
    _forget_edit(cmoc_id)


def _delete_cmoc(cmoc_id: int) -> None:
    session.attempt(lambda: session.project().delete_cmoc(cmoc_id), "CMOC deleted.")
    _forget_edit(cmoc_id)
