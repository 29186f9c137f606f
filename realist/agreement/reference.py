"""Straightforward per-character unitized alphas: slow, obvious, for cross-checks only.

These loop over every character of every document, building each coder's value at each
position, then tally coincidences character by character. They compute the same 2016
definitions as :mod:`realist.agreement.unitized` and exist so that tests and the benchmark
can compare the interval-arithmetic implementation against the plainest possible reading
of the formulas. Do not use them on real projects: they are hundreds of times slower.

Examples
--------
>>> spans = [("ann", 0, 10, "C"), ("bob", 2, 10, "C")]
>>> round(naive_binary_u_alpha_by_value(spans, {None: 40})["C"], 3)
0.862
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any


def _per_document(spans: Iterable[tuple[Any, ...]]) -> dict[Any, list[tuple[Any, int, int, Any]]]:
    out: dict[Any, list[tuple[Any, int, int, Any]]] = defaultdict(list)
    for row in spans:
        if len(row) == 4:
            out[None].append(tuple(row))
        else:
            out[row[0]].append(tuple(row[1:]))
    return out


def _joined(rows: list[tuple[Any, int, int, Any]], value: Any) -> list[tuple[Any, int, int]]:
    """One coder's overlapping spans of ``value`` joined; touching spans stay apart."""
    out: list[list[Any]] = []
    for coder, start, end, _ in sorted(r for r in rows if r[3] == value):
        if out and out[-1][0] == coder and start < out[-1][2]:
            out[-1][2] = max(out[-1][2], end)
        else:
            out.append([coder, start, end])
    return [(c, s, e) for c, s, e in out]


def naive_binary_u_alpha_by_value(
    spans: Iterable[tuple[Any, ...]],
    lengths: Mapping[Any, int],
    coders: list[Any] | None = None,
) -> dict[Any, float]:
    """``|_u alpha`` for each value, character by character (see module docstring)."""
    by_doc = _per_document(spans)
    all_spans = [s for rows in by_doc.values() for s in rows]
    coder_list = coders or sorted({s[0] for s in all_spans}, key=str)
    m = len(coder_list)
    result: dict[Any, float] = {}
    for value in sorted({s[3] for s in all_spans}, key=str):
        l00 = l01 = l11 = 0.0
        unit_squares = 0.0
        for doc, length in lengths.items():
            coded = {c: [False] * length for c in coder_list}
            starts = {c: [False] * (length + 1) for c in coder_list}
            for coder, start, end in _joined(by_doc.get(doc, []), value):
                for k in range(start, end):
                    coded[coder][k] = True
                starts[coder][start] = True
                starts[coder][end] = True
            for k in range(length):
                ones = sum(coded[c][k] for c in coder_list)
                zeros = m - ones
                l11 += ones * (ones - 1) / (m - 1)
                l00 += zeros * (zeros - 1) / (m - 1)
                l01 += ones * zeros / (m - 1)
            for c in coder_list:  # unit lengths: runs of coded characters between boundaries
                run = 0
                for k in range(length):
                    if starts[c][k] or not coded[c][k]:
                        unit_squares += run * run
                        run = 0
                    if coded[c][k]:
                        run += 1
                unit_squares += run * run
        n = l00 + l11 + 2 * l01
        gap, valued = l00 + l01, l11 + l01
        correction = unit_squares + gap
        expected_01 = gap * valued / (n - correction / n)
        result[value] = 1 - l01 / expected_01 if expected_01 else float("nan")
    return result
