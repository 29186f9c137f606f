"""Sign in against the project's coders (passwords are stored as argon2 hashes)."""

from __future__ import annotations

import streamlit as st

from realist.errors import RealistError
from realist.ui import session


def _submit() -> None:
    name = st.session_state.get("rl_signin_name", "").strip()
    password = st.session_state.get("rl_signin_password", "")
    if not name or not password:
        session.flash("warning", "Enter your name and password.")
        return
    try:
        coder = session.base_project().authenticate(name, password)
    except RealistError:
        session.flash("error", "That name and password do not match a coder of this project.")
        return
    session.sign_in(coder)


def render() -> None:
    """The sign-in form."""
    project = session.base_project()
    st.title("Sign in")
    st.caption(f"Project **{project.name}**. Ask the project's owner or lead for an account.")
    session.show_flash()
    with st.form("rl_signin", border=True):
        st.text_input("Name", key="rl_signin_name", autocomplete="username")
        st.text_input(
            "Password", key="rl_signin_password", type="password", autocomplete="current-password"
        )
        st.form_submit_button("Sign in", type="primary", on_click=_submit)
    session.forget_sign_in()
