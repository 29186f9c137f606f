"""Project methods for synthesis: see the capability package for the work itself."""

from __future__ import annotations

from realist.project.core import CoreMixin


class SynthesisMixin(CoreMixin):
    """Synthesis methods of :class:`realist.Project`."""
