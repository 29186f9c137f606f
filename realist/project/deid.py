"""Project methods for deid: see the capability package for the work itself."""

from __future__ import annotations

from realist.project.core import CoreMixin


class DeidMixin(CoreMixin):
    """Deid methods of :class:`realist.Project`."""
