"""Project methods for agreement: see the capability package for the work itself."""

from __future__ import annotations

from realist.project.core import CoreMixin


class AgreementMixin(CoreMixin):
    """Agreement methods of :class:`realist.Project`."""
