"""What ``app.py`` calls: the sign-in gate and the list of pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from realist.errors import RealistError
from realist.model import Coder
from realist.ui import session

PAGES_DIR = Path(__file__).parent / "pages"

#: (file, title). No page icons: a page's icon becomes the favicon, and Streamlit fetches
#: Material-icon favicons from Google's servers; the app must make no outside calls.
PAGES: tuple[tuple[str, str], ...] = (
    ("home.py", "Project"),
    ("documents.py", "Documents"),
    ("code.py", "Code"),
    ("cmocs.py", "CMOCs"),
    ("demi.py", "Demi-regularities"),
    ("agreement.py", "Agreement"),
    ("export.py", "Export"),
    ("team.py", "Team"),
)


def configure() -> None:
    """Page title, icon and wide layout."""
    st.set_page_config(page_title="realist", page_icon="🖍️", layout="wide")


def gate() -> Coder | None:
    """Open the project and make sure someone is signed in when the project requires it.

    In team mode a new browser session (a reload, a new tab) signs in from the remembered
    sign-in cookie when it holds a valid token. Shows the sign-in page and stops the run
    when needed; returns the coder (None for a read-only local session).
    """
    try:
        project = session.base_project()
    except RealistError as err:
        st.title("realist")
        st.error(str(err))
        st.stop()
    if session.expired():
        st.rerun()
    coder = session.refreshed(project)
    if coder is None and session.team_mode(project):
        coder = session.resume(project)
    elif coder is None:
        coder = session.local_coder(project)
        if coder is not None:
            session.sign_in(coder)
    if coder is None:
        nav = st.navigation([st.Page(PAGES_DIR / "signin.py", title="Sign in")])
        nav.run()
        st.stop()
    return coder


def pages() -> list[Any]:
    """The app's pages, in the order a study goes."""
    return [
        st.Page(PAGES_DIR / name, title=title, default=(name == "home.py")) for name, title in PAGES
    ]


def sidebar(coder: Coder | None) -> None:
    """Who is signed in, sign-out, and the watcher for other coders' changes."""
    project = session.base_project()
    with st.sidebar:
        st.caption(f"Project **{project.name}**")
        if coder is not None:
            st.caption(f"Signed in as **{coder.name}** ({coder.role.value})")
            if session.team_mode(project):
                st.button(
                    "Sign out",
                    key="rl_sign_out",
                    on_click=session.sign_out_everywhere,
                    icon=":material/logout:",
                )
                session.keep_signed_in(project, coder)
    session.watch_revision()


def navigate(pages_: list[Any]) -> None:
    """Run the chosen page, with pending messages shown on top."""
    nav = st.navigation(pages_, position="sidebar")
    session.show_flash()
    session.remember_revision()
    nav.run()
