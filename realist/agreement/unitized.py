"""Krippendorff's alpha for unitizing a continuum: ``u_alpha``, ``binary_u_alpha``, ``cu_alpha``.

Definitions: the 2016 family of Krippendorff, Mathet, Bouvry & Widlöcher, "On the
reliability of unitizing textual continua: Further developments", *Quality & Quantity*
50:2347-2364, as presented in Krippendorff, *Content Analysis* (4th ed., 2019), section
12.6. **Not** the older 1995/2004 definition (Krippendorff 2004, p. 254, alpha .7286 for one
category), which measures distances between unit boundaries and gives different numbers on
the same data.

Each coder cuts the continuum (here: a transcript's characters) into units, each with a
value (a code), and gaps. For every ordered pair of coders the overlaps of their segments
are tallied into a value-by-value coincidence matrix (gaps are a value, weighted by
length); expected coincidences pair every unit with every segment except itself (a valued
unit's self-pairing is its squared length; a gap counts as single characters). Then
``alpha = 1 - D_o / D_e``:

* :func:`u_alpha` (``_u alpha``): agreement on where units are *and* which value they have;
* :func:`binary_u_alpha` (``|_u alpha``): agreement on where units are, whatever their value;
* :func:`cu_alpha` (``_cu alpha``): agreement on values where coders' units overlap, given
  the unitizing (pairs involving a gap are dropped; a unit's self-pairing is the square of
  its pairable mass, the part of it that meets other coders' units, averaged over them:
  this reproduces the published .724 of Krippendorff 2019, fig. 12.11).

Coding in qualitative analysis lets one coder apply several codes to the same words; the
2016 definitions assume one value per point. Here a point's value is the *set* of codes the
coder applied there (a compound value, ``{C, O}`` differs from ``{C}``); a coder's units are
the stretches between that coder's own coding boundaries. Overlapping codings of one code
by one coder are joined first. With non-overlapping codes this is exactly the published
definition. For per-code reliability use :func:`binary_u_alpha` on one code's spans (coded
vs not coded), which :func:`u_alpha_by_value` does for every value at once.

Computation is interval arithmetic: the continuum is cut at every boundary of every coder
and each elementary segment is weighted by its length; nothing loops over characters.

Input: ``spans`` is a DataFrame with columns ``coder``, ``start``, ``end``, ``value`` (or
``code``) and optionally ``document``, or an iterable of tuples ``(coder, start, end,
value)`` / ``(document, coder, start, end, value)``. ``length`` is the continuum's length,
or a mapping from document to length. ``coders`` lists every coder (a coder who coded
nothing still counts); default: those in ``spans``. Offsets are ``[start, end)``.

Examples
--------
>>> spans = [("ann", 0, 10, "C"), ("bob", 0, 10, "C"), ("ann", 20, 30, "O"), ("bob", 22, 30, "M")]
>>> round(u_alpha(spans, length=40), 3)
0.632
>>> round(binary_u_alpha(spans, length=40), 3)
0.906
>>> round(cu_alpha(spans, length=40), 3)
0.44
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from realist.agreement.result import Agreement, ratio, undefined

__all__ = [
    "Continuum",
    "binary_u_alpha",
    "cu_alpha",
    "u_alpha",
    "u_alpha_by_value",
    "unitized_alphas",
]


@dataclass(frozen=True)
class Continuum:
    """Spans laid end to end on one virtual continuum (documents one after another).

    Build with :meth:`from_spans`. Arrays are aligned: one entry per span.
    """

    coders: tuple[Any, ...]
    values: tuple[Any, ...]
    total: int
    coder: np.ndarray
    value: np.ndarray
    start: np.ndarray
    end: np.ndarray

    @classmethod
    def from_spans(
        cls,
        spans: Any,
        length: int | Mapping[Any, int],
        coders: Sequence[Any] | None = None,
    ) -> Continuum:
        """Validate ``spans`` and place them on one continuum (see the module docstring)."""
        frame = _frame(spans)
        if isinstance(length, Mapping):
            docs = list(length)
            offsets = dict(
                zip(docs, np.cumsum([0, *[int(length[d]) for d in docs]])[:-1], strict=True)
            )
            limits = {d: int(length[d]) for d in docs}
            total = int(sum(limits.values()))
            if "document" not in frame:
                raise ValueError("length is per document, so spans need a 'document' column")
            unknown = set(pd.unique(frame["document"])) - set(docs)
            if unknown:
                raise ValueError(
                    f"spans name documents without a length: {sorted(map(str, unknown))}"
                )
            doc_index = {d: i for i, d in enumerate(docs)}
            doc_pos = _positions(frame["document"], doc_index)
            limit = np.asarray([limits[d] for d in docs], dtype=np.int64)[doc_pos]
            shift = np.asarray([offsets[d] for d in docs], dtype=np.int64)[doc_pos]
        else:
            if "document" in frame and frame["document"].nunique() > 1:
                raise ValueError(
                    f"spans come from {frame['document'].nunique()} documents: give length as "
                    "a mapping from document to its length"
                )
            total = int(length)
            limit = np.full(len(frame), total, dtype=np.int64)
            shift = np.zeros(len(frame), dtype=np.int64)
        start = frame["start"].to_numpy(dtype=np.int64)
        end = frame["end"].to_numpy(dtype=np.int64)
        bad = (start < 0) | (end <= start) | (end > limit)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"span {row} [{start[row]}, {end[row]}) is empty or outside its continuum of "
                f"length {limit[row]}: use 0 <= start < end <= length"
            )
        coder_list = (
            list(coders) if coders is not None else sorted(pd.unique(frame["coder"]), key=str)
        )
        coder_index = {c: i for i, c in enumerate(coder_list)}
        missing = set(pd.unique(frame["coder"])) - set(coder_index)
        if missing:
            raise ValueError(f"spans name coders not in coders=: {sorted(map(str, missing))}")
        value_list = sorted(pd.unique(frame["value"]), key=str)
        value_index = {v: i for i, v in enumerate(value_list)}
        return cls(
            coders=tuple(coder_list),
            values=tuple(value_list),
            total=total,
            coder=_positions(frame["coder"], coder_index),
            value=_positions(frame["value"], value_index),
            start=start + shift,
            end=end + shift,
        )

    def only(self, value: int) -> Continuum:
        """The spans of one value (by index), as a one-value continuum."""
        keep = self.value == value
        return Continuum(
            self.coders,
            (self.values[value],),
            self.total,
            self.coder[keep],
            np.zeros(int(keep.sum()), dtype=np.int64),
            self.start[keep],
            self.end[keep],
        )


def _positions(column: pd.Series, index: Mapping[Any, int]) -> np.ndarray:
    """``index[x]`` for every ``x`` in ``column``, by hashing each distinct value once."""
    codes, uniques = pd.factorize(column)
    lookup = np.asarray([index[u] for u in uniques], dtype=np.int64)
    return lookup[codes] if len(codes) else np.zeros(0, dtype=np.int64)


def _frame(spans: Any) -> pd.DataFrame:
    if isinstance(spans, pd.DataFrame):
        frame = spans.rename(columns={"code": "value"}) if "value" not in spans else spans
        needed = {"coder", "start", "end", "value"} - set(frame.columns)
        if needed:
            raise ValueError(
                f"spans need columns coder, start, end, value; missing {sorted(needed)}"
            )
        return frame.reset_index(drop=True)
    rows = list(spans)
    if not rows:
        return pd.DataFrame({"coder": [], "start": [], "end": [], "value": []})
    if isinstance(rows[0], Mapping):
        return _frame(pd.DataFrame(rows))
    width = len(rows[0])
    if width == 4:
        return pd.DataFrame(rows, columns=["coder", "start", "end", "value"])
    if width == 5:
        return pd.DataFrame(rows, columns=["document", "coder", "start", "end", "value"])
    raise ValueError(
        "span tuples are (coder, start, end, value) or (document, coder, start, end, value)"
    )


def _join_overlaps(
    key: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Join overlapping intervals that share ``key``; touching intervals stay apart."""
    if len(start) == 0:
        return key, start, end
    order = np.lexsort((start, key))
    key, start, end = key[order], start[order], end[order]
    reach = end.copy()
    # running maximum of ends within each key: shift keys far apart so one accumulate works
    big = int(end.max()) + 1
    shifted = np.maximum.accumulate(reach + key * big)
    prev_reach = np.concatenate([[-1], shifted[:-1]])
    new = (start + key * big) >= prev_reach
    new[0] = True
    group = np.cumsum(new) - 1
    out_end = np.zeros(group[-1] + 1, dtype=np.int64)
    np.maximum.at(out_end, group, end)
    return key[new], start[new], out_end


