"""Short sentences about what an operation returned, for messages in the app."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def describe_result(result: Any, fallback: str) -> str:
    """One line about ``result``: its own summary when it has one, else counts, else ``fallback``.

    >>> describe_result({"documents": 2, "codings": 5}, "Done.")
    'Done. documents: 2, codings: 5'
    >>> describe_result([1, 2, 3], "Imported.")
    'Imported. 3 item(s).'
    """
    for attr in ("summary", "message"):
        member = getattr(result, attr, None)
        if callable(member):
            member = member()
        if isinstance(member, str) and member:
            return member
    if isinstance(result, Mapping):
        parts = [f"{k}: {v}" for k, v in result.items() if isinstance(v, (int, float, str))]
        return f"{fallback} {', '.join(parts)}" if parts else fallback
    if isinstance(result, Sequence) and not isinstance(result, str):
        return f"{fallback} {len(result)} item(s)."
    return fallback
