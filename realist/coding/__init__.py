"""Coding frames, quote placement and coding reads: pure functions over model objects.

The project methods that store them live in :mod:`realist.project.frames`.
"""

from __future__ import annotations

from realist.coding.frames import Frame, FrameCode, FrameError, dump_frame, load_frame, loads_frame

__all__ = ["Frame", "FrameCode", "FrameError", "dump_frame", "load_frame", "loads_frame"]
