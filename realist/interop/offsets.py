"""Read selection offsets in the unit the exporting program wrote, and move them into the
normalised text (NFC, ``\\n`` line ends, code points).

The REFI-QDA standard counts Unicode code points. Programs differ: NVivo counts UTF-16
code units with a Windows line break (CRLF) as two; ATLAS.ti counts a line break as one;
some programs count an inclusive end or the byte order mark. Each way of counting is an
:class:`OffsetScheme`. The ``origin`` attribute names the program and so gives the order in
which schemes are preferred; the text decides: for every candidate scheme the selections
are placed and scored (do they start and end on word boundaries, do they match the
selection's name where the program stores the quoted words there, do they fit in the
text). The best score wins, and the preference order breaks ties.

Examples
--------
>>> raw = "P1: We were\\r\\nheard \\U0001F600 at last.\\r\\n"
>>> text = SourceText(raw)
>>> text.text == "P1: We were\\nheard \\U0001F600 at last.\\n"
True
>>> nvivo = OffsetScheme("utf16", "raw")
>>> start, end = text.convert(nvivo, [(22, 29)])[0]   # "at last" in UTF-16, CRLF = 2
>>> text.text[start:end]
'at last'
>>> ranked = rank_schemes(text, [(22, 29)], [""], preferred_schemes("NVivo 14"))
>>> ranked[0].scheme == nvivo
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from realist.ingest.normalise import OffsetMap, normalise_with_map

__all__ = [
    "OffsetScheme",
    "SchemeScore",
    "SourceText",
    "preferred_schemes",
    "rank_schemes",
    "score_spans",
]

_BREAK_CODES = (10, 13, 11, 12, 0x85, 0x2028, 0x2029)
_ELLIPSIS = re.compile(r"(\s*(\.\.\.|…))+$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class OffsetScheme:
    """One way of counting positions in a text.

    ``unit``: ``codepoint`` (the standard), ``utf16`` (.NET, Cocoa, Qt, Java, JavaScript)
    ``utf8`` (bytes) or ``grapheme`` (what a reader sees as one character, as Swift
    counts). ``newline``: ``raw`` (each character of the file counts, so CRLF
    is two), ``one`` (every line break counts one) or ``two`` (every line break counts two,
    as when a program counted CRLF but the text reached the file with bare ``\\n``).
    ``inclusive_end``: the end position names the last character rather than the one
    after it. ``bom``: positions count a leading byte order mark.
    """

    unit: str = "codepoint"
    newline: str = "raw"
    inclusive_end: bool = False
    bom: bool = False

    @property
    def label(self) -> str:
        unit = {
            "codepoint": "code points",
            "utf16": "UTF-16 units",
            "utf8": "UTF-8 bytes",
            "grapheme": "characters as seen (grapheme clusters)",
        }[self.unit]
        newline = {
            "raw": "line breaks as in the file",
            "one": "a line break counts 1",
            "two": "a line break counts 2",
        }[self.newline]
        extras = []
        if self.inclusive_end:
            extras.append("inclusive end")
        if self.bom:
            extras.append("byte order mark counted")
        return ", ".join([unit, newline, *extras])


STANDARD = OffsetScheme()
_BASE = [
    OffsetScheme("codepoint", "raw"),
    OffsetScheme("codepoint", "one"),
    OffsetScheme("utf16", "raw"),
    OffsetScheme("utf16", "one"),
    OffsetScheme("codepoint", "two"),
    OffsetScheme("utf16", "two"),
    OffsetScheme("utf8", "raw"),
    OffsetScheme("utf8", "one"),
    OffsetScheme("grapheme", "one"),
    OffsetScheme("grapheme", "raw"),
]


def _grapheme_widths(codes: np.ndarray) -> np.ndarray:
    """1 for a character that starts a user-perceived character (as Swift counts), else 0:
    combining marks, variation selectors, emoji modifiers and tags, the character after a
    zero-width joiner, and the second of a pair of regional indicators extend the one before."""
    widths = np.ones(len(codes), dtype=np.int64)
    for i in np.nonzero(codes >= 0x300)[0].tolist():
        cp = int(codes[i])
        char = chr(cp)
        if (
            unicodedata.category(char) in ("Mn", "Me", "Mc")
            or 0xFE00 <= cp <= 0xFE0F
            or 0x1F3FB <= cp <= 0x1F3FF
            or 0xE0020 <= cp <= 0xE007F
            or cp == 0x200D
            or (i > 0 and int(codes[i - 1]) == 0x200D)
        ) or (
            0x1F1E6 <= cp <= 0x1F1FF
            and i > 0
            and widths[i - 1] == 1
            and 0x1F1E6 <= int(codes[i - 1]) <= 0x1F1FF
        ):
            widths[i] = 0
    return widths


def preferred_schemes(origin: str) -> list[OffsetScheme]:
    """Every candidate scheme, most likely first for the program named in ``origin``.

    >>> preferred_schemes("NVivo 12 (Windows)")[0].label
    'UTF-16 units, line breaks as in the file'
    >>> preferred_schemes("ATLAS.ti 9.1")[0].label
    'code points, a line break counts 1'
    >>> preferred_schemes("QualCoder")[0] == STANDARD
    True
    """
    name = origin.casefold()
    if "nvivo" in name:
        first = [OffsetScheme("utf16", "raw"), OffsetScheme("utf16", "two")]
    elif "atlas" in name:
        first = [
            OffsetScheme("codepoint", "one"),
            OffsetScheme("grapheme", "one"),
            OffsetScheme("utf16", "one"),
        ]
    elif "maxqda" in name:
        first = [OffsetScheme("codepoint", "raw"), OffsetScheme("utf16", "raw")]
    else:
        first = [STANDARD]
    order = first + [s for s in _BASE if s not in first]
    variants = [OffsetScheme(s.unit, s.newline, inclusive_end=True) for s in order[:4]]
    boms = [OffsetScheme(s.unit, s.newline, bom=True) for s in order[:4]]
    return order + variants + boms


class SourceText:
    """A source's raw text, its normalised form, and conversions from any scheme.

    The leading byte order mark, if any, is dropped from the raw text (``had_bom`` says
    whether there was one).
    """

    def __init__(self, raw: str) -> None:
        self.had_bom = raw.startswith("\ufeff")
        self.raw = raw[1:] if self.had_bom else raw
        self.text, self._map = normalise_with_map(self.raw)
        self._codes = np.frombuffer(self.raw.encode("utf-32-le"), dtype="<u4")
        self._cums: dict[tuple[str, str], np.ndarray] = {}
        self._bounds: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def offset_map(self) -> OffsetMap:
        return self._map

    def _cum(self, unit: str, newline: str) -> np.ndarray:
        key = (unit, newline)
        if key in self._cums:
            return self._cums[key]
        codes = self._codes
        if unit == "codepoint":
            widths = np.ones(len(codes), dtype=np.int64)
        elif unit == "utf16":
            widths = 1 + (codes > 0xFFFF).astype(np.int64)
        elif unit == "utf8":
            widths = (
                1
                + (codes >= 0x80).astype(np.int64)
                + (codes >= 0x800).astype(np.int64)
                + (codes >= 0x10000).astype(np.int64)
            )
        elif unit == "grapheme":
            widths = _grapheme_widths(codes)
        else:
            raise ValueError(f"unknown unit {unit!r}")
        if newline != "raw" and len(codes):
            is_break = np.isin(codes, _BREAK_CODES)
            crlf_cr = np.zeros(len(codes), dtype=bool)
            crlf_cr[:-1] = (codes[:-1] == 13) & (codes[1:] == 10)
            crlf_lf = np.zeros(len(codes), dtype=bool)
            crlf_lf[1:] = crlf_cr[:-1]
            if newline == "one":
                widths[is_break] = 1
                widths[crlf_lf] = 0
            elif newline == "two":
                lone = is_break & ~crlf_cr & ~crlf_lf
                widths[lone] = 2
                widths[crlf_cr | crlf_lf] = 1
            else:
                raise ValueError(f"unknown newline rule {newline!r}")
        cum = np.zeros(len(codes) + 1, dtype=np.int64)
        np.cumsum(widths, out=cum[1:])
        self._cums[key] = cum
        return cum

    def convert(
        self, scheme: OffsetScheme, pairs: Sequence[tuple[int, int]]
    ) -> list[tuple[int, int] | None]:
        """Each ``(start, end)`` in ``scheme`` as code points of :attr:`text`, or
        ``None`` where it does not fit the text (outside it, reversed or empty)."""
        if not pairs:
            return []
        cum = self._cum(scheme.unit, scheme.newline)
        shift = (3 if scheme.unit == "utf8" else 1) if scheme.bom else 0
        starts = np.array([p[0] for p in pairs], dtype=np.int64) - shift
        ends = np.array([p[1] for p in pairs], dtype=np.int64) - shift
        if scheme.inclusive_end:
            ends = ends + 1
        total = int(cum[-1])
        # A character of width 0 (an LF after CR counted once, a combining mark counted
        # with its base) belongs to the one before it: take the last boundary at a value.
        start_idx = np.searchsorted(cum, np.clip(starts, 0, total), side="right") - 1
        up = np.searchsorted(cum, np.clip(ends, 0, total), side="left")
        end_idx = np.searchsorted(cum, cum[np.minimum(up, len(cum) - 1)], side="right") - 1
        norm_starts = self._to_normalised(start_idx, end=False)
        norm_ends = self._to_normalised(end_idx, end=True)
        out: list[tuple[int, int] | None] = []
        for (raw_start, raw_end), start, end, s_raw, e_raw in zip(
            pairs, norm_starts, norm_ends, starts.tolist(), ends.tolist(), strict=True
        ):
            if raw_start > raw_end or s_raw < 0 or s_raw >= total or e_raw > total + 2:
                out.append(None)
                continue
            if e_raw > total:  # a final line break the file lacks: end at the text's end
                end = len(self.text)
            out.append((start, end) if end > start else None)
        return out

    def _to_normalised(self, raw: np.ndarray, *, end: bool) -> list[int]:
        """:meth:`OffsetMap.to_normalised` over many offsets at once."""
        bounds = getattr(self._map, "_raw", None)
        norms = getattr(self._map, "_norm", None)
        if bounds is None or norms is None or len(bounds) < 2:
            return [self._map.to_normalised(int(x), end=end) for x in raw.tolist()]
        if self._bounds is None:
            self._bounds = (np.asarray(bounds, dtype=np.int64), np.asarray(norms, dtype=np.int64))
        rb, nb = self._bounds
        x = np.clip(raw, 0, rb[-1])
        i = np.clip(np.searchsorted(rb, x, side="right") - 1, 0, len(rb) - 2)
        r0, r1, n0, n1 = rb[i], rb[i + 1], nb[i], nb[i + 1]
        same = (r1 - r0) == (n1 - n0)
        inside = n1 if end else n0
        result = np.where(x == r0, n0, np.where(same, n0 + (x - r0), inside))
        return [int(v) for v in result.tolist()]


@dataclass(frozen=True, slots=True)
class SchemeScore:
    """How well the selections of one source fit the text under ``scheme``."""

    scheme: OffsetScheme
    score: float
    misplaced: int
    spans: tuple[tuple[int, int] | None, ...]


def _word(char: str) -> bool:
    return char.isalnum()


def score_spans(
    text: str, spans: Sequence[tuple[int, int] | None], names: Sequence[str]
) -> tuple[float, int]:
    """Score placed spans: word boundaries, no stray spaces at the edges, and agreement with
    the selection's name where a program stores the quoted words there. Spans that do not
    fit the text cost most. Returns ``(score, spans that do not fit)``.

    >>> score_spans("We were heard at last.", [(8, 13)], ["heard"])
    (5.5, 0)
    >>> score_spans("We were heard at last.", [(9, 14)], ["heard"])
    (1.25, 0)
    """
    score = 0.0
    misplaced = 0
    length = len(text)
    for span, name in zip(spans, names, strict=True):
        if span is None:
            misplaced += 1
            score -= 8.0
            continue
        start, end = span
        if start == 0 or not (_word(text[start - 1]) and _word(text[start])):
            score += 1.0
        if end == length or not (_word(text[end - 1]) and _word(text[end])):
            score += 1.0
        if not text[start].isspace():
            score += 0.25
        if not text[end - 1].isspace():
            score += 0.25
        if name:
            score += _name_agreement(text[start:end], name)
    return score, misplaced


def _name_agreement(excerpt: str, name: str) -> float:
    """3 when the selection's name is its own words (ATLAS.ti, MAXQDA store them), else 0."""
    core = _SPACES.sub(" ", _ELLIPSIS.sub("", name)).strip()
    if len(core) < 4:
        return 0.0
    words = _SPACES.sub(" ", excerpt[: 2 * len(core) + 40]).strip()
    if words.startswith(core) or (len(words) >= 4 and core.startswith(words)):
        return 3.0
    return 0.0


def rank_schemes(
    source: SourceText,
    pairs: Sequence[tuple[int, int]],
    names: Sequence[str],
    schemes: Sequence[OffsetScheme],
) -> list[SchemeScore]:
    """Every scheme with its score for this source, best first (ties keep ``schemes``
    order); schemes that place every selection alike score alike."""
    results: list[SchemeScore] = []
    scored: dict[tuple[tuple[int, int] | None, ...], tuple[float, int]] = {}
    for scheme in schemes:
        if scheme.bom and not source.had_bom:
            continue
        spans = tuple(source.convert(scheme, pairs))
        if spans not in scored:
            scored[spans] = score_spans(source.text, spans, names)
        score, misplaced = scored[spans]
        results.append(SchemeScore(scheme, score, misplaced, spans))
    order = {id(r): i for i, r in enumerate(results)}
    results.sort(key=lambda r: (-r.score, order[id(r)]))
    return results
