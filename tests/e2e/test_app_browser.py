"""The app in a real Chromium: what a new researcher does, and two coders at once."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import realist
from realist.ui.sample import PASSWORD, build_sample
from tests.e2e.conftest import screenshot, wait_ready

pytestmark = pytest.mark.browser

PAGES = [
    "Project",
    "Documents",
    "Code",
    "CMOCs",
    "Demi-regularities",
    "Agreement",
    "Export",
    "Team",
]


def go(page: Any, title: str) -> None:
    page.locator("[data-testid=stSidebarNav] a", has_text=title).first.click()
    page.wait_for_timeout(200)
    wait_ready(page)


def sign_in(page: Any, url: str, name: str) -> None:
    page.goto(url)
    wait_ready(page)
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("[data-testid=stSidebarNav]")
    wait_ready(page)


def sign_out(page: Any) -> None:
    """Click Sign out until the sign-in form shows: on a loaded machine a click can land
    while the page is rerunning and be dropped with the old button."""
    for _ in range(3):
        wait_ready(page)
        page.get_by_role("button", name="Sign out").click()
        try:
            page.get_by_role("button", name="Sign in").wait_for(timeout=15000)
            return
        except PlaywrightTimeout:
            continue
    page.get_by_role("button", name="Sign in").wait_for(timeout=15000)


def select_words(page: Any, words: str) -> None:
    """Drag the mouse over ``words`` inside one highlighter segment."""
    segment = page.locator(".rl-seg", has_text=words).first
    segment.scroll_into_view_if_needed()
    text = segment.text_content() or ""
    # The browser's Range counts UTF-16 units.
    offset = len(text[: text.index(words)].encode("utf-16-le")) // 2
    box = page.evaluate(
        """([el, a, b]) => {
            const node = el.firstChild; const r = document.createRange();
            r.setStart(node, a); r.setEnd(node, a + 1); const s = r.getBoundingClientRect();
            r.setStart(node, b - 1); r.setEnd(node, b); const e = r.getBoundingClientRect();
            return {x0: s.left + 1, y0: s.top + s.height / 2, x1: e.right - 1, y1: e.top + e.height / 2};
        }""",
        [segment.element_handle(), offset, offset + len(words.encode("utf-16-le")) // 2],
    )
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, (box["y0"] + box["y1"]) / 2, steps=4)
    page.mouse.move(box["x1"], box["y1"], steps=4)
    page.mouse.up()


def codings_shown(page: Any) -> int:
    return int(page.locator(".rl-hl").get_attribute("data-codings") or 0)


def apply_code(page: Any, words: str, code: str) -> None:
    before = codings_shown(page)
    select_words(page, words)
    page.wait_for_selector(".rl-picker:not([hidden])")
    page.locator(".rl-code", has_text=code).click()
    page.locator(".rl-apply").click()
    page.wait_for_function(f"Number(document.querySelector('.rl-hl').dataset.codings) > {before}")


@pytest.fixture
def sample_path(tmp_path: Path) -> str:
    path = tmp_path / "pilot.realist"
    build_sample(path).close()
    return str(path)


def test_sign_in_then_every_page(sample_path, serve, new_page):
    server = serve(sample_path, team=True)
    page = new_page()
    page.goto(server.url)
    wait_ready(page)
    screenshot(page, "sign-in")
    page.get_by_role("textbox", name="Name").fill("alice")
    page.get_by_role("textbox", name="Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("do not match").wait_for()
    sign_in(page, server.url, "alice")
    assert page.locator("h1", has_text="Family preservation pilot").is_visible()
    names = {"Project": "home", "Demi-regularities": "demi-regularities"}
    for title in PAGES:
        go(page, title)
        assert page.locator("[data-testid=stException]").count() == 0, title
        screenshot(page, names.get(title, title.lower()))
    sign_out(page)


def signed_in_as(page: Any) -> str | None:
    """Who the page shows as signed in, or None when it shows the sign-in form."""
    wait_ready(page)
    page.wait_for_selector("[data-testid=stSidebarNav], button:has-text('Sign in')")
    wait_ready(page)
    if page.get_by_role("button", name="Sign in").count():
        return None
    caption = page.locator("[data-testid=stSidebar]").get_by_text("Signed in as").first
    return (caption.text_content() or "").split("Signed in as", 1)[1].split("(")[0].strip()


def session_cookie(context: Any) -> dict[str, Any] | None:
    found = [c for c in context.cookies() if c["name"] == "realist_session"]
    return found[0] if found else None


def test_a_sign_in_survives_a_reload_and_a_new_tab_until_sign_out_everywhere(
    sample_path, serve, new_page
):
    server = serve(sample_path, team=True)
    page = new_page()
    sign_in(page, server.url, "alice")
    page.wait_for_function("document.cookie.includes('realist_session=v1.')")
    cookie = session_cookie(page.context)
    assert cookie is not None
    assert (cookie["path"], cookie["sameSite"], cookie["httpOnly"], cookie["secure"]) == (
        "/",
        "Strict",
        False,
        False,  # plain http here; the page adds Secure on https
    )
    assert 3300 < cookie["expires"] - time.time() <= 3605
    page.reload()
    assert signed_in_as(page) == "alice"
    assert page.locator("h1", has_text="Family preservation pilot").is_visible()
    second = page.context.new_page()
    second.goto(server.url)
    assert signed_in_as(second) == "alice"
    stranger = new_page()
    stranger.goto(server.url)
    assert signed_in_as(stranger) is None
    elsewhere = new_page()  # alice in another browser
    sign_in(elsewhere, server.url, "alice")
    sign_out(page)
    page.wait_for_function("!document.cookie.includes('realist_session=')")
    assert session_cookie(page.context) is None
    page.reload()
    assert signed_in_as(page) is None
    assert page.locator("[data-testid=stException]").count() == 0
    # Signing out ends alice's other tab and other browser too, within the revision poll.
    for other in (second, elsewhere):
        other.get_by_text("signed out in another tab or browser").wait_for(timeout=30000)
        assert signed_in_as(other) is None


def test_import_a_docx(sample_path, serve, new_page, tmp_path):
    if not hasattr(realist.Project, "import_files"):
        pytest.skip("this version of realist has no import_files yet")
    import docx

    document = docx.Document()
    for speaker, words in [
        ("Facilitator", "How did the first visit go?"),
        ("P7", "She opened the door the second time, and that was the start."),
    ]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{speaker}:").bold = True
        paragraph.add_run(f" {words}")
    path = tmp_path / "Focus group 3.docx"
    document.save(path)
    server = serve(sample_path)
    page = new_page()
    page.goto(server.url)
    wait_ready(page)
    go(page, "Documents")
    page.get_by_role("tab", name="Import").click()
    page.locator("[data-testid=stForm] [data-testid=stFileUploaderDropzoneInput]").set_input_files(
        str(path)
    )
    page.get_by_text("Focus group 3.docx").wait_for()
    page.get_by_role("button", name="Import").click()
    page.locator("[data-testid=stAlertContentSuccess]").wait_for(timeout=60000)
    wait_ready(page)
    screenshot(page, "import")
    go(page, "Code")
    page.locator("[data-testid=stSelectbox]").first.click()
    page.get_by_role("option").filter(has_text="Focus group 3").click()
    wait_ready(page)
    page.locator(".rl-seg", has_text="opened the door").wait_for()


def test_select_with_the_mouse_and_apply_a_code(sample_path, serve, new_page):
    server = serve(sample_path)
    page = new_page()
    page.goto(server.url)
    wait_ready(page)
    go(page, "Code")
    apply_code(page, "Staff stress", "Staff stress")
    mark = page.locator(".rl-mark", has_text="Staff stress").first
    mark.wait_for()
    project = realist.open_project(sample_path)
    doc = project.documents()[0]
    found = [c for c in project.codings() if doc.text[c.start : c.end] == "Staff stress"]
    assert [project.code(c.code_id).name for c in found] == ["Staff stress"]
    mark.click()
    page.get_by_role("button", name="Remove").wait_for()
    screenshot(page, "code-details")


def test_build_a_cmoc(sample_path, serve, new_page):
    server = serve(sample_path)
    page = new_page()
    page.goto(server.url)
    wait_ready(page)
    go(page, "Code")
    for words, role in [
        ("two workers left", "C: context"),
        ("the rest of us carried twelve families each", "M-resource"),
        ("the intensive work just stopped happening", "O: outcome"),
    ]:
        select_words(page, words)
        page.keyboard.press("Escape")
        wait_ready(page)
        page.get_by_text(words).last.wait_for()
        box = page.locator("[data-testid=stSelectbox]").filter(
            has=page.locator("input[aria-label*='Evidence role']")
        )
        box = box if box.count() else page.locator("[data-testid=stSelectbox]").last
        box.click()
        page.get_by_role("option", name=role).click()
        wait_ready(page)
        page.get_by_role("button", name="Add to CMOC").click()
        wait_ready(page)
    go(page, "CMOCs")
    form = page.locator("[data-testid=stForm]").filter(has_text="Save CMOC")
    form.get_by_label("Label").fill("Staff turnover stops intensive work")
    form.get_by_label("Statement").fill(
        "If workers leave (C), then intensive work stops (O), "
        "because caseloads double (M-resource)."
    )
    form.get_by_role("button", name="Save CMOC").click()
    page.get_by_text("Staff turnover stops intensive work").first.wait_for()
    wait_ready(page)
    screenshot(page, "cmocs")
    project = realist.open_project(sample_path)
    made = [c for c in project.cmocs() if c.label == "Staff turnover stops intensive work"]
    assert len(made) == 1 and len(made[0].evidence) == 3


def test_read_the_demi_regularity_table_and_download_the_docx(
    sample_path, serve, new_page, tmp_path
):
    project = realist.open_project(sample_path, coder="alice")
    project.add_demi_regularity(
        "Time to build trust",
        [c.id for c in project.cmocs()],
        context="Low caseloads",
        outcome="Engagement",
        level="family",
    )
    server = serve(sample_path)
    page = new_page()
    page.goto(server.url)
    wait_ready(page)
    go(page, "Demi-regularities")
    table = page.locator("[data-testid=stTable]")
    table.wait_for()
    assert "Time to build trust" in table.inner_text()
    assert "Low caseloads" in table.inner_text()
    screenshot(page, "demi-regularities")
    go(page, "Export")
    prepare = page.get_by_role("button", name="Prepare")
    if prepare.count() and page.get_by_text("Demi-regularity table (Word)").count():
        row = page.locator("[data-testid=stHorizontalBlock]").filter(
            has_text="Demi-regularity table (Word)"
        )
        row.get_by_role("button", name="Prepare").click()
        wait_ready(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=".docx").first.click()
    data = Path(info.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "Time to build trust" in body


@pytest.mark.postgres
def test_two_coders_on_two_app_processes_see_each_other(pg_url, serve, new_page):
    build_sample(pg_url).close()
    first, second = serve(pg_url, team=True), serve(pg_url, team=True)
    alice, bob = new_page(), new_page()
    sign_in(alice, first.url, "alice")
    sign_in(bob, second.url, "bob")
    for page in (alice, bob):
        go(page, "Code")
    seen_by_bob = codings_shown(bob)
    apply_code(alice, "Staff stress", "Staff stress")
    bob.wait_for_function(
        f"Number(document.querySelector('.rl-hl').dataset.codings) > {seen_by_bob}", timeout=10000
    )
    bob.locator(".rl-mark", has_text="Staff stress").first.wait_for()
    seen_by_alice = codings_shown(alice)
    apply_code(bob, "came back", "Engagement") if bob.locator(
        ".rl-seg", has_text="came back"
    ).count() else apply_code(bob, "housing quickly", "Engagement")
    alice.wait_for_function(
        f"Number(document.querySelector('.rl-hl').dataset.codings) > {seen_by_alice}", timeout=10000
    )
    screenshot(alice, "two-coders-alice")
    screenshot(bob, "two-coders-bob")


def test_offsets_after_emoji_are_code_points(tmp_path, serve, new_page):
    """The browser counts UTF-16 units; stored offsets must be code points."""
    import hashlib

    from realist.model import DocumentDraft, TurnDraft

    path = tmp_path / "emoji.realist"
    project = realist.init_project(str(path), name="Emoji", owner="alice")
    project.add_code("joy", "Joy")
    words = "She sent 🙂🙂 and 𝒳 then said thank you for coming back."
    text = f"P1: {words}"
    project.add_document(
        DocumentDraft(
            name="chat",
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            turns=(TurnDraft("P1", 4, len(text)),),
        )
    )
    project.close()
    server = serve(str(path))
    page = new_page()
    page.goto(server.url)
    wait_ready(page)
    go(page, "Code")
    apply_code(page, "thank you for coming back", "Joy")
    apply_code(page, "🙂🙂 and 𝒳", "Joy")
    project = realist.open_project(str(path))
    text = project.documents()[0].text
    assert sorted(text[c.start : c.end] for c in project.codings()) == [
        "thank you for coming back",
        "🙂🙂 and 𝒳",
    ]


def test_apply_to_selection_from_the_side_panel(sample_path, serve, new_page):
    """Codes picked in the side panel survive the runs while the mouse moves there."""
    server = serve(sample_path)
    page = new_page()
    page.goto(server.url)
    wait_ready(page)
    go(page, "Code")
    before = codings_shown(page)
    select_words(page, "Staff stress")
    page.wait_for_selector(".rl-picker:not([hidden])")
    page.get_by_text("Apply to selection").wait_for()
    wait_ready(page)
    box = page.locator("[data-testid=stMultiSelect]", has_text="Codes").last
    box.click()
    page.get_by_role("option", name="Staff stress").first.click()
    page.keyboard.press("Escape")
    wait_ready(page)
    page.get_by_role("button", name="Apply to selection").click()
    page.wait_for_function(
        f"Number(document.querySelector('.rl-hl').dataset.codings) > {before}", timeout=15000
    )
    project = realist.open_project(sample_path)
    doc = project.documents()[0]
    found = [c for c in project.codings() if doc.text[c.start : c.end] == "Staff stress"]
    assert found
