"""Searching a long transcript brings the first match into view."""

from __future__ import annotations

import hashlib
from pathlib import Path

import realist
from realist.model import DocumentDraft, TurnDraft
from tests.e2e.conftest import wait_ready


def _long_project(path: Path) -> str:
    project = realist.init_project(str(path), name="Long", owner="ana")
    parts, turns, pos = [], [], 0
    for i in range(240):
        words = "we talked about the week and the plan" if i != 230 else "the Wombat came up"
        label = f"P{1 + i % 5}: "
        text = f"{words} again, turn {i}."
        turns.append(
            TurnDraft(speaker=label[:-2], start=pos + len(label), end=pos + len(label) + len(text))
        )
        parts.append(label + text + "\n")
        pos += len(label) + len(text) + 1
    body = "".join(parts)
    project.add_document(
        DocumentDraft("long", body, hashlib.sha256(body.encode()).hexdigest(), turns=tuple(turns))
    )
    project.close()
    return str(path)


def test_search_scrolls_the_first_match_into_view(serve, new_page, tmp_path):
    server = serve(_long_project(tmp_path / "long.realist"))
    page = new_page()
    page.goto(f"{server.url}/code")
    page.wait_for_selector(".rl-hl .rl-turn")
    wait_ready(page)
    page.get_by_label("Search this transcript").fill("Wombat")
    page.keyboard.press("Enter")
    page.wait_for_selector(".rl-match")
    page.wait_for_function(
        """() => {
            const root = document.querySelector('.rl-hl').getBoundingClientRect();
            const hit = document.querySelector('.rl-match').getBoundingClientRect();
            return hit.top >= root.top && hit.bottom <= root.bottom;
        }""",
        timeout=10000,
    )
