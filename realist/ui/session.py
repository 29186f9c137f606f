"""One browser session: which project, who is signed in, what they last saw.

The app keeps no state of its own beyond the browser session: the project comes
from the environment (set by ``realist app``), every read and write goes through
:class:`realist.Project`, and other coders' work is noticed through the project
revision. So several app processes can serve one PostgreSQL project.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

import realist
from realist.errors import PermissionDenied, RealistError, StaleVersionError
from realist.model import Coder, Role
from realist.ui.components import remember

ENV_PROJECT = "REALIST_PROJECT"
ENV_TEAM = "REALIST_TEAM_MODE"
ENV_CODER = "REALIST_CODER"
ENV_TIMEOUT = "REALIST_SESSION_MINUTES"
ENV_POLL = "REALIST_POLL_SECONDS"
ENV_REMEMBER = "REALIST_REMEMBER_SIGNIN"

_CODER = "rl_coder"
_SEEN = "rl_seen_at"
_REVISION = "rl_revision"
_FLASH = "rl_flash"
_TOKEN = "rl_session_token"  # (token, issued at): what the cookie holds now
_COOKIE_USED = "rl_cookie_used"  # this browser session has read its sign-in cookie
_FORGET = "rl_forget_cookie"  # delete the cookie on the next page drawn
_EPOCH = "rl_session_epoch"  # the coder's sign-out-everywhere count when this session began

#: Kept when signing out: the cookie a browser session was opened with is read once only,
#: so a stale copy in ``st.context.cookies`` cannot sign the coder back in.
_KEEP_ON_SIGN_OUT = (_COOKIE_USED,)
#: A remembered sign-in is reissued (and the cookie's lifetime renewed) at most this often.
REISSUE_SECONDS = 120.0


def project_url() -> str | None:
    """The project this app process serves (``REALIST_PROJECT``), if any."""
    value = os.environ.get(ENV_PROJECT, "").strip()
    return value or None


def session_minutes() -> float:
    """Minutes of inactivity after which a signed-in coder is signed out (default 60)."""
    try:
        return float(os.environ.get(ENV_TIMEOUT, "60"))
    except ValueError:
        return 60.0


def poll_seconds() -> float:
    """How often the app looks for other coders' changes (default 3 s)."""
    try:
        return max(0.5, float(os.environ.get(ENV_POLL, "3")))
    except ValueError:
        return 3.0


@st.cache_resource(show_spinner=False)
def _shared_project(url: str) -> Any:
    """One read-only handle per project for this process (the engine is shared)."""
    return realist.open_project(url)


def base_project() -> Any:
    """The project opened read-only; raises :class:`RealistError` when it cannot be opened."""
    url = project_url()
    if url is None:
        raise RealistError(
            "no project to open: start the app with `realist app PROJECT` or `realist app --demo`"
        )
    return _shared_project(url)


def team_mode(project: Any) -> bool:
    """Team mode (sign-in required) is on by ``--team`` or by the project setting."""
    if os.environ.get(ENV_TEAM, "").strip().lower() in ("1", "true", "yes", "on"):
        return True
    try:
        return bool(project.settings().get("team_mode", False))
    except RealistError:
        return False


def signed_in() -> Coder | None:
    """The coder of this browser session, or None."""
    coder = st.session_state.get(_CODER)
    return coder if isinstance(coder, Coder) else None


def refreshed(project: Any) -> Coder | None:
    """The signed-in coder as the project knows them now (a changed role applies at once;
    a removed or deactivated account is signed out)."""
    coder = signed_in()
    if coder is None:
        return None
    try:
        current = project.get_coder(coder.id)
    except RealistError:
        current = None
    if current is None or not current.active:
        sign_out("Your account is no longer active in this project.")
        return None
    if has(project, "session_epoch"):
        epoch = project.session_epoch(current.id)
        held = st.session_state.setdefault(_EPOCH, epoch)
        if held != epoch:
            sign_out("You signed out in another tab or browser. Sign in again to go on.")
            return None
    if current != coder:
        st.session_state[_CODER] = current
        st.session_state.pop("rl_project", None)
    return current