@dataclass(frozen=True)
class _Segments:
    """Elementary segments: every coder's value and unit on each, and its length."""

    width: np.ndarray  # (S,) segment lengths
    value: np.ndarray  # (m, S) value id per coder; 0 = gap
    unit: np.ndarray  # (m, S) global unit id per coder and segment
    m: int
    total: int


def _segments(c: Continuum) -> _Segments:
    m = len(c.coders)
    key = c.coder * max(len(c.values), 1) + c.value
    key, start, end = _join_overlaps(key, c.start, c.end)
    coder = key // max(len(c.values), 1)
    value = key % max(len(c.values), 1)
    bounds = np.unique(np.concatenate([[0, c.total], start, end]))
    width = np.diff(bounds)
    # value sets as sums of random 64-bit tags: a set's tag is the sum of its members' tags
    tags = np.random.default_rng(20160921).integers(
        1, 2**63, size=max(len(c.values), 1), dtype=np.uint64
    )
    n_b = len(bounds)
    events = np.zeros((m, n_b), dtype=np.uint64)
    mark = np.zeros((m, n_b), dtype=np.int64)
    s_idx = np.searchsorted(bounds, start)
    e_idx = np.searchsorted(bounds, end)
    np.add.at(events, (coder, s_idx), tags[value])
    np.subtract.at(events, (coder, e_idx), tags[value])
    np.add.at(mark, (coder, s_idx), 1)
    np.add.at(mark, (coder, e_idx), 1)
    active = np.cumsum(events, axis=1, dtype=np.uint64)[:, :-1]
    flat = active.ravel()
    codes, _ = pd.factorize(flat)  # hashing, not sorting: ids only need to tell sets apart
    ids = np.where(flat == 0, 0, codes + 1).reshape(active.shape)
    unit = np.cumsum(mark > 0, axis=1)[:, :-1] + np.arange(m)[:, None] * (n_b + 1)
    return _Segments(width=width, value=ids, unit=unit, m=m, total=c.total)


