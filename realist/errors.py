"""Errors a user can act on. Every message says what happened and what to do next.

Each class carries a short ``code`` (``R001`` ...) so a message can be looked up in the docs.

Examples
--------
>>> err = StaleVersionError("memo", 3, expected=1, current=2)
>>> err.code
'R004'
>>> "reload" in str(err)
True
"""

from __future__ import annotations

from typing import Any


class RealistError(Exception):
    """Base class for errors meant for the person using the toolkit."""

    code = "R000"

    def __str__(self) -> str:
        return f"{super().__str__()} [{self.code}]"


class ProjectNotFound(RealistError):
    """The path or URL does not name a realist project."""

    code = "R001"


class PermissionDenied(RealistError):
    """The current coder's role does not allow this."""

    code = "R002"


class NotFound(RealistError):
    """A document, code, coder or record does not exist (or was deleted)."""

    code = "R003"


class StaleVersionError(RealistError):
    """Someone else changed the record since it was read: the update is refused.

    ``current`` holds the newer record where the caller can show it.
    """

    code = "R004"

    def __init__(
        self,
        entity: str,
        entity_id: int,
        *,
        expected: int,
        current: int | None,
        record: Any = None,
    ) -> None:
        self.entity = entity
        self.entity_id = entity_id
        self.expected = expected
        self.current = current
        self.record = record
        super().__init__(
            f"{entity} {entity_id} was changed by someone else (you edited version {expected}, "
            f"it is now at version {current}): reload it, merge your change and save again"
        )


class InvalidSpan(RealistError):
    """A span is empty, reversed or outside its document's text."""

    code = "R005"


class ValidationError(RealistError):
    """A value is not acceptable (a name already taken, a missing outcome, ...)."""

    code = "R006"


class ImportFailed(RealistError):
    """A file could not be imported; nothing of it was stored."""

    code = "R007"

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class SchemaError(RealistError):
    """The database is not a realist project, or is newer than this version of realist."""

    code = "R008"


class StorageError(RealistError):
    """The database refused a change (a constraint, a lost connection); nothing of it was
    stored."""

    code = "R009"