def sign_in(coder: Coder) -> None:
    """Remember ``coder`` for this browser session."""
    st.session_state[_CODER] = coder
    st.session_state[_SEEN] = time.time()
    st.session_state.pop(_TOKEN, None)
    st.session_state.pop(_FORGET, None)
    st.session_state.pop(_EPOCH, None)
    project = base_project()
    if has(project, "session_epoch"):
        st.session_state[_EPOCH] = project.session_epoch(coder.id)


def sign_out_everywhere() -> None:
    """The *Sign out* button: end every session of the signed-in coder (other tabs and
    browsers sign out when they next poll, and remembered sign-ins stop working), then
    sign this session out."""
    coder = signed_in()
    project = base_project()
    if coder is not None and has(project, "end_sessions"):
        # An account that is gone or inactive has no sessions left to end.
        with contextlib.suppress(RealistError):
            project.with_coder(coder.name).end_sessions()
    sign_out("You are signed out, here and in every other tab or browser.")


def sign_out(reason: str = "") -> None:
    """Forget the coder and everything this session held, and the sign-in cookie."""
    kept = {k: st.session_state[k] for k in _KEEP_ON_SIGN_OUT if k in st.session_state}
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state.update(kept)
    st.session_state[_COOKIE_USED] = True
    if remember_enabled():
        st.session_state[_FORGET] = True
    if reason:
        st.session_state[_FLASH] = ("info", reason)


# ----- remembered sign-in (team mode) ----------------------------------------------------
def remember_enabled() -> bool:
    """Whether a sign-in survives a reload or a new tab (``REALIST_REMEMBER_SIGNIN``, on
    unless set to 0, false, no or off)."""
    value = os.environ.get(ENV_REMEMBER, "").strip().lower()
    return value not in ("0", "false", "no", "off")


def cookie_token() -> str | None:
    """The session token the browser sent when this browser session began, if any."""
    value = st.context.cookies.get(remember.COOKIE)
    return value or None


def resume(project: Any) -> Coder | None:
    """Sign in from the browser's session cookie: once per browser session, and only with a
    valid token (anything else is ignored and the sign-in page shows)."""
    if not remember_enabled() or st.session_state.get(_COOKIE_USED):
        return None
    st.session_state[_COOKIE_USED] = True
    token = cookie_token()
    if not token:
        return None
    try:
        coder = project.coder_for_token(token)
    except RealistError:
        return None
    if coder is None:
        return None
    sign_in(coder)
    return coder


def session_token(project: Any, coder: Coder) -> str | None:
    """The token for the cookie: the one held while it is fresh and still valid, else a new
    one (so the cookie slides along as the coder keeps working)."""
    held = st.session_state.get(_TOKEN)
    now = time.time()
    fresh_for = min(REISSUE_SECONDS, session_minutes() * 15)
    if held is not None and now - held[1] < fresh_for:
        try:
            still = project.coder_for_token(held[0])
        except RealistError:
            still = None
        if still is not None and still.id == coder.id:
            return str(held[0])
    try:
        token = project.session_token(coder.id, session_minutes())
    except RealistError:
        st.session_state.pop(_TOKEN, None)
        return None
    st.session_state[_TOKEN] = (token, now)
    return str(token)


def keep_signed_in(project: Any, coder: Coder) -> None:
    """Draw the (invisible) cookie keeper for a signed-in coder in team mode."""
    if not remember_enabled() or not has(project, "session_token", "coder_for_token"):
        return
    token = session_token(project, coder)
    if token is not None:
        remember.keep(token, round(session_minutes() * 60))


def forget_sign_in() -> None:
    """Delete the sign-in cookie after signing out (drawn once, on the sign-in page)."""
    if st.session_state.pop(_FORGET, False):
        remember.forget()


