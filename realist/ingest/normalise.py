"""Normalise text to NFC with ``\\n`` line ends, and keep a map back to the source.

Everything in a project points into a document's text by code-point offsets, so the text
is normalised once, at import. Formats that carry their own offsets (Word comment ranges)
are located in the raw text first and moved into the normalised text with an
:class:`OffsetMap`.

Examples
--------
>>> text, offsets = normalise_with_map("Cafe\\u0301\\r\\nP1: yes")
>>> text
'Café\\nP1: yes'
>>> offsets.to_normalised(7), text[offsets.to_normalised(7):]
(5, 'P1: yes')
"""

from __future__ import annotations

import bisect
import re
import unicodedata

__all__ = ["OffsetMap", "normalise", "normalise_with_map"]

# Line breaks of every kind become "\n"; other control characters (except tab) are dropped.
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufeff\ufffe\uffff]")
_CLEAN = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029\x00-\x08\x0e-\x1f\x7f\ufeff\ufffe\uffff]")


def normalise(text: str) -> str:
    """Return ``text`` in NFC with ``\\n`` line ends and no stray control characters.

    Examples
    --------
    >>> normalise("line one\\r\\nline two\\rline three\\x00")
    'line one\\nline two\\nline three'
    """
    text = _BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


class OffsetMap:
    """Maps offsets in a raw text to offsets in its normalised form.

    The raw and normalised texts are cut into aligned pieces; an offset inside a piece
    that normalisation changed maps to that piece's start (for a span's start) or end
    (for a span's end), so a span never shrinks below what the source marked.
    """

    __slots__ = ("_norm", "_raw", "normalised_length", "raw_length")

    def __init__(self, raw_bounds: list[int], norm_bounds: list[int]) -> None:
        self._raw = raw_bounds
        self._norm = norm_bounds
        self.raw_length = raw_bounds[-1] if raw_bounds else 0
        self.normalised_length = norm_bounds[-1] if norm_bounds else 0

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """A map for a text that normalisation left unchanged."""
        return cls([0, length], [0, length])

    def to_normalised(self, raw_offset: int, *, end: bool = False) -> int:
        """The normalised offset for ``raw_offset`` (``end=True`` rounds up inside a
        changed piece)."""
        if len(self._raw) < 2:
            return 0
        raw_offset = max(0, min(raw_offset, self.raw_length))
        i = min(bisect.bisect_right(self._raw, raw_offset) - 1, len(self._raw) - 2)
        r0, r1 = self._raw[i], self._raw[i + 1]
        n0, n1 = self._norm[i], self._norm[i + 1]
        if raw_offset == r0:
            return n0
        if r1 - r0 == n1 - n0:  # an unchanged piece maps one to one
            return n0 + (raw_offset - r0)
        return n1 if end else n0


def normalise_with_map(raw: str) -> tuple[str, OffsetMap]:
    """Normalise ``raw`` like :func:`normalise` and return the map of offsets.

    Examples
    --------
    >>> text, offsets = normalise_with_map("a\\r\\nb")
    >>> text, offsets.to_normalised(3)
    ('a\\nb', 2)
    """
    pieces: list[str] = []
    raw_bounds = [0]
    norm_bounds = [0]
    pos = 0
    npos = 0

    def plain(segment: str, seg_start: int) -> None:
        nonlocal npos
        if not segment:
            return
        if unicodedata.is_normalized("NFC", segment):
            pieces.append(segment)
            npos += len(segment)
            raw_bounds.append(seg_start + len(segment))
            norm_bounds.append(npos)
            return
        for c_start, cluster in _clusters(segment):
            out = unicodedata.normalize("NFC", cluster)
            pieces.append(out)
            npos += len(out)
            raw_bounds.append(seg_start + c_start + len(cluster))
            norm_bounds.append(npos)

    for match in _CLEAN.finditer(raw):
        plain(raw[pos : match.start()], pos)
        token = match.group()
        replacement = "" if _CONTROLS.fullmatch(token) else "\n"
        pieces.append(replacement)
        npos += len(replacement)
        raw_bounds.append(match.end())
        norm_bounds.append(npos)
        pos = match.end()
    plain(raw[pos:], pos)
    return "".join(pieces), OffsetMap(raw_bounds, norm_bounds)


def _clusters(segment: str) -> list[tuple[int, str]]:
    """Cut ``segment`` where NFC of the whole equals the NFC of the parts joined."""
    clusters: list[tuple[int, str]] = []
    start = 0
    for i in range(1, len(segment)):
        char = segment[i]
        if unicodedata.combining(char):
            continue
        head = segment[start:i]
        if unicodedata.normalize("NFC", head + char) == unicodedata.normalize(
            "NFC", head
        ) + unicodedata.normalize("NFC", char):
            clusters.append((start, head))
            start = i
    clusters.append((start, segment[start:]))
    return clusters
