"""Demi-regularities: suggestions, accept / merge / split, evidence, quotes, the CMO network."""

from __future__ import annotations

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
    st.caption("Patterns of CMOCs that recur across focus groups, at one level, with counted evidence.")
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
                    if t.document_id == ev.document_id and t.start < ev.end and ev.start < t.end:
                        if t.participant_id is not None:
                            speakers.add(t.participant_id)
                            site = people.get(t.participant_id)
                            if site is not None and site.site:
                                sites.add(site.site)
        rows.append({
            "demi_regularity": dr.label, "level": dr.level.value if dr.level else "",
            "context": dr.context, "mechanism": "; ".join(x for x in (dr.mechanism_resource,
                                                                       dr.mechanism_response) if x),
            "outcome": dr.outcome, "cmocs": len(dr.cmoc_ids), "documents": len(docs),
            "participants": len(speakers), "sites": ", ".join(sorted(sites)), "evidence_spans": spans,
            "status": dr.status.value,
        })
    return pd.DataFrame(rows)


def _table(project: Any) -> None:
    table = evidence_table(project)
    if table.empty:
        st.info("No demi-regularities yet: accept a suggestion or group CMOCs in the next tabs.")
        return
    st.table(table.set_index(table.columns[0]))
    label = "demi_regularity" if "demi_regularity" in table else table.columns[0]
    docs_col = next((c for c in ("documents", "n_documents", "groups") if c in table), None)
    if docs_col is not None:
        data = pd.DataFrame({"demi_regularity": table[label], "level": table.get("level", ""),
                             "documents": table[docs_col]})
        st.altair_chart(charts.evidence_chart(data), width="stretch")


def _suggestions(project: Any, can_write: bool) -> None:
    if not session.has(project, "suggest_demi_regularities"):
        session.unavailable("Suggesting demi-regularities")
        return
    if st.button("Suggest groups of similar CMOCs", key="rl_suggest"):
        try:
            with st.spinner("Grouping CMOCs…"):
                st.session_state["rl_suggestions"] = project.suggest_demi_regularities()
        except RealistError as err:
            st.error(str(err))
    found = st.session_state.get("rl_suggestions")
    if found is None:
        return
    items = _suggestion_items(found)
    if not items:
        st.info("No groups found: code more CMOCs across documents, then try again.")
        return
    cmocs = {c.id: c for c in project.cmocs()}
    for n, item in enumerate(items):
        with st.container(border=True):
            st.markdown(f"**{item['label']}** · {len(item['cmoc_ids'])} CMOCs")
            for cid in item["cmoc_ids"]:
                if cid in cmocs:
                    st.caption(f"• {cmocs[cid].label}: {cmocs[cid].statement[:200]}")
            if can_write and st.button("Accept", key=f"rl_accept_{n}"):
                level = item.get("level")
                session.attempt(lambda: project.add_demi_regularity(
                    item["label"], item["cmoc_ids"], level=Level(level) if level else None),
                    f"Demi-regularity “{item['label']}” created.")
                st.rerun()


def _suggestion_items(found: Any) -> list[dict[str, Any]]:
    if isinstance(found, pd.DataFrame):
        records = found.to_dict("records")
    elif hasattr(found, "suggestions"):
        records = list(found.suggestions)
    else:
        records = list(found)
    items = []
    for r in records:
        get = r.get if isinstance(r, dict) else (lambda k, d=None, r=r: getattr(r, k, d))
        ids = get("cmoc_ids", None) or get("members", None) or ()
        level = get("level", None)
        items.append({"label": str(get("label", None) or get("name", None) or "Suggested group"),
                      "cmoc_ids": [int(i) for i in ids],
                      "level": getattr(level, "value", level) or None})
    return [i for i in items if i["cmoc_ids"]]


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
            session.attempt(lambda: project.add_demi_regularity(
                label.strip() or "Untitled", [by_label[m] for m in members], context=context,
                mechanism_response=mechanism, outcome=outcome,
                level=None if level == "(none)" else Level(level)), "Demi-regularity created.")
            st.rerun()
    if len(drs) >= 2:
        st.markdown("**Merge**")
        names = {f"{d.label} (#{d.id})": d for d in drs}
        chosen = st.multiselect("Demi-regularities to merge (the first keeps its name)", list(names),
                                key="rl_merge_pick")
        if st.button("Merge", key="rl_merge", disabled=len(chosen) < 2):
            keep, *rest = [names[c] for c in chosen]
            union = list(dict.fromkeys([*keep.cmoc_ids, *(i for d in rest for i in d.cmoc_ids)]))
            if session.attempt(lambda: project.update_demi_regularity(keep.id, version=keep.version,
                                                                      cmoc_ids=union)) is not None:
                for d in rest:
                    session.attempt(lambda d=d: project.delete_demi_regularity(d.id))
                session.flash("success", f"Merged into “{keep.label}”.")
            st.rerun()
    if drs:
        st.markdown("**Split**")
        names = {f"{d.label} (#{d.id})": d for d in drs}
        pick = st.selectbox("Demi-regularity", list(names), key="rl_split_pick")
        source = names[pick]
        labels = {c.id: f"{c.label} (#{c.id})" for c in cmocs}
        moving = st.multiselect("CMOCs to move into a new demi-regularity",
                                [labels[i] for i in source.cmoc_ids if i in labels], key="rl_split_members")
        new_label = st.text_input("New label", key="rl_split_label")
        if st.button("Split", key="rl_split", disabled=not moving or not new_label.strip()):
            moved = [i for i in source.cmoc_ids if labels.get(i) in moving]
            left = [i for i in source.cmoc_ids if i not in moved]
            if session.attempt(lambda: project.update_demi_regularity(source.id, version=source.version,
                                                                      cmoc_ids=left)) is not None:
                session.attempt(lambda: project.add_demi_regularity(new_label.strip(), moved,
                                                                    level=source.level),
                                f"Split “{new_label.strip()}” from “{source.label}”.")
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
                        st.markdown(f"> “{doc.text[ev.start:ev.end]}” ({ev.role.value}, {doc.name})")


def _network(project: Any) -> None:
    if not session.has(project, "cmoc_network"):
        session.unavailable("The CMO network figure")
        return
    try:
        graph = project.cmoc_network()
    except RealistError as err:
        st.warning(str(err))
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
    colours = {"context": "#56B4E9", "mechanism": "#E69F00", "mechanism_resource": "#E69F00",
               "mechanism_response": "#D55E00", "outcome": "#009E73", "cmoc": "#999999"}
    node_colours = [colours.get(str(graph.nodes[n].get("kind", graph.nodes[n].get("role", ""))).lower(),
                                "#0072B2") for n in graph.nodes]
    nx.draw_networkx(graph, pos, ax=ax, node_color=node_colours, node_size=500, font_size=8,
                     labels={n: str(graph.nodes[n].get("label", n))[:28] for n in graph.nodes},
                     edge_color="#bbbbbb")
    ax.set_axis_off()
    fig.tight_layout()
    return fig