def local_coder(project: Any) -> Coder | None:
    """Who a single-user local session acts as: ``REALIST_CODER`` or the project owner."""
    wanted = os.environ.get(ENV_CODER, "").strip()
    coders = [c for c in project.coders() if c.active]
    if wanted:
        for c in coders:
            if c.name == wanted:
                return c
    owners = [c for c in coders if c.role is Role.OWNER]
    return (owners or coders or [None])[0]


def expired() -> bool:
    """True (and the session signed out) after too long without activity."""
    seen = st.session_state.get(_SEEN)
    now = time.time()
    if seen is not None and now - float(seen) > session_minutes() * 60:
        sign_out("You were signed out after a period of inactivity. Please sign in again.")
        return True
    if seen is not None:
        st.session_state[_SEEN] = now
    return False


def project() -> Any:
    """The project as the signed-in coder (read-only when nobody is signed in)."""
    base = base_project()
    coder = signed_in()
    if coder is None:
        return base
    cached = st.session_state.get("rl_project")
    if cached is not None and cached[0] == (base.url, coder.id):
        return cached[1]
    acting = base.with_coder(coder.name)
    st.session_state["rl_project"] = ((base.url, coder.id), acting)
    return acting


# ----- messages that survive a rerun ---------------------------------------------------
def flash(kind: str, message: str) -> None:
    """Show ``message`` at the top of the next run (kind: success, info, warning, error)."""
    st.session_state[_FLASH] = (kind, message)


def show_flash() -> None:
    """Show and clear the pending message, if any."""
    pending = st.session_state.pop(_FLASH, None)
    if not pending:
        return
    kind, message = pending
    getattr(st, kind, st.info)(message)


def attempt(action: Callable[[], Any], done: str = "") -> Any:
    """Run a write; turn the toolkit's errors into friendly messages instead of tracebacks.

    A stale edit shows the newer version so the coder can merge their change.
    """
    try:
        result = action()
    except StaleVersionError as err:
        newer = getattr(err, "record", None)
        detail = ""
        if newer is not None:
            shown = getattr(newer, "text", None) or getattr(newer, "statement", None)
            shown = shown or getattr(newer, "label", None) or getattr(newer, "name", None)
            if shown:
                detail = f"\n\nThe newer version reads:\n\n> {shown}"
        flash(
            "warning",
            f"Someone else saved this {err.entity} while you were editing "
            f"(your copy: version {err.expected}, now version {err.current}). "
            f"Your change was not saved: look at the newer version, then edit again.{detail}",
        )
        st.session_state["rl_stale"] = {"entity": err.entity, "id": err.entity_id, "record": newer}
        return None
    except PermissionDenied as err:
        flash("error", f"Not allowed: {err}")
        return None
    except RealistError as err:
        flash("error", str(err))
        return None
    if done:
        flash("success", done)
    remember_revision()
    return result


# ----- other coders' changes -----------------------------------------------------------
def remember_revision() -> None:
    """Record the revision this session has seen (after drawing or after its own write)."""
    try:
        st.session_state[_REVISION] = base_project().revision
    except RealistError:
        return


def watch_revision() -> None:
    """Poll the project revision; rerun the page when another coder changed something."""

    @st.fragment(run_every=poll_seconds())
    def _watch() -> None:
        try:
            current = base_project().revision
        except RealistError:
            return
        seen = st.session_state.get(_REVISION)
        if seen is None:
            st.session_state[_REVISION] = current
        elif current != seen:
            st.session_state[_REVISION] = current
            st.rerun(scope="app")

    _watch()


def has(project: Any, *names: str) -> bool:
    """True when this version of the toolkit offers every method in ``names``."""
    return all(callable(getattr(project, n, None)) for n in names)


def unavailable(what: str) -> None:
    """The notice for a feature this installed version does not offer."""
    st.info(
        f"{what} is not available in this version of realist. "
        "Update the package (pip install -U realist) to use it here; "
        "the rest of the app works without it."
    )
