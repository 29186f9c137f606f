"""Charts that render offline (Vega-Lite through Altair, bundled with Streamlit).

Each function takes a DataFrame and returns an Altair chart; no Streamlit here, so
the shapes are testable without a running app.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"document": ["FG1", "FG1"], "coder": ["ana", "ben"], "codings": [3, 5]})
>>> progress_chart(df).to_dict()["mark"]["type"]
'bar'
"""

from __future__ import annotations

import altair as alt
import pandas as pd

LEVEL_ORDER = ["family", "organisation", "system", "unassigned"]


def progress_table(codings: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Codings per document and coder, with every document listed (zero when uncoded).

    >>> c = pd.DataFrame({"document": ["A", "A", "B"], "coder": ["x", "y", "x"]})
    >>> progress_table(c, pd.DataFrame({"name": ["A", "B", "C"]})).to_dict("records")[-1]
    {'document': 'C', 'coder': '(none yet)', 'codings': 0}
    """
    names = list(documents["name"]) if "name" in documents else []
    if codings.empty:
        counts = pd.DataFrame(columns=["document", "coder", "codings"])
    else:
        counts = codings.groupby(["document", "coder"]).size().reset_index(name="codings")
    missing = [n for n in names if n not in set(counts["document"])]
    if missing:
        extra = pd.DataFrame({"document": missing, "coder": "(none yet)", "codings": 0})
        counts = pd.concat([counts, extra], ignore_index=True)
    counts["codings"] = counts["codings"].astype(int)
    return counts


def progress_chart(table: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: codings per document, one colour per coder."""
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("document:N", title=None, sort=None),
            x=alt.X("codings:Q", title="codings"),
            color=alt.Color("coder:N", title="coder"),
            yOffset="coder:N",
            tooltip=["document", "coder", "codings"],
        )
        .properties(height=alt.Step(14))
    )


def agreement_chart(table: pd.DataFrame, value: str = "alpha", label: str = "code") -> alt.Chart:
    """Agreement per code as dots on a 0 to 1 scale with the 0.667 and 0.8 marks."""
    data = table.dropna(subset=[value]) if value in table else table
    base = alt.Chart(data).encode(
        y=alt.Y(f"{label}:N", title=None, sort="-x"),
        x=alt.X(
            f"{value}:Q",
            title=value,
            scale=alt.Scale(domain=[min(-0.2, float(data[value].min()) if len(data) else 0), 1]),
        ),
        tooltip=list(data.columns),
    )
    rules = (
        alt.Chart(pd.DataFrame({"x": [0.667, 0.8]}))
        .mark_rule(strokeDash=[4, 4], color="#888")
        .encode(x="x:Q")
    )
    return base.mark_circle(size=90, color="#3b5b92") + rules


def evidence_chart(table: pd.DataFrame) -> alt.Chart:
    """Evidence per demi-regularity (documents supporting it), coloured by level.

    ``table`` needs columns ``demi_regularity``, ``level`` and ``documents``.
    """
    data = table.copy()
    data["level"] = data["level"].fillna("unassigned").replace("", "unassigned")
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("demi_regularity:N", title=None, sort="-x"),
            x=alt.X("documents:Q", title="documents with evidence"),
            color=alt.Color("level:N", scale=alt.Scale(domain=LEVEL_ORDER), title="level"),
            tooltip=list(data.columns),
        )
    )
