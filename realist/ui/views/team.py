"""Team: coders and roles, passwords, blind coding and comparison, the coding frame."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from realist.model import CodeKind, Level, Role
from realist.ui import session

ROLES = [r.value for r in Role]


def render() -> None:
    """The team page."""
    project = session.project()
    coder = session.signed_in()
    manager = coder is not None and coder.role.can_manage
    st.title("Team")
    coders = project.coders()
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "name": c.name,
                    "role": c.role.value,
                    "password set": c.has_password,
                    "active": c.active,
                }
                for c in coders
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if coder is not None:
        _own_password(project, coder)
    if not manager:
        st.caption("Owners and leads add coders, change roles and settings.")
        _frame(project, False)
        return
    left, right = st.columns(2, gap="large")
    with left:
        _add_coder(project)
        _roles(project, coders)
    with right:
        _settings(project)
    _frame(project, True)


def _own_password(project: Any, coder: Any) -> None:
    with st.expander("Change my password"), st.form("rl_pw_own", clear_on_submit=True):
        new = st.text_input("New password", type="password")
        again = st.text_input("Again", type="password")
        if st.form_submit_button("Change"):
            if len(new) < 8 or new != again:
                st.warning("Use at least 8 characters, typed the same twice.")
            else:
                session.attempt(lambda: project.set_password(coder.name, new), "Password changed.")
                st.rerun()


def _add_coder(project: Any) -> None:
    st.subheader("Add a coder")
    with st.form("rl_add_coder", clear_on_submit=True):
        name = st.text_input("Name", key="rl_new_coder_name")
        role = st.selectbox("Role", ROLES, index=ROLES.index("coder"), key="rl_new_coder_role")
        password = st.text_input(
            "Password (needed to sign in in team mode)",
            type="password",
            key="rl_new_coder_password",
        )
        if st.form_submit_button("Add", type="primary"):
            if not name.strip():
                st.warning("Give a name.")
            else:
                session.attempt(
                    lambda: project.add_coder(name.strip(), Role(role), password=password or None),
                    f"{name.strip()} added as {role}.",
                )
                st.rerun()


def _roles(project: Any, coders: list[Any]) -> None:
    st.subheader("Roles and passwords")
    names = [c.name for c in coders]
    who = st.selectbox("Coder", names, key="rl_role_who")
    current = next(c for c in coders if c.name == who)
    cols = st.columns(2)
    role = cols[0].selectbox(
        "Role", ROLES, index=ROLES.index(current.role.value), key=f"rl_role_{who}"
    )
    if cols[0].button("Set role", key="rl_role_set") and role != current.role.value:
        session.attempt(lambda: project.set_role(who, Role(role)), f"{who} is now {role}.")
        st.rerun()
    pw = cols[1].text_input("New password", type="password", key=f"rl_pw_{who}")
    if cols[1].button("Set password", key="rl_pw_set") and pw:
        session.attempt(lambda: project.set_password(who, pw), f"Password set for {who}.")
        st.rerun()


def _settings(project: Any) -> None:
    st.subheader("Settings")
    settings = project.settings()
    labels = {
        "blind_coding": "Blind coding (coders see only their own codings)",
        "comparison_open": "Comparison open (everyone sees every coding; agreement unlocked)",
        "team_mode": "Team mode (everyone signs in)",
    }
    for key, label in labels.items():
        value = st.toggle(label, value=bool(settings.get(key)), key=f"rl_set_{key}")
        if value != bool(settings.get(key)):
            session.attempt(partial(project.set_setting, key, value), "Setting saved.")
            st.rerun()
    minimum = st.number_input(
        "Documents needed before a demi-regularity counts as supported",
        min_value=1,
        max_value=50,
        value=int(settings.get("evidence_min_documents", 2)),
    )
    if minimum != int(settings.get("evidence_min_documents", 2)):
        session.attempt(
            lambda: project.set_setting("evidence_min_documents", int(minimum)), "Setting saved."
        )
        st.rerun()


def _frame(project: Any, manager: bool) -> None:
    st.subheader("Coding frame")
    codes = project.codes_df()
    if not codes.empty:
        shown = [c for c in ["key", "name", "kind", "level", "description"] if c in codes]
        st.dataframe(codes[shown], hide_index=True, width="stretch")
    else:
        st.caption("No codes yet.")
    if not manager:
        return
    cols = st.columns(2)
    with cols[0]:
        if session.has(project, "load_frame"):
            shipped = _shipped_frames()
            choice = st.selectbox(
                "Load a shipped frame", ["(choose)", *list(shipped)], key="rl_frame_pick"
            )
            upload = st.file_uploader(
                "…or a frame file (.yaml)", type=["yaml", "yml"], key="rl_frame_up"
            )
            if st.button("Load frame", key="rl_frame_load"):
                if upload is not None:
                    with tempfile.TemporaryDirectory() as folder:
                        path = Path(folder) / Path(upload.name).name
                        path.write_bytes(upload.getvalue())
                        session.attempt(lambda: project.load_frame(path), "Frame loaded.")
                elif choice != "(choose)":
                    session.attempt(lambda: project.load_frame(shipped[choice]), "Frame loaded.")
                st.rerun()
        else:
            session.unavailable("Loading coding frames")
    with cols[1], st.form("rl_add_code", clear_on_submit=True):
        name = st.text_input("New code")
        kind = st.selectbox("Kind", [k.value for k in CodeKind])
        level = st.selectbox("Level", ["(none)"] + [lv.value for lv in Level])
        if st.form_submit_button("Add code") and name.strip():
            key = "".join(ch if ch.isalnum() else "_" for ch in name.strip().lower())[:40]
            session.attempt(
                lambda: project.add_code(
                    key,
                    name.strip(),
                    CodeKind(kind),
                    level=None if level == "(none)" else Level(level),
                ),
                f"Code “{name.strip()}” added.",
            )
            st.rerun()


def _shipped_frames() -> dict[str, Path]:
    try:
        from realist.coding.frames import shipped_frames
    except ImportError:
        return {}
    return {path.stem.replace("-", " "): path for path in shipped_frames()}
