"""The older unitizing alpha, for comparison with published work: ``alpha_U`` of
Krippendorff (1995), "On the reliability of unitizing contiguous data", *Sociological
Methodology* 25:47-76, as given in Krippendorff, *Content Analysis* (2nd ed., 2004),
section 11.7 (worked example p. 254: alpha = .7286 for one category).

Use :mod:`realist.agreement.unitized` (the 2016 family) for new work; this definition is
here so that results can be compared with studies that report it. It is computed per
category: a pair of overlapping units costs the squared differences of their starts and of
their ends; a unit inside the other coder's gap costs its squared length; anything else
costs nothing. Expected disagreement considers every way the units could lie in the
continuum.

Examples
--------
>>> spans = [("ann", 10, 40, "C"), ("bob", 12, 40, "C")]
>>> round(alpha_u_2004(spans, length=100, value="C"), 3)
0.994
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from realist.agreement.result import Agreement, ratio, undefined
from realist.agreement.unitized import Continuum, _join_overlaps

__all__ = ["alpha_u_2004"]


def _partition(start: np.ndarray, end: np.ndarray, length: int) -> tuple[np.ndarray, ...]:
    """One coder's units plus the gaps between them: (starts, ends, is_unit), in order."""
    order = np.argsort(start)
    start, end = start[order], end[order]
    gap_start = np.concatenate([[0], end])
    gap_end = np.concatenate([start, [length]])
    keep = gap_end > gap_start
    starts = np.concatenate([start, gap_start[keep]])
    ends = np.concatenate([end, gap_end[keep]])
    unit = np.concatenate([np.ones(len(start), bool), np.zeros(int(keep.sum()), bool)])
    order = np.argsort(starts, kind="stable")
    return starts[order], ends[order], unit[order]


def _observed_pair(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> float:
    """Sum of the distances over every overlapping pair of segments of two coders."""
    a_start, a_end, a_unit = a
    b_start, b_end, b_unit = b
    cuts = np.unique(np.concatenate([a_start, b_start]))
    i = np.searchsorted(a_start, cuts, side="right") - 1
    j = np.searchsorted(b_start, cuts, side="right") - 1
    pairs = np.unique(i * (len(b_start) + 1) + j)
    i, j = pairs // (len(b_start) + 1), pairs % (len(b_start) + 1)
    s1, e1, u1 = a_start[i], a_end[i], a_unit[i]
    s2, e2, u2 = b_start[j], b_end[j], b_unit[j]
    both = u1 & u2
    distance = np.where(both, (s1 - s2) ** 2 + (e1 - e2) ** 2, 0).astype(float)
    inside_gap = u1 & ~u2 & (s2 <= s1) & (e1 <= e2)
    distance += np.where(inside_gap, (e1 - s1) ** 2, 0)
    holds = ~u1 & u2 & (s1 <= s2) & (e2 <= e1)
    distance += np.where(holds, (e2 - s2) ** 2, 0)
    return float(distance.sum())


def alpha_u_2004(
    spans: Any,
    length: int,
    value: Any,
    coders: Sequence[Any] | None = None,
) -> Agreement:
    """Krippendorff's (1995/2004) ``alpha_U`` for one category ``value`` on one continuum.

    ``spans`` and ``coders`` as in :func:`realist.agreement.u_alpha`; ``length`` is the
    continuum's length. One coder's overlapping units of ``value`` are joined first.
    Krippendorff (2004, p. 254) reports .7286 for category c of his example.

    Examples
    --------
    >>> spans = [("ann", 0, 30, "C"), ("bob", 0, 30, "C"), ("ann", 50, 60, "C")]
    >>> round(alpha_u_2004(spans, length=100, value="C"), 3)
    0.891
    """
    name = "alpha_u_2004"
    c = Continuum.from_spans(spans, int(length), coders)
    m, total = len(c.coders), c.total
    if m < 2:
        return undefined(name, "fewer than two coders")
    if value not in c.values:
        return undefined(name, f"nobody coded {value!r}")
    index = c.values.index(value)
    keep = c.value == index
    key, start, end = _join_overlaps(c.coder[keep], c.start[keep], c.end[keep])
    parts = [_partition(start[key == i], end[key == i], total) for i in range(m)]
    observed = 0.0
    for i in range(m):
        for j in range(i + 1, m):
            observed += _observed_pair(parts[i], parts[j])
    observed *= 2.0 / (m * (m - 1) * total * total)
    lengths = (end - start).astype(float)
    gaps = np.sort(np.concatenate([(p[1] - p[0])[~p[2]] for p in parts]).astype(float))
    suffix = np.concatenate([np.cumsum((gaps + 1)[::-1])[::-1], [0.0]])
    first = np.searchsorted(gaps, lengths, side="left")  # gaps at least as long as the unit
    fits = suffix[first] - (len(gaps) - first) * lengths
    n_units = len(lengths)
    within = (n_units - 1) * (2 * lengths**3 - 3 * lengths**2 + lengths) / 3
    numerator = float((within + lengths**2 * fits).sum()) * 2.0 / total
    denominator = m * total * (m * total - 1) - float((lengths * (lengths - 1)).sum())
    expected = numerator / denominator if denominator > 0 else 0.0
    return ratio(
        name,
        observed,
        expected,
        disagreement=True,
        n=n_units,
        no_variation="no variation: the units could lie nowhere else",
    )
