"""Project methods for ingest: see the capability package for the work itself."""

from __future__ import annotations

from realist.project.core import CoreMixin


class IngestMixin(CoreMixin):
    """Ingest methods of :class:`realist.Project`."""
