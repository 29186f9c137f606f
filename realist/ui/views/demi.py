"""Demi-regularities: suggestions, accept / merge / split, evidence, quotes, the CMO network."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from realist.errors import RealistError
from realist.model import Level
from realist.ui import charts, session

LEVELS = ["(none)"] + [lv.value for lv in Level]


def render() -> None:
    """The demi-regularity page."""
    project = session.project()
    coder = session.signed_in()
    can_write = coder is not None and coder.role.can_write
    st.title("Demi-regularities")
    st.caption(
        "Patterns of CMOCs that recur across focus groups, at one level, with counted evidence."
    )
    tabs = st.tabs(["Table", "Suggestions", "Accept, merge, split", "Quotes", "Network"])
    with tabs[0]:
        _table(project)
    with tabs[1]:
        _suggestions(project, can_write)
    with tabs[2]:
        _edit(project, can_write)
    with tabs[3]:
        _quotes(project)
    with tabs[4]:
        _network(project)


def evidence_table(project: Any) -> pd.DataFrame:
    """One row per demi-regularity with CMOCs, documents, participants and sites behind it.

    Uses the project's own table when this version offers one, else counts from the
    CMOC evidence spans.
    """
    if session.has(project, "demi_regularity_table"):
        try:
            table = project.demi_regularity_table()
            if isinstance(table, pd.DataFrame):
                return table
        except RealistError as err:
            st.warning(str(err))
    return _counted(project)


def _counted(project: Any) -> pd.DataFrame:
    cmocs = {c.id: c for c in project.cmocs()}
    turns = project.turns()
    people = {p.id: p for p in project.participants()}
    rows = []
    for dr in project.demi_regularities():
        docs: set[int] = set()
        speakers: set[int] = set()
        sites: set[str] = set()
        spans = 0
        for cid in dr.cmoc_ids:
            for ev in cmocs[cid].evidence if cid in cmocs else ():
                docs.add(ev.document_id)
                spans += 1
                for t in turns:
                    inside = (
                        t.document_id == ev.document_id and t.start < ev.end and ev.start < t.end
                    )
                    if inside and t.participant_id is not None:
                        speakers.add(t.participant_id)
                        site = people.get(t.participant_id)
                        if site is not None and site.site:
                            sites.add(site.site)
        rows.append(
            {
                "demi_regularity": dr.label,
                "level": dr.level.value if dr.level else "",
                "context": dr.context,
                "mechanism": "; ".join(
                    x for x in (dr.mechanism_resource, dr.mechanism_response) if x
                ),
                "outcome": dr.outcome,
                "cmocs": len(dr.cmoc_ids),
                "documents": len(docs),
                "participants": len(speakers),
                "sites": ", ".join(sorted(sites)),
                "evidence_spans": spans,
                "status": dr.status.value,
            }
        )
    return pd.DataFrame(rows)


def _table(project: Any) -> None:
    table = evidence_table(project)
    if table.empty:
        st.info("No demi-regularities yet: accept a suggestion or group CMOCs in the next tabs.")
        return
    label = "Demi-regularity" if "Demi-regularity" in table else table.columns[0]
    st.table(table.set_index(label))
    counts = _evidence_counts(project)
    if counts is not None and not counts.empty:
        st.markdown("**Evidence per demi-regularity and level**")
        st.altair_chart(charts.evidence_chart(counts), width="stretch")


def _evidence_counts(project: Any) -> pd.DataFrame | None:
    if session.has(project, "demi_regularity_evidence"):
        try:
            found = project.demi_regularity_evidence()
        except RealistError as err:
            st.warning(str(err))
            return None
        return pd.DataFrame(
            {
                "demi_regularity": found["label"],
                "level": found["level"].fillna(""),
                "documents": found["documents"],
                "participants": found["participants"],
                "status": found.get("evidence_status", ""),
            }
        )
    counted = _counted(project)
    if counted.empty:
        return None
    return counted[["demi_regularity", "level", "documents", "participants"]]


def _suggestions(project: Any, can_write: bool) -> None:
    if not session.has(project, "suggest_demi_regularities"):
        session.unavailable("Suggesting demi-regularities")
        return
    st.caption(
        "Groups of similar CMOCs (by their words and evidence) not yet in a demi-regularity. "
        "Nothing is stored until you accept."
    )
    cols = st.columns([2, 1])
    threshold = cols[0].slider(
        "How different may members be",
        0.3,
        1.2,
        0.75,
        0.05,
        key="rl_suggest_t",
        help="Lower: tighter groups. Higher: broader groups.",
    )
    if cols[1].button("Suggest groups", key="rl_suggest"):
        try:
            with st.spinner("Grouping CMOCs…"):
                st.session_state["rl_suggestions"] = project.suggest_demi_regularities(threshold)
        except RealistError as err:
            st.error(str(err))
    found = st.session_state.get("rl_suggestions")
    if found is None:
        return
    if not found:
        st.info("No groups found: code more CMOCs across documents, or allow broader groups.")
        return
    cmocs = {c.id: c for c in project.cmocs()}
    for n, item in enumerate(found):
        ids = list(getattr(item, "cmoc_ids", ()))
        proposed = getattr(item, "proposed_label", "") or "Suggested group"
        with st.container(border=True):
            st.markdown(f"**{proposed}** · {len(ids)} CMOCs")
            for cid in ids:
                if cid in cmocs:
                    st.caption(f"• {cmocs[cid].label}: {cmocs[cid].statement[:200]}")
            if can_write:
                label = st.text_input("Label", value=proposed, key=f"rl_accept_label_{n}")
                if st.button("Accept", key=f"rl_accept_{n}"):
                    if session.has(project, "accept_suggestion"):
                        done = session.attempt(
                            partial(project.accept_suggestion, item, label),
                            f"Demi-regularity “{label}” created.",
                        )
                    else:
                        done = session.attempt(
                            partial(project.add_demi_regularity, label, ids),
                            f"Demi-regularity “{label}” created.",
                        )
                    if done is not None:
                        st.session_state.pop("rl_suggestions", None)
                    st.rerun()


def _edit(project: Any, can_write: bool) -> None:
    if not can_write:
        st.caption("Viewers can read but not change demi-regularities.")
        return
    cmocs = project.cmocs()
    drs = project.demi_regularities()
    by_label = {f"{c.label} (#{c.id})": c.id for c in cmocs}
    st.markdown("**New from CMOCs**")
    with st.form("rl_dr_new"):
        label = st.text_input("Label")
        members = st.multiselect("CMOCs", list(by_label))
        cols = st.columns(3)
        context = cols[0].text_input("Context")
        mechanism = cols[1].text_input("Mechanism (response)")
        outcome = cols[2].text_input("Outcome")
        level = st.selectbox("Level", LEVELS)
        if st.form_submit_button("Create", type="primary"):
            session.attempt(
                lambda: project.add_demi_regularity(
                    label.strip() or "Untitled",
                    [by_label[m] for m in members],
                    context=context,
                    mechanism_response=mechanism,
                    outcome=outcome,
                    level=None if level == "(none)" else Level(level),
                ),
                "Demi-regularity created.",
            )
            st.rerun()
    if len(drs) >= 2:
        st.markdown("**Merge**")
        names = {f"{d.label} (#{d.id})": d for d in drs}
        chosen = st.multiselect(
            "Demi-regularities to merge (the first keeps its name)",
            list(names),
            key="rl_merge_pick",
        )
        merged_label = st.text_input(
            "Label of the merged demi-regularity",
            key="rl_merge_label",
            placeholder="the first one's label",
        )
        if st.button("Merge", key="rl_merge", disabled=len(chosen) < 2):
            keep, *rest = [names[c] for c in chosen]
            label = merged_label.strip() or keep.label
            if session.has(project, "merge_demi_regularities"):
                session.attempt(
                    lambda: project.merge_demi_regularities(
                        [keep.id, *(d.id for d in rest)], label
                    ),
                    f"Merged into “{label}”.",
                )
            else:
                union = list(
                    dict.fromkeys([*keep.cmoc_ids, *(i for d in rest for i in d.cmoc_ids)])
                )
                if (
                    session.attempt(
                        lambda: project.update_demi_regularity(
                            keep.id, version=keep.version, cmoc_ids=union, label=label
                        )
                    )
                    is not None
                ):
                    for d in rest:
                        session.attempt(partial(project.delete_demi_regularity, d.id))
                    session.flash("success", f"Merged into “{label}”.")
            st.rerun()
    if drs:
        st.markdown("**Split**")
        names = {f"{d.label} (#{d.id})": d for d in drs}
        pick = st.selectbox("Demi-regularity", list(names), key="rl_split_pick")
        source = names[pick]
        labels = {c.id: f"{c.label} (#{c.id})" for c in cmocs}
        moving = st.multiselect(
            "CMOCs to move into a new demi-regularity",
            [labels[i] for i in source.cmoc_ids if i in labels],
            key="rl_split_members",
        )
        new_label = st.text_input("New label", key="rl_split_label")
        if st.button("Split", key="rl_split", disabled=not moving or not new_label.strip()):
            moved = [i for i in source.cmoc_ids if labels.get(i) in moving]
            left = [i for i in source.cmoc_ids if i not in moved]
            if session.has(project, "split_demi_regularity"):
                session.attempt(
                    lambda: project.split_demi_regularity(
                        source.id, {source.label: left, new_label.strip(): moved}
                    ),
                    f"Split “{new_label.strip()}” from “{source.label}”.",
                )
            elif (
                session.attempt(
                    lambda: project.update_demi_regularity(
                        source.id, version=source.version, cmoc_ids=left
                    )
                )
                is not None
            ):
                session.attempt(
                    lambda: project.add_demi_regularity(
                        new_label.strip(), moved, level=source.level
                    ),
                    f"Split “{new_label.strip()}” from “{source.label}”.",
                )
            st.rerun()


def _quotes(project: Any) -> None:
    drs = project.demi_regularities()
    if not drs:
        st.info("No demi-regularities yet.")
        return
    cmocs = {c.id: c for c in project.cmocs()}
    docs = {d.id: d for d in project.documents()}
    for dr in drs:
        with st.expander(f"**{dr.label}** · {dr.level.value if dr.level else 'no level'}"):
            if dr.statement:
                st.markdown(dr.statement)
            for cid in dr.cmoc_ids:
                cmoc = cmocs.get(cid)
                if cmoc is None:
                    continue
                st.markdown(f"*{cmoc.label}*")
                for ev in cmoc.evidence:
                    doc = docs.get(ev.document_id)
                    if doc is not None:
                        st.markdown(
                            f"> “{doc.text[ev.start : ev.end]}” ({ev.role.value}, {doc.name})"
                        )


def _network(project: Any) -> None:
    if not session.has(project, "cmo_network"):
        session.unavailable("The CMO network figure")
        return
    level = st.selectbox("Level", ["all levels"] + [lv.value for lv in Level], key="rl_net_level")
    chosen = None if level == "all levels" else level
    if session.has(project, "write_network"):
        with tempfile.TemporaryDirectory(prefix="realist-network-") as folder:
            path = Path(folder) / "network.png"
            try:
                project.write_network(path, level=chosen)
            except RealistError as err:
                st.info(str(err))
                return
            if path.exists():
                st.image(
                    path.read_bytes(), caption="Contexts, mechanisms and outcomes linked by CMOCs"
                )
                return
    try:
        graph = project.cmo_network(chosen)
    except RealistError as err:
        st.info(str(err))
        return
    if graph is None or graph.number_of_nodes() == 0:
        st.info("No CMOCs to draw yet.")
        return
    st.pyplot(_draw(graph), width="stretch")


def _draw(graph: Any) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx

    fig, ax = plt.subplots(figsize=(9, 6))
    pos = nx.spring_layout(graph, seed=7)
    nx.draw_networkx(
        graph,
        pos,
        ax=ax,
        node_size=500,
        font_size=8,
        edge_color="#bbbbbb",
        labels={n: str(graph.nodes[n].get("label", n))[:28] for n in graph.nodes},
    )
    ax.set_axis_off()
    fig.tight_layout()
    return fig