def _alpha(
    name: str,
    seg: _Segments,
    *,
    binary: bool = False,
    conditional: bool = False,
    warn: bool = True,
) -> Agreement:
    m = seg.m
    if m < 2:
        return undefined(name, "fewer than two coders", warn=warn)
    value = (seg.value > 0).astype(np.int64) if binary else seg.value
    w = seg.width.astype(float)
    valued = value > 0
    if conditional:
        n_valued = valued.sum(axis=0)
        mass = np.where(valued, w * (n_valued - 1) / (m - 1), 0.0)
    else:
        mass = np.broadcast_to(w, value.shape)
    observed = 0.0
    for i in range(m):
        for j in range(i + 1, m):
            differ = value[i] != value[j]
            if conditional:
                differ &= valued[i] & valued[j]
            observed += 2.0 * float(w[differ].sum())
    observed /= m - 1
    keep = valued if conditional else np.ones_like(valued)
    totals = np.bincount(value[keep], weights=mass[keep])
    n = float(totals.sum())
    if n <= 0:
        reason = (
            "no stretch of text was coded by two coders at once"
            if conditional
            else "the continuum is empty"
        )
        return undefined(name, reason, warn=warn)
    unit_mass = np.bincount(seg.unit[valued], weights=mass[valued])
    correction = float((unit_mass**2).sum())
    if not conditional and len(totals) > 0:
        correction += float(totals[0])  # gaps pair as single characters
    denominator = n - correction / n
    expected = (n * n - float((totals**2).sum())) / denominator if denominator > 0 else 0.0
    return ratio(
        name,
        observed / n,
        expected / n,
        disagreement=True,
        n=n,
        no_variation=(
            "nothing was coded"
            if not valued.any()
            else "where coders' codings overlap, only one code occurs: nothing to tell apart"
            if conditional
            else "there is no variation: every coder has the same value throughout"
        ),
        warn=warn,
    )


def _continuum(
    spans: Any, length: int | Mapping[Any, int] | None, coders: Sequence[Any] | None
) -> Continuum:
    if isinstance(spans, Continuum):
        return spans
    if length is None:
        raise ValueError("give the continuum's length (an int, or a mapping document -> length)")
    return Continuum.from_spans(spans, length, coders)


def u_alpha(
    spans: Any,
    length: int | Mapping[Any, int] | None = None,
    coders: Sequence[Any] | None = None,
) -> Agreement:
    """``_u alpha`` (2016 family): agreement on unit boundaries and their values together.

    See the module docstring for the definition and input. Krippendorff (2019, fig. 12.11)
    reports ``.510`` for his three-coder example.

    Examples
    --------
    >>> spans = [("ann", 0, 10, "C"), ("bob", 0, 10, "C"), ("ann", 20, 30, "O"), ("bob", 20, 30, "M")]
    >>> round(u_alpha(spans, length=40), 3)
    0.645
    """
    return _alpha("u_alpha", _segments(_continuum(spans, length, coders)))


