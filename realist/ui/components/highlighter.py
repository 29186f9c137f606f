"""The transcript highlighter: one component instance holding the whole document.

All text, turns, highlights and search matches travel as one data payload (see
:func:`realist.ui.transcript.transcript_payload`), so a long transcript with
thousands of codings is one element on the page, not thousands.

State it reports back (readable in ``st.session_state[key]``):

``selection``
    ``{"document_id", "start", "end", "text", "nonce"}`` in code points.
``clicked``
    ``{"ids": [coding ids], "nonce"}`` when a highlight is clicked.

Trigger ``apply`` carries a selection plus ``code_ids`` when codes are picked in
the in-text picker.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import streamlit as st

COMPONENT_NAME = "realist.transcript_highlighter"


@cache
def _assets() -> tuple[str, str]:
    folder = resources.files("realist.ui.components")
    js = folder.joinpath("highlighter.js").read_text(encoding="utf-8")
    css = folder.joinpath("highlighter.css").read_text(encoding="utf-8")
    return js, css


@cache
def _renderer() -> Any:
    js, css = _assets()
    return st.components.v2.component(COMPONENT_NAME, html="", css=css, js=js, isolate_styles=False)


def _noop() -> None:
    return None


def highlighter(
    data: dict[str, Any],
    *,
    key: str,
    on_selection: Callable[[], None] = _noop,
    on_clicked: Callable[[], None] = _noop,
    on_apply: Callable[[], None] = _noop,
) -> Any:
    """Draw the transcript and return the component result (selection, clicked, apply)."""
    return _renderer()(
        key=key,
        data=json.dumps(data, separators=(",", ":"), ensure_ascii=False),
        default={"selection": None, "clicked": None},
        on_selection_change=on_selection,
        on_clicked_change=on_clicked,
        on_apply_change=on_apply,
    )
