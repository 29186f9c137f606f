"""The demo study: a fictional Family Preservation and Reunification Response evaluation.

:func:`build_demo` writes a fully worked project from the shipped corpus (six focus
groups, a roster, a coding frame and a worked analysis); ``realist demo PATH`` runs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from realist.demo.build import PASSWORD, build_demo
    from realist.demo.corpus import corpus_files, load_sources, roster_path

__all__ = ["PASSWORD", "build_demo", "corpus_files", "load_sources", "roster_path"]

_HOMES = {
    "PASSWORD": "realist.demo.build",
    "build_demo": "realist.demo.build",
    "corpus_files": "realist.demo.corpus",
    "load_sources": "realist.demo.corpus",
    "roster_path": "realist.demo.corpus",
}


def __getattr__(name: str) -> Any:
    """Load the public names on first use, so ``python -m realist.demo.corpus`` runs cleanly."""
    if name not in _HOMES:
        raise AttributeError(f"module 'realist.demo' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
