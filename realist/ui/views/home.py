"""Project home: what is here, who has coded what, what happened lately."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from realist.ui import charts, session


def render() -> None:
    """The project home page."""
    project = session.project()
    info = project.info()
    st.title(project.name)
    cols = st.columns(6)
    for col, (label, key) in zip(
        cols,
        [
            ("Documents", "documents"),
            ("Turns", "turns"),
            ("Codes", "codes"),
            ("Codings", "codings"),
            ("CMOCs", "cmocs"),
            ("Demi-regularities", "demi_regularities"),
        ],
        strict=False,
    ):
        col.metric(label, info.get(key, 0))

    docs = project.documents_df()
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Coding progress")
        if docs.empty:
            st.info("No documents yet: import transcripts on the Documents page.")
        else:
            codings = project.codings_df()
            table = charts.progress_table(codings, docs)
            st.altair_chart(charts.progress_chart(table), width="stretch")
            pivot = table.pivot_table(
                index="document", columns="coder", values="codings", aggfunc="sum", fill_value=0
            )
            pivot = pivot.drop(columns=["(none yet)"], errors="ignore")
            st.dataframe(pivot, width="stretch")
        st.subheader("Documents")
        if not docs.empty:
            shown = [
                c for c in ["name", "words", "turns", "source_format", "deidentified"] if c in docs
            ]
            st.dataframe(docs[shown], hide_index=True, width="stretch")
    with right:
        st.subheader("Recent activity")
        events = project.log(limit=30)
        if not events:
            st.caption("Nothing yet.")
        else:
            rows = [
                {
                    "when": e.at.strftime("%d %b %H:%M") if e.at else "",
                    "who": e.coder_name,
                    "what": e.action.replace(".", " "),
                    "rev": e.revision,
                }
                for e in events
            ]
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=520)