def binary_u_alpha(
    spans: Any,
    length: int | Mapping[Any, int] | None = None,
    coders: Sequence[Any] | None = None,
) -> Agreement:
    """``|_u alpha`` (2016 family): agreement on where the units are, values ignored.

    Given one code's spans it measures that code: coded vs not coded, character by
    character, chance-corrected. Krippendorff (2019, fig. 12.11) reports ``.413``.

    Examples
    --------
    >>> spans = [("ann", 0, 10, "C"), ("bob", 2, 10, "C")]
    >>> round(binary_u_alpha(spans, length=40), 3)
    0.862
    """
    return _alpha("binary_u_alpha", _segments(_continuum(spans, length, coders)), binary=True)


def cu_alpha(
    spans: Any,
    length: int | Mapping[Any, int] | None = None,
    coders: Sequence[Any] | None = None,
) -> Agreement:
    """``_cu alpha`` (2016 family): agreement on values where coders' units overlap.

    Only pairs of valued segments count; each unit's expected self-pairing is its squared
    pairable mass. Krippendorff (2019, fig. 12.11) reports ``.724``.

    Examples
    --------
    >>> spans = [("ann", 0, 10, "C"), ("bob", 0, 10, "C"), ("ann", 20, 30, "O"), ("bob", 20, 30, "M")]
    >>> round(cu_alpha(spans, length=40), 3)
    0.4
    """
    return _alpha("cu_alpha", _segments(_continuum(spans, length, coders)), conditional=True)


def unitized_alphas(
    spans: Any,
    length: int | Mapping[Any, int] | None = None,
    coders: Sequence[Any] | None = None,
    *,
    warn: bool = True,
) -> dict[str, Agreement]:
    """:func:`u_alpha`, :func:`binary_u_alpha` and :func:`cu_alpha` from one segmentation.

    Same results as calling the three, in a third of the time.

    Examples
    --------
    >>> spans = [("ann", 0, 10, "C"), ("bob", 0, 10, "C"), ("ann", 20, 30, "O"), ("bob", 20, 30, "M")]
    >>> {k: round(v, 3) for k, v in unitized_alphas(spans, length=40).items()}
    {'u_alpha': 0.645, 'binary_u_alpha': 1.0, 'cu_alpha': 0.4}
    """
    seg = _segments(_continuum(spans, length, coders))
    return {
        "u_alpha": _alpha("u_alpha", seg, warn=warn),
        "binary_u_alpha": _alpha("binary_u_alpha", seg, binary=True, warn=warn),
        "cu_alpha": _alpha("cu_alpha", seg, conditional=True, warn=warn),
    }


def u_alpha_by_value(
    spans: Any,
    length: int | Mapping[Any, int] | None = None,
    coders: Sequence[Any] | None = None,
    *,
    warn: bool = False,
) -> pd.DataFrame:
    """``|_u alpha`` for every value (code) on its own: coded vs not coded.

    Returns one row per value with ``value``, ``binary_u_alpha``, ``observed``, ``expected``,
    ``coded`` (characters coded, summed over coders) and ``reason`` (why alpha is ``nan``).
    Undefined values do not warn unless ``warn=True``: the ``reason`` column says why.

    Examples
    --------
    >>> spans = [("ann", 0, 10, "C"), ("bob", 2, 10, "C"), ("ann", 20, 30, "O")]
    >>> u_alpha_by_value(spans, length=40)[["value", "binary_u_alpha"]].round(3)
      value  binary_u_alpha
    0     C           0.862
    1     O          -0.112
    """
    c = _continuum(spans, length, coders)
    rows = []
    for index, value in enumerate(c.values):
        one = c.only(index)
        result = _alpha("binary_u_alpha", _segments(one), binary=True, warn=warn)
        _, s, e = _join_overlaps(one.coder, one.start, one.end)
        rows.append(
            {
                "value": value,
                "binary_u_alpha": float(result),
                "observed": result.observed,
                "expected": result.expected,
                "coded": int((e - s).sum()),
                "reason": result.reason,
            }
        )
    return pd.DataFrame(
        rows, columns=["value", "binary_u_alpha", "observed", "expected", "coded", "reason"]
    )


def spans_from_codings(codings: Iterable[Any]) -> pd.DataFrame:
    """Spans for this module from :class:`realist.model.Coding` objects (ids as names)."""
    rows = [
        {
            "document": c.document_id,
            "coder": c.coder_id,
            "start": c.start,
            "end": c.end,
            "value": c.code_id,
        }
        for c in codings
    ]
    return pd.DataFrame(rows, columns=["document", "coder", "start", "end", "value"])
