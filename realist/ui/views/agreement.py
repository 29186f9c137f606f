"""Agreement between coders: choose coders, documents and codes; table, disagreements, consensus."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from realist.errors import RealistError
from realist.ui import charts, session


def render() -> None:
    """The agreement page."""
    project = session.project()
    coder = session.signed_in()
    st.title("Agreement")
    settings = project.settings()
    if settings.get("blind_coding") and not settings.get("comparison_open"):
        st.info(
            "Blind coding is on and comparison is closed: a lead opens comparison on the Team page."
        )
        if coder is None or not coder.role.can_manage:
            return
    if not session.has(project, "agreement"):
        session.unavailable("Inter-coder agreement")
        return
    coders = [c.name for c in project.coders() if c.role.can_write]
    docs = [d.name for d in project.documents()]
    codes = [c.name for c in project.codes()]
    cols = st.columns(3)
    chosen_coders = cols[0].multiselect(
        "Coders", coders, default=_busiest(project, coders), key="rl_ag_coders"
    )
    chosen_docs = cols[1].multiselect(
        "Documents", docs, placeholder="All documents", key="rl_ag_docs"
    )
    chosen_codes = cols[2].multiselect("Codes", codes, placeholder="All codes", key="rl_ag_codes")
    if len(chosen_coders) < 2:
        st.caption("Choose at least two coders.")
        return
    unit = st.radio(
        "Unit",
        ["character", "turn"],
        horizontal=True,
        key="rl_ag_unit",
        help="character: unitized alpha over the coded words (Krippendorff et al. 2016); "
        "turn: whether each speaker turn carries the code (kappa, AC1, alpha)",
    )
    kwargs = _kwargs(
        project.agreement,
        coders=chosen_coders,
        documents=chosen_docs or None,
        codes=chosen_codes or None,
    )
    try:
        result = project.agreement(**kwargs, unit=unit)
    except RealistError as err:
        st.warning(str(err))
        return
    table = _frame(result)
    st.subheader("Agreement per code")
    if table is not None and not table.empty:
        st.dataframe(
            table.drop(columns=["code_id"], errors="ignore"), hide_index=True, width="stretch"
        )
        value = next(
            (c for c in ("binary_u_alpha", "alpha", "kappa", "percent_agreement") if c in table),
            None,
        )
        label = next((c for c in ("name", "code") if c in table), None)
        if value and label:
            per_code = table[table["code"] != "(all codes)"] if "code" in table else table
            per_code = per_code.assign(
                **{label: per_code[label].replace("", None).fillna(per_code["code"])}
            )
            if per_code[value].notna().any():
                st.altair_chart(
                    charts.agreement_chart(per_code, value=value, label=label), width="stretch"
                )
    else:
        st.write(result)
    _disagreements(project, kwargs, coder)


def _busiest(project: Any, names: list[str]) -> list[str]:
    """The two coders with the most codings (the consensus set aside), to compare first."""
    by_id = {c.id: c.name for c in project.coders()}
    counts: dict[str, int] = {}
    for coding in project.codings():
        name = by_id.get(coding.coder_id, "")
        if name in names and name != "consensus":
            counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts, key=lambda n: -counts[n])
    return ranked[:2] if len(ranked) >= 2 else names[:2]


def _kwargs(func: Any, **wanted: Any) -> dict[str, Any]:
    """Pass only the keyword arguments ``func`` accepts."""
    import inspect

    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return {k: v for k, v in wanted.items() if v is not None}
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return {k: v for k, v in wanted.items() if v is not None}
    return {k: v for k, v in wanted.items() if k in params and v is not None}


def _frame(result: Any) -> pd.DataFrame | None:
    if isinstance(result, pd.DataFrame):
        return result
    for attr in ("table", "to_frame", "per_code", "frame"):
        member = getattr(result, attr, None)
        if callable(member):
            member = member()
        if isinstance(member, pd.DataFrame):
            return member
    return None


def _disagreements(project: Any, kwargs: dict[str, Any], coder: Any) -> None:
    st.subheader("Disagreements")
    if not session.has(project, "disagreements"):
        session.unavailable("The disagreement list")
        return
    try:
        found = project.disagreements(**_kwargs(project.disagreements, **kwargs))
    except RealistError as err:
        st.warning(str(err))
        return
    table = found if isinstance(found, pd.DataFrame) else _frame(found)
    if table is None:
        table = (
            pd.DataFrame([getattr(d, "__dict__", d) for d in found]) if found else pd.DataFrame()
        )
    if table.empty:
        st.success("No disagreements for this choice.")
        return
    st.caption(
        f"{len(table)} passages where the coders differ. Settle each one to build the consensus set."
    )
    st.dataframe(table, hide_index=True, width="stretch")
    if not session.has(project, "resolve_disagreement"):
        session.unavailable("Settling disagreements into a consensus set")
        return
    if coder is None or not coder.role.can_manage:
        st.caption("An owner or lead settles disagreements; the originals always stay as coded.")
        return
    cols = st.columns([2, 3])
    if cols[0].button("Seed consensus with what all agree on", key="rl_seed"):
        session.attempt(
            lambda: project.seed_consensus(**_kwargs(project.seed_consensus, **kwargs)),
            "Agreed codings copied to the consensus coder.",
        )
        st.rerun()
    with st.form("rl_consensus"):
        options = {
            f"{r['document']} · {r['code']} · “{str(r['text'])[:60]}”": r["key"]
            for _, r in table.iterrows()
        }
        chosen = st.selectbox("Disagreement", list(options))
        decision = st.radio(
            "Decision",
            ["accept", "reject"],
            horizontal=True,
            format_func=lambda d: {"accept": "code it (consensus)", "reject": "leave it uncoded"}[
                d
            ],
        )
        note = st.text_input("Note (optional)")
        if st.form_submit_button("Settle", type="primary"):
            key = options[chosen]
            session.attempt(
                lambda: project.resolve_disagreement(key, decision, note=note or None),
                "Settled: the consensus set is updated, the originals are kept.",
            )
            st.rerun()
