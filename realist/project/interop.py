"""Project methods for interop: see the capability package for the work itself."""

from __future__ import annotations

from realist.project.core import CoreMixin


class InteropMixin(CoreMixin):
    """Interop methods of :class:`realist.Project`."""
