"""Coding frames, quote placement, coding reads and CMOC assembly: pure functions over
model objects and DataFrames.

The project methods that store them live in :mod:`realist.project.frames`.
"""

from __future__ import annotations

from realist.coding.cmoc import draft_statement, evidence_from_codings, statement
from realist.coding.frames import (
    Frame,
    FrameCode,
    FrameError,
    dump_frame,
    load_frame,
    loads_frame,
    shipped_frame_path,
    shipped_frames,
)
from realist.coding.locate import Placement, QuoteLocator
from realist.coding.quotes import QuoteImportReport, QuoteRow, place_quotes, read_quote_sheet
from realist.coding.reads import cooccurrence, filter_excerpts

__all__ = [
    "Frame",
    "FrameCode",
    "FrameError",
    "Placement",
    "QuoteImportReport",
    "QuoteLocator",
    "QuoteRow",
    "cooccurrence",
    "draft_statement",
    "dump_frame",
    "evidence_from_codings",
    "filter_excerpts",
    "load_frame",
    "loads_frame",
    "place_quotes",
    "read_quote_sheet",
    "shipped_frame_path",
    "shipped_frames",
    "statement",
]
