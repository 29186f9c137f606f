"""The naive code page the benchmark compares against: one ``st.markdown`` per turn.

Highlights are ``<mark>`` elements built into each turn's HTML, and applying a code is a
Streamlit button that adds one coding and reruns the whole script, the way a first
Streamlit version of a coding page is usually written.
"""

from __future__ import annotations

import html
import itertools
import os
from typing import Any

import streamlit as st

import realist


@st.cache_resource
def _project(url: str) -> Any:
    return realist.open_project(url, coder=os.environ.get("REALIST_CODER", "alice"))


project = _project(os.environ["REALIST_PROJECT"])
document = project.documents()[0]
codings = project.codings(document.id)
code = project.codes()[0]


def _apply() -> None:
    """Code the first word that no coding covers yet."""
    taken = project.codings(document.id)
    for turn in project.turns(document.id):
        start = turn.start
        for word in document.text[turn.start : turn.end].split(" "):
            end = start + len(word)
            if word and not any(c.start < end and c.end > start for c in taken):
                project.add_coding(document.id, start, end, code.id)
                return
            start = end + 1


st.button("Apply test code", on_click=_apply, key="naive_apply")
st.caption(f"{len(codings)} codings")
for turn in project.turns(document.id):
    cuts = {turn.start, turn.end}
    inside = [c for c in codings if c.start < turn.end and c.end > turn.start]
    for c in inside:
        cuts.update(p for p in (c.start, c.end) if turn.start < p < turn.end)
    points = sorted(cuts)
    parts = []
    for a, b in itertools.pairwise(points):
        words = html.escape(document.text[a:b])
        if any(c.start < b and c.end > a for c in inside):
            parts.append(f"<mark>{words}</mark>")
        else:
            parts.append(words)
    st.markdown(f"**{html.escape(turn.speaker)}**: {''.join(parts)}", unsafe_allow_html=True)
