"""What importing one file did."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from realist.model import Document

__all__ = ["ImportResult", "ImportStatus"]


class ImportStatus(StrEnum):
    """The outcome for one file."""

    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """One file's outcome: the stored document, or why nothing was stored.

    Examples
    --------
    >>> r = ImportResult("fg1.docx", ImportStatus.FAILED, reason="is empty (0 bytes)")
    >>> r.ok, r.summary()
    (False, 'fg1.docx: failed: is empty (0 bytes)')
    """

    path: str
    status: ImportStatus
    document: Document | None = None
    reason: str = ""
    turns: int = 0
    speakers: tuple[str, ...] = ()
    codings: int = 0
    codes_created: tuple[str, ...] = ()
    coders_created: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True unless the file failed (a duplicate is not a failure)."""
        return self.status is not ImportStatus.FAILED

    def summary(self) -> str:
        """One line for a person: what happened to this file."""
        if self.status is ImportStatus.FAILED:
            return f"{self.path}: failed: {self.reason}"
        name = self.document.name if self.document else "?"
        if self.status is ImportStatus.DUPLICATE:
            return f"{self.path}: already in the project as {name!r} (same content); skipped"
        parts = [f"{self.turns} turns", f"{len(self.speakers)} speakers"]
        if self.codings:
            parts.append(f"{self.codings} codings from Word comments")
        if self.codes_created:
            parts.append(f"new codes: {', '.join(self.codes_created)}")
        if self.coders_created:
            parts.append(f"new coders: {', '.join(self.coders_created)}")
        if self.warnings:
            parts.append(f"{len(self.warnings)} warnings")
        return f"{self.path}: imported as {name!r} ({'; '.join(parts)})"
