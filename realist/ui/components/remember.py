"""Remembered sign-in: the session token travels to the browser's cookie from here.

Streamlit cannot set a cookie from Python, so this zero-height component does it in the
page: :func:`keep` writes ``realist_session`` (``Path=/; SameSite=Strict``, ``Secure`` on
https, ``Max-Age`` the session length) and :func:`forget` deletes it. It draws nothing and
reports nothing back, so it never causes a rerun. The server reads the cookie through
``st.context.cookies`` when a new browser session starts (see :mod:`realist.ui.session`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import streamlit as st

COMPONENT_NAME = "realist.remember_sign_in"
COOKIE = "realist_session"
KEY = "rl_remember_cookie"


@cache
def _renderer() -> Any:
    js = resources.files("realist.ui.components").joinpath("remember.js").read_text("utf-8")
    return st.components.v2.component(COMPONENT_NAME, html="", js=js, isolate_styles=False)


def keep(token: str, max_age: int) -> None:
    """Set (or refresh) the cookie to ``token`` for ``max_age`` seconds."""
    _renderer()(key=KEY, data={"name": COOKIE, "token": token, "max_age": int(max_age)})


def forget() -> None:
    """Delete the cookie in this browser."""
    _renderer()(key=KEY, data={"name": COOKIE, "clear": True})
