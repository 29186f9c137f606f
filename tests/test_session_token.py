"""Remembered sign-in: session tokens made and checked by the project, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import realist
from realist.errors import NotFound, PermissionDenied, ValidationError
from realist.project.people import SESSION_SECRET
from realist.store import coders as coder_store
from realist.store import meta, tx

PASSWORD = "correct horse battery"


@pytest.fixture
def team(project: realist.Project) -> realist.Project:
    """The owner and a coder, both with passwords."""
    project.set_password("owner", PASSWORD)
    project.add_coder("bea", "coder", password=PASSWORD)
    return project


def _deactivate(project: realist.Project, name: str) -> None:
    # The project has no method for this yet; the store does it the way one would.
    coder = project.get_coder(name)
    with tx.write(
        project._engine,
        coder_id=None,
        coder_name="test",
        action="coder.deactivate",
        entity="coder",
    ) as w:
        coder_store.update_coder(w.conn, coder.id, active=False)


def _stored_secret(project: realist.Project) -> object:
    with tx.read(project._engine) as conn:
        return meta.get_setting(conn, SESSION_SECRET)


def test_a_valid_token_signs_the_coder_in_on_any_process(team: realist.Project) -> None:
    token = team.session_token("bea", minutes=60)
    coder = team.coder_for_token(token)
    assert coder is not None and coder.name == "bea" and coder.role.value == "coder"
    assert team.session_token(coder, 5) != "" and team.session_token(coder.id, 5)
    other = realist.open_project(team.url)  # a second app process, read-only
    try:
        again = other.coder_for_token(token)
        assert again is not None and again.name == "bea"
        assert other.coder_for_token(other.session_token("bea", 5)) == coder
    finally:
        other.close()


def test_the_secret_is_made_once_hidden_and_never_in_the_token(team: realist.Project) -> None:
    assert _stored_secret(team) is None
    before = team.revision
    token = team.session_token("owner", 60)
    secret = _stored_secret(team)
    assert isinstance(secret, str) and len(secret) >= 40
    assert team.revision == before + 1
    assert team.log(1)[0].action == "session.setup"
    assert secret not in str(team.log(1)[0].detail)
    team.session_token("bea", 60)
    assert team.revision == before + 1  # no write once the secret exists
    assert SESSION_SECRET not in team.settings()
    assert secret not in token


def test_a_viewer_signing_in_first_can_make_the_secret(team: realist.Project) -> None:
    team.add_coder("vic", "viewer", password=PASSWORD)
    readonly = realist.open_project(team.url)
    try:
        token = readonly.session_token("vic", 60)
        found = readonly.coder_for_token(token)
        assert found is not None and found.name == "vic"
        assert team.log(1)[0].coder_name == "vic"
    finally:
        readonly.close()


def test_an_expired_token_is_refused(team: realist.Project) -> None:
    token = team.session_token("bea", minutes=1)
    now = time.time()
    assert team.coder_for_token(token, now=now + 30) is not None
    assert team.coder_for_token(token, now=now + 61) is None
    assert team.coder_for_token(token, now=now + 10 * 3600) is None


def test_a_tampered_token_is_refused(team: realist.Project) -> None:
    token = team.session_token("bea", minutes=60)
    version, coder_id, issued, expires, fingerprint, signature = token.split(".")
    owner_id = str(team.get_coder("owner").id)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    forged = [
        ".".join([version, owner_id, issued, expires, fingerprint, signature]),
        ".".join([version, coder_id, issued, str(int(expires) + 86400), fingerprint, signature]),
        ".".join([version, coder_id, issued, expires, "A" * 22, signature]),
        ".".join([version, coder_id, issued, expires, fingerprint, flipped]),
        ".".join(["v2", coder_id, issued, expires, fingerprint, signature]),
        token[:-1],
        token + "A",
        token + ".",
        " " + token,
        token.replace(coder_id, "\N{ARABIC-INDIC DIGIT TWO}", 1),
        "",
        "v1....",
        "x" * 5000,
    ]
    for bad in forged:
        assert team.coder_for_token(bad) is None, bad
    assert team.coder_for_token(None) is None
    assert team.coder_for_token(12345) is None  # type: ignore[arg-type]
    assert team.coder_for_token(token) is not None


def test_a_new_password_voids_earlier_tokens(team: realist.Project) -> None:
    token = team.session_token("bea", minutes=60)
    team.set_password("bea", "a new passphrase")
    assert team.coder_for_token(token) is None
    fresh = team.session_token("bea", minutes=60)
    assert team.coder_for_token(fresh) is not None


def test_deactivation_and_a_changed_role_void_tokens(team: realist.Project) -> None:
    bea = team.session_token("bea", minutes=60)
    owner = team.session_token("owner", minutes=60)
    _deactivate(team, "bea")
    assert team.coder_for_token(bea) is None
    with pytest.raises(PermissionDenied, match="cannot sign in"):
        team.session_token("bea", 60)
    assert team.coder_for_token(owner) is not None
    team.add_coder("cal", "lead", password=PASSWORD)
    cal = team.session_token("cal", minutes=60)
    team.set_role("cal", "viewer")
    assert team.coder_for_token(cal) is None
    assert team.coder_for_token(team.session_token("cal", 60)) is not None


def test_a_token_from_another_project_is_refused(team: realist.Project, tmp_path: Path) -> None:
    team.session_token("owner", 60)  # this project has its secret
    other = realist.init_project(tmp_path / "other.realist", owner="owner", password=PASSWORD)
    try:
        other.add_coder("bea", "coder", password=PASSWORD)
        foreign = other.session_token("bea", 60)
        assert other.coder_for_token(foreign) is not None
        assert team.coder_for_token(foreign) is None
        assert other.coder_for_token(team.session_token("bea", 60)) is None
    finally:
        other.close()


def test_a_project_without_a_secret_accepts_no_token(team: realist.Project) -> None:
    token = team.session_token("bea", 60)
    with tx.write(
        team._engine, coder_id=None, coder_name="test", action="setting.set", entity="settings"
    ) as w:
        meta.set_setting(w.conn, SESSION_SECRET, None)
    assert team.coder_for_token(token) is None


def test_bad_arguments_say_what_is_wrong(team: realist.Project) -> None:
    for minutes in (0, -5, float("nan"), float("inf")):
        with pytest.raises(ValidationError):
            team.session_token("bea", minutes)
    with pytest.raises(ValidationError):
        team.session_token("bea", "60")  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        team.session_token("nobody", 60)
    team.add_coder("dan", "coder")  # no password: cannot sign in, so no token
    with pytest.raises(PermissionDenied):
        team.session_token("dan", 60)


def test_two_processes_signing_in_at_once_share_one_secret(team: realist.Project) -> None:
    handles = [realist.open_project(team.url) for _ in range(4)]
    start = threading.Barrier(len(handles))

    def sign_in(handle: realist.Project) -> str:
        start.wait()
        return handle.session_token("bea", 60)

    try:
        with ThreadPoolExecutor(len(handles)) as pool:
            tokens = list(pool.map(sign_in, handles))
        for handle in handles:
            for token in tokens:
                assert handle.coder_for_token(token) is not None
    finally:
        for handle in handles:
            handle.close()


def test_signing_out_everywhere_voids_every_earlier_token(team: realist.Project) -> None:
    bea = team.with_coder("bea")
    first, second = team.session_token("bea", 60), team.session_token("bea", 60)
    owners = team.session_token("owner", 60)
    assert team.session_epoch("bea") == 0
    assert bea.end_sessions() == 1
    assert team.coder_for_token(first) is None and team.coder_for_token(second) is None
    assert team.coder_for_token(owners).name == "owner", "other coders keep their sessions"
    assert team.coder_for_token(team.session_token("bea", 60)).name == "bea"
    assert team.session_epoch("bea") == 1
    [event] = [e for e in team.log(None) if e.action == "session.end"]
    assert event.coder_name == "bea" and event.detail == {"coder": "bea"}


def test_only_the_coder_or_a_lead_ends_a_coders_sessions(team: realist.Project) -> None:
    team.add_coder("cal", "coder", password=PASSWORD)
    with pytest.raises(PermissionDenied, match="only bea or a lead"):
        team.with_coder("cal").end_sessions("bea")
    with pytest.raises(PermissionDenied, match="nobody to sign out"):
        realist.open_project(team.url).end_sessions()
    assert team.end_sessions("bea") == 1  # the owner may
    assert team.session_epoch("cal") == 0
