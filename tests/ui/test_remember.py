"""Remembered sign-in in team mode: the cookie written after signing in, and read when a
new browser session (a reload, a new tab) begins.

AppTest runs no component JavaScript and cannot send cookies, so these tests read what the
page asks the browser to store, and stand in for the browser's cookie with monkeypatch.
The real browser round trip is in tests/e2e/test_app_browser.py.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from realist.store import coders as coder_store
from realist.store import tx
from realist.ui import sample as sample_module
from realist.ui import session
from realist.ui.components import remember
from tests.ui.conftest import texts


@pytest.fixture
def team(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Team mode, with remembered sign-in left at its default (on)."""
    monkeypatch.setenv("REALIST_TEAM_MODE", "1")
    monkeypatch.delenv("REALIST_REMEMBER_SIGNIN", raising=False)
    monkeypatch.delenv("REALIST_SESSION_MINUTES", raising=False)
    return monkeypatch


def browser_cookie(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    """What the browser sent as ``realist_session`` when the browser session began."""
    monkeypatch.setattr(session, "cookie_token", lambda: value)


def cookie_writes(at: AppTest) -> list[dict[str, Any]]:
    """What the page asks the browser to do with the sign-in cookie."""
    found = []
    for element in at.get("bidi_component"):
        if element.proto.component_name == remember.COMPONENT_NAME:
            data = json.loads(element.proto.json)
            assert data["name"] == "realist_session"
            found.append(data)
    return found


def signed_in_as(at: AppTest) -> str:
    return "\n".join(c.value for c in at.sidebar.caption)


def sign_in_with_password(at: AppTest, name: str = "bob") -> None:
    at.text_input(key="rl_signin_name").set_value(name)
    at.text_input(key="rl_signin_password").set_value(sample_module.PASSWORD)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_signing_in_sets_the_cookie_to_a_token_for_that_coder(sample, open_page, team):
    browser_cookie(team, None)
    at = open_page()
    assert at.title[0].value == "Sign in"
    assert cookie_writes(at) == []
    sign_in_with_password(at)
    assert at.title[0].value == "Family preservation pilot"
    [write] = cookie_writes(at)
    assert write["max_age"] == 3600
    found = sample.coder_for_token(write["token"])
    assert found is not None and found.name == "bob"
    assert at.sidebar.get("bidi_component"), "the cookie keeper lives in the sidebar"


def test_the_cookie_follows_the_session_length_and_is_not_reissued_each_run(
    sample, open_page, team
):
    team.setenv("REALIST_SESSION_MINUTES", "20")
    browser_cookie(team, None)
    at = open_page()
    sign_in_with_password(at)
    [first] = cookie_writes(at)
    assert first["max_age"] == 1200
    at.run()
    at.switch_page("realist/ui/pages/documents.py")
    at.run()
    assert [w["token"] for w in cookie_writes(at)] == [first["token"]]
    # Some minutes later the coder is still at work: a fresh token slides the expiry along.
    token, _issued = at.session_state["rl_session_token"]
    at.session_state["rl_session_token"] = (token, time.time() - 10 * 60)
    time.sleep(1.1)  # tokens count whole seconds
    at.run()
    [later] = cookie_writes(at)
    assert later["token"] != first["token"]
    assert sample.coder_for_token(later["token"]).name == "bob"


def test_a_valid_cookie_signs_a_new_browser_session_in(sample, open_page, team):
    browser_cookie(team, sample.session_token("bob", 60))
    at = open_page()
    assert at.title[0].value == "Family preservation pilot"
    assert "Signed in as **bob** (coder)" in signed_in_as(at)
    assert cookie_writes(at), "the cookie is renewed for the new browser session"


@pytest.mark.parametrize("kind", ["expired", "tampered", "garbage", "old password"])
def test_a_bad_cookie_is_ignored_quietly(sample, open_page, team, kind):
    token = sample.session_token("bob", 60)
    if kind == "expired":
        token = sample.session_token("bob", 1 / 120)  # half a second
        time.sleep(1.1)
    elif kind == "tampered":
        token = token.replace(".2.", ".1.", 1)  # bob's id 2 -> alice's id 1
    elif kind == "garbage":
        token = "<script>alert(1)</script>"
    else:
        sample.set_password("bob", "a brand new passphrase")
    browser_cookie(team, token)
    at = open_page()
    assert at.title[0].value == "Sign in"
    assert not at.error and not at.warning
    assert cookie_writes(at) == []


def test_signing_out_clears_the_cookie_and_the_stale_copy_does_not_sign_back_in(
    sample, open_page, team
):
    browser_cookie(team, sample.session_token("bob", 60))
    at = open_page()
    assert "Signed in as **bob**" in signed_in_as(at)
    at.sidebar.button(key="rl_sign_out").click()
    at.run()
    assert at.title[0].value == "Sign in"
    assert "signed out" in texts(at)
    assert cookie_writes(at) == [{"name": "realist_session", "clear": True}]
    # st.context.cookies still holds the old token for this browser session: ignored.
    at.run()
    assert at.title[0].value == "Sign in"
    assert cookie_writes(at) == []
    sign_in_with_password(at, "alice")
    assert "Signed in as **alice**" in signed_in_as(at)
    [write] = cookie_writes(at)
    assert sample.coder_for_token(write["token"]).name == "alice"


def test_inactivity_signs_out_and_clears_the_cookie(sample, open_page, team):
    browser_cookie(team, sample.session_token("bob", 60))
    at = open_page()
    assert "Signed in as **bob**" in signed_in_as(at)
    at.session_state["rl_seen_at"] = time.time() - 2 * 3600
    at.run()
    assert at.title[0].value == "Sign in"
    assert "inactivity" in texts(at)
    assert cookie_writes(at) == [{"name": "realist_session", "clear": True}]
    at.run()
    assert at.title[0].value == "Sign in"


def test_a_changed_role_or_a_deactivated_account_is_not_resumed(sample, open_page, team):
    bob = sample.session_token("bob", 60)
    carol = sample.session_token("carol", 60)
    sample.set_role("bob", "viewer")
    browser_cookie(team, bob)
    assert open_page().title[0].value == "Sign in"
    with tx.write(
        sample._engine, coder_id=None, coder_name="test", action="coder.deactivate", entity="coder"
    ) as w:
        coder_store.update_coder(w.conn, sample.get_coder("carol").id, active=False)
    browser_cookie(team, carol)
    assert open_page().title[0].value == "Sign in"


def test_a_changed_role_gets_a_fresh_cookie_in_the_open_tab(sample, open_page, team):
    browser_cookie(team, None)
    at = open_page()
    sign_in_with_password(at)
    [before] = cookie_writes(at)
    sample.set_role("bob", "viewer")
    at.run()
    assert "Signed in as **bob** (viewer)" in signed_in_as(at)
    [after] = cookie_writes(at)
    assert after["token"] != before["token"]
    assert sample.coder_for_token(before["token"]) is None
    assert sample.coder_for_token(after["token"]).role.value == "viewer"


def test_remember_sign_in_can_be_switched_off(sample, open_page, team):
    team.setenv("REALIST_REMEMBER_SIGNIN", "0")
    browser_cookie(team, sample.session_token("bob", 60))
    at = open_page()
    assert at.title[0].value == "Sign in"
    sign_in_with_password(at)
    assert "Signed in as **bob**" in signed_in_as(at)
    assert cookie_writes(at) == []
    at.sidebar.button(key="rl_sign_out").click()
    at.run()
    assert cookie_writes(at) == []


def test_a_local_session_has_no_cookie(sample, open_page, monkeypatch):
    browser_cookie(monkeypatch, sample.session_token("bob", 60))
    at = open_page()
    assert "Signed in as **alice** (owner)" in signed_in_as(at)
    assert cookie_writes(at) == []


def test_signing_out_in_one_tab_signs_the_others_out_and_voids_their_cookie(
    sample, open_page, team
):
    token = sample.session_token("bob", 60)
    browser_cookie(team, token)
    here, there = open_page(), open_page()
    assert "Signed in as **bob**" in signed_in_as(there)
    here.sidebar.button(key="rl_sign_out").click()
    here.run()
    assert here.title[0].value == "Sign in"
    # The other tab's next run (its revision poll, or the coder clicking) signs it out.
    there.run()
    assert there.title[0].value == "Sign in"
    assert "signed out in another tab or browser" in texts(there)
    # A third tab that still holds the old cookie is not signed back in.
    assert open_page().title[0].value == "Sign in"
    assert sample.coder_for_token(token) is None
